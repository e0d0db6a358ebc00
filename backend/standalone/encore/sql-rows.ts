// Result rows as Encore's runtime hands them to JS (runtimes/core/src/sqldb/val.rs
// `FromSql for RowValue / PValue`, runtimes/js/src/sqldb.rs `Row::values`):
// int2/int4/int8/oid and floats → number (NaN and ±Infinity → null),
// numeric → Decimal, json/jsonb → parsed value with sorted keys (BTreeMap),
// date and time → chrono's strings, timestamp/timestamptz → Date, bytea →
// ArrayBuffer, uuid/inet/cidr/enums/text → string, one-dimensional arrays of
// those. Any other column type fails the row, as does a value chrono or the
// Decimal parser cannot hold, with the runtime's message ("unable to parse
// column …"). node-postgres delivers text; the parsers below turn that text
// into the same values.
import pg from "pg";
import { parse as parseArray } from "postgres-array";
import { Decimal } from "./types.ts";
import { civilFromDays, daysFromCivil, fmtNanos, formatDate } from "./sql-time.ts";
import { debugType, fmtDebug, knownType, type Dbg, type PgType } from "./sql-types.ts";
import { OID, RUST_ROW_VALUE, runtimeError } from "./sql-values.ts";

/** A value the runtime fails to decode; replaced by an error for its column when the row is read. */
class BadValue { constructor(readonly cause: string) {} }

type Parser = (text: string) => unknown;

const US_PER_DAY = 86_400_000_000n;
const DAYS_1970_TO_2000 = 10_957;
const CHRONO_MIN_DAY = daysFromCivil(-262143, 1, 1)!;
const CHRONO_MAX_DAY = daysFromCivil(262142, 12, 31)!;
const TOO_LARGE = () => new BadValue("value too large to decode"); // postgres-types' chrono FromSql
/** Column types whose values can fail to decode (arrays can too: several dimensions). */
const MAY_FAIL = new Set<number>([OID.NUMERIC, OID.DATE, OID.TIMESTAMP, OID.TIMESTAMPTZ]);

/** PostgreSQL's text date (ISO style, optionally " BC") as days since 1970, or null for ±infinity. */
function dayOf(text: string): number | null {
  const m = /^(\d{4,})-(\d\d)-(\d\d)( BC)?/.exec(text);
  if (!m) return null;
  const year = m[4] ? 1 - Number(m[1]) : Number(m[1]);
  return daysFromCivil(year, Number(m[2]), Number(m[3]));
}

const parseDateText: Parser = (text) => {
  const days = dayOf(text);
  if (days === null || days < CHRONO_MIN_DAY || days > CHRONO_MAX_DAY) return TOO_LARGE();
  return formatDate(...civilFromDays(days));
};

/** "HH:MM:SS[.ffffff]" as chrono prints a NaiveTime (24:00:00 wraps to midnight, as adding to NaiveTime does). */
const parseTimeText: Parser = (text) => {
  const m = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(text)!;
  const hour = Number(m[1]) % 24;
  const nanos = m[4] ? Number(m[4].padEnd(9, "0")) : 0;
  return `${String(hour).padStart(2, "0")}:${m[2]}:${m[3]}${fmtNanos(nanos)}`;
};

const ISO_LIKE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d(?::\d\d)?)?$/;
/** A timestamp's text (with the session's offset for timestamptz) as a Date at whole milliseconds (floored, as `timestamp_millis`). */
function parseTimestampText(text: string): unknown {
  // The usual shape (four-digit year AD, whole-minute offset) is an ISO string
  // for Date.parse, which drops digits after the millisecond as flooring does.
  const iso = ISO_LIKE.exec(text);
  if (iso) return new Date(Date.parse(`${iso[1]}T${iso[2]}${iso[3] ? (iso[3].length === 3 ? iso[3] + ":00" : iso[3]) : "Z"}`));
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/.exec(text);
  if (!m) return TOO_LARGE(); // infinity
  const days = dayOf(m[1] + (m[10] ?? ""));
  if (days === null || days < CHRONO_MIN_DAY || days > CHRONO_MAX_DAY) return TOO_LARGE();
  const micros = m[5] ? Number(m[5].padEnd(6, "0").slice(0, 6)) : 0;
  const offset = m[6] ? (m[6] === "-" ? -1 : 1) * (Number(m[7]) * 3600 + Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) : 0;
  const us = BigInt(days) * US_PER_DAY + BigInt((Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) - offset) * 1_000_000 + micros);
  const ms = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
  return new Date(Number(ms));
}

