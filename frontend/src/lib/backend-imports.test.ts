// The dashboard takes the API's types from the backend's endpoint modules
// (lib/api-types.ts). Only type-only imports are erased from the bundle, so a
// value import from backend/ would ship server code (or break the build):
// this pins that every import of backend code under frontend/src is `import type`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = fileURLToPath(new URL("..", import.meta.url));
const sources = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f));
/** An import or re-export statement, up to its module specifier. */
const STATEMENT = /^\s*(import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gms;

function backendValueImports(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(STATEMENT)) {
    const specifier = m[2];
    if (!specifier.startsWith("@backend/") && !/(^|\/)backend\//.test(specifier)) continue;
    if (!/^\s*(import|export)\s+type\b/.test(m[0])) found.push(`${file}: ${m[0].trim().split("\n")[0]}`);
  }
  return found;
}

describe("backend imports in the dashboard", () => {
  it("are type-only everywhere under frontend/src", () => {
    const offending = sources.flatMap((f) => backendValueImports(f, readFileSync(join(srcDir, f), "utf8")));
    expect(offending).toEqual([]);
  });

  it("are used: the API types come from the backend", () => {
    expect(readFileSync(join(srcDir, "lib/api-types.ts"), "utf8")).toMatch(/import type \{[^}]+\} from "@backend\/finance\/api\.ts"/);
  });

  it("flags a value import and a mixed one", () => {
    expect(backendValueImports("x.ts", 'import { getProperty } from "@backend/auth/properties-api.ts";')).toHaveLength(1);
    expect(backendValueImports("x.ts", 'import { type A, b } from "../../backend/x.ts";')).toHaveLength(1);
    expect(backendValueImports("x.ts", 'import type { A } from "@backend/x.ts";\nimport { z } from "zod";')).toEqual([]);
  });
});
