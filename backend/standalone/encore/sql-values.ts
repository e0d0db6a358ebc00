// How Encore's runtime binds a JS value to a SQL parameter, ported so the
// standalone host accepts and refuses exactly what Encore does.
//
// Sources (encoredev/encore @ 2b626e8):
//   runtimes/js/encore.dev/storage/sqldb/database.ts  top-level undefined → null
//   runtimes/js/src/sqldb.rs `convert_row_values`     a Buffer is raw bytes, anything else a PValue
//   runtimes/js/src/pvalue.rs `FromNapiValue for PVal` JS → PValue (numbers, dates, Decimal, BigInt, depth limit)
//   runtimes/core/src/sqldb/val.rs `ToSql for RowValue / PValue`  the table below
// and tokio-postgres (encoredev/rust-postgres, encore-patches-sync), which
// checks `accepts` before each parameter and words the errors:
//   "error serializing parameter {i}: {cause}", "cannot convert between the
//   Rust type `…RowValue` and the Postgres type `{ty}`".
//
// The result is what node-postgres sends: a string (text format), a Buffer
// (binary format, as Encore sends everything) or null. Text is used where
// PostgreSQL stores the same value either way; binary where parsing would
// differ (dates and times, bytea and name from strings, raw Buffers).
import { isDate } from "node:util/types";
import { isIPv4, isIPv6 } from "node:net";
import { Decimal, formatRational, parseRational, rationalOf, type Rational } from "./types.ts";
import { ChronoError, daysFromCivil, formatDateTime, parseDate, parseNaiveDateTime, parseRfc3339, parseTime } from "./sql-time.ts";
import { displayType, type PgType } from "./sql-types.ts";
import { fastArray, fastJson } from "./sql-fast-paths.ts";

export type Bound = string | Buffer | null;
export type Binder = (value: unknown) => Bound;

export const RUST_ROW_VALUE = "encore_runtime_core::sqldb::val::RowValue";

/** An error as the runtime raises it to JS: a plain Error, `code` the napi status. */
export function runtimeError(message: string, code = "GenericFailure"): Error {
  return Object.assign(new Error(message), { code });
}

/** A value `parse_pvalue` refuses before the query is sent (napi status InvalidArg). */
class JsValueError extends Error {}
/** The cause of a ToSql failure; bindParams adds the parameter index. */
class ToSqlError extends Error {}
/** A value val.rs hands to tokio-postgres's array encoder for a non-array type, which panics. */
class PanicError extends Error {}

export const OID = {
  BOOL: 16, BYTEA: 17, NAME: 19, INT8: 20, INT2: 21, INT4: 23, TEXT: 25, OID: 26, JSON: 114, CIDR: 650,
  FLOAT4: 700, FLOAT8: 701, INET: 869, VARCHAR: 1043, DATE: 1082, TIME: 1083, TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184, NUMERIC: 1700, UUID: 2950, JSONB: 3802,
} as const;
const ACCEPTED = new Set<number>(Object.values(OID));
const isVector = (t: PgType) => t.name === "vector"; // val.rs `is_pgvector` checks the name only

/** `ToSql::accepts` of RowValue (and PValue): what tokio-postgres lets through to `to_sql`. */
export function accepts(t: PgType): boolean {
  return ACCEPTED.has(t.oid) || t.kind.kind === "enum" || isVector(t) || (t.kind.kind === "array" && accepts(t.kind.member));
}

// ---- JS → PValue (pvalue.rs) ----

export const MAX_PARSE_DEPTH = 128;
type Tag = "null" | "bool" | "number" | "string" | "decimal" | "datetime" | "array" | "object";

