// isoUtc returns SQL text. Inside a tagged query template (db.queryAll`…`)
// `${isoUtc(…)}` would be bound as a parameter, so the row would carry the
// expression's text instead of the time: a static check over the services.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BACKEND, sourceFiles } from "../testing/source-files.ts";
const TAGGED = /\.(?:queryAll|queryRow|query|exec)\s*(?:<[^`]*?>)?\s*`((?:[^`\\]|\\.)*)`/g;

/** Tagged query templates of `source` that splice isoUtc in. */
export function isoUtcInTaggedTemplates(source: string): string[] {
  return [...source.matchAll(TAGGED)].filter((m) => m[1].includes("${isoUtc(")).map((m) => m[0].slice(0, 80));
}

describe("isoUtc", () => {
  it("finds a seeded misuse, and none in a raw query", () => {
    expect(isoUtcInTaggedTemplates("await db.queryAll<Row>`SELECT ${isoUtc(\"t.at\")} AS at FROM t WHERE id = ${id}`")).toHaveLength(1);
    expect(isoUtcInTaggedTemplates("await db.rawQueryAll<Row>(`SELECT ${isoUtc(\"t.at\")} AS at FROM t WHERE id = $1`, id)")).toEqual([]);
  });

  it("is never spliced into a tagged query template", () => {
    const found = sourceFiles().flatMap((f) => isoUtcInTaggedTemplates(readFileSync(f, "utf8")).map((m) => `${relative(BACKEND, f)}: ${m}`));
    expect(found).toEqual([]);
  });
});