const parseNumericText: Parser = (text) =>
  text === "NaN" || text.endsWith("Infinity") ? new BadValue(`Failed to parse decimal from string: ${text}`) : new Decimal(text);

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Object keys in byte order, as the runtime's BTreeMap rebuilds them; assigned as napi assigns them. */
function sortKeys(x: unknown): unknown {
  if (x === null || typeof x !== "object") return x;
  for (const _ in Object.prototype) return sortKeysCopying(x); // for…in below must see own keys only
  return sortKeysInPlace(x);
}

/** The usual case, JSON written by val.rs's rules and already in order: checked without copying any key list. */
function sortKeysInPlace(x: object): unknown {
  if (Array.isArray(x)) { for (let i = 0; i < x.length; i++) { const e = x[i]; if (e !== null && typeof e === "object") x[i] = sortKeysInPlace(e); } return x; }
  const o = x as Record<string, unknown>;
  let prev: string | undefined;
  for (const k in o) {
    if (prev !== undefined && !(prev < k)) return sortKeysCopying(o);
    prev = k;
    const v = o[k];
    if (v !== null && typeof v === "object") { const s = sortKeysInPlace(v); if (s !== v) o[k] = s; }
  }
  return o;
}

function sortKeysCopying(x: unknown): unknown {
  if (Array.isArray(x)) { for (let i = 0; i < x.length; i++) x[i] = sortKeysCopying(x[i]); return x; }
  if (x === null || typeof x !== "object") return x;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1] < k);
  if (sorted) {
    for (const k of keys) { const v = sortKeysCopying(o[k]); if (v !== o[k]) o[k] = v; }
    return o;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) out[k] = sortKeysCopying(o[k]);
  return out;
}

/** cidr crate Display: a cidr of one host prints as its address (PostgreSQL keeps the /32 or /128). */
const parseCidrText: Parser = (text) => text.replace(text.includes(":") ? /\/128$/ : /\/32$/, "");

const byteaParser = pg.types.getTypeParser(OID.BYTEA) as (text: string) => Buffer;
const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);

const SCALAR_PARSERS = new Map<number, Parser>([
  [OID.BOOL, (t) => t === "t"],
  [OID.BYTEA, (t) => toArrayBuffer(byteaParser(t))],
  [OID.INT2, Number], [OID.INT4, Number], [OID.INT8, Number], [OID.OID, Number],
  [OID.FLOAT4, (t) => finiteOrNull(Math.fround(parseFloat(t)))],
  [OID.FLOAT8, (t) => finiteOrNull(parseFloat(t))],
  [OID.NUMERIC, parseNumericText],
  [OID.JSON, (t) => sortKeys(JSON.parse(t))], [OID.JSONB, (t) => sortKeys(JSON.parse(t))],
  [OID.DATE, parseDateText], [OID.TIME, parseTimeText],
  [OID.TIMESTAMP, parseTimestampText], [OID.TIMESTAMPTZ, parseTimestampText],
  [OID.CIDR, parseCidrText],
]);
const identity: Parser = (t) => t;

/** What each column type decodes to, or why the runtime refuses it. */
type Plan = { parse: Parser; problem?: Dbg } | { parse?: undefined; problem: Dbg };
const plans = new Map<number, Plan>();

// val.rs `FromSql::accepts` of PValue and of RowValue (which adds bytea, uuid, cidr, inet).
const PVALUE_SCALARS = new Set<number>([OID.BOOL, OID.TEXT, OID.VARCHAR, OID.INT2, OID.INT4, OID.INT8, OID.OID, OID.JSONB, OID.JSON, OID.FLOAT4, OID.FLOAT8, OID.TIMESTAMP, OID.TIMESTAMPTZ, OID.DATE, OID.TIME, OID.CIDR, OID.INET, OID.NAME, OID.NUMERIC]);
const isVector = (t: PgType) => t.name === "vector";
const pvalueAccepts = (t: PgType): boolean =>
  PVALUE_SCALARS.has(t.oid) || t.kind.kind === "enum" || isVector(t) || (t.kind.kind === "array" && pvalueAccepts(t.kind.member));
