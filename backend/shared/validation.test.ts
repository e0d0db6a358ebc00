// The API's one date window and the business-date arithmetic it protects.
import { describe, expect, it } from "vitest";
import { DATE_WINDOW, dateSchema, idSchema, instantSchema, monthSchema } from "./validation.ts";
import { newId } from "./ids.ts";
import { businessDateOf, datesFrom } from "./business-date.ts";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { BACKEND, sourceFiles } from "../testing/source-files.ts";

/**
 * Lines of `source` that build a zod object schema inside a function body
 * (indented), where it would be built again on every call: zod compiles each
 * new object schema on its first parse, and internal endpoints that built
 * theirs per request spent more CPU there than in their queries
 * (docs/performance.md, the uncached daily report).
 */
export function schemasBuiltPerCall(source: string): string[] {
  return source.split("\n").filter((l) => /^\s+.*\bz\.object\(/.test(l) && !/^\s*(\/\/|\*)/.test(l)).map((l) => l.trim().slice(0, 80));
}

describe("dates and instants", () => {
  it.each(["2000-01-01", "2026-02-28", "2028-02-29", "2099-12-31"])("accepts %s", (d) => expect(dateSchema.safeParse(d).success).toBe(true));
  it.each(["0000-01-01", "0001-01-01", "1999-12-31", "2100-01-01", "9999-12-31", "2026-02-29", "2026-13-01", "26-01-01", "2026-1-1"])("refuses %s", (d) => {
    expect(dateSchema.safeParse(d).success).toBe(false);
  });
  it("names the window in its message", () => {
    expect(dateSchema.safeParse("9999-12-31").error?.issues[0].message).toBe(`must be between ${DATE_WINDOW.from} and ${DATE_WINDOW.to}`);
  });
  it.each([["2026-11-25T09:30:00+05:30", true], ["0001-01-01T00:00:00Z", false], ["9999-12-31T23:59:59Z", false], ["2026-11-25T09:30:00", false]] as const)("instant %s → %s", (s, ok) => {
    expect(instantSchema.safeParse(s).success).toBe(ok);
  });
  it.each([["2026-11", true], ["9999-12", false], ["0000-01", false], ["2026-13", false]] as const)("month %s → %s", (s, ok) => {
    expect(monthSchema.safeParse(s).success).toBe(ok);
  });
});

describe("business-date arithmetic", () => {
  it("pads the year instead of trusting a locale's formatting", () => {
    expect(businessDateOf(new Date("0001-01-01T00:00:00Z"), "UTC")).toBe("0001-01-01");
    expect(businessDateOf(new Date("2026-11-30T20:00:00Z"), "Asia/Kolkata")).toBe("2026-12-01");
  });
  it("walks a range by count, so it ends even where string order breaks", () => {
    expect([...datesFrom("2026-12-30", "2027-01-02")]).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect([...datesFrom("9999-12-31", "9999-12-31")]).toEqual(["9999-12-31"]);
    expect([...datesFrom("2026-01-02", "2026-01-01")]).toEqual([]);
  });
});

describe("ids", () => {
  it("accepts a UUID in any case and hands on its lowercase form", () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idSchema.parse(id)).toBe(id);
    expect(idSchema.parse(id.toUpperCase())).toBe(id);
    expect(idSchema.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  });
  // 42: a bigint id from before migration 9; the others are spellings PostgreSQL reads but the API does not.
  it.each(["42", "", "abc", "{0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}", "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g"])("refuses %j with \"must be an id\"", (v) => {
    expect(idSchema.safeParse(v).error?.issues[0].message).toBe("must be an id");
  });
  it("makes ids that sort in the order they were made", () => {
    const ids = Array.from({ length: 1000 }, newId);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe("schemas", () => {
  it("finds a schema built in a handler, and none at module level", () => {
    expect(schemasBuiltPerCall("export const f = api({}, async (req: R) => {\n    const x = parseInput(z.object({ id: idSchema }), req);\n  });")).toHaveLength(1);
    expect(schemasBuiltPerCall("const fInput = z.object({ id: idSchema });\nexport const f = api({}, async (req: R) => parseInput(fInput, req));")).toEqual([]);
  });

  it("are built once, at module level, never per request", () => {
    const found = sourceFiles().filter((f) => !f.endsWith("schemas.ts"))
      .flatMap((f) => schemasBuiltPerCall(readFileSync(f, "utf8")).map((m) => `${relative(BACKEND, f)}: ${m}`));
    expect(found).toEqual([]);
  });
});
