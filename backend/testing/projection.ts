// Waits until every committed finance change has reached the cash book: the
// outbox is empty and the reports subscription holds no message.
import { SQLDatabase } from "encore.dev/storage/sqldb";

const db = SQLDatabase.named("hospitality");

export async function waitForProjection(timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.queryRow<{ outbox: number; queued: number }>`
      SELECT (SELECT count(*) FROM finance_outbox)::int AS outbox,
             (SELECT count(*) FROM encore_pubsub_messages WHERE subscription = 'reports-finance-subscriber')::int AS queued`;
    if (row!.outbox === 0 && row!.queued === 0) return;
    if (Date.now() > until) throw new Error(`projection did not catch up: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
