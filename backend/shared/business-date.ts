// Business dates: the calendar date of an instant in a property's IANA time
// zone (DST-correct through Intl), and date arithmetic on YYYY-MM-DD strings.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function businessDateOf(instant: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(instant);
}

export function todayIn(timeZone: string, now = new Date()): string {
  return businessDateOf(now, timeZone);
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86_400_000);
}
