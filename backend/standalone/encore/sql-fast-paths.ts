// Fast paths for the parameters the event pipeline binds in bulk: arrays of
// uuid, text, date, timestamptz, int4 and int8, and JSON documents. Each
// writes exactly the bytes (or text) the general path in sql-values.ts
// writes, in one pass, for the values it recognises: the canonical spelling
// of a uuid, a date or an RFC 3339 timestamp, integral numbers, strings, and
// JSON of null, booleans, numbers, strings, arrays and objects (handed to
// JSON.stringify when their keys are already in order). At the first value it
// does not recognise it gives up (returns undefined) and the general path
// encodes the whole parameter again, so every refusal, and its message, is
// the general path's. sql-fast-paths.test.ts compares the two on generated values.
import { isDate } from "node:util/types";
import { daysFromCivil } from "./sql-time.ts";
import { OID, isJsonInt, jsonNumber, jsonString, MAX_PARSE_DEPTH } from "./sql-values.ts";
import type { PgType } from "./sql-types.ts";

// ---- arrays ----

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) { HEX[65 + i] = 10 + i; HEX[97 + i] = 10 + i; }
const hexAt = (s: string, i: number) => { const c = s.charCodeAt(i); return c < 128 ? HEX[c] : -1; };
const HYPHENS = [8, 13, 18, 23];

/** A hyphenated uuid (either case) as its 16 bytes at `off`; false for any other spelling. */
function writeUuid(b: Buffer, off: number, s: string): boolean {
  if (s.length !== 36) return false;
  for (const h of HYPHENS) if (s.charCodeAt(h) !== 45) return false;
  let i = 0;
  for (let k = 0; k < 16; k++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) i++;
    const hi = hexAt(s, i), lo = hexAt(s, i + 1);
    if (hi < 0 || lo < 0) return false;
    b[off + k] = (hi << 4) | lo;
    i += 2;
  }
  return true;
}

const digitsAt = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/** `YYYY-MM-DD` of an existing date as days since 2000-01-01, or null (chrono's %Y-%m-%d reads it the same). */
function canonicalDate(s: string): number | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digitsAt(s, 0, 4), m = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const days = daysFromCivil(y, m, d);
  return days === null ? null : days - 10_957;
}

const US_PER_DAY = 86_400_000_000;
/**
 * `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)` as µs since 2000-01-01 UTC, computed
 * as parse_rfc3339 does, or null for any other spelling, a value chrono
 * refuses (no such day, hour 24, a leap second, an offset of a day or more) or
 * one further than about 285 years from 2000.
 */
function canonicalTimestamptz(s: string): number | null {
  if (s.length < 20 || s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const days = canonicalDate(s.slice(0, 10));
  // Within about ±285 years of 2000 every step below is exact in a double.
  if (days === null || days < -104_000 || days > 104_000) return null;
  const hour = digitsAt(s, 11, 2), min = digitsAt(s, 14, 2), sec = digitsAt(s, 17, 2);
  if (hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) return null;
  let i = 19;
  let micros = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    const start = ++i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === start) return null;
    // chrono keeps nine digits and skips the rest; whole microseconds are the first six.
    micros = Number(s.slice(start, Math.min(i, start + 6)).padEnd(6, "0"));
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */) {
    if (i + 1 !== s.length) return null;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== s.length || s.charCodeAt(i + 3) !== 58) return null;
    const oh = digitsAt(s, i + 1, 2), om = digitsAt(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
    offset = (z === 45 ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return null;
  }
  const us = days * US_PER_DAY + ((hour * 3600 + min * 60 + sec - offset) * 1_000_000 + micros);
  return us;
}

function writeInt64(b: Buffer, off: number, v: number) {
  const hi = Math.floor(v / 4294967296);
  b.writeInt32BE(hi, off);
  b.writeUInt32BE(v - hi * 4294967296, off + 4);
}

/** Element writers by member type: bytes written, or -1 for a value left to the general path. */
type Writer = (b: Buffer, off: number, v: unknown) => number;
const WRITERS = new Map<number, { size: number; write: Writer }>([
  [2950 /* uuid */, { size: 16, write: (b, off, v) => (typeof v === "string" && writeUuid(b, off, v) ? 16 : -1) }],
  [1082 /* date */, { size: 4, write: (b, off, v) => { const d = typeof v === "string" ? canonicalDate(v) : null; if (d === null) return -1; b.writeInt32BE(d, off); return 4; } }],
  [1184 /* timestamptz */, { size: 8, write: (b, off, v) => { const us = typeof v === "string" ? canonicalTimestamptz(v) : null; if (us === null) return -1; writeInt64(b, off, us); return 8; } }],
  [23 /* int4 */, { size: 4, write: (b, off, v) => (typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? (b.writeInt32BE(v, off), 4) : -1) }],
  [20 /* int8 */, { size: 8, write: (b, off, v) => (typeof v === "number" && Number.isSafeInteger(v) ? (writeInt64(b, off, v), 8) : -1) }],
]);

