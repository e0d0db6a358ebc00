// ReportsCacheManager: an LRU of report results, 10,000
// entries, 15 s for a property's current business date, 2 min for history.
// AsyncCacheInvalidator: the cash-book fold enqueues
// invalidations and never waits; they are applied in batches of 50 on the
// shared group-commit primitive, grouped by organisation and property,
// retrying a failed batch.
// Two tiers: L1 here (per process), L2 in the cache cluster (shared by every
// instance, cache-l2.ts), both checked against the scope's version so a
// commit on any instance makes every copy stale; the database behind them.
import { AsyncLocalStorage } from "node:async_hooks";
import { LRUCache } from "lru-cache";
import log from "encore.dev/log";
import { CacheClusterTier, type SharedTier } from "./cache-l2.ts";
import { GroupCommit } from "../shared/group-commit.ts";
import { recordCacheInvalidations, recordCacheLookup, cacheEntries, setInvalidationQueueDepth } from "../shared/metrics.ts";

export type ReportKind = "daily" | "monthly" | "summary";

export const CACHE_MAX_ENTRIES = 10_000;
export const TODAY_TTL_MS = 15_000;
export const HISTORY_TTL_MS = 2 * 60_000;
export const DEFAULT_TTL_MS = 2 * 60_000;

export interface CacheKey { orgId: string; propertyId: string; kind: ReportKind; period: string }

const keyOf = (k: CacheKey) => `${k.orgId}|${k.propertyId}|${k.kind}|${k.period}`;

export interface Clock { now(): number }

interface L1Entry { value: object; version: number | null }

/** Set while cache-warming.ts recomputes a key: its lookups are not readers' lookups and stay out of the hit rate. */
export const warmingContext = new AsyncLocalStorage<true>();

export class ReportsCacheManager {
  private readonly lru: LRUCache<string, L1Entry>;
  /** Keys per org|property, so a property's entries can be dropped without scanning the cache. */
  private readonly byProperty = new Map<string, Set<string>>();
  /**
   * The local half of the rule in cache-l2.ts, which also holds with no shared
   * tier: a load that began before an invalidation of its scope is returned
   * but not cached. `epoch` counts invalidations; `lastInvalidated` holds the
   * epoch of each scope's latest one (bounded; an evicted scope counts as
   * invalidated at the highest epoch evicted, which only ever skips caching).
   */
  private epoch = 0;
  private evictedUpTo = 0;
  private readonly lastInvalidated = new LRUCache<string, number>({
    max: 100_000,
    dispose: (v, _k, reason) => { if (reason === "evict") this.evictedUpTo = Math.max(this.evictedUpTo, v); },
  });
  readonly stats = { hits: 0, l2Hits: 0, misses: 0, invalidations: 0, staleRejected: 0 };

