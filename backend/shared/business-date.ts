// Business dates: the calendar date of an instant in a property's IANA time
// zone (DST-correct through Intl), and date arithmetic on YYYY-MM-DD strings.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function businessDateOf(instant: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  // From the parts, not a formatted string: a locale prints year 1 as "1", and a
  // business date must never be computed from a formatted year.
  const parts = f.formatToParts(instant);
  const part = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

export function todayIn(timeZone: string, now = new Date()): string {
  return businessDateOf(now, timeZone);
}

/** Each date from `from` to `to`, both included; counted, not compared as strings, so it always ends. */
export function* datesFrom(from: string, to: string): Generator<string> {
  const n = daysBetween(from, to);
  for (let i = 0; i <= n; i++) yield addDays(from, i);
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86_400_000);
}