/**
 * The one-dimensional binary array the general path writes for `arr` bound to
 * array type `t` with member `member`, or undefined when an element needs the
 * general path (which then also raises any error).
 */
export function fastArray(t: PgType, member: PgType, arr: unknown[]): Buffer | undefined {
  if (t.oid === 22 || t.oid === 30) return undefined; // int2vector / oidvector: zero-based, rare
  const n = arr.length;
  const isText = member.oid === OID.TEXT || member.oid === OID.VARCHAR;
  let size: number;
  let write: Writer;
  if (isText) {
    size = 0;
    for (let i = 0; i < n; i++) {
      const v = arr[i];
      if (typeof v === "string") size += Buffer.byteLength(v, "utf8");
      else if (v !== null) return undefined;
    }
    write = (b, off, v) => b.write(v as string, off, "utf8");
  } else {
    const w = WRITERS.get(member.oid);
    if (!w) return undefined;
    size = w.size * n;
    write = w.write;
  }
  const b = Buffer.allocUnsafe(20 + 4 * n + size);
  b.writeInt32BE(1, 0);
  b.writeUInt32BE(member.oid, 8);
  b.writeInt32BE(n, 12);
  b.writeInt32BE(1, 16);
  let off = 20;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v === null) { b.writeInt32BE(-1, off); off += 4; nulls++; continue; }
    const len = write(b, off + 4, v);
    if (len < 0) return undefined;
    b.writeInt32BE(len, off);
    off += 4 + len;
  }
  b.writeInt32BE(nulls > 0 ? 1 : 0, 4);
  return off === b.length ? b : b.subarray(0, off);
}

// ---- JSON ----

/** Nothing inherited that JSON.stringify would call (toJSON) or for…in would list. */
function prototypesPlain(): boolean {
  if ((Object.prototype as { toJSON?: unknown }).toJSON !== undefined || (Array.prototype as { toJSON?: unknown }).toJSON !== undefined) return false;
  for (const _ in Object.prototype) return false;
  return true;
}

/**
 * Whether JSON.stringify writes what val.rs writes for `v`: plain objects
 * whose keys for…in lists in order, plain arrays without holes, strings,
 * booleans, null and integral numbers (serde_json prints other numbers its own way).
 */
function stringifiable(v: unknown, depth: number): boolean {
  if (depth > MAX_PARSE_DEPTH) return false;
  switch (typeof v) {
    case "string": case "boolean": return true;
    case "number": return isJsonInt(v);
    case "object": {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype || "toJSON" in v) return false;
        for (let i = 0; i < v.length; i++) if (!stringifiable(v[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if ((proto !== Object.prototype && proto !== null) || "__encore_decimal" in v) return false;
      let prev: string | undefined;
      for (const k in v) {
        const e = (v as Record<string, unknown>)[k];
        if (e === undefined) continue;
        if (prev !== undefined && !(prev < k)) return false;
        if (!stringifiable(e, depth + 1)) return false;
        prev = k;
      }
      return true;
    }
  }
  return false;
}

/**
 * The JSON text val.rs writes for `v` (what toJson in sql-values.ts returns),
 * for documents of null, booleans, finite numbers, strings, arrays and
 * objects; undefined for anything else (a Date, a Decimal, a bigint, a value
 * the runtime refuses, nesting too deep), which the general path then writes or refuses.
 */
export function fastJson(v: unknown, depth: number): string | undefined {
  if (prototypesPlain() && stringifiable(v, depth)) {
    const j = JSON.stringify(v);
    // A lone surrogate comes out as \udXXX; the general path replaces it.
    if (j.indexOf("\\ud") < 0) return j;
  }
  return build(v, depth);
}

function build(v: unknown, depth: number): string | undefined {
  if (depth > MAX_PARSE_DEPTH) return undefined;
  switch (typeof v) {
    case "string": {
      const j = JSON.stringify(v);
      return j.indexOf("\\ud") < 0 ? j : jsonString(v);
    }
    case "number":
      if (isJsonInt(v)) return v === 0 ? "0" : String(v);
      return Number.isFinite(v) ? jsonNumber(v) : undefined;
    case "boolean":
      return v ? "true" : "false";
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) {
          const e = build(v[i], depth + 1);
          if (e === undefined) return undefined;
          out += i === 0 ? e : "," + e;
        }
        return out + "]";
      }
      if (isDate(v) || "__encore_decimal" in v) return undefined;
      // for…in, as the runtime enumerates keys, undefined values left out; sorted as its BTreeMap is.
      const o = v as Record<string, unknown>;
      const keys: string[] = [];
      for (const k in o) if (o[k] !== undefined) keys.push(k);
      for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) { keys.sort(); break; }
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const e = build(o[keys[i]], depth + 1);
        if (e === undefined) return undefined;
        out += (i === 0 ? "" : ",") + build(keys[i], depth) + ":" + e;
      }
      return out + "}";
    }
  }
  return undefined;
}