/** The PValue a JS value becomes, refusing what napi refuses. */
function tagOf(v: unknown, depth: number): Tag {
  if (depth > MAX_PARSE_DEPTH) throw new JsValueError(`value exceeds the maximum nesting depth of ${MAX_PARSE_DEPTH}; does it contain a circular reference?`);
  switch (typeof v) {
    case "string": return "string";
    case "boolean": return "bool";
    case "number":
      if (!Number.isFinite(v)) throw new JsValueError("Failed to convert js number to serde_json::Number");
      return "number";
    case "bigint": return "decimal";
    case "undefined": throw new JsValueError("undefined cannot be represented as a serde_json::Value");
    case "function": throw new JsValueError("JS functions cannot be represented as a serde_json::Value");
    case "symbol": throw new JsValueError("JS symbols cannot be represented as a serde_json::Value");
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (isDate(v)) return "datetime";
  if ("__encore_decimal" in (v as object)) { decimalOf(v); return "decimal"; }
  return "object";
}

function decimalOf(v: unknown): Rational {
  if (typeof v === "bigint") return { n: v, d: 1n };
  const own = v instanceof Decimal ? rationalOf(v) : undefined;
  if (own) return own;
  const value = (v as { value?: unknown }).value;
  if (typeof value !== "string") throw new JsValueError("Decimal object missing 'value' property");
  try { return parseRational(value); } catch (err) { throw new JsValueError(`Failed to parse Decimal value: ${(err as Error).message}`); }
}

/** A JS Date as the runtime reads it: whole milliseconds, an invalid Date as 0 (Rust's `NaN as i64`). */
const millisOf = (d: Date) => { const t = Math.trunc(d.getTime()); return Number.isNaN(t) ? 0 : t; };

/** Object keys as napi enumerates them (`for…in`: own and inherited enumerable string keys), undefined values skipped. */
function entriesOf(o: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k in o) { const v = (o as Record<string, unknown>)[k]; if (v !== undefined) out.push([k, v]); }
  return out;
}

/** Walks a value the way `parse_pvalue` does, throwing its first refusal. */
function checkJsValue(v: unknown, depth = 1): void {
  const tag = tagOf(v, depth);
  if (tag === "array") for (const e of v as unknown[]) checkJsValue(e, depth + 1);
  else if (tag === "object") for (const [, e] of entriesOf(v as object)) checkJsValue(e, depth + 1);
}

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array; // napi_is_buffer: Buffer or Uint8Array

// ---- numbers as Rust prints them ----

