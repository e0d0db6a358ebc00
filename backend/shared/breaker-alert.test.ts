// The circuit-breaker alert rule over breaker states, and a real breaker driven open by failures.
import { afterEach, describe, expect, it } from "vitest";
import { evaluateBreakerAlert } from "./breaker-alert.ts";
import { breakerFor, breakerStates, type BreakerState } from "./circuit-breakers.ts";

const state = (name: string, s: BreakerState["state"], since: string | null): BreakerState => ({ name, state: s, since, failures: 0, opened: 0 });

afterEach(() => { delete process.env.ALERT_BREAKER_OPEN_MAX_S; });

describe("circuit_breaker_open alert", () => {
  it("is quiet while every breaker is closed", () => {
    const a = evaluateBreakerAlert([state("redis", "closed", "2026-12-01T00:00:00.000Z"), state("replica", "closed", null)], Date.parse("2026-12-01T01:00:00Z"));
    expect(a).toMatchObject({ firing: false, value: 0, since: null, detail: null });
  });

  it("fires for open and half-open breakers past the threshold, naming them", () => {
    process.env.ALERT_BREAKER_OPEN_MAX_S = "30";
    const now = Date.parse("2026-12-01T01:00:00Z");
    const a = evaluateBreakerAlert([
      state("redis", "open", "2026-12-01T00:59:00.000Z"),
      state("replica", "half-open", "2026-12-01T00:59:50.000Z"), // 10 s: not yet
      state("other", "closed", "2026-12-01T00:00:00.000Z"),
    ], now);
    expect(a).toMatchObject({ firing: true, value: 1, threshold: 30, since: "2026-12-01T00:59:00.000Z" });
    expect(a.detail).toBe("redis open since 2026-12-01T00:59:00.000Z");
  });

  it("sees a real breaker opened by consecutive failures, and the fallback answers every call", async () => {
    const b = breakerFor("test-alert-dependency", { failures: 2, halfOpenAfterMs: 60_000, callTimeoutMs: 200 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await b.call(async () => { throw new Error("down"); }, () => "fallback"));
    expect(results).toEqual(["fallback", "fallback", "fallback", "fallback"]);
    expect(breakerStates().find((s) => s.name === "test-alert-dependency")).toMatchObject({ state: "open", opened: 1, failures: 4 });
    const a = evaluateBreakerAlert();
    expect(a.firing).toBe(true);
    expect(a.detail).toContain("test-alert-dependency open");
  });
});
