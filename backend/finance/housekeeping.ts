// Idempotency keys protect retries, which come within minutes; a week is ample.
// Encore runs it hourly as a cron job, once across all instances.
import { api } from "encore.dev/api";
import { CronJob } from "encore.dev/cron";
import { db } from "../../database.ts";

const KEEP_DAYS = 7;

export async function pruneIdempotencyKeys(): Promise<number> {
  const rows = await db.queryAll`
    DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => ${KEEP_DAYS}) RETURNING 1 AS x`;
  return rows.length;
}

export interface PruneResult { deleted: number }

/** Internal: the cron job's target. */
export const pruneIdempotency = api({ expose: false }, async (): Promise<PruneResult> => ({ deleted: await pruneIdempotencyKeys() }));

export const pruneIdempotencyJob = new CronJob("finance-prune-idempotency-keys", {
  title: "Delete idempotency keys older than any retry",
  every: "1h",
  endpoint: pruneIdempotency,
});