/** A JS number as napi's `serde_json::Number`: integral values in u32/i32 range are integers, the rest f64. */
export const isJsonInt = (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 4294967295;

function shortestDigits(n: number): { digits: string; exp: number } {
  const [m, e] = Math.abs(n).toExponential().split("e");
  const digits = m.replace(".", "");
  return { digits, exp: Number(e) - (digits.length - 1) }; // value = digits × 10^exp
}

/** Rust's `Display for f64`: shortest round-trip digits, never an exponent. */
export function rustF64(n: number): string {
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const sign = n < 0 ? "-" : "";
  const { digits, exp } = shortestDigits(n);
  if (exp >= 0) return sign + digits + "0".repeat(exp);
  const point = digits.length + exp;
  return sign + (point > 0 ? digits.slice(0, point) + "." + digits.slice(point) : "0." + "0".repeat(-point) + digits);
}

/** serde_json's `Display for Number` (ryu for floats: `5000000000.0`, `1e21`, `1e-7`). */
export function jsonNumber(n: number): string {
  if (isJsonInt(n)) return String(n === 0 ? 0 : n);
  const sign = n < 0 ? "-" : "";
  const { digits, exp } = shortestDigits(n);
  const kk = digits.length + exp;
  if (exp >= 0 && kk <= 16) return sign + digits + "0".repeat(exp) + ".0";
  if (kk > 0 && kk <= 16) return sign + digits.slice(0, kk) + "." + digits.slice(kk);
  if (kk > -5 && kk <= 0) return sign + "0." + "0".repeat(-kk) + digits;
  const mantissa = digits.length === 1 ? digits : digits[0] + "." + digits.slice(1);
  return `${sign}${mantissa}e${kk - 1}`;
}

/** Rust `float as iN` (truncate, saturate) and val.rs's check that nothing was lost. */
function floatToInt(n: number, min: number, max: number, rust: string): number {
  const res = Math.min(Math.max(Math.trunc(n), min), max);
  if (res !== n) throw new ToSqlError(`number ${rustF64(n)} is not an ${rust}`);
  return res;
}
const OUT_OF_RANGE_INT = "out of range integral type conversion attempted"; // TryFromIntError

/** A number bound to int2/int4/oid (val.rs: integers try_into, floats cast and compared). */
function smallInt(n: number, min: number, max: number, rust: string): number {
  if (!isJsonInt(n)) return floatToInt(n, min, max, rust);
  if (n < min || n > max) throw new ToSqlError(OUT_OF_RANGE_INT);
  return n === 0 ? 0 : n;
}

/** A number bound to int8; 2^63 passes as i64::MAX, Rust's saturating cast being equal to it as f64. */
function int8(n: number): bigint {
  if (isJsonInt(n)) return BigInt(n);
  if (!Number.isInteger(n) || n < -(2 ** 63) || n > 2 ** 63) throw new ToSqlError(`number ${rustF64(n)} is not an i64`);
  return n === 2 ** 63 ? 2n ** 63n - 1n : BigInt(n);
}

/** `f64::try_from(&Rational)`: exact, or an error. */
function exactFloat(r: Rational, f32: boolean): number | null {
  const x = Number(r.n) / Number(r.d);
  const y = f32 ? Math.fround(x) : x;
  if (!Number.isFinite(y)) return null;
  const back = floatRational(y);
  return back.n * r.d === r.n * back.d ? y : null;
}
function floatRational(x: number): Rational {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = e === 0 ? frac : frac | (1n << 52n);
  const pow = (e === 0 ? 1 : e) - 1075;
  return pow >= 0 ? { n: sign * mant * (1n << BigInt(pow)), d: 1n } : { n: sign * mant, d: 1n << BigInt(-pow) };
}
const decimalInt = (r: Rational, bits: bigint, ty: string): bigint => {
  if (r.d !== 1n || r.n < -(1n << (bits - 1n)) || r.n >= 1n << (bits - 1n)) throw new ToSqlError(`Cannot convert decimal to ${ty}`);
  return r.n;
};

// ---- binary encodings (what tokio-postgres writes) ----

const int16 = (v: number) => { const b = Buffer.allocUnsafe(2); b.writeInt16BE(v); return b; };
const int32 = (v: number) => { const b = Buffer.allocUnsafe(4); b.writeInt32BE(v); return b; };
const uint32 = (v: number) => { const b = Buffer.allocUnsafe(4); b.writeUInt32BE(v); return b; };
const int64 = (v: bigint) => { const b = Buffer.allocUnsafe(8); b.writeBigInt64BE(v); return b; };
const float32 = (v: number) => { const b = Buffer.allocUnsafe(4); b.writeFloatBE(v); return b; };
const float64 = (v: number) => { const b = Buffer.allocUnsafe(8); b.writeDoubleBE(v); return b; };
const utf8 = (s: string) => Buffer.from(s, "utf8");
const US_2000 = 946_684_800_000_000n; // 2000-01-01 in µs since 1970

/** PostgreSQL's binary numeric from a plain or `1e-7`-style decimal string. */
function numericBinary(text: string): Buffer {
  const r = parseRational(text);
  const neg = r.n < 0n;
  const [intPart, fracPart = ""] = plainDecimal(r).replace("-", "").split(".");
  const dscale = fracPart.length;
  const all = intPart.padStart(Math.ceil(intPart.length / 4) * 4, "0") + fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, "0");
  const groups: number[] = [];
  for (let i = 0; i < all.length; i += 4) groups.push(Number(all.slice(i, i + 4)));
  let weight = Math.ceil(intPart.length / 4) - 1;
  while (groups.length && groups[0] === 0) { groups.shift(); weight--; }
  while (groups.length && groups[groups.length - 1] === 0) groups.pop();
  const b = Buffer.alloc(8 + 2 * groups.length);
  b.writeUInt16BE(groups.length, 0);
  b.writeInt16BE(groups.length ? weight : 0, 2);
  b.writeUInt16BE(neg ? 0x4000 : 0, 4);
  b.writeUInt16BE(dscale, 6);
  groups.forEach((g, i) => b.writeInt16BE(g, 8 + 2 * i));
  return b;
}
/** A terminating rational without exponent, as numeric input would be after the Display round trip. */
function plainDecimal(r: Rational): string {
  const shown = formatRational(r);
  if (!shown.includes("e")) return shown;
  const exact = parseRational(shown);
  let scale = 0;
  while ((exact.n * 10n ** BigInt(scale)) % exact.d !== 0n) scale++;
  const digits = ((exact.n < 0n ? -exact.n : exact.n) * 10n ** BigInt(scale) / exact.d).toString().padStart(scale + 1, "0");
  return (exact.n < 0n ? "-" : "") + digits.slice(0, digits.length - scale) + "." + digits.slice(digits.length - scale);
}

