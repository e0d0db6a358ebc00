// ReportsCacheManager (roadmap §1.4): an LRU of report results, 10,000
// entries, 15 s for a property's current business date, 2 min for history.
// AsyncCacheInvalidator (roadmap §2.3): the cash-book fold enqueues
// invalidations and never waits; a worker applies them in batches of 50,
// grouped by organisation and property, retrying a failed batch.
import { LRUCache } from "lru-cache";
import log from "encore.dev/log";
import { recordCacheInvalidations, recordCacheLookup, cacheEntries, setInvalidationQueueDepth } from "../shared/metrics.ts";

export type ReportKind = "daily" | "monthly" | "summary";

export const CACHE_MAX_ENTRIES = 10_000;
export const TODAY_TTL_MS = 15_000;
export const HISTORY_TTL_MS = 2 * 60_000;
export const DEFAULT_TTL_MS = 2 * 60_000;

export interface CacheKey { orgId: string; propertyId: string; kind: ReportKind; period: string }

const keyOf = (k: CacheKey) => `${k.orgId}|${k.propertyId}|${k.kind}|${k.period}`;

export interface Clock { now(): number }

export class ReportsCacheManager {
  private readonly lru: LRUCache<string, object>;
  /** Keys per org|property, so a property's entries can be dropped without scanning the cache. */
  private readonly byProperty = new Map<string, Set<string>>();
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(clock: Clock = performance) {
    this.lru = new LRUCache<string, object>({
      max: CACHE_MAX_ENTRIES,
      ttl: DEFAULT_TTL_MS,
      ttlAutopurge: false,
      // Read the clock on every lookup (the default caches it for 1 ms), so a test clock is exact.
      ttlResolution: 0,
      perf: clock,
      dispose: (_v, key) => {
        const [org, prop] = key.split("|");
        this.byProperty.get(`${org}|${prop}`)?.delete(key);
      },
    });
  }

  /**
   * The cached value, or the loaded one, cached with the TTL its period calls
   * for: `isCurrentPeriod` is asked only on a miss, so a hit costs no query.
   */
  async getOrLoad<T extends object>(key: CacheKey, isCurrentPeriod: boolean | ((value: T) => boolean), load: () => Promise<T>): Promise<T> {
    const k = keyOf(key);
    const hit = this.lru.get(k) as T | undefined;
    recordCacheLookup(key.kind, hit !== undefined);
    if (hit !== undefined) {
      this.stats.hits++;
      return hit;
    }
    this.stats.misses++;
    const value = await load();
    const current = typeof isCurrentPeriod === "function" ? isCurrentPeriod(value) : isCurrentPeriod;
    this.lru.set(k, value, { ttl: current ? TODAY_TTL_MS : HISTORY_TTL_MS });
    const pk = `${key.orgId}|${key.propertyId}`;
    let set = this.byProperty.get(pk);
    if (!set) this.byProperty.set(pk, (set = new Set()));
    set.add(k);
    cacheEntries.set(this.lru.size);
    return value;
  }

  /**
   * Drops a property's entries whose period is on or after `fromDate` (a
   * change on D moves every later date and month), and the organisation's
   * summaries from that date on.
   */
  invalidate(orgId: string, propertyId: string, fromDate: string): number {
    const month = fromDate.slice(0, 7);
    let n = 0;
    for (const pk of [`${orgId}|${propertyId}`, `${orgId}|*`]) {
      for (const k of [...(this.byProperty.get(pk) ?? [])]) {
        const [, , kind, period] = k.split("|");
        const affected = kind === "monthly" ? period >= month : period >= fromDate || period.startsWith("today");
        if (affected && this.lru.delete(k)) n++;
      }
    }
    this.stats.invalidations += n;
    recordCacheInvalidations(n);
    cacheEntries.set(this.lru.size);
    return n;
  }

  get size(): number { return this.lru.size; }
  clear(): void { this.lru.clear(); this.byProperty.clear(); }
}

export interface Invalidation { orgId: string; propertyId: string; fromDate: string }

const INVALIDATION_BATCH = 50;
const MAX_QUEUE = 100_000;
const RETRY_MS = 500;

export class AsyncCacheInvalidator {
  private queue: Invalidation[] = [];
  private running: Promise<void> | null = null;
  readonly stats = { processed: 0, failures: 0, coalesced: 0 };

  constructor(private readonly cache: Pick<ReportsCacheManager, "invalidate">) {}

  get depth(): number { return this.queue.length; }

  /** Never blocks the caller. A full queue coalesces into per-property invalidations from the earliest date. */
  enqueue(items: Invalidation[]): void {
    this.queue.push(...items);
    if (this.queue.length > MAX_QUEUE) {
      this.queue = coalesce(this.queue);
      this.stats.coalesced++;
    }
    setInvalidationQueueDepth(this.queue.length);
    this.running ??= this.run().finally(() => { this.running = null; });
  }

  private async run(): Promise<void> {
    // Yield first so the fold that enqueued finishes before invalidation work starts.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, INVALIDATION_BATCH);
      try {
        for (const item of coalesce(batch)) this.cache.invalidate(item.orgId, item.propertyId, item.fromDate);
        this.stats.processed += batch.length;
      } catch (err) {
        this.stats.failures++;
        this.queue.unshift(...batch);
        log.warn(err, "cache invalidation batch failed; retrying");
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
      setInvalidationQueueDepth(this.queue.length);
    }
  }

  /** Resolves when every queued invalidation has been applied. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

/** One invalidation per organisation and property, from the earliest date. */
function coalesce(items: Invalidation[]): Invalidation[] {
  const byProperty = new Map<string, Invalidation>();
  for (const i of items) {
    const k = `${i.orgId}|${i.propertyId}`;
    const prev = byProperty.get(k);
    if (!prev || i.fromDate < prev.fromDate) byProperty.set(k, i);
  }
  return [...byProperty.values()];
}

export const reportsCache = new ReportsCacheManager();
export const cacheInvalidator = new AsyncCacheInvalidator(reportsCache);
