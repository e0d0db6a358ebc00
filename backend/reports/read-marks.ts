// Which reports someone reads. Cache warming (cache-warming.ts) recomputes a
// property's today and its organisation's summary after a change only if a
// reader asked for them within READ_WINDOW_MS on any instance: recomputing
// what nobody reads was most of warming's cost (in bench:write every fold
// batch recomputed each touched property's day and a 250-property summary
// that no client read).
// A read marks its scope in the cache cluster (shared by the instances) at
// most once per half window per process, so a busy report costs one cache
// write every few minutes, not one per read; the warmer asks for a batch's
// marks in one call. With the cluster unreachable (breaker open) the warmer
// goes by this process's own marks.
import { LRUCache } from "lru-cache";
import { expireIn } from "encore.dev/storage/cache";
import { breakerFor } from "../shared/circuit-breakers.ts";
import { envNumber } from "../shared/env.ts";
import { reportReads, type VersionKey } from "./cache-cluster.ts";
import { REDIS_BREAKER } from "./cache-l2.ts";

export const READ_WINDOW_MS = envNumber("CACHE_WARM_READ_WINDOW_MS", 600_000, { integer: true, min: 1_000 });

const breaker = breakerFor(REDIS_BREAKER);
const keyOf = (m: VersionKey) => `${m.orgId}|${m.scope}`;

export class ReadMarks {
  /** Scopes this process marked, for half the window (then a read marks again, renewing the shared mark). */
  private readonly marked = new LRUCache<string, true>({ max: 100_000, ttl: READ_WINDOW_MS / 2 });

  /** A reader read the scope's report (propertyId, or "*" for the summary). Never waits. */
  note(orgId: string, scope: string): void {
    const k = keyOf({ orgId, scope });
    if (this.marked.has(k)) return;
    this.marked.set(k, true);
    void breaker.call(() => reportReads.set({ orgId, scope }, 1, { expiry: expireIn(READ_WINDOW_MS) }), () => { this.marked.delete(k); });
  }

  /** For each scope, whether someone read it within the window (any instance). */
  async wereRead(scopes: VersionKey[]): Promise<boolean[]> {
    if (scopes.length === 0) return [];
    return breaker.call(
      async () => (await reportReads.multiGet(...scopes)).map((v, i) => v !== undefined || this.marked.has(keyOf(scopes[i]))),
      () => scopes.map((s) => this.marked.has(keyOf(s))),
    );
  }
}

export const readMarks = new ReadMarks();
