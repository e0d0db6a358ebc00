// Business dates and times in a property's IANA time zone. A business date is the calendar
// date of an instant in the property's zone (see docs/architecture.md), DST-correct.
import { tzOffset } from "@date-fns/tz";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneParts(instant: Date, timeZone: string): Record<string, number> {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`: the business date. */
export function businessDateAt(instant: Date | string, timeZone: string): string {
  const p = zoneParts(typeof instant === "string" ? new Date(instant) : instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Today's business date in the zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return businessDateAt(now, timeZone);
}

/** Offset of the zone from UTC at `instant`, in minutes (Asia/Kolkata: 330; London in summer: 60). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  return tzOffset(timeZone, instant);
}

/**
 * The instant at which the wall-clock time `local` ("YYYY-MM-DDTHH:mm[:ss]") occurs in `timeZone`.
 * A time skipped by a DST jump moves forward by the gap; an ambiguous one takes the earlier instant.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) throw new RangeError(`not a local date-time: ${local}`);
  const wallMs = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
  // Try the offsets in force a day either side; pick the earliest candidate that maps back exactly
  // (@date-fns/tz's TZDate would take the later of an ambiguous autumn time, hence not used here).
  const offsets = new Set([
    zoneOffsetMinutes(new Date(wallMs - 86_400_000), timeZone),
    zoneOffsetMinutes(new Date(wallMs), timeZone),
    zoneOffsetMinutes(new Date(wallMs + 86_400_000), timeZone),
  ]);
  const candidates = [...offsets].map((off) => wallMs - off * 60_000).sort((a, b) => a - b);
  for (const c of candidates) {
    if (toLocalInput(new Date(c), timeZone) === toLocalInputString(wallMs)) return new Date(c);
  }
  // In a DST gap: no candidate matches; use the offset before the jump (moves the time forward).
  return new Date(wallMs - zoneOffsetMinutes(new Date(wallMs - 86_400_000), timeZone) * 60_000);
}

function toLocalInputString(wallMs: number): string {
  const d = new Date(wallMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Value for an <input type="datetime-local"> showing `instant` in `timeZone` ("YYYY-MM-DDTHH:mm"). */
export function toLocalInput(instant: Date | string, timeZone: string): string {
  const p = zoneParts(typeof instant === "string" ? new Date(instant) : instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Calendar arithmetic on YYYY-MM-DD (no time zone involved). */
export function addDays(date: string, days: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "2026-11" for "2026-11-25". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** Inclusive list of the `count` dates ending at `end`. */
export function lastNDates(end: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(end, i - count + 1));
}

/** A business date for people: "Wed, 25 Nov 2026" (the date itself has no zone). */
export function formatBusinessDate(date: string, locale = "en-GB"): string {
  if (!isIsoDate(date)) return date;
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** "25 Nov" for chart axes. */
export function formatShortDate(date: string, locale = "en-GB"): string {
  if (!isIsoDate(date)) return date;
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A timestamp shown in the property's zone: "25 Nov 2026, 01:30 IST". */
export function formatDateTime(instant: string | Date | null | undefined, timeZone: string, locale = "en-GB"): string {
  if (!instant) return "—";
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(d);
}

/** "November 2026" for "2026-11". */
export function formatMonth(month: string, locale = "en-GB"): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Whether `timeZone` is an IANA zone this browser knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