const rowAccepts = (t: PgType): boolean =>
  [OID.BYTEA, OID.UUID, OID.CIDR, OID.INET].includes(t.oid as never) || (t.kind.kind === "array" && rowAccepts(t.kind.member)) || pvalueAccepts(t);

const vectorParser: Parser = (t) => (JSON.parse(t) as number[]).map((x) => finiteOrNull(Math.fround(x)));

function planFor(t: PgType): Plan {
  let plan = plans.get(t.oid);
  if (plan) return plan;
  if (!rowAccepts(t)) {
    plan = { problem: { struct: "WrongType", fields: [["postgres", debugType(t)], ["rust", { s: RUST_ROW_VALUE }]] } };
  } else if (t.kind.kind === "array") {
    if (!pvalueAccepts(t)) {
      plan = { problem: { s: `unsupported type: ${fmtDebug(debugType(t), false)}` } };
    } else {
      const element = planFor(t.kind.member).parse!;
      const vectorText = t.oid === 22 || t.oid === 30; // int2vector, oidvector: "1 2 3"
      plan = {
        parse: (text) => {
          if (vectorText) return text === "" ? [] : text.split(" ").map(element);
          if (/^(\[[^\]]*\]){2,}=|^\{\{/.test(text)) return new BadValue("array contains too many dimensions");
          const values = parseArray(text.replace(/^\[[^\]]*\]=/, ""), element) as unknown[];
          return values.find((v) => v instanceof BadValue) ?? values;
        },
      };
    }
  } else {
    plan = { parse: SCALAR_PARSERS.get(t.oid) ?? (isVector(t) ? vectorParser : identity) };
  }
  plans.set(t.oid, plan);
  return plan;
}

/** node-postgres type parsers for SQLDatabase queries: builtins known by OID; custom types stay text until `readRows` decodes them. */
export const ROW_TYPES = {
  getTypeParser: (oid: number) => {
    const t = knownType(oid);
    return (t && planFor(t).parse) || identity;
  },
} as pg.CustomTypesConfig;

/** For `exec`, whose rows Encore never decodes. */
export const RAW_TYPES = { getTypeParser: () => identity } as pg.CustomTypesConfig;

function columnError(name: string, index: number, cause: Dbg): Error {
  const err: Dbg = { struct: "Error", fields: [["kind", { tuple: "FromSql", items: [{ raw: String(index) }] }], ["cause", { tuple: "Some", items: [cause] }]] };
  return runtimeError(`unable to parse column ${name}: ${fmtDebug(err, true)}`);
}

/**
 * Decodes rows the way the runtime's `Row::values` does, row by row and
 * column by column: returns the rows read before the first failure and that
 * failure. `types` are the columns' types (custom ones resolved by the caller).
 */
export function readRows(fields: readonly pg.FieldDef[], types: readonly PgType[], rows: Record<string, unknown>[], limit = rows.length): { rows: Record<string, unknown>[]; error?: Error } {
  const n = Math.min(limit, rows.length);
  // Only columns that can fail, or still hold text (custom types), need a look at each value.
  const checks: { i: number; name: string; plan: Plan; custom: boolean }[] = [];
  fields.forEach((f, i) => {
    const t = types[i];
    const plan = planFor(t);
    const custom = t.variant === undefined;
    if (plan.problem || custom || MAY_FAIL.has(t.oid) || t.kind.kind === "array") checks.push({ i, name: f.name, plan, custom });
  });
  for (let r = 0; r < n && checks.length; r++) {
    const row = rows[r];
    for (const c of checks) {
      if (c.plan.problem) return { rows: rows.slice(0, r), error: columnError(c.name, c.i, c.plan.problem) };
      let v = row[c.name];
      if (c.custom && typeof v === "string") row[c.name] = v = c.plan.parse!(v);
      if (v instanceof BadValue) return { rows: rows.slice(0, r), error: columnError(c.name, c.i, { s: v.cause }) };
    }
  }
  return { rows: n === rows.length ? rows : rows.slice(0, n) };
}
