// ReportsCacheManager and AsyncCacheInvalidator with a controllable clock.
import { describe, expect, it } from "vitest";
import { AsyncCacheInvalidator, ReportsCacheManager, TODAY_TTL_MS, HISTORY_TTL_MS } from "./cache.ts";

function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

const key = (period: string, kind: "daily" | "monthly" | "summary" = "daily", propertyId = "1") => ({ orgId: "7", propertyId, kind, period });

describe("ReportsCacheManager", () => {
  it("serves a repeated read from the cache", async () => {
    const cache = new ReportsCacheManager(fakeClock());
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.getOrLoad(key("2026-11-01"), false, load)).toEqual({ n: 1 });
    expect(await cache.getOrLoad(key("2026-11-01"), false, load)).toEqual({ n: 1 });
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it("expires today's entries after 15 s and history after 2 min", async () => {
    const clock = fakeClock();
    const cache = new ReportsCacheManager(clock);
    let loads = 0;
    const load = async () => ({ n: ++loads });
    await cache.getOrLoad(key("2026-11-25"), true, load);
    await cache.getOrLoad(key("2026-11-01"), false, load);
    clock.advance(TODAY_TTL_MS - 1);
    await cache.getOrLoad(key("2026-11-25"), true, load);
    expect(loads).toBe(2);
    clock.advance(2);
    await cache.getOrLoad(key("2026-11-25"), true, load);
    expect(loads).toBe(3);
    clock.advance(HISTORY_TTL_MS - TODAY_TTL_MS - 10);
    await cache.getOrLoad(key("2026-11-01"), false, load);
    expect(loads).toBe(3);
    clock.advance(20);
    await cache.getOrLoad(key("2026-11-01"), false, load);
    expect(loads).toBe(4);
  });

  it("invalidates a property's dates and months from the changed date on, and the organisation's summaries", async () => {
    const cache = new ReportsCacheManager(fakeClock());
    const load = async () => ({});
    for (const k of [key("2026-10-31"), key("2026-11-02"), key("2026-11-03"), key("2026-10", "monthly"), key("2026-11", "monthly"), key("2026-11-05", "daily", "2"), key("2026-11-02~abc", "summary", "*"), key("today~abc", "summary", "*")]) {
      await cache.getOrLoad(k, false, load);
    }
    expect(cache.invalidate("7", "1", "2026-11-02")).toBe(5);
    expect(cache.size).toBe(3); // 10-31, month 10 and the other property's day remain
  });
});

describe("AsyncCacheInvalidator", () => {
  it("never makes the caller wait, groups by property, and retries a failing batch", async () => {
    const calls: string[] = [];
    let failOnce = true;
    const invalidator = new AsyncCacheInvalidator({
      invalidate: (org, prop, from) => {
        if (failOnce) { failOnce = false; throw new Error("injected"); }
        calls.push(`${org}/${prop}/${from}`);
        return 1;
      },
    });
    invalidator.enqueue([{ orgId: "1", propertyId: "1", fromDate: "2026-11-03" }, { orgId: "1", propertyId: "1", fromDate: "2026-11-01" }, { orgId: "1", propertyId: "2", fromDate: "2026-11-05" }]);
    expect(calls).toEqual([]); // enqueue returned before any invalidation ran
    await invalidator.idle();
    expect(calls.sort()).toEqual(["1/1/2026-11-01", "1/2/2026-11-05"]);
    expect(invalidator.stats).toMatchObject({ failures: 1, processed: 3 });
  });

  it("keeps its queue bounded: beyond it, invalidations coalesce per property and are all applied", async () => {
    const calls: string[] = [];
    const invalidator = new AsyncCacheInvalidator({ invalidate: (org, prop, from) => { calls.push(`${org}/${prop}/${from}`); return 1; } }, 2);
    invalidator.enqueue([
      { orgId: "1", propertyId: "1", fromDate: "2026-11-09" }, { orgId: "1", propertyId: "2", fromDate: "2026-11-09" },
      { orgId: "1", propertyId: "3", fromDate: "2026-11-05" }, { orgId: "1", propertyId: "3", fromDate: "2026-11-02" }, { orgId: "1", propertyId: "3", fromDate: "2026-11-04" },
    ]);
    expect(invalidator.depth).toBe(3); // two queued, one coalesced
    expect(invalidator.stats.coalesced).toBe(3);
    await invalidator.idle();
    expect(invalidator.depth).toBe(0);
    expect(calls.sort()).toEqual(["1/1/2026-11-09", "1/2/2026-11-09", "1/3/2026-11-02"]);
  });
});
