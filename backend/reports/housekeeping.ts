// processed_events only has to outlive redelivery: pub/sub keeps an unacked
// message for its retention (7 days), so ids older than that can go.
import { db } from "../../database.ts";
import { every } from "../shared/lifecycle.ts";

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

every("prune processed_events", 60 * 60_000, pruneProcessedEvents);
