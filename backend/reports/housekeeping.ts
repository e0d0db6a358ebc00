// processed_events only has to outlive redelivery: pub/sub keeps an unacked
// message for its retention (7 days), so ids older than that can go.
// Encore runs it hourly as a cron job, once across all instances.
import { api } from "encore.dev/api";
import { CronJob } from "encore.dev/cron";
import { db } from "../../database.ts";

const KEEP_DAYS = 8;
const BATCH = 10_000;

export async function pruneProcessedEvents(): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.queryAll`
      DELETE FROM processed_events WHERE ctid IN (
        SELECT ctid FROM processed_events WHERE processed_at < now() - make_interval(days => ${KEEP_DAYS}) LIMIT ${BATCH})
      RETURNING 1 AS x`;
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}

export interface PruneResult { deleted: number }

/** Internal: the cron job's target. */
export const pruneProcessed = api({ expose: false }, async (): Promise<PruneResult> => ({ deleted: await pruneProcessedEvents() }));

export const pruneProcessedJob = new CronJob("reports-prune-processed-events", {
  title: "Delete processed-event ids older than redelivery can reach",
  every: "1h",
  endpoint: pruneProcessed,
});
