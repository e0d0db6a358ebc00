// How many finance events the cash-book fold has applied, counted in the
// fold's own transaction, so that any host and instance can tell how many
// published events are not yet in the cash book (with finance's published
// count). The ops service reads it through the private endpoint below.
import { api } from "encore.dev/api";
import { db } from "../../database.ts";
import type { Queryer } from "../shared/db.ts";

/** Inside a fold batch's transaction, as its last statement (the row is held only for the commit): `n` events applied. */
export async function recordFolded(q: Queryer, n: number): Promise<void> {
  if (n === 0) return;
  await q.exec`UPDATE cash_book_fold_progress SET folded_total = folded_total + ${n}, last_folded_at = now()`;
}

export interface FoldProgress {
  /** Events the fold has applied since the counter began (migration 20). */
  foldedTotal: number;
  /** Seconds since a batch last applied anything; null before the first. */
  sinceLastFoldSeconds: number | null;
}

/** Internal: read by the ops service's monitor. */
export const foldProgress = api({ expose: false }, async (): Promise<FoldProgress> => {
  const row = await db.queryRow<FoldProgress>`
    SELECT folded_total::float8 AS "foldedTotal", extract(epoch FROM now() - last_folded_at)::float8 AS "sinceLastFoldSeconds"
      FROM cash_book_fold_progress`;
  return row ?? { foldedTotal: 0, sinceLastFoldSeconds: null };
});