// ---- network addresses (cidr crate, Rust's IpAddr parser) ----

function ipBytes(s: string): Buffer | null {
  if (isIPv4(s)) return Buffer.from(s.split(".").map(Number));
  if (s.includes("%") || !isIPv6(s)) return null; // Rust's parser has no zone ids
  let tail: number[] = [];
  let body = s;
  const v4 = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) { body = v4[1] + "0:0"; tail = v4[2].split(".").map(Number); }
  const [head, rest] = body.split("::");
  const hg = head ? head.split(":") : [];
  const rg = rest !== undefined && rest !== "" ? rest.split(":") : [];
  const groups = rest === undefined ? hg : [...hg, ...Array(8 - hg.length - rg.length).fill("0"), ...rg];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 * i));
  if (tail.length) Buffer.from(tail).copy(out, 12);
  return out;
}

/** `IpCidr::from_str` / `IpInet::from_str`: an address, optionally `/len`; a cidr's host bits must be zero. */
function parseNet(s: string, cidr: boolean): { addr: Buffer; bits: number; text: string } {
  const fail = () => new ToSqlError(cidr ? "unable to parse cidr" : "unable to parse inet");
  const slash = s.lastIndexOf("/");
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const addr = ipBytes(addrText);
  if (!addr) throw fail();
  const max = addr.length * 8;
  let bits = max;
  if (slash >= 0) {
    const len = s.slice(slash + 1);
    if (!/^\+?\d+$/.test(len) || Number(len) > max) throw fail(); // u8::from_str, then the family's maximum
    bits = Number(len);
  }
  if (cidr) for (let i = bits; i < max; i++) if (addr[i >> 3] & (0x80 >> (i & 7))) throw fail();
  return { addr, bits, text: `${addrText}/${bits}` };
}

function netBinary(n: { addr: Buffer; bits: number }, cidr: boolean): Buffer {
  return Buffer.concat([Buffer.from([n.addr.length === 4 ? 2 : 3, n.bits, cidr ? 1 : 0, n.addr.length]), n.addr]);
}

// ---- uuid (uuid crate `Uuid::parse_str`) ----

const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
function uuidHex(s: string): string {
  let body = s;
  if (s.length === 38 && s[0] === "{" && s[37] === "}") body = s.slice(1, 37);
  else if (s.length === 45 && s.startsWith("urn:uuid:")) body = s.slice(9);
  if (body.length === 36 && HYPHENATED.test(body)) return body.replace(/-/g, "").toLowerCase();
  if (s.length === 32 && /^[0-9a-fA-F]{32}$/.test(s)) return s.toLowerCase();
  throw new ToSqlError("unable to parse uuid");
}
const hyphenate = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

// ---- vector (pgvector) ----

