// The fast paths must be invisible: for any value, binding gives the general
// path's bytes, or its refusal with the same message.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastArray, fastJson } from "./sql-fast-paths.ts";
import { binderFor, bindParams, generalPaths } from "./sql-values.ts";
import { knownType } from "./sql-types.ts";
import { Decimal } from "./types.ts";

const type = (oid: number) => knownType(oid)!;
const ARRAYS = { "uuid[]": 2951, "text[]": 1009, "varchar[]": 1015, "date[]": 1182, "timestamptz[]": 1185, "int4[]": 1007, "int8[]": 1016 } as const;

/** What binding one parameter gives: the bytes, or the error's message. */
function bound(oid: number, value: unknown): string {
  try {
    const b = bindParams([binderFor(type(oid))], [value])[0];
    return Buffer.isBuffer(b) ? "bytes:" + b.toString("hex") : "text:" + b;
  } catch (err) {
    return "error:" + (err as Error).message;
  }
}
function general(oid: number, value: unknown[]): string {
  try {
    return "bytes:" + generalPaths.array(type(oid), value).toString("hex");
  } catch (err) {
    return "error:" + (err as Error).message;
  }
}

const hex = fc.constantFrom(..."0123456789abcdefABCDEFgx-".split(""));
const uuidLike = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => u.replace(/-/g, "")),
  fc.uuid().map((u) => "urn:uuid:" + u),
  fc.tuple(fc.uuid(), fc.nat(35), hex).map(([u, i, c]) => u.slice(0, i) + c + u.slice(i + 1)),
  fc.uuid().map((u) => u.slice(1)),
);
const two = (n: number) => String(n).padStart(2, "0");
const dateLike = fc.oneof(
  fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, "0")}-${two(m)}-${two(d)}`),
  fc.constantFrom("2024-2-9", " 2024-02-09", "2024-02-09 ", "+2024-02-09", "20240209", "2024/02/09", "2023-02-29", "2024-02-29", "0000-01-01"),
);
const tsLike = fc.oneof(
  fc.date({ min: new Date("1700-01-01T00:00:00Z"), max: new Date("2300-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.tuple(dateLike, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }),
    fc.option(fc.stringMatching(/^[0-9]{0,12}$/)), fc.constantFrom("Z", "z", "+05:30", "-08:00", "+23:59", "+24:00", "-99:00", "+05:60", "+0530", "", "Z ", "+05")).map(
    ([d, h, m, s, frac, zone]) => `${d}T${two(h)}:${two(m)}:${two(s)}${frac === null ? "" : "." + frac}${zone}`),
  fc.constantFrom("2024-01-02 03:04:05Z", "2024-01-02t03:04:05Z", "2024-06-30T23:59:60Z", "2024-01-02T03:04:05.123456789123Z", "2024-01-02T03:04:05\u221205:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"),
);
const odd = fc.constantFrom<unknown>(undefined, true, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -0, NaN, Infinity, 10n, {}, [], new Date(0), Buffer.from([1]), "", "x", () => 1);
const intLike = fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.maxSafeInteger(), fc.double(), fc.constantFrom(2 ** 63, -(2 ** 63), 2 ** 64, 4294967295));
const withOdd = <T>(a: fc.Arbitrary<T>) => fc.array(fc.oneof({ weight: 20, arbitrary: a as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: odd }), { maxLength: 12 });

describe("homogeneous array fast paths", () => {
  const cases: [keyof typeof ARRAYS, fc.Arbitrary<unknown[]>][] = [
    ["uuid[]", withOdd(uuidLike)],
    ["text[]", withOdd(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("\ud800", "a\udc00b", "😀")))],
    ["varchar[]", withOdd(fc.string())],
    ["date[]", withOdd(dateLike)],
    ["timestamptz[]", withOdd(tsLike)],
    ["int4[]", withOdd(intLike)],
    ["int8[]", withOdd(intLike)],
  ];
  for (const [name, arb] of cases) {
    it(`${name}: the same bytes or the same refusal as the general path`, () => {
      fc.assert(fc.property(arb, (arr) => {
        const g = general(ARRAYS[name], arr);
        const fast = fastArray(type(ARRAYS[name]), (type(ARRAYS[name]).kind as { member: any }).member, arr);
        if (fast) expect("bytes:" + fast.toString("hex")).toBe(g);
        // Through the binder as the app binds it: the same bytes, or a refusal (worded in sql-values.test.ts).
        const viaBinder = bound(ARRAYS[name], arr);
        if (g.startsWith("error:")) expect(viaBinder).toMatch(/^error:/);
        else expect(viaBinder).toBe(g);
      }), { numRuns: 1500 });
    });
  }

  it("takes the common spellings itself and still refuses a bad element with Encore's message", () => {
    const u = "0190f8e2-7d3a-7c4b-9a1e-2f3b4c5d6e7f";
    expect(fastArray(type(2951), type(2950), [u, u.toUpperCase(), null])).toBeDefined();
    expect(fastArray(type(1182), type(1082), ["2026-12-02"])).toBeDefined();
    expect(fastArray(type(1185), type(1184), ["2026-12-02T06:00:00.123Z", "2026-12-02T11:30:00+05:30"])).toBeDefined();
    expect(fastArray(type(1016), type(20), [1, -(2 ** 53 - 1), 2 ** 53 - 1])).toBeDefined();
    expect(bound(2951, [u, "not-a-uuid"])).toBe("error:error serializing parameter 0: unable to parse uuid");
    expect(bound(2951, [u, true])).toBe("error:error serializing parameter 0: bool not supported for column of type uuid");
    expect(bound(1016, [1, "2"])).toBe("error:error serializing parameter 0: string not supported for column of type int8");
    expect(bound(1016, [1, 1.5])).toBe("error:error serializing parameter 0: number 1.5 is not an i64");
    expect(bound(1007, [1, 2 ** 31])).toBe("error:error serializing parameter 0: out of range integral type conversion attempted");
    expect(bound(1182, ["2026-12-02", "2023-02-29"])).toBe("error:error serializing parameter 0: input is out of range");
    expect(bound(1185, ["2026-12-02T06:00:00Z", "2026-12-02T06:00:00"])).toBe("error:error serializing parameter 0: premature end of input");
    expect(bound(1009, ["a", undefined])).toBe("error:undefined cannot be represented as a serde_json::Value");
  });
});

// JSON documents: plain ones, and every shape the general path treats specially.
const jsonLeaf = fc.oneof(fc.string(), fc.constantFrom("\ud800", "x\udfffy", "😀", "\\ud800", "\u2028"), fc.boolean(), fc.constant(null),
  fc.integer(), fc.double(), fc.constantFrom(5e9, 1e21, 1e-7, 1e-6, 0.1, -0, 4294967295, 4294967296), fc.constantFrom<unknown>(undefined, NaN, 10n, new Date(1_700_000_000_123), () => 1));
const { doc } = fc.letrec((tie) => ({
  doc: fc.oneof({ depthSize: "small", withCrossShrink: true }, jsonLeaf, tie("arr"), tie("obj"), tie("sortedObj")),
  arr: fc.array(tie("doc"), { maxLength: 5 }),
  obj: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("10", "9", "__encore_decimal", "toJSON", "a", "b")), tie("doc"), { maxKeys: 5 }),
  sortedObj: fc.dictionary(fc.string(), tie("doc"), { maxKeys: 5 }).map((o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
}));

function generalJson(v: unknown): string {
  try { return generalPaths.json(v); } catch (err) { return "error:" + (err as Error).message; }
}

describe("JSON fast path", () => {
  it("writes what the general path writes, or leaves the value to it", () => {
    fc.assert(fc.property(doc, (v) => {
      const fast = fastJson(v, 1);
      if (fast !== undefined) expect(fast).toBe(generalJson(v));
      // A top-level undefined is bound as SQL null (encore.dev's database.ts), not as JSON.
      const g = generalJson(v === undefined ? null : v);
      if (g.startsWith("error:")) expect(bound(3802, v)).toBe(g);
      else expect(bound(3802, v)).toBe("text:" + g);
    }), { numRuns: 3000 });
  });

  it("handles the shapes that differ from JSON.stringify", () => {
    const cases: unknown[] = [
      { b: 1, a: [1, 2.5, 5e9, 1e21, 1e-7] },
      { 10: "x", 9: "y" },
      { a: new Date(1_700_000_000_000), b: new Decimal("1.50") },
      { lone: "\ud800", pair: "😀" },
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
      { a: undefined, b: null },
    ];
    for (const v of cases) {
      const fast = fastJson(v, 1);
      if (fast !== undefined) expect(fast).toBe(generalPaths.json(v));
      expect(bound(3802, v)).toBe("text:" + generalPaths.json(v));
    }
    expect(bound(3802, [1, undefined])).toBe("error:undefined cannot be represented as a serde_json::Value");
    expect(bound(3802, { a: NaN })).toBe("error:Failed to convert js number to serde_json::Number");
    const deep: unknown[] = [];
    let cur = deep;
    for (let i = 0; i < 200; i++) { const next: unknown[] = []; cur.push(next); cur = next; }
    expect(bound(3802, deep)).toMatch(/^error:value exceeds the maximum nesting depth of 128/);
  });
});
