// The shared tier of the reports cache: values in the cache cluster under a
// per-property (and per-organisation) version, behind a circuit breaker.
//
// The rule that keeps an invalidation from being overwritten by a slower read:
//   1. A reader reads the version V of its scope BEFORE it reads the database,
//      and stores what it read only under V (L2 key and L1 entry).
//   2. A writer bumps the version AFTER its cash-book transaction commits.
//   3. A cached value is served only while its version is the current one.
// So a read that began before a commit either saw the commit (its value is
// fresh) or carries the old version, which no reader accepts once the bump
// is done: stale values become unreachable instead of having to be deleted,
// and the bump is the one L2 operation per commit ("L2 once").
// A version is created at the clock in milliseconds, not at 0, so a counter
// lost to expiry, eviction or a Redis restart restarts above every value an
// old entry on some instance could still carry.
//
// When the cache cluster fails (breaker open), reads go to L1 and the
// database and bumps are kept and retried; until a retry lands, other
// instances can serve their copies for at most their TTL (15 s today, 2 min
// history), this instance's own invalidations are exact throughout.
import log from "encore.dev/log";
import { CacheKeyExists, expireIn, type IntKeyspace, type StructKeyspace } from "encore.dev/storage/cache";
import { Counter } from "prom-client";
import { breakerFor, type GuardedDependency } from "../shared/circuit-breakers.ts";
import { registry } from "../shared/metrics.ts";
import { reportValues, reportVersions, type ReportValueKey, type VersionKey } from "./cache-cluster.ts";

export const REDIS_BREAKER = "reports-cache-redis";
const PENDING_BUMPS_MAX = 10_000;
const BUMP_RETRY_MS = 1_000;
/** Bumps per breaker call (each call is bounded by the breaker's timeout). */
const BUMP_CHUNK = 200;

const l2Requests = new Counter({ name: "reports_cache_l2_requests_total", help: "Second-level (shared) reports cache lookups by result", labelNames: ["result"] as const, registers: [registry] });

export interface SharedTier {
  /** The current version of a scope, or null when the cluster cannot say (breaker open, failure). */
  versionOf(orgId: string, scope: string): Promise<number | null>;
  get(key: ReportValueKey): Promise<object | undefined>;
  set(key: ReportValueKey, value: object, ttlMs: number): Promise<void>;
  /** Makes every cached value of these scopes stale on every instance. */
  bump(orgId: string, scopes: string[]): Promise<void>;
}

export class CacheClusterTier implements SharedTier {
  private readonly pending = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private nextFlush: Promise<void> | null = null;

  constructor(
    private readonly breaker: GuardedDependency = breakerFor(REDIS_BREAKER),
    private readonly values: StructKeyspace<ReportValueKey, { value: object }> = reportValues,
    private readonly versions: IntKeyspace<VersionKey> = reportVersions,
  ) {}

  async versionOf(orgId: string, scope: string): Promise<number | null> {
    return this.breaker.call(async () => {
      const v = await this.versions.get({ orgId, scope });
      if (v !== undefined) return v;
      await this.versions.setIfNotExists({ orgId, scope }, Date.now()).catch((err) => { if (!(err instanceof CacheKeyExists)) throw err; });
      return (await this.versions.get({ orgId, scope })) ?? null;
    }, () => null);
  }

  async get(key: ReportValueKey): Promise<object | undefined> {
    const hit = await this.breaker.call(() => this.values.get(key), () => undefined);
    l2Requests.inc({ result: hit ? "hit" : "miss" });
    return hit?.value;
  }

  async set(key: ReportValueKey, value: object, ttlMs: number): Promise<void> {
    await this.breaker.call(() => this.values.set(key, { value }, { expiry: expireIn(ttlMs) }), (err) => {
      log.debug("reports cache: L2 write skipped", { key, error: String(err) });
    });
  }

  /**
   * Bumps made in the same tick share one flush (the invalidator applies a
   * batch's properties together), so a fold that touched many properties
   * costs one breaker call per chunk rather than several cache operations and
   * a breaker call per property.
   */
  bump(orgId: string, scopes: string[]): Promise<void> {
    for (const scope of scopes) this.pending.add(`${orgId}|${scope}`);
    return (this.nextFlush ??= Promise.resolve().then(() => {
      this.nextFlush = null;
      return this.flush();
    }));
  }

  /** Scopes whose bump has not reached the cluster yet. */
  get pendingBumps(): number { return this.pending.size; }

  private async flush(): Promise<void> {
    const items = [...this.pending];
    this.pending.clear();
    const failed: string[] = [];
    for (let i = 0; i < items.length; i += BUMP_CHUNK) {
      const chunk = items.slice(i, i + BUMP_CHUNK);
      // A chunk that failed part-way is retried whole: a second bump of a scope only makes more copies stale.
      const ok = await this.breaker.call(async () => { await Promise.all(chunk.map((item) => this.bumpOne(item))); return true; }, () => false);
      if (!ok) failed.push(...chunk);
    }
    for (const item of failed) this.pending.add(item);
    // Bounded: past the limit the oldest scopes are left to their TTL (see the rule above).
    while (this.pending.size > PENDING_BUMPS_MAX) this.pending.delete(this.pending.values().next().value!);
    if (this.pending.size > 0 && !this.retryTimer) {
      this.retryTimer = setTimeout(() => { this.retryTimer = null; this.flush().catch((err) => log.warn(err, "reports cache: version bump retry failed")); }, BUMP_RETRY_MS);
      this.retryTimer.unref();
    }
  }

  private async bumpOne(item: string): Promise<void> {
    const [orgId, scope] = item.split("|");
    // An increment creates an absent counter at 1: move it to the clock, above
    // every value an expired predecessor had (a reader that saw 1 meanwhile
    // stored its value under a version no one will ask for again).
    if ((await this.versions.increment({ orgId, scope })) === 1) await this.versions.increment({ orgId, scope }, Date.now());
  }
}