function vectorBound(floats: number[], binary: boolean): Bound {
  const f = floats.map(Math.fround);
  if (!binary) return `[${f.join(",")}]`;
  const b = Buffer.alloc(4 + 4 * f.length);
  b.writeInt16BE(f.length, 0);
  f.forEach((x, i) => b.writeFloatBE(x, 4 + 4 * i));
  return b;
}

// ---- JSON (serde_json over PValue) ----

// JSON.stringify escapes like serde_json; a lone surrogate reaches Rust as U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const jsonString = (s: string) => JSON.stringify(/[\ud800-\udfff]/.test(s) ? s.replace(LONE_SURROGATE, "\ufffd") : s);

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** A value serialised as val.rs serialises json/jsonb parameters: a string is a JSON string, objects have sorted keys (BTreeMap). */
function toJson(v: unknown, depth: number): string {
  switch (tagOf(v, depth)) {
    case "null": return "null";
    case "bool": return v ? "true" : "false";
    case "number": return jsonNumber(v as number);
    case "string": return jsonString(v as string);
    case "decimal": return jsonString(formatRational(decimalOf(v)));
    case "datetime": return jsonString(formatDateTime(millisOf(v as Date), true));
    case "array": return "[" + (v as unknown[]).map((e) => toJson(e, depth + 1)).join(",") + "]";
    case "object": {
      let out = "";
      for (const [k, e] of entriesOf(v as object).sort(byKey)) out += (out ? "," : "") + jsonString(k) + ":" + toJson(e, depth + 1);
      return "{" + out + "}";
    }
  }
}

// ---- the table: PValue::to_sql ----

const isText = (t: PgType) => t.oid === OID.TEXT || t.oid === OID.VARCHAR;

/** `PValue::to_sql(ty)` for an accepted type; `binary` when the value goes inside a binary array. */
function toSql(t: PgType, v: unknown, depth: number, binary: boolean): Bound {
  if (t.oid === OID.JSON || t.oid === OID.JSONB) {
    const json = fastJson(v, depth) ?? toJson(v, depth);
    if (!binary) return json;
    return t.oid === OID.JSONB ? Buffer.concat([Buffer.from([1]), utf8(json)]) : utf8(json);
  }
  switch (tagOf(v, depth)) {
    case "null":
      return null;
    case "bool":
      if (t.oid === OID.BOOL) return binary ? Buffer.from([v ? 1 : 0]) : v ? "t" : "f";
      if (isText(t)) return binary ? utf8(String(v)) : String(v);
      throw new ToSqlError(`bool not supported for column of type ${displayType(t)}`);
    case "string":
      return stringToSql(t, v as string, binary);
    case "number":
      return numberToSql(t, v as number, binary);
    case "decimal":
      return decimalToSql(t, decimalOf(v), binary);
    case "datetime": {
      const ms = millisOf(v as Date);
      if (t.oid === OID.DATE) return int32(Math.floor(ms / 86_400_000) - 10_957);
      if (t.oid === OID.TIMESTAMP || t.oid === OID.TIMESTAMPTZ) return int64(BigInt(ms) * 1000n - US_2000);
      if (isText(t)) { const s = formatDateTime(ms, false); return binary ? utf8(s) : s; }
      throw new ToSqlError(`unsupported type for DateTime: ${displayType(t)}`);
    }
    case "array":
      return arrayToSql(t, v as unknown[], depth, binary);
    case "object":
      throw new ToSqlError(`object not supported for column of type ${displayType(t)}`);
  }
}

// The usual YYYY-MM-DD of an existing date reads the same in PostgreSQL's text format.
const CANONICAL_DATE = /^\d{4}-\d\d-\d\d$/;
const isRealDate = (s: string) => daysFromCivil(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)) !== null && s >= "0001";

