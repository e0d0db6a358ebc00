// What the finance side of the events pipeline has done, as database facts
// any host and instance can read: events committed but not yet published
// (the outbox) and how many the relay has published (finance_relay_progress,
// counted in the relay's own transaction). The ops service reads them through
// the private endpoint below.
import { api } from "encore.dev/api";
import { db } from "../../database.ts";
import type { Queryer } from "../shared/db.ts";

// The count is capped so a huge backlog cannot make the sample itself slow;
// the oldest event is found through the primary key, not a scan of created_at.
const OUTBOX_COUNT_CAP = 100_000;

/** Inside the relay's transaction: `n` more events went out. */
export async function recordPublished(q: Queryer, n: number): Promise<void> {
  await q.exec`UPDATE finance_relay_progress SET published_total = published_total + ${n}, last_published_at = now()`;
}

export interface FinancePipelineFigures {
  /** Events committed and not yet published (capped at 100,000). */
  outboxPending: number;
  /** Age of the oldest unpublished event; null when the outbox is empty. */
  outboxOldestAgeSeconds: number | null;
  /** Events the relay has published since the counter began (migration 20). */
  publishedTotal: number;
}

/** Internal: read by the ops service's monitor. */
export const pipelineProgress = api({ expose: false }, async (): Promise<FinancePipelineFigures> => {
  const row = await db.queryRow<FinancePipelineFigures>`
    SELECT (SELECT count(*) FROM (SELECT 1 FROM finance_outbox LIMIT ${OUTBOX_COUNT_CAP}) c)::int AS "outboxPending",
           extract(epoch FROM now() - (SELECT created_at FROM finance_outbox ORDER BY id LIMIT 1))::float8 AS "outboxOldestAgeSeconds",
           (SELECT published_total FROM finance_relay_progress)::float8 AS "publishedTotal"`;
  return row!;
});
