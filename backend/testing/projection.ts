// Waits for the asynchronous side of a finance change: until the cash book
// (and the event store) hold every committed event, or until an aggregate's
// events are stored.
import { SQLDatabase } from "encore.dev/storage/sqldb";

const db = SQLDatabase.named("hospitality");

async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return;
    if (Date.now() > until) throw new Error(`${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Until every committed finance event is folded into the cash book (the
 * outbox is empty and the fold has applied as many events as the relay
 * published: the app's own counters, so this holds on either runtime) and,
 * with `eventStore`, also stored in the event store.
 */
export function waitForProjection(opts: { eventStore?: boolean; timeoutMs?: number } = {}): Promise<void> {
  return poll(
    async () => (await db.queryRow<{ outbox: number; unfolded: number; unstored: number }>`
      SELECT (SELECT count(*) FROM finance_outbox)::int AS outbox,
             ((SELECT published_total FROM finance_relay_progress) - (SELECT folded_total FROM cash_book_fold_progress))::int AS unfolded,
             CASE WHEN ${opts.eventStore ?? false} THEN (SELECT count(*) FROM processed_events p
               WHERE p.subscription = 'reports-finance-subscriber' AND NOT EXISTS (SELECT 1 FROM domain_events d WHERE d.event_id = p.event_id))
             ELSE 0 END::int AS unstored`)!,
    (r) => r.outbox === 0 && r.unfolded === 0 && r.unstored === 0,
    `the cash book${opts.eventStore ? " and the event store" : ""} did not catch up`,
    opts.timeoutMs ?? 20_000,
  );
}

/** Until the event store holds at least `count` events of the transaction. */
export function waitForStoredEvents(transactionId: string, count: number, timeoutMs = 10_000): Promise<void> {
  return poll(
    async () => (await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE aggregate_id = ${transactionId}`)!.n,
    (n) => n >= count,
    `fewer than ${count} events stored for ${transactionId}`,
    timeoutMs,
  );
}
