// A per-process cache of facts another service owns, keyed by organisation
// and id, filled in batches: one lookup for all the ids of a read that are
// not cached. What is not found is not cached, so it is asked again.
import { LRUCache } from "lru-cache";

export interface OrgLookupCache<V> {
  /** Values of the organisation's ids among `ids`; an id the source does not know is absent. */
  get(orgId: string, ids: Iterable<string>): Promise<Map<string, V>>;
  /** Forgets one id (its owner changed it). */
  forget(orgId: string, id: string): void;
}

export function orgLookupCache<V>(opts: { ttlMs: number; max?: number; load: (orgId: string, ids: string[]) => Promise<[string, V][]> }): OrgLookupCache<V> {
  // The default holds every user or property a busy instance touches; an evicted one costs a place in the next lookup.
  const cache = new LRUCache<string, { v: V }>({ max: opts.max ?? 50_000, ttl: opts.ttlMs });
  const key = (orgId: string, id: string) => `${orgId}|${id}`;
  return {
    async get(orgId, ids) {
      const out = new Map<string, V>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const hit = cache.get(key(orgId, id));
        if (hit === undefined) missing.push(id);
        else out.set(id, hit.v);
      }
      if (missing.length > 0) {
        for (const [id, v] of await opts.load(orgId, missing)) {
          cache.set(key(orgId, id), { v });
          out.set(id, v);
        }
      }
      return out;
    },
    forget: (orgId, id) => { cache.delete(key(orgId, id)); },
  };
}
