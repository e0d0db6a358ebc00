// The chrono 0.4 parsers and formats Encore's runtime applies to SQL date and
// time values (runtimes/core/src/sqldb/val.rs): `DateTime::parse_from_rfc3339`
// for timestamptz, `NaiveDateTime::from_str` for timestamp, `%Y-%m-%d` for
// date, `%H:%M:%S` for time. Ported from chrono's format/parse.rs and
// format/scan.rs so the same strings pass, and fail with chrono's messages.
// Values come out as PostgreSQL's binary encodings (µs or days since
// 2000-01-01), which is what tokio-postgres sends.

/** A chrono `ParseError`; its message is chrono's Display. */
export class ChronoError extends Error {}
const OUT_OF_RANGE = () => new ChronoError("input is out of range");
const INVALID = () => new ChronoError("input contains invalid characters");
const TOO_SHORT = () => new ChronoError("premature end of input");
const TOO_LONG = () => new ChronoError("trailing input");

const MIN_YEAR = -262143; // chrono NaiveDate's range
const MAX_YEAR = 262142;
const US_PER_DAY = 86_400_000_000n;
const EPOCH_2000_DAYS = 10_957; // 1970-01-01 → 2000-01-01

/** Days from 1970-01-01 of a proleptic Gregorian date (year 0 = 1 BC), or null if it does not exist. */
export function daysFromCivil(y: number, m: number, d: number): number | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]) return null;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count from 1970-01-01. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

// ---- chrono's item parser (format/parse.rs `parse_internal`) ----

// Rust's `str::trim_start` (Unicode White_Space).
const RUST_WS = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;
const trimStart = (s: string) => s.replace(RUST_WS, "");

/** scan::number: min..max ASCII digits. */
function number(s: string, min: number, max: number): [string, bigint] {
  if (s.length < min) throw TOO_SHORT();
  let i = 0;
  while (i < max && i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i < min) throw INVALID();
  const n = i <= 15 ? BigInt(Number(s.slice(0, i))) : BigInt(s.slice(0, i));
  if (n > 2n ** 63n - 1n) throw OUT_OF_RANGE();
  return [s.slice(i), n];
}

/** scan::nanosecond: 1 to 9 digits scaled to nanoseconds, further digits skipped. */
function nanosecond(s: string): [string, number] {
  const [rest, v] = number(s, 1, 9);
  const consumed = s.length - rest.length;
  return [rest.replace(/^[0-9]*/, ""), Number(v) * 10 ** (9 - consumed)];
}

type Item = "Y" | "m" | "d" | "H" | "M" | "S" | "nano" | "space" | { lit: string };
interface Fields { Y?: number; m?: number; d?: number; H?: number; M?: number; S?: number; nano?: number }
const RANGES: Record<string, [number, number]> = { m: [1, 12], d: [1, 31], H: [0, 23], M: [0, 59], S: [0, 60] };

function parseItems(s: string, items: Item[]): Fields {
  const f: Fields = {};
  for (const item of items) {
    if (typeof item === "object") {
      if (s.length < item.lit.length) throw TOO_SHORT();
      if (!s.startsWith(item.lit)) throw INVALID();
      s = s.slice(item.lit.length);
    } else if (item === "space") {
      s = trimStart(s);
    } else if (item === "nano") {
      if (s.startsWith(".")) [s, f.nano] = nanosecond(s.slice(1));
    } else {
      s = trimStart(s);
      let v: bigint;
      if (item === "Y" && (s[0] === "-" || s[0] === "+")) {
        const neg = s[0] === "-";
        [s, v] = number(s.slice(1), 1, Number.MAX_SAFE_INTEGER);
        if (neg) v = -v;
      } else {
        [s, v] = number(s, 1, item === "Y" ? 4 : 2);
      }
      if (item === "Y") {
        if (v < -(2n ** 31n) || v >= 2n ** 31n) throw OUT_OF_RANGE();
      } else if (v < BigInt(RANGES[item][0]) || v > BigInt(RANGES[item][1])) {
        throw OUT_OF_RANGE();
      }
      f[item] = Number(v);
    }
  }
  if (s !== "") throw TOO_LONG();
  return f;
}

/** Parsed::to_naive_time as µs since midnight; a leap second (:60) adds its second. */
function timeOfDayUs(f: Fields): bigint {
  const [sec, leap] = f.S === 60 ? [59, 1_000_000_000] : [f.S!, 0];
  const nano = leap + (f.nano ?? 0);
  return BigInt((f.H! * 3600 + f.M! * 60 + sec) * 1_000_000) + BigInt(Math.floor(nano / 1000));
}

function dayNumber(y: number, m: number, d: number): number {
  const days = daysFromCivil(y, m, d);
  if (days === null) throw OUT_OF_RANGE();
  return days - EPOCH_2000_DAYS;
}

/** `NaiveDate::parse_from_str(s, "%Y-%m-%d")` → days since 2000-01-01. */
export function parseDate(s: string): number {
  const f = parseItems(s, ["Y", { lit: "-" }, "m", { lit: "-" }, "d"]);
  return dayNumber(f.Y!, f.m!, f.d!);
}

/** `NaiveTime::parse_from_str(s, "%H:%M:%S")` → µs since midnight. */
export function parseTime(s: string): bigint {
  return timeOfDayUs(parseItems(s, ["H", { lit: ":" }, "M", { lit: ":" }, "S"]));
}

