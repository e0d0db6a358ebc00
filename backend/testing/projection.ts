// Waits for the asynchronous side of a finance change: until the outbox is
// empty and the named subscriptions hold no message (each handler has
// committed its effect and acked), or until an aggregate's events are stored.
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

export function waitForProjection(subscriptions: string[] = ["reports-finance-subscriber"], timeoutMs = 20_000): Promise<void> {
  return poll(
    async () => (await db.queryRow<{ outbox: number; queued: number }>`
      SELECT (SELECT count(*) FROM finance_outbox)::int AS outbox,
             (SELECT count(*) FROM encore_pubsub_messages WHERE subscription = ANY(${subscriptions}::text[]))::int AS queued`)!,
    (r) => r.outbox === 0 && r.queued === 0,
    `${subscriptions.join(", ")} did not catch up`,
    timeoutMs,
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