function stringToSql(t: PgType, s: string, binary: boolean): Bound {
  const chrono = <T>(parse: () => T): T => {
    try { return parse(); } catch (err) { throw err instanceof ChronoError ? new ToSqlError(err.message) : err; }
  };
  switch (t.oid) {
    case OID.TEXT: case OID.VARCHAR: return binary ? utf8(s) : s;
    case OID.NAME: case OID.BYTEA: return utf8(s);
    case OID.TIMESTAMP: return int64(chrono(() => parseNaiveDateTime(s)));
    case OID.TIMESTAMPTZ: return int64(chrono(() => parseRfc3339(s)));
    case OID.DATE:
      if (!binary && CANONICAL_DATE.test(s) && isRealDate(s)) return s;
      return int32(chrono(() => parseDate(s)));
    case OID.TIME: return int64(chrono(() => parseTime(s)));
    case OID.UUID: {
      if (!binary && s.length === 36 && HYPHENATED.test(s)) return s;
      const hex = uuidHex(s);
      return binary ? Buffer.from(hex, "hex") : hyphenate(hex);
    }
    case OID.CIDR: case OID.INET: {
      const cidr = t.oid === OID.CIDR;
      const net = parseNet(s, cidr);
      return binary ? netBinary(net, cidr) : net.text;
    }
    case OID.NUMERIC: {
      let r: Rational;
      try { r = parseRational(s); } catch (err) { throw new ToSqlError((err as Error).message); }
      return binary ? numericBinary(formatRational(r)) : formatRational(r);
    }
  }
  if (t.kind.kind === "enum") return binary ? utf8(s) : s;
  if (isVector(t)) {
    let parsed: unknown;
    try { parsed = JSON.parse(s); } catch { parsed = null; }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "number")) throw new ToSqlError("unable to parse vector");
    return vectorBound(parsed, binary);
  }
  throw new ToSqlError(`string not supported for column of type ${displayType(t)}`);
}

function numberToSql(t: PgType, n: number, binary: boolean): Bound {
  switch (t.oid) {
    case OID.INT2: { const v = smallInt(n, -32768, 32767, "i16"); return binary ? int16(v) : String(v); }
    case OID.INT4: { const v = smallInt(n, -2147483648, 2147483647, "i32"); return binary ? int32(v) : String(v); }
    case OID.OID: { const v = smallInt(n, 0, 4294967295, "u32"); return binary ? uint32(v) : String(v); }
    case OID.INT8: { const v = int8(n); return binary ? int64(v) : String(v); }
    case OID.FLOAT4: { const v = Math.fround(n); return binary ? float32(v) : String(v); }
    case OID.FLOAT8: return binary ? float64(n) : String(n);
    case OID.NUMERIC: {
      const d = formatRational(parseRational(jsonNumber(n)));
      return binary ? numericBinary(d) : d;
    }
    case OID.TEXT: case OID.VARCHAR: return binary ? utf8(jsonNumber(n)) : jsonNumber(n);
  }
  // val.rs's fallback: the number's eight bytes, as i64 or f64, whatever the type; PostgreSQL then decodes them.
  return isJsonInt(n) ? int64(BigInt(n)) : float64(n);
}

function decimalToSql(t: PgType, r: Rational, binary: boolean): Bound {
  switch (t.oid) {
    case OID.NUMERIC: return binary ? numericBinary(formatRational(r)) : formatRational(r);
    case OID.FLOAT4: case OID.FLOAT8: {
      const f32 = t.oid === OID.FLOAT4;
      const x = exactFloat(r, f32);
      if (x === null) throw new ToSqlError(`Cannot convert decimal to ${f32 ? "FLOAT4" : "FLOAT8"}`);
      return binary ? (f32 ? float32(x) : float64(x)) : String(x);
    }
    case OID.INT2: { const v = decimalInt(r, 16n, "INT2"); return binary ? int16(Number(v)) : String(v); }
    case OID.INT4: { const v = decimalInt(r, 32n, "INT4"); return binary ? int32(Number(v)) : String(v); }
    case OID.INT8: { const v = decimalInt(r, 64n, "INT8"); return binary ? int64(v) : String(v); }
    case OID.TEXT: case OID.VARCHAR: return binary ? utf8(formatRational(r)) : formatRational(r);
  }
  throw new ToSqlError(`unsupported type for Decimal: ${displayType(t)}`);
}

