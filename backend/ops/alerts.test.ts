// Alert rules and the figures they use, on synthetic snapshots.
import { describe, expect, it } from "vitest";
import { evaluate, thresholds } from "./alerts.ts";
import { quantile, type Snapshot } from "./figures.ts";
import { scrapeAllowed } from "./scrape-auth.ts";
import { breakerFor, breakerStates, type BreakerState } from "../shared/circuit-breakers.ts";

function snap(at: number, over: Partial<Snapshot> = {}): Snapshot {
  return {
    at,
    pubsub: [],
    pool: { total: 10, idle: 8, waiting: 0, max: 100, usage: 0.02 },
    cache: { hits: 0, misses: 0, entries: 0, invalidations: 0, invalidationQueueDepth: 0 },
    corrections: { batches: 0, applied: 0, errors: 0, queueDepth: 0 },
    outbox: { pending: 0, oldestAgeSeconds: 0, unfolded: 0, secondsSinceLastFold: null },
    locks: { waiting: 0, maxWaitSeconds: 0 },
    http: { requests: 0, buckets: [[0.5, 0], [1, 0], [2, 0], [5, 0], [Infinity, 0]] },
    breakers: [],
    ...over,
  };
}
const t = { ...thresholds(), cacheWindowMs: 300_000, cacheMinLookups: 50, httpWindowMs: 300_000, httpMinRequests: 20 };

describe("quantile", () => {
  it("interpolates inside the bucket holding the rank, like histogram_quantile", () => {
    // 100 observations: 50 under 0.5 s, 50 between 1 and 2 s.
    expect(quantile(0.95, [[0.5, 50], [1, 50], [2, 100], [Infinity, 100]], null)).toBeCloseTo(1.9);
    expect(quantile(0.5, [[0.5, 50], [1, 50], [2, 100], [Infinity, 100]], null)).toBeCloseTo(0.5);
  });
  it("uses only observations after the baseline and returns null without any", () => {
    const before: [number, number][] = [[0.5, 90], [1, 90], [2, 90], [Infinity, 90]];
    expect(quantile(0.95, [[0.5, 90], [1, 90], [2, 90], [Infinity, 100]], before)).toBe(2);
    expect(quantile(0.95, before, before)).toBeNull();
  });
});

describe("evaluate", () => {
  it("fires the pool alert above 80 % and the dead-letter alert above 0", () => {
    const now = snap(1000, {
      pool: { total: 90, idle: 5, waiting: 3, max: 100, usage: 0.85 },
      pubsub: [{ subscription: "s1", processed: 0, errors: 0, deadLettered: 0, backlog: 10, inFlight: 0, deadLetters: 2 }],
    });
    const r = evaluate(now, [], t);
    expect(r.db_pool_usage).toMatchObject({ firing: true, value: 0.85 });
    expect(r.pubsub_dead_letters).toMatchObject({ firing: true, value: 2 });
    expect(r.pubsub_backlog).toMatchObject({ firing: false, value: 10 });
  });

  it("ignores a cache window with too few lookups and fires below 70 % once there are enough", () => {
    const base = snap(0);
    const few = snap(60_000, { cache: { hits: 10, misses: 30, entries: 0, invalidations: 0, invalidationQueueDepth: 0 } });
    expect(evaluate(few, [base], t).cache_hit_rate).toMatchObject({ firing: false, value: null });
    const many = snap(60_000, { cache: { hits: 30, misses: 30, entries: 0, invalidations: 0, invalidationQueueDepth: 0 } });
    expect(evaluate(many, [base], t).cache_hit_rate).toMatchObject({ firing: true, value: 0.5 });
  });

  it("measures the cache hit rate over the window only", () => {
    const old = snap(0, { cache: { hits: 0, misses: 1000, entries: 0, invalidations: 0, invalidationQueueDepth: 0 } });
    const inWindow = snap(400_000, { cache: { hits: 0, misses: 1000, entries: 0, invalidations: 0, invalidationQueueDepth: 0 } });
    const now = snap(600_000, { cache: { hits: 100, misses: 1010, entries: 0, invalidations: 0, invalidationQueueDepth: 0 } });
    const r = evaluate(now, [old, inWindow], t);
    expect(r.cache_hit_rate.value).toBeCloseTo(100 / 110);
    expect(r.cache_hit_rate.firing).toBe(false);
  });

  it("fires the latency alert when p95 over the window exceeds 2 s", () => {
    const base = snap(0);
    const slow = snap(60_000, { http: { requests: 40, buckets: [[0.5, 20], [1, 20], [2, 20], [5, 40], [Infinity, 40]] } });
    const r = evaluate(slow, [base], t);
    expect(r.http_p95_latency.firing).toBe(true);
    expect(r.http_p95_latency.value).toBeGreaterThan(2000);
  });

  it("fires the breaker alert while a breaker is open and lists it with the others", () => {
    const breakers = [{ name: "reports-cache-redis", state: "open" as const, since: new Date(500).toISOString(), failures: 5, opened: 1 }];
    const r = evaluate(snap(1000, { breakers }), [], t);
    expect(r.circuit_breaker_open).toMatchObject({ firing: true, value: 1 });
    expect(r.circuit_breaker_open.detail).toContain("reports-cache-redis open");
    expect(evaluate(snap(1000), [], t).circuit_breaker_open).toMatchObject({ firing: false, value: 0 });
  });

  it("reads figures the host does not export as null, never as firing", () => {
    const r = evaluate(snap(1000, { pubsub: null, pool: null, http: null }), [], t);
    for (const name of ["db_pool_usage", "http_p95_latency", "pubsub_dead_letters"] as const) {
      expect(r[name]).toMatchObject({ firing: false, value: null });
    }
  });

  it("fires the backlog alert from the database's pipeline figures where the host reports no queues (Encore)", () => {
    const outbox = { pending: 400, oldestAgeSeconds: 3, unfolded: 700, secondsSinceLastFold: 9 };
    const r = evaluate(snap(1000, { pubsub: null, outbox }), [], t);
    expect(r.pubsub_backlog).toMatchObject({ firing: true, value: 1100 });
    expect(r.pubsub_backlog.detail).toMatch(/not yet in the cash book/);
    expect(evaluate(snap(1000, { pubsub: null }), [], t).pubsub_backlog).toMatchObject({ firing: false, value: 0 });
  });
});

