// The pieces of Encore's binding that need no database: chrono's parsers,
// Rust's number formats and the order of the runtime's errors.
import { describe, expect, it } from "vitest";
import { parseDate, parseNaiveDateTime, parseRfc3339, parseTime } from "./sql-time.ts";
import { binderFor, bindParams, jsonNumber, rustF64 } from "./sql-values.ts";
import { knownType } from "./sql-types.ts";

const US_2000 = 946_684_800_000_000n;
const utcUs = (iso: string) => BigInt(Date.parse(iso)) * 1000n - US_2000;
const chronoError = (f: () => unknown) => { try { f(); return null; } catch (e) { return (e as Error).message; } };

describe("chrono's parsers", () => {
  it("reads RFC 3339 only for timestamptz", () => {
    expect(parseRfc3339("2024-01-02T03:04:05Z")).toBe(utcUs("2024-01-02T03:04:05Z"));
    expect(parseRfc3339("2024-01-02 03:04:05.123456+05:30")).toBe(utcUs("2024-01-01T21:34:05.123Z") + 456n);
    expect(parseRfc3339("2024-01-02t03:04:05.5z")).toBe(utcUs("2024-01-02T03:04:05.500Z"));
    expect(chronoError(() => parseRfc3339("2024-01-02"))).toBe("premature end of input");
    expect(chronoError(() => parseRfc3339("2024-01-02T03:04:05"))).toBe("premature end of input");
    expect(chronoError(() => parseRfc3339("2024-01-02T03:04:05+0100"))).toBe("input contains invalid characters");
    expect(chronoError(() => parseRfc3339("2024-02-30T03:04:05Z"))).toBe("input is out of range");
    expect(chronoError(() => parseRfc3339("2024-01-02T24:00:00Z"))).toBe("input is out of range");
    expect(chronoError(() => parseRfc3339("2024-01-02T03:04:05Z "))).toBe("trailing input");
    expect(chronoError(() => parseRfc3339("Tue, 2 Jan 2024 03:04:05 GMT"))).toBe("input contains invalid characters");
  });

  it("reads %Y-%m-%d, %H:%M:%S and NaiveDateTime's own format", () => {
    expect(parseDate("2024-02-29")).toBe(8825);
    expect(parseDate("2024-2-9")).toBe(8805); // chrono takes one or two digits
    expect(chronoError(() => parseDate("2023-02-29"))).toBe("input is out of range");
    expect(chronoError(() => parseDate("2024-01-02T00:00:00Z"))).toBe("trailing input");
    expect(chronoError(() => parseDate("02/01/2024"))).toBe("input contains invalid characters");
    expect(parseTime("12:30:00")).toBe(45_000_000_000n);
    expect(chronoError(() => parseTime("12:30"))).toBe("premature end of input");
    expect(chronoError(() => parseTime("12:30:00.5"))).toBe("trailing input");
    expect(parseNaiveDateTime("2024-01-02T03:04:05.678")).toBe(utcUs("2024-01-02T03:04:05.678Z"));
    expect(chronoError(() => parseNaiveDateTime("2024-01-02 03:04:05"))).toBe("input contains invalid characters");
  });
});

describe("Rust's number formats", () => {
  it("prints f64 as Rust's Display (error messages) and serde_json (text and JSON)", () => {
    expect(rustF64(1.5)).toBe("1.5");
    expect(rustF64(1e21)).toBe("1000000000000000000000");
    expect(rustF64(1e-7)).toBe("0.0000001");
    expect(jsonNumber(42)).toBe("42");
    expect(jsonNumber(5e9)).toBe("5000000000.0"); // beyond u32: an f64 to napi
    expect(jsonNumber(1e21)).toBe("1e21");
    expect(jsonNumber(1e-7)).toBe("1e-7");
    expect(jsonNumber(0.1)).toBe("0.1");
    expect(jsonNumber(-0)).toBe("0");
  });
});

describe("bindParams", () => {
  const int8 = binderFor(knownType(20)!);
  const text = binderFor(knownType(25)!);

  it("refuses what parse_pvalue refuses before any ToSql error, in any parameter", () => {
    expect(() => bindParams([int8, text], ["x", NaN])).toThrow("Failed to convert js number to serde_json::Number");
    expect(() => bindParams([int8], [[1, undefined]])).toThrow("undefined cannot be represented as a serde_json::Value");
    expect(() => bindParams([text], [{ f: () => 1 }])).toThrow("JS functions cannot be represented as a serde_json::Value");
    const deep: unknown[] = [];
    deep.push(deep);
    expect(() => bindParams([text], [deep])).toThrow("value exceeds the maximum nesting depth of 128; does it contain a circular reference?");
  });

  it("names the first parameter ToSql refuses", () => {
    expect(() => bindParams([int8, int8, text], [1, "2", {}])).toThrow("error serializing parameter 1: string not supported for column of type int8");
    expect(() => bindParams([int8], [1, 2])).toThrow("expected 1 parameters but got 2");
  });

  it("binds int8 as Encore's saturating cast does", () => {
    expect(bindParams([int8], [2 ** 53])).toEqual(["9007199254740992"]);
    expect(bindParams([int8], [2 ** 63])).toEqual(["9223372036854775807"]);
    expect(() => bindParams([int8], [2 ** 64])).toThrow("number 18446744073709552000 is not an i64") // Rust prints shortest digits;
    expect(bindParams([int8], [12n])).toEqual(["12"]);
    expect(bindParams([int8], [undefined])).toEqual([null]);
  });
});
