// Properties' opening cash (auth owns properties): the base of a cash book
// whose chain starts at its first day. Read through auth's internal
// endpoint (auth/internal-api.ts, ~encore/clients), not from the table.
//
// The fold needs it on every batch that re-chains from a property's first
// day, so values are cached per process for OPENING_CASH_TTL_MS: a batch
// costs one call for all its properties not seen within the TTL, across
// organisations (one call per organisation stalled the fold for over a
// second when the TTL of 500 one-property organisations ran out at once). An opening
// cash changed by an admin reaches the fold within the TTL; reconciliation
// reads it fresh (never cached) and corrects any row chained from the old value.
import { LRUCache } from "lru-cache";
import { auth } from "~encore/clients";

const OPENING_CASH_TTL_MS = 60_000;

// Enough for every property a busy instance folds; an evicted one costs one lookup.
const cache = new LRUCache<string, number>({ max: 50_000, ttl: OPENING_CASH_TTL_MS });
const key = (orgId: string, propertyId: string) => `${orgId}|${propertyId}`;

/**
 * Opening cash per property id of the given (organisation, property) pairs,
 * in one call for all that miss, whatever their organisations. A property auth
 * does not know counts as 0 (a cash book is only ever folded for a property
 * that exists, so this only covers one removed by hand).
 */
export async function openingCashOf(pairs: { orgId: string; propertyId: string }[], opts: { fresh?: boolean } = {}): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const missing = new Map<string, { orgId: string; propertyId: string }>();
  for (const p of pairs) {
    const k = key(p.orgId, p.propertyId);
    const hit = opts.fresh ? undefined : cache.get(k);
    if (hit === undefined) missing.set(k, { orgId: p.orgId, propertyId: p.propertyId });
    else out.set(p.propertyId, hit);
  }
  if (missing.size > 0) {
    const { properties } = await auth.openingCashOfProperties({ properties: [...missing.values()] });
    for (const p of properties) {
      const cents = Number(p.openingCashCents);
      cache.set(key(p.orgId, p.id), cents);
      out.set(p.id, cents);
    }
    for (const p of missing.values()) if (!out.has(p.propertyId)) out.set(p.propertyId, 0);
  }
  return out;
}
