// The two-tier reports cache against real Redis: two cache managers stand for
// two instances sharing the machine's Redis (a key prefix of this file's
// own); the invalidation/read race; and a Redis of the test's own stopped
// mid-run (breaker opens, reads keep succeeding, breaker closes after it returns).
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { CacheCluster, IntKeyspace, StructKeyspace, expireInMinutes } from "encore.dev/storage/cache";
import { closeCacheClusters } from "../standalone/encore/cache.ts";
import { freePort, startRedis, stopRedis } from "../standalone/testing/redis-server.ts";
import { AsyncCacheInvalidator, ReportsCacheManager } from "./cache.ts";
import { CacheClusterTier } from "./cache-l2.ts";
import type { ReportValueKey, VersionKey } from "./cache-cluster.ts";
import { breakerFor, breakerStates } from "../shared/circuit-breakers.ts";

const MACHINE_REDIS = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test:${randomUUID()}:`;

function keyspacesOn(url: string, name: string) {
  const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_KEY_PREFIX };
  process.env.REDIS_URL = url;
  process.env.REDIS_KEY_PREFIX = prefix;
  try {
    const cluster = new CacheCluster(name);
    return {
      values: new StructKeyspace<ReportValueKey, { value: object }>(cluster, { keyPattern: "report/:orgId/:scope/:kind/:period/:version", defaultExpiry: expireInMinutes(2) }),
      versions: new IntKeyspace<VersionKey>(cluster, { keyPattern: "version/:orgId/:scope" }),
      positions: new IntKeyspace<VersionKey>(cluster, { keyPattern: "commit-lsn/:orgId/:scope" }),
    };
  } finally {
    if (saved.url === undefined) delete process.env.REDIS_URL; else process.env.REDIS_URL = saved.url;
    if (saved.prefix === undefined) delete process.env.REDIS_KEY_PREFIX; else process.env.REDIS_KEY_PREFIX = saved.prefix;
  }
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

afterAll(async () => {
  await closeCacheClusters();
  const raw = new Redis(MACHINE_REDIS);
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length) await raw.del(...keys);
  raw.disconnect();
});

const key = { orgId: "org-1", propertyId: "prop-1", kind: "daily" as const, period: "2026-11-02" };

describe("reports cache across instances (machine Redis)", () => {
  const ks = keyspacesOn(MACHINE_REDIS, "reports-cache-test");
  const instance = (name: string) => new ReportsCacheManager(performance, new CacheClusterTier(breakerFor(`test-${name}`), ks.values, ks.versions, ks.positions));

  it("a value loaded on A is an L2 hit on B; a commit on B makes A's L1 copy stale", async () => {
    const a = instance("a1"), b = instance("b1");
    let closing = 100;
    const load = async () => ({ closing });
    expect(await a.getOrLoad(key, false, load)).toEqual({ closing: 100 });
    closing = 999; // B would see the change only by loading: it must not need to
    expect(await b.getOrLoad(key, false, load)).toEqual({ closing: 100 });
    expect(b.stats).toMatchObject({ l2Hits: 1, misses: 0 });
    // A commit on B (the database changes, then B invalidates everywhere).
    closing = 250;
    await b.invalidateEverywhere(key.orgId, key.propertyId, key.period);
    expect(await a.getOrLoad(key, false, load)).toEqual({ closing: 250 });
    expect(a.stats.staleRejected).toBe(1);
    expect(await b.getOrLoad(key, false, load)).toEqual({ closing: 250 });
  });

  it("a commit on any property makes the organisation's summaries stale everywhere", async () => {
    const a = instance("a2"), b = instance("b2");
    const summaryKey = { orgId: "org-2", propertyId: "*", kind: "summary" as const, period: "today~x" };
    let total = 1;
    const load = async () => ({ total });
    await a.getOrLoad(summaryKey, true, load);
    total = 2;
    await b.invalidateEverywhere("org-2", "some-property", "2026-11-02");
    expect(await a.getOrLoad(summaryKey, true, load)).toEqual({ total: 2 });
  });

  it("race: a read that began before a commit never leaves its stale value behind (on either instance)", async () => {
    const a = instance("a3"), b = instance("b3");
    const raceKey = { ...key, orgId: "org-3" };
    let closing = 100;
    // B starts a read: it reads the version, then the database (old value), and is slow to finish.
    const gate = deferred<void>();
    const slowRead = b.getOrLoad(raceKey, false, async () => { const seen = closing; await gate.promise; return { closing: seen }; });
    await new Promise((r) => setTimeout(r, 50));
    // Meanwhile A commits and invalidates everywhere.
    closing = 200;
    await a.invalidateEverywhere(raceKey.orgId, raceKey.propertyId, raceKey.period);
    // The slow read now finishes and tries to cache what it read before the commit.
    gate.resolve();
    expect(await slowRead).toEqual({ closing: 100 }); // it answers its own request with what it read...
    const load = async () => ({ closing });
    // ...but neither instance serves that value afterwards, from L1 or L2.
    expect(await b.getOrLoad(raceKey, false, load)).toEqual({ closing: 200 });
    expect(await a.getOrLoad(raceKey, false, load)).toEqual({ closing: 200 });
  });

  it("race without a shared tier: a load that began before a local invalidation is not cached", async () => {
    const local = new ReportsCacheManager(performance, null);
    const raceKey = { ...key, orgId: "org-4" };
    let closing = 1;
    const gate = deferred<void>();
    const slow = local.getOrLoad(raceKey, false, async () => { const seen = closing; await gate.promise; return { closing: seen }; });
    closing = 2;
    local.invalidate(raceKey.orgId, raceKey.propertyId, raceKey.period);
    gate.resolve();
    await slow;
    expect(await local.getOrLoad(raceKey, false, async () => ({ closing }))).toEqual({ closing: 2 });
  });

  it("a version lost from Redis restarts above every value it had", async () => {
    const a = instance("a5");
    const raceKey = { ...key, orgId: "org-5" };
    let closing = 1;
    await a.getOrLoad(raceKey, false, async () => ({ closing }));
    const before = await ks.versions.get({ orgId: "org-5", scope: key.propertyId });
    await ks.versions.delete({ orgId: "org-5", scope: key.propertyId });
    closing = 2;
    // The commit's bump finds no counter: it is re-created at the clock, above `before`.
    await a.invalidateEverywhere("org-5", key.propertyId, key.period);
    const after = await ks.versions.get({ orgId: "org-5", scope: key.propertyId });
    expect(after!).toBeGreaterThan(before!);
    const other = instance("b5");
    expect(await other.getOrLoad(raceKey, false, async () => ({ closing }))).toEqual({ closing: 2 });
  });
  it("a batch of invalidations bumps every property's version (and the organisation's) in one flush", async () => {
    const a = instance("a6");
    const invalidator = new AsyncCacheInvalidator({ invalidate: (o: string, p: string, f: string) => a.invalidateEverywhere(o, p, f) });
    const properties = Array.from({ length: 450 }, (_, i) => `prop-batch-${i}`);
    const version = (scope: string) => ks.versions.get({ orgId: "org-6", scope });
    await ks.versions.set({ orgId: "org-6", scope: properties[0] }, 5_000);
    invalidator.enqueue(properties.map((propertyId) => ({ orgId: "org-6", propertyId, fromDate: "2026-11-02" })));
    await invalidator.idle();
    expect(await version(properties[0])).toBe(5_001);
    const created = await Promise.all(properties.slice(1).map(version));
    // Counters that did not exist are created at the clock, not at 1.
    for (const v of created) expect(v!).toBeGreaterThan(Date.now() - 60_000);
    expect(await version("*")).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("commit positions beside the versions (machine Redis)", () => {
  const ks = keyspacesOn(MACHINE_REDIS, "reports-cache-positions-test");
  const tier = (name: string) => new CacheClusterTier(breakerFor(`test-pos-${name}`), ks.values, ks.versions, ks.positions);

  it("every instance reads the newest commit position of a scope; an older one arriving later does not lower it", async () => {
    const a = tier("a"), b = tier("b");
    expect(await b.commitPositionOf("org-p1", "prop-1")).toBe(0n);
    await a.bump("org-p1", ["prop-1", "*"], 5_000_000_000n);
    expect(await b.commitPositionOf("org-p1", "prop-1")).toBe(5_000_000_000n);
    expect(await b.commitPositionOf("org-p1", "*")).toBe(5_000_000_000n);
    // B's fold committed earlier but its bump lands later.
    await b.bump("org-p1", ["prop-1", "*"], 4_000_000_000n);
    expect(await a.commitPositionOf("org-p1", "prop-1")).toBe(5_000_000_000n);
    // A change with no position (no replica) bumps the version and leaves the position.
    const v = await ks.versions.get({ orgId: "org-p1", scope: "prop-1" });
    await b.bump("org-p1", ["prop-1"], null);
    expect(await ks.versions.get({ orgId: "org-p1", scope: "prop-1" })).toBe(v! + 1);
    expect(await a.commitPositionOf("org-p1", "prop-1")).toBe(5_000_000_000n);
  });

  it("a batch of invalidations carries each property's newest position in the one flush", async () => {
    const cache = new ReportsCacheManager(performance, tier("c"));
    const invalidator = new AsyncCacheInvalidator({ invalidate: (o, p, f, lsn) => cache.invalidateEverywhere(o, p, f, lsn) });
    invalidator.enqueue([
      { orgId: "org-p2", propertyId: "prop-1", fromDate: "2026-11-03", commitLsn: 700n },
      { orgId: "org-p2", propertyId: "prop-1", fromDate: "2026-11-01", commitLsn: 900n },
      { orgId: "org-p2", propertyId: "prop-1", fromDate: "2026-11-02", commitLsn: null },
      { orgId: "org-p2", propertyId: "prop-2", fromDate: "2026-11-02", commitLsn: 800n },
    ]);
    await invalidator.idle();
    const other = tier("d");
    expect(await other.commitPositionOf("org-p2", "prop-1")).toBe(900n);
    expect(await other.commitPositionOf("org-p2", "prop-2")).toBe(800n);
    expect(await other.commitPositionOf("org-p2", "*")).toBe(900n);
  });

  it("a cluster that cannot answer gives no position (read routing then keeps to the primary)", async () => {
    const port = await freePort();
    const gone = keyspacesOn(`redis://127.0.0.1:${port}`, "reports-cache-positions-gone");
    const t = new CacheClusterTier(breakerFor("test-pos-gone", { failures: 1, halfOpenAfterMs: 60_000, callTimeoutMs: 300 }), gone.values, gone.versions, gone.positions);
    expect(await t.commitPositionOf("org-p3", "prop-1")).toBeNull();
  });
});