/** `NaiveDateTime::from_str` → µs since 2000-01-01 00:00. */
export function parseNaiveDateTime(s: string): bigint {
  const f = parseItems(s, ["Y", "space", { lit: "-" }, "m", "space", { lit: "-" }, "d", "space", { lit: "T" }, "H", "space", { lit: ":" }, "M", "space", { lit: ":" }, "S", "nano", "space"]);
  return BigInt(dayNumber(f.Y!, f.m!, f.d!)) * US_PER_DAY + timeOfDayUs(f);
}

/** `DateTime::parse_from_rfc3339` (format/parse.rs `parse_rfc3339`) → UTC µs since 2000-01-01. */
export function parseRfc3339(s: string): bigint {
  if (s.length < 19 && Buffer.byteLength(s) < 19) throw TOO_SHORT(); // chrono counts bytes
  const digit = (i: number) => {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) throw INVALID();
    return c - 48;
  };
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  if (s[4] !== "-") throw INVALID();
  const month = digit(5) * 10 + digit(6);
  if (s[7] !== "-") throw INVALID();
  const day = digit(8) * 10 + digit(9);
  const days = dayNumber(year, month, day);
  if (!"tT ".includes(s[10])) throw INVALID();
  const hour = digit(11) * 10 + digit(12);
  if (s[13] !== ":") throw INVALID();
  const min = digit(14) * 10 + digit(15);
  if (s[16] !== ":") throw INVALID();
  let sec = digit(17) * 10 + digit(18);
  let nano = 0;
  if (sec === 60) { sec = 59; nano = 1_000_000_000; }
  let rest = s.slice(19);
  if (rest[0] === ".") {
    let frac: number;
    [rest, frac] = nanosecond(rest.slice(1));
    nano += frac;
  }
  if (hour > 23 || min > 59 || sec > 59 || (nano >= 1_000_000_000 && sec !== 59)) throw OUT_OF_RANGE();
  const [tail, offset] = timezoneOffset(rest);
  if (tail !== "") throw TOO_LONG();
  if (Math.abs(offset) >= 86_400) throw OUT_OF_RANGE();
  const local = BigInt(days) * US_PER_DAY + BigInt((hour * 3600 + min * 60 + sec) * 1_000_000) + BigInt(Math.floor(nano / 1000));
  return local - BigInt(offset) * 1_000_000n;
}

/** scan::timezone_offset with a mandatory colon, `Z` allowed, minutes required, U+2212 allowed. */
function timezoneOffset(s: string): [string, number] {
  if (s[0] === "Z" || s[0] === "z") return [s.slice(1), 0];
  let negative: boolean;
  if (s[0] === "+") negative = false;
  else if (s[0] === "-" || s[0] === "\u2212") negative = true;
  else throw s === "" ? TOO_SHORT() : INVALID();
  s = s.slice(1);
  if (s.length < 2) throw TOO_SHORT();
  if (!/^[0-9]{2}/.test(s)) throw INVALID();
  const hours = Number(s.slice(0, 2));
  s = s.slice(2);
  if (s === "") throw TOO_SHORT();
  if (s[0] !== ":") throw INVALID();
  s = s.slice(1);
  if (s.length < 2) throw TOO_SHORT();
  if (/^[6-9][0-9]/.test(s)) throw OUT_OF_RANGE();
  if (!/^[0-5][0-9]/.test(s)) throw INVALID();
  const seconds = hours * 3600 + Number(s.slice(0, 2)) * 60;
  return [s.slice(2), negative ? -seconds : seconds];
}

// ---- formats ----

const pad2 = (n: number) => String(n).padStart(2, "0");
/** chrono's year: four digits within 0..=9999, else `{:+05}`. */
function fmtYear(y: number): string {
  if (y >= 0 && y <= 9999) return String(y).padStart(4, "0");
  return (y < 0 ? "-" : "+") + String(Math.abs(y)).padStart(4, "0");
}

/** `NaiveDate` Display. */
export function formatDate(y: number, m: number, d: number): string {
  return `${fmtYear(y)}-${pad2(m)}-${pad2(d)}`;
}

/** Fractional seconds as chrono prints them: none, or 3, 6 or 9 digits. */
export function fmtNanos(nano: number): string {
  if (nano === 0) return "";
  if (nano % 1_000_000 === 0) return "." + String(nano / 1_000_000).padStart(3, "0");
  if (nano % 1000 === 0) return "." + String(nano / 1000).padStart(6, "0");
  return "." + String(nano).padStart(9, "0");
}

/** A JS Date as `DateTime<FixedOffset>` at UTC: RFC 3339 with `Z` (serde) or `+00:00` (`to_rfc3339`). */
export function formatDateTime(ms: number, useZ: boolean): string {
  const dayMs = 86_400_000;
  const days = Math.floor(ms / dayMs);
  const inDay = ms - days * dayMs;
  const [y, m, d] = civilFromDays(days);
  const secs = Math.floor(inDay / 1000);
  const time = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}${fmtNanos((inDay % 1000) * 1_000_000)}`;
  return `${formatDate(y, m, d)}T${time}${useZ ? "Z" : "+00:00"}`;
}
