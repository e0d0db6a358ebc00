// Properties' opening cash (auth owns properties): the base of a cash book
// whose chain starts at its first day. Read through auth's internal
// endpoint (auth/internal-api.ts, ~encore/clients), not from the table.
//
// The fold needs it on every batch that re-chains from a property's first
// day, so values are cached per process for OPENING_CASH_TTL_MS: a batch
// costs one call only for properties not seen within the TTL. An opening
// cash changed by an admin reaches the fold within the TTL; reconciliation
// reads it fresh (never cached) and corrects any row chained from the old value.
import { LRUCache } from "lru-cache";
import { auth } from "~encore/clients";

const OPENING_CASH_TTL_MS = 60_000;

// Enough for every property a busy instance folds; an evicted one costs one lookup.
const cache = new LRUCache<string, number>({ max: 50_000, ttl: OPENING_CASH_TTL_MS });
const key = (orgId: string, propertyId: string) => `${orgId}|${propertyId}`;

/**
 * Opening cash per property id of the organisation. A property auth does not
 * know counts as 0 (a cash book is only ever folded for a property that
 * exists, so this only covers one removed by hand).
 */
export async function openingCashOf(orgId: string, propertyIds: string[], opts: { fresh?: boolean } = {}): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const missing: string[] = [];
  for (const id of new Set(propertyIds)) {
    const hit = opts.fresh ? undefined : cache.get(key(orgId, id));
    if (hit === undefined) missing.push(id);
    else out.set(id, hit);
  }
  if (missing.length > 0) {
    const { properties } = await auth.propertyOpeningCash({ orgId, propertyIds: missing });
    for (const p of properties) {
      const cents = Number(p.openingCashCents);
      cache.set(key(orgId, p.id), cents);
      out.set(p.id, cents);
    }
    for (const id of missing) if (!out.has(id)) out.set(id, 0);
  }
  return out;
}