describe("Redis stopped mid-run (a Redis of the test's own)", () => {
  let redis: ChildProcess | null = null;
  afterAll(async () => { if (redis) await stopRedis(redis); });

  it("reads keep succeeding and stay correct, the breaker opens, and closes after Redis returns", async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const own = keyspacesOn(`redis://127.0.0.1:${port}`, "reports-cache-outage");
    const breaker = breakerFor("test-outage", { failures: 3, halfOpenAfterMs: 300, callTimeoutMs: 300 });
    const cache = new ReportsCacheManager(performance, new CacheClusterTier(breaker, own.values, own.versions, own.positions));
    let closing = 10;
    let loads = 0;
    const load = async () => { loads++; return { closing }; };
    expect(await cache.getOrLoad(key, false, load)).toEqual({ closing: 10 });
    expect(await cache.getOrLoad(key, false, load)).toEqual({ closing: 10 });
    expect(loads).toBe(1);
    expect(breaker.state).toBe("closed");

    await stopRedis(redis);
    redis = null;
    // Every read succeeds while Redis is gone; a commit here still invalidates this instance's L1.
    for (let i = 0; i < 6; i++) expect(await cache.getOrLoad(key, false, load)).toEqual({ closing });
    expect(breaker.state).toBe("open");
    expect(breakerStates().find((b) => b.name === "test-outage")).toMatchObject({ state: "open", opened: 1 });
    closing = 20;
    await cache.invalidateEverywhere(key.orgId, key.propertyId, key.period);
    expect(await cache.getOrLoad(key, false, load)).toEqual({ closing: 20 });

    redis = await startRedis(port);
    // The half-open probe succeeds once Redis answers; then the breaker closes.
    const deadline = Date.now() + 15_000;
    while (breaker.state !== "closed" && Date.now() < deadline) {
      expect(await cache.getOrLoad(key, false, load)).toEqual({ closing: 20 });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(breaker.state).toBe("closed");
    closing = 30;
    await cache.invalidateEverywhere(key.orgId, key.propertyId, key.period);
    expect(await cache.getOrLoad(key, false, load)).toEqual({ closing: 30 });
  });
});