/** `Vec<PValue>::to_sql`: a one-dimensional binary array of the member type (zero-based for int2vector/oidvector). */
function arrayToSql(t: PgType, arr: unknown[], depth: number, binary: boolean): Bound {
  if (isVector(t)) {
    const floats = arr.map((e) => {
      if (tagOf(e, depth + 1) !== "number") throw new ToSqlError("vector element must be a number");
      return e as number;
    });
    return vectorBound(floats, binary);
  }
  if (t.kind.kind !== "array") throw new PanicError(displayType(t));
  return fastArray(t, t.kind.member, arr) ?? generalArray(t, arr, depth);
}

/** The array path for any member type, element by element (sql-fast-paths.ts handles the common ones in one pass). */
function generalArray(t: PgType, arr: unknown[], depth: number): Buffer {
  if (t.kind.kind !== "array") throw new PanicError(displayType(t));
  const member = t.kind.member;
  const elems = arr.map((e) => toSql(member, e, depth + 1, true) as Buffer | null);
  const head = Buffer.alloc(20);
  head.writeInt32BE(1, 0);
  head.writeInt32BE(elems.includes(null) ? 1 : 0, 4);
  head.writeUInt32BE(member.oid, 8);
  head.writeInt32BE(arr.length, 12);
  head.writeInt32BE(t.oid === 22 || t.oid === 30 ? 0 : 1, 16);
  const parts: Buffer[] = [head];
  for (const e of elems) parts.push(e === null ? int32(-1) : int32(e.length), ...(e === null ? [] : [e]));
  return Buffer.concat(parts);
}

/** The general paths alone, for the tests that hold the fast paths to them. */
export const generalPaths = {
  array: (t: PgType, arr: unknown[]): Buffer => generalArray(t, arr, 1),
  json: (v: unknown): string => toJson(v, 1),
};

// ---- per statement ----

/** The binder of one parameter type, built once per statement text. */
export function binderFor(t: PgType): Binder {
  if (!accepts(t)) {
    const message = `cannot convert between the Rust type \`${RUST_ROW_VALUE}\` and the Postgres type \`${displayType(t)}\``;
    return () => { throw new ToSqlError(message); };
  }
  return (v) => {
    if (isBytes(v)) return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength); // RowValue::Bytes, written as is
    return toSql(t, v, 1, false);
  };
}

/**
 * Converts a statement's parameters as Encore does, or throws its error:
 * first anything `parse_pvalue` refuses (in any parameter), then the first
 * parameter ToSql refuses, as "error serializing parameter {i}: …".
 */
export function bindParams(binders: readonly Binder[], params: readonly unknown[]): Bound[] {
  if (binders.length !== params.length) {
    for (const p of params) checkTopLevel(p);
    throw runtimeError(`expected ${binders.length} parameters but got ${params.length}`);
  }
  const out: Bound[] = new Array(params.length);
  let failure: Error | null = null;
  for (let i = 0; i < params.length; i++) {
    const v = params[i] === undefined ? null : params[i];
    try {
      out[i] = binders[i](v);
    } catch (err) {
      if (err instanceof JsValueError) throw runtimeError(err.message, "InvalidArg");
      if (!(err instanceof ToSqlError) && !(err instanceof PanicError)) throw err;
      checkTopLevel(v);
      failure ??= err instanceof PanicError
        ? new Error(`encore: parameter ${i} is a JS array but PostgreSQL expects ${err.message}; Encore's runtime panics on this ("expected array type") instead of returning an error`)
        : runtimeError(`error serializing parameter ${i}: ${err.message}`);
    }
  }
  if (failure) throw failure;
  return out;
}

function checkTopLevel(v: unknown) {
  if (v === undefined || isBytes(v)) return;
  try { checkJsValue(v); } catch (err) { throw err instanceof JsValueError ? runtimeError(err.message, "InvalidArg") : err; }
}