  constructor(clock: Clock = performance, private readonly shared: SharedTier | null = null) {
    this.lru = new LRUCache<string, L1Entry>({
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

  private invalidatedSince(scopeKey: string, epoch: number): boolean {
    return (this.lastInvalidated.get(scopeKey) ?? this.evictedUpTo) > epoch;
  }

  /**
   * The cached value, or the loaded one, cached with the TTL its period calls
   * for: `isCurrentPeriod` is asked only on a miss, so a hit costs no query.
   * L1 (this process) → L2 (the cache cluster, shared) → `load` (the database).
   */
  async getOrLoad<T extends object>(key: CacheKey, isCurrentPeriod: boolean | ((value: T) => boolean), load: () => Promise<T>): Promise<T> {
    const k = keyOf(key);
    const counted = warmingContext.getStore() === undefined;
    const lookup = (hit: boolean) => { if (counted) recordCacheLookup(key.kind, hit); };
    const scopeKey = `${key.orgId}|${key.propertyId}`;
    const startEpoch = this.epoch;
    // Read before the database (rule 1 in cache-l2.ts).
    const version = this.shared ? await this.shared.versionOf(key.orgId, key.propertyId) : null;
    const hit = this.lru.get(k);
    if (hit !== undefined && (version === null || hit.version === version)) {
      lookup(true);
      if (counted) this.stats.hits++;
      return hit.value as T;
    }
    if (hit !== undefined) this.stats.staleRejected++;
    const l2Key = { orgId: key.orgId, scope: key.propertyId, kind: key.kind, period: key.period, version: version ?? 0 };
    if (this.shared && version !== null) {
      const shared = await this.shared.get(l2Key);
      if (shared !== undefined && !this.invalidatedSince(scopeKey, startEpoch)) {
        lookup(true);
        if (counted) this.stats.l2Hits++;
        // The L2 entry's TTL ran from its own write; L1 keeps it no longer than the shorter TTL.
        this.remember(k, scopeKey, { value: shared, version }, TODAY_TTL_MS);
        return shared as T;
      }
    }
    lookup(false);
    if (counted) this.stats.misses++;
    const value = await load();
    if (this.invalidatedSince(scopeKey, startEpoch)) return value;
    const current = typeof isCurrentPeriod === "function" ? isCurrentPeriod(value) : isCurrentPeriod;
    const ttl = current ? TODAY_TTL_MS : HISTORY_TTL_MS;
    this.remember(k, scopeKey, { value, version }, ttl);
    if (this.shared && version !== null) await this.shared.set(l2Key, value, ttl);
    return value;
  }

  private remember(k: string, scopeKey: string, entry: L1Entry, ttl: number): void {
    this.lru.set(k, entry, { ttl });
    let set = this.byProperty.get(scopeKey);
    if (!set) this.byProperty.set(scopeKey, (set = new Set()));
    set.add(k);
    cacheEntries.set(this.lru.size);
  }

  /**
   * Drops a property's entries whose period is on or after `fromDate` (a
   * change on D moves every later date and month), and the organisation's
   * summaries from that date on, in this process.
   */
  invalidate(orgId: string, propertyId: string, fromDate: string): number {
    this.epoch++;
    this.lastInvalidated.set(`${orgId}|${propertyId}`, this.epoch);
    this.lastInvalidated.set(`${orgId}|*`, this.epoch);
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

  /**
   * `invalidate` here, then the version bump that makes every instance's copies stale (rule 2 in
   * cache-l2.ts), carrying the commit's WAL position to every instance's read routing (read-routing.ts).
   */
  async invalidateEverywhere(orgId: string, propertyId: string, fromDate: string, commitLsn: bigint | null = null): Promise<number> {
    const n = this.invalidate(orgId, propertyId, fromDate);
    await this.shared?.bump(orgId, [propertyId, "*"], commitLsn);
    return n;
  }

  get size(): number { return this.lru.size; }
  clear(): void { this.lru.clear(); this.byProperty.clear(); }
}

/** `commitLsn`: the WAL position of the commit that made the change (null or absent: none to wait for). */
export interface Invalidation { orgId: string; propertyId: string; fromDate: string; commitLsn?: bigint | null }

const INVALIDATION_BATCH = 50;
const MAX_QUEUE = 100_000;
const RETRY_MS = 500;

/** Batches invalidations on the app's batching primitive (shared/group-commit.ts); see the top of this file. */
export class AsyncCacheInvalidator {
  private readonly commit: GroupCommit<Invalidation>;
  /** What arrived while the queue was full: one per property, from its earliest date, queued again as room frees. */
  private readonly overflow = new Map<string, Invalidation>();
  /** Told of each applied batch (coalesced), e.g. to warm the hot keys again (cache-warming.ts). */
  onApplied: ((items: Invalidation[]) => void) | null = null;
  readonly stats = { processed: 0, failures: 0, coalesced: 0 };

  constructor(private readonly cache: { invalidate(orgId: string, propertyId: string, fromDate: string, commitLsn: bigint | null): unknown }, private readonly maxQueue = MAX_QUEUE) {
    this.commit = new GroupCommit((batch) => this.apply(batch), {
      name: "cache invalidator", maxBatch: INVALIDATION_BATCH, maxWaitMs: 0, maxPending: maxQueue,
      onDepth: () => setInvalidationQueueDepth(this.depth),
    });
  }

  get depth(): number { return this.commit.depth + this.overflow.size; }

  /** Never blocks the caller. Beyond the queue's bound, invalidations coalesce per property from the earliest date. */
  enqueue(items: Invalidation[]): void {
    for (const item of items) {
      if (this.commit.depth < this.maxQueue) this.queue(item);
      else {
        const k = `${item.orgId}|${item.propertyId}`;
        this.overflow.set(k, merged(this.overflow.get(k), item));
        this.stats.coalesced++;
      }
    }
    setInvalidationQueueDepth(this.depth);
  }

  private queue(item: Invalidation): void {
    // Refused only while the process shuts down, when the cache goes with it.
    this.commit.add(item).catch((err) => log.warn(err, "cache invalidation not queued"));
  }

  /** Applies one batch, retrying until it succeeds (a skipped invalidation would leave a stale report), then queues overflow into the room it made. */
  private async apply(batch: Invalidation[]): Promise<void> {
    // Yield first so the fold that enqueued finishes before invalidation work starts.
    await new Promise((r) => setImmediate(r));
    const items = coalesce(batch);
    for (;;) {
      try {
        // Together, so the shared tier's version bumps for the batch go out as one flush (cache-l2.ts).
        await Promise.all(items.map((item) => this.cache.invalidate(item.orgId, item.propertyId, item.fromDate, item.commitLsn ?? null)));
        break;
      } catch (err) {
        this.stats.failures++;
        log.warn(err, "cache invalidation batch failed; retrying");
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
    this.stats.processed += batch.length;
    this.onApplied?.(items);
    this.refill();
  }

  private refill(): void {
    for (const [k, item] of this.overflow) {
      if (this.commit.depth >= this.maxQueue) break;
      this.overflow.delete(k);
      this.queue(item);
    }
  }

  /** Resolves when every queued invalidation has been applied. */
  async idle(): Promise<void> {
    do {
      this.refill();
      await this.commit.flush();
    } while (this.depth > 0);
  }
}

/** Two invalidations of one property as one: from the earlier date, to the later commit position. */
function merged(prev: Invalidation | undefined, next: Invalidation): Invalidation {
  if (!prev) return next;
  const a = prev.commitLsn ?? null, b = next.commitLsn ?? null;
  return { ...prev, fromDate: next.fromDate < prev.fromDate ? next.fromDate : prev.fromDate, commitLsn: a === null ? b : b === null || a > b ? a : b };
}

/** One invalidation per organisation and property (merged). */
function coalesce(items: Invalidation[]): Invalidation[] {
  const byProperty = new Map<string, Invalidation>();
  for (const i of items) {
    const k = `${i.orgId}|${i.propertyId}`;
    byProperty.set(k, merged(byProperty.get(k), i));
  }
  return [...byProperty.values()];
}

/** This instance's view of the cache cluster: cached reports, and the commit positions read routing goes by. */
export const reportsCacheTier = new CacheClusterTier();
export const reportsCache = new ReportsCacheManager(performance, reportsCacheTier);
export const cacheInvalidator = new AsyncCacheInvalidator({ invalidate: (o: string, p: string, f: string, lsn: bigint | null) => reportsCache.invalidateEverywhere(o, p, f, lsn) });
