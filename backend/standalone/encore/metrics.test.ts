// The standalone encore.dev/metrics writes into prom-client's default
// registry (where the app's /metrics finds it), and the bridge's query names
// stay short and free of literals.
import { describe, expect, it } from "vitest";
import { Counter, CounterGroup, Gauge, GaugeGroup } from "encore.dev/metrics";
import { register as registry } from "prom-client";
import { queryName } from "../runtime/metrics-bridge.ts";

describe("encore.dev/metrics on the standalone host", () => {
  it("records counters and gauges, with and without labels, in the default registry", async () => {
    new Counter("test_things_total").increment();
    new Counter("test_things_total").increment(2);
    new Gauge("test_level").set(7);
    const group = new CounterGroup<{ kind: string; ok: boolean; n: number }>("test_grouped_total");
    group.with({ kind: "a", ok: true, n: 1.7 }).increment();
    group.with({ kind: "a", ok: true, n: 1.7 }).increment();
    new GaugeGroup<{ kind: string }>("test_grouped_level").with({ kind: "b" }).set(3);
    const text = await registry.metrics();
    expect(text).toMatch(/^test_things_total 3$/m);
    expect(text).toMatch(/^test_level 7$/m);
    expect(text).toMatch(/^test_grouped_total\{kind="a",ok="true",n="1"\} 2$/m);
    expect(text).toMatch(/^test_grouped_level\{kind="b"\} 3$/m);
  });

  it("rejects names that are not snake_case", () => {
    expect(() => new Counter("Bad-Name").increment()).toThrow(/snake_case/);
  });
});

describe("queryName", () => {
  it("collapses whitespace, hides literals and keeps 40 characters", () => {
    expect(queryName("SELECT id\n   FROM users WHERE email = 'a@b.c' AND n = 42 AND x = $1")).toBe("SELECT id FROM users WHERE email = ? AND");
    expect(queryName("UPDATE t SET v = $1")).toBe("UPDATE t SET v = $1");
  });
});
