// A time of day for a test entry that the API will accept whenever the test
// runs: the API refuses a received-at in the future, so "10:00 today at the
// property" fails between midnight and 10:00 there (18:30–04:30 UTC for India).
// The given instant, or now if it is later than now (now is still on today's
// business date, so the entry keeps its date).
export function notInFuture(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) throw new Error(`not a time: ${iso}`);
  return t.getTime() > Date.now() ? new Date().toISOString() : t.toISOString();
}
