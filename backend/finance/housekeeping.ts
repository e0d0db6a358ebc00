// Idempotency keys protect retries, which come within minutes; a week is ample.
import { db } from "../../database.ts";
import { every } from "../shared/lifecycle.ts";

const KEEP_DAYS = 7;

export async function pruneIdempotencyKeys(): Promise<number> {
  const rows = await db.queryAll`
    DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => ${KEEP_DAYS}) RETURNING 1 AS x`;
  return rows.length;
}

every("prune idempotency keys", 60 * 60_000, pruneIdempotencyKeys);
