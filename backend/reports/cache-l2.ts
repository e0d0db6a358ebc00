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
// The bump also carries the commit's WAL position (cache-cluster.ts
// reportCommitPositions), which every instance's read routing compares with
// the replica's replay (read-routing.ts). It is written before the version:
// a reader that sees the new version reads a position at or past the commit,
// so a load it routes to a replica cannot have missed the commit.
// Positions are only raised, by increments (Encore's cache has no "max"): two
// instances raising one scope at the same moment can overshoot the true
// position, which only keeps the scope's reads on the primary until the WAL
// passes it; one instance's flushes run one after another and never overshoot.
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
import { reportCommitPositions, reportValues, reportVersions, type ReportValueKey, type VersionKey } from "./cache-cluster.ts";

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
  /**
   * Makes every cached value of these scopes stale on every instance, after raising their
   * commit position to `commitLsn` (null: the change has no WAL position to wait for).
   */
  bump(orgId: string, scopes: string[], commitLsn: bigint | null): Promise<void>;
  /** The WAL position of the scope's last commit (0n: none known), or null when the cluster cannot say. */
  commitPositionOf(orgId: string, scope: string): Promise<bigint | null>;
}

export class CacheClusterTier implements SharedTier {
  /** "org|scope" → the highest commit position among its bumps not yet in the cluster (0n: none). */
  private readonly pending = new Map<string, bigint>();
  private retryTimer: NodeJS.Timeout | null = null;
  private nextFlush: Promise<void> | null = null;
  private lastFlush: Promise<void> = Promise.resolve();

  constructor(
    private readonly breaker: GuardedDependency = breakerFor(REDIS_BREAKER),
    private readonly values: StructKeyspace<ReportValueKey, { value: object }> = reportValues,
    private readonly versions: IntKeyspace<VersionKey> = reportVersions,
    private readonly positions: IntKeyspace<VersionKey> = reportCommitPositions,
  ) {}

  async commitPositionOf(orgId: string, scope: string): Promise<bigint | null> {
    return this.breaker.call(async () => BigInt((await this.positions.get({ orgId, scope })) ?? 0), () => null);
  }

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
   * a breaker call per property. Flushes run one at a time (see the top).
   */
  bump(orgId: string, scopes: string[], commitLsn: bigint | null): Promise<void> {
    for (const scope of scopes) {
      const k = `${orgId}|${scope}`;
      const prev = this.pending.get(k) ?? 0n;
      this.pending.set(k, commitLsn !== null && commitLsn > prev ? commitLsn : prev);
    }
    return this.scheduleFlush();
  }

  private scheduleFlush(): Promise<void> {
    return (this.nextFlush ??= this.lastFlush.then(() => {
      this.nextFlush = null;
      return (this.lastFlush = this.flush().catch((err) => log.warn(err, "reports cache: version bump flush failed")));
    }));
  }

  /** Scopes whose bump has not reached the cluster yet. */
  get pendingBumps(): number { return this.pending.size; }

  private async flush(): Promise<void> {
    const items = [...this.pending];
    this.pending.clear();
    const failed: [string, bigint][] = [];
    for (let i = 0; i < items.length; i += BUMP_CHUNK) {
      const chunk = items.slice(i, i + BUMP_CHUNK);
      // A chunk that failed part-way is retried whole: a second bump of a scope only makes more copies stale.
      const ok = await this.breaker.call(async () => { await Promise.all(chunk.map(([item, lsn]) => this.bumpOne(item, lsn))); return true; }, () => false);
      if (!ok) failed.push(...chunk);
    }
    for (const [item, lsn] of failed) {
      const newer = this.pending.get(item) ?? 0n;
      this.pending.set(item, newer > lsn ? newer : lsn);
    }
    // Bounded: past the limit the oldest scopes are left to their TTL (see the rule above). Their
    // positions go too: other instances then rely on the replica's bounded lag (REPLICA_MAX_LAG_BYTES)
    // for them, as on the TTL for their copies; the instance that folded them still routes by its own.
    while (this.pending.size > PENDING_BUMPS_MAX) this.pending.delete(this.pending.keys().next().value!);
    if (this.pending.size > 0 && !this.retryTimer) {
      this.retryTimer = setTimeout(() => { this.retryTimer = null; void this.scheduleFlush(); }, BUMP_RETRY_MS);
      this.retryTimer.unref();
    }
  }

  private async bumpOne(item: string, commitLsn: bigint): Promise<void> {
    const [orgId, scope] = item.split("|");
    if (commitLsn > 0n) {
      // Before the version (see the top); increments only, so a concurrent raise is never undone.
      const at = await this.positions.increment({ orgId, scope }, 0);
      if (BigInt(at) < commitLsn) await this.positions.increment({ orgId, scope }, Number(commitLsn - BigInt(at)));
    }
    // An increment creates an absent counter at 1: move it to the clock, above
    // every value an expired predecessor had (a reader that saw 1 meanwhile
    // stored its value under a version no one will ask for again).
    if ((await this.versions.increment({ orgId, scope })) === 1) await this.versions.increment({ orgId, scope }, Date.now());
  }
}
