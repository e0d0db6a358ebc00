// Encore's runtime never imports the app, and neither does its stand-in: the
// host offers hooks (runtime/app-hooks.ts, prom-client's default registry)
// and the app uses them. Test files may reach the app; nothing else may.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HOST = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith(".test.ts") ? [p] : [];
  });
}

/** Relative specifiers of every static import/export and dynamic import(). */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm)) out.push(m[1]);
  return out;
}

describe("the standalone host's boundary", () => {
  it("finds the imports it checks", () => {
    expect(relativeImports(`import a from "./x.ts";\nexport * from "../y.ts";\nconst z = await import("../../app/z.ts");\nimport "./side.ts";`))
      .toEqual(["./x.ts", "../y.ts", "../../app/z.ts", "./side.ts"]);
  });

  it("imports nothing outside backend/standalone", () => {
    const outside: string[] = [];
    for (const file of sources(HOST)) {
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = resolve(dirname(file), spec);
        if (!(target + sep).startsWith(HOST + sep)) outside.push(`${relative(HOST, file)} → ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
