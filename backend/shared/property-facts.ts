// What other services need to know about a property (auth owns properties):
// name, time zone, currency, opening cash, whether archived. Read through
// auth's internal endpoint, bound by each service to its own client
// (finance/property-facts.ts, reports/property-facts.ts), and cached per
// process: a warm lookup costs no round trip.
//
// Freshness: auth's property writes (auth/admin.ts) call propertyChanged()
// after they commit, which drops the property from every reader in the
// process, so in one process (the standalone host, a monolith instance) an
// archive or a new time zone reaches the next write at once. A process that
// hosts finance or reports apart from auth, or another instance, sees it
// within PROPERTY_FACTS_TTL_MS (docs/architecture.md, "who reads what").
import { orgLookupCache, type OrgLookupCache } from "./org-lookup-cache.ts";

export const PROPERTY_FACTS_TTL_MS = 5_000;

export interface PropertyFacts { id: string; name: string; timezone: string; currency: string; openingCashCents: number; archived: boolean }

/** Where the facts come from: auth's internal endpoint, through the calling service's client; unknown ids (and other organisations' properties) are left out. */
export type PropertyFactsSource = (orgId: string, propertyIds: string[]) => Promise<PropertyFacts[]>;

export interface PropertyFactsReader {
  /** Facts of the organisation's properties among `propertyIds`; a property auth does not know in the organisation is absent. */
  factsOf(orgId: string, propertyIds: Iterable<string>): Promise<Map<string, PropertyFacts>>;
  /** One property's facts, or undefined when it is not the organisation's. */
  factOf(orgId: string, propertyId: string): Promise<PropertyFacts | undefined>;
}

const caches = new Set<OrgLookupCache<PropertyFacts>>();

/** Drops a property from every reader in this process (auth calls it after a property write commits). */
export function propertyChanged(orgId: string, propertyId: string): void {
  for (const c of caches) c.forget(orgId, propertyId);
}

export function propertyFactsReader(source: PropertyFactsSource, opts: { ttlMs?: number } = {}): PropertyFactsReader {
  const cache = orgLookupCache<PropertyFacts>({
    ttlMs: opts.ttlMs ?? PROPERTY_FACTS_TTL_MS,
    load: async (orgId, ids) => (await source(orgId, ids)).map((p) => [p.id, { ...p, openingCashCents: Number(p.openingCashCents) }]),
  });
  caches.add(cache);
  return {
    factsOf: (orgId, propertyIds) => cache.get(orgId, propertyIds),
    factOf: async (orgId, propertyId) => (await cache.get(orgId, [propertyId])).get(propertyId),
  };
}
