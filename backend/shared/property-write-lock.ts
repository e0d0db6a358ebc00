// One lock per property that auth and finance both take, so auth's currency
// change cannot pass a finance write in flight: every finance write holds it
// shared for its transaction (finance/day-close.ts judge); a currency change
// holds it exclusively (auth/admin.ts) while it asks finance whether entries
// exist and commits. A transaction-scoped advisory lock in the one database
// both services use, keyed by organisation and property: no service locks
// another's rows for it.
import type { Queryer } from "./db.ts";

const keyOf = (p: { orgId: string; propertyId: string }) => `property-writes|${p.orgId}|${p.propertyId}`;

/**
 * Finance's side: the SQL expression that takes the lock shared for the row's
 * property, for the select list of the query that locks finance's settings
 * rows (so it costs no round trip of its own). The key is the one keyOf makes.
 */
export const holdPropertyWritesSql = (orgIdColumn: string, propertyIdColumn: string) =>
  `pg_advisory_xact_lock_shared(hashtextextended('property-writes|' || ${orgIdColumn}::text || '|' || ${propertyIdColumn}::text, 0))::text`;

/** Auth's side: exclusive, until the transaction ends; waits for the writes in flight. */
export async function excludePropertyWrites(q: Queryer, orgId: string, propertyId: string): Promise<void> {
  await q.queryRow<{ n: number }>`
    SELECT count(*)::int AS n FROM (SELECT hashtextextended(${keyOf({ orgId, propertyId })}, 0) AS h) o WHERE pg_advisory_xact_lock(o.h)::text = ''`;
}
