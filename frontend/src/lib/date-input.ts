// Dates and times as people type them: in the order their locale writes dates (dd/mm/yyyy for
// en-IN and en-GB, mm/dd/yyyy for en-US, yyyy-mm-dd for en-CA) and always on a 24-hour clock,
// instead of whatever the browser's native date picker shows. Values stay ISO ("YYYY-MM-DD",
// "HH:mm") everywhere else; these functions translate at the edge of a form field.
import { isIsoDate } from "./dates";
import { localeForCurrency } from "./money";

type Part = "day" | "month" | "year";

export interface DatePattern {
  order: [Part, Part, Part];
  separator: string;
  /** What the field shows as a placeholder and in messages: "dd/mm/yyyy". */
  placeholder: string;
}

const patterns = new Map<string, DatePattern>();

/** The order and separator `locale` writes a numeric date in, read from Intl so every locale gets its own. */
export function datePatternFor(locale: string): DatePattern {
  let p = patterns.get(locale);
  if (!p) {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }).formatToParts(new Date(Date.UTC(2026, 10, 25)));
    const order = parts.filter((x) => x.type === "day" || x.type === "month" || x.type === "year").map((x) => x.type) as Part[];
    const separator = parts.find((x) => x.type === "literal")?.value.trim() || "/";
    const names: Record<Part, string> = { day: "dd", month: "mm", year: "yyyy" };
    p = { order: order.length === 3 ? (order as DatePattern["order"]) : ["day", "month", "year"], separator, placeholder: "" };
    p.placeholder = p.order.map((x) => names[x]).join(p.separator);
    patterns.set(locale, p);
  }
  return p;
}

/** The locale a property's dates and money are written in (its currency's: INR → en-IN, GBP → en-GB). */
export function localeForProperty(property: { currency: string } | undefined | null): string {
  return localeForCurrency(property?.currency ?? "INR");
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2026-11-25" as `locale` types it: "25/11/2026" (en-IN). Anything that is not an ISO date comes back as it is. */
export function formatDateInput(iso: string, locale: string): string {
  if (!isIsoDate(iso)) return iso;
  const [year, month, day] = iso.split("-");
  const values: Record<Part, string> = { day, month, year };
  const p = datePatternFor(locale);
  return p.order.map((x) => values[x]).join(p.separator);
}

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * A typed date in `locale`'s order → "YYYY-MM-DD". Any of / . - or a space separates the parts;
 * day and month may have one digit; the year needs four. A date that cannot exist (31/02/2026)
 * gets a message saying why, not a silent roll-over into March.
 */
export function parseDateInput(text: string, locale: string): Parsed {
  const p = datePatternFor(locale);
  const example = formatDateInput("2026-11-25", locale);
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: `Enter a date as ${p.placeholder}, for example ${example}.` };
  const pieces = trimmed.split(/\s*[/.\-\s]\s*/);
  if (pieces.length !== 3 || pieces.some((x) => !/^\d+$/.test(x))) {
    return { ok: false, message: `“${trimmed}” is not a date: type it as ${p.placeholder}, for example ${example}.` };
  }
  const at = (part: Part) => pieces[p.order.indexOf(part)];
  if (at("year").length !== 4) return { ok: false, message: `Type the year with four digits (${p.placeholder}), for example ${example}.` };
  if (at("day").length > 2 || at("month").length > 2) return { ok: false, message: `“${trimmed}” is not a date: type it as ${p.placeholder}, for example ${example}.` };
  const year = Number(at("year"));
  const month = Number(at("month"));
  const day = Number(at("day"));
  if (month < 1 || month > 12) return { ok: false, message: `There is no month ${month}: months run from 1 to 12 (${p.placeholder}).` };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return { ok: false, message: `There is no ${day} ${MONTH_NAMES[month - 1]} ${year}: that month has ${daysInMonth} days.` };
  }
  return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** A typed 24-hour time ("9:05", "09.05", "0905", "21:30") → "HH:mm". */
export function parseTimeInput(text: string): Parsed {
  const trimmed = text.trim();
  const m = /^(\d{1,2})\s*[:.h]?\s*(\d{2})$/.exec(trimmed);
  if (!m) return { ok: false, message: trimmed ? `“${trimmed}” is not a time: type it on the 24-hour clock as hh:mm, for example 14:30.` : "Enter a time as hh:mm (24-hour), for example 14:30." };
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return { ok: false, message: `There is no ${trimmed} on the 24-hour clock: hours run 00–23 and minutes 00–59.` };
  return { ok: true, value: `${pad(hour)}:${pad(minute)}` };
}

/**
 * What is wrong with a date field's value, or null. A field holds the ISO date once what was
 * typed parses, and the typed text while it does not (see components/date-field.tsx), so a form
 * can check it at submit time with the same message the field shows.
 */
export function dateValueProblem(value: string, locale: string): string | null {
  if (isIsoDate(value)) return null;
  const parsed = parseDateInput(value, locale);
  return parsed.ok ? null : parsed.message;
}

/** The same for a date-and-time value: "YYYY-MM-DDTHH:mm" when both parts parse, else "typed date|typed time". */
export function dateTimeValueProblem(value: string, locale: string): string | null {
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (iso && isIsoDate(iso[1]) && parseTimeInput(iso[2]).ok) return null;
  const [date = "", time = ""] = value.split("|");
  const d = dateValueProblem(date, locale);
  if (d) return d;
  const t = parseTimeInput(time);
  return t.ok ? null : t.message;
}
