// Property time zones as the create path last saw them. A create needs its
// property's zone before it writes (the business date is computed here and
// stored), and reading it is a round trip per request. The cached value is
// only a guess: the create statement (create-row.ts) writes nothing unless
// the property's zone in the database still equals it, and answers the zone
// it found, so a property whose zone changed heals on its next create.
import { LRUCache } from "lru-cache";

// Enough for every property a busy instance writes to; an evicted one costs one lookup.
const zones = new LRUCache<string, string>({ max: 50_000 });

const key = (orgId: string, propertyId: string) => `${orgId}|${propertyId}`;

export function cachedTimezone(orgId: string, propertyId: string): string | undefined {
  return zones.get(key(orgId, propertyId));
}

export function rememberTimezone(orgId: string, propertyId: string, timezone: string | null): void {
  if (timezone) zones.set(key(orgId, propertyId), timezone);
  else zones.delete(key(orgId, propertyId));
}