describe("scrapeAllowed", () => {
  it("accepts exactly the configured bearer token, and anything when none is configured", () => {
    expect(scrapeAllowed("Bearer s3cret", "s3cret")).toBe(true);
    expect(scrapeAllowed("bearer s3cret", "s3cret")).toBe(true);
    expect(scrapeAllowed("Bearer s3cre", "s3cret")).toBe(false);
    expect(scrapeAllowed("Bearer s3cret-and-more", "s3cret")).toBe(false);
    expect(scrapeAllowed("s3cret", "s3cret")).toBe(false);
    expect(scrapeAllowed(undefined, "s3cret")).toBe(false);
    expect(scrapeAllowed(undefined, "")).toBe(true);
  });
});

describe("circuit_breaker_open", () => {
  const state = (name: string, s: BreakerState["state"], since: string | null): BreakerState => ({ name, state: s, since, failures: 0, opened: 0 });

  it("is quiet while every breaker is closed", () => {
    const breakers = [state("redis", "closed", "2026-12-01T00:00:00.000Z"), state("replica", "closed", null)];
    expect(evaluate(snap(Date.parse("2026-12-01T01:00:00Z"), { breakers }), [], t).circuit_breaker_open).toMatchObject({ firing: false, value: 0, detail: null });
  });

  it("fires for open and half-open breakers past the threshold, naming them", () => {
    const breakers = [
      state("redis", "open", "2026-12-01T00:59:00.000Z"),
      state("replica", "half-open", "2026-12-01T00:59:50.000Z"), // 10 s: not yet
      state("other", "closed", "2026-12-01T00:00:00.000Z"),
    ];
    const r = evaluate(snap(Date.parse("2026-12-01T01:00:00Z"), { breakers }), [], { ...t, breakerOpenMaxS: 30 }).circuit_breaker_open;
    expect(r).toMatchObject({ firing: true, value: 1, threshold: 30 });
    expect(r.detail).toBe("redis open since 2026-12-01T00:59:00.000Z");
  });

  it("sees a real breaker opened by consecutive failures, and the fallback answers every call", async () => {
    const b = breakerFor("test-alert-dependency", { failures: 2, halfOpenAfterMs: 60_000, callTimeoutMs: 200 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await b.call(async () => { throw new Error("down"); }, () => "fallback"));
    expect(results).toEqual(["fallback", "fallback", "fallback", "fallback"]);
    expect(breakerStates().find((s) => s.name === "test-alert-dependency")).toMatchObject({ state: "open", opened: 1, failures: 4 });
    const r = evaluate(snap(Date.now(), { breakers: breakerStates() }), [], { ...t, breakerOpenMaxS: 0 }).circuit_breaker_open;
    expect(r.firing).toBe(true);
    expect(r.detail).toContain("test-alert-dependency open");
  });
});
