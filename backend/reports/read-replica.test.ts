// Report reads with a real streaming replica (streaming-replica.ts) of a
// primary of this file's own: a write followed at once by its report read
// returns the new figures while the replica's replay is paused; with the
// replica stopped reports are still served (from the primary), the
// database-replica breaker opens, its alert fires, and both clear once the
// replica is back; a fold on this app's instance, read at once through a
// second instance's routing (a router of its own over the same cache cluster),
// also gets the new figures while the replica lags.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { rmSync } from "node:fs";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../standalone/runtime/embedded-postgres.ts";
import { startStreamingReplica, type StreamingReplica } from "../standalone/runtime/streaming-replica.ts";
import { migrate } from "../standalone/runtime/migrate.ts";
import { APP_ROOT } from "../standalone/runtime/host.ts";
import { freePort } from "../standalone/testing/redis-server.ts";
import { createOrg, startApp, type Call, type Org, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { ReadRouter, readRouter } from "./read-routing.ts";
import { CacheClusterTier } from "./cache-l2.ts";
import { cacheInvalidator } from "./cache.ts";
import { breakerFor } from "../shared/circuit-breakers.ts";
import { db, replicaDb } from "../../database.ts";
import type { Queryer } from "../shared/db.ts";
import { addDays } from "../shared/business-date.ts";

const OPS_TOKEN = "test-ops-token-replica-0123456789";
process.env.OpsToken = OPS_TOKEN;
process.env.ALERT_EVAL_INTERVAL_MS = "100";
process.env.METRICS_SAMPLE_INTERVAL_MS = "100";
process.env.REPLICA_PROBE_MS = "50";
process.env.REPLICA_BREAKER_FAILURES = "1";
process.env.REPLICA_BREAKER_HALF_OPEN_AFTER_MS = "200";
process.env.DB_POOL_MIN = "0";

const primaryDir = resolve(APP_ROOT, `.data/replica-test-primary-${process.pid}`);
const standbyDir = resolve(APP_ROOT, `.data/replica-test-standby-${process.pid}`);
let primary: EmbeddedDatabase;
let replica: StreamingReplica;
let replicaAdmin: pg.Client;
let app: TestApp;
let call: Call;
let org: Org;
let hotel: string;

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, tries = 200): Promise<T> {
  let v = await fn();
  for (let i = 0; i < tries && !ok(v); i++) { await new Promise((r) => setTimeout(r, 50)); v = await fn(); }
  return v;
}

async function metric(name: string, labels: string): Promise<number | null> {
  const text = await (await fetch(app.host.url + "/metrics", { headers: { authorization: `Bearer ${OPS_TOKEN}` } })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").pop()) : null;
}

beforeAll(async () => {
  rmSync(primaryDir, { recursive: true, force: true });
  primary = await startEmbeddedPostgres({ dataDir: primaryDir, port: await freePort(), database: "hospitality" });
  await migrate(primary.url, resolve(APP_ROOT, "migrations"));
  replica = await startStreamingReplica({ primaryUrl: primary.url, primaryDataDir: primaryDir, dataDir: standbyDir, port: await freePort(), database: "hospitality" });
  replicaAdmin = new pg.Client({ connectionString: replica.url });
  await replicaAdmin.connect();
  process.env.DATABASE_URL = primary.url;
  process.env.DATABASE_REPLICA_URL = replica.url;
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Hotel", timezone: "Asia/Kolkata", openingCashCents: 100_000 }] });
  hotel = org.properties[0].id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await replicaAdmin?.end().catch(() => {});
  await replica?.remove().catch(() => {});
  await primary?.stop().catch(() => {});
  rmSync(primaryDir, { recursive: true, force: true });
});

const revenue = (amountCents: number) => call("POST", "/finance/revenues", { token: org.admin.token, body: { propertyId: hotel, amountCents, paymentMode: "cash", bankReference: null, source: "room", occurredAt: "2026-11-01T04:00:00Z" } });
// Not cached: every call reaches the read routing (and drives the breaker's probes).
const analytics = () => call("GET", `/reports/analytics?propertyId=${hotel}&from=2026-11-01&to=2026-11-01`, { token: org.admin.token });
const daily = () => call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-01`, { token: org.admin.token });

describe("read replica", () => {
  it("serves reads from the replica once it has caught up", async () => {
    expect((await revenue(10_000)).status).toBe(200);
    await waitForProjection();
    const before = await metric("report_reads_total", 'target="replica",reason=""') ?? 0;
    // The fold's commit must be replayed before the replica may answer.
    await eventually(async () => { await analytics(); return (await metric("report_reads_total", 'target="replica",reason=""')) ?? 0; }, (n) => n > before);
    expect((await metric("report_reads_total", 'target="replica",reason=""')) ?? 0).toBeGreaterThan(before);
    expect((await daily()).body.cashReceivedCents).toBe(10_000);
  });

  it("answers a read right after a write with the new figures while the replica's replay is paused", async () => {
    await replicaAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      expect((await revenue(5_000)).status).toBe(200);
      await waitForProjection();
      const r = await eventually(daily, (x) => x.body.cashReceivedCents !== 10_000, 40);
      expect(r.status).toBe(200);
      expect(r.body.cashReceivedCents).toBe(15_000);
      // The replica still holds the old figure: the answer cannot have come from it.
      const { rows } = await replicaAdmin.query("SELECT coalesce(sum(cash_received_cents), 0)::int AS cash FROM daily_cash_balances WHERE property_id = $1 AND balance_date = '2026-11-01'", [hotel]);
      expect(rows[0].cash).toBe(10_000);
      expect((await metric("report_reads_total", 'target="primary",reason="replica-behind-write"')) ?? 0).toBeGreaterThan(0);
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
    }
  });

  it("serves reports from the primary with the replica stopped, opens the breaker and fires the alert, and closes it once the replica is back", async () => {
    await replicaAdmin.end().catch(() => {});
    await replica.stop();
    expect((await revenue(1_000)).status).toBe(200);
    await waitForProjection();
    const r = await eventually(daily, (x) => x.body.cashReceivedCents === 16_000, 40);
    expect(r.status).toBe(200);
    expect(r.body.cashReceivedCents).toBe(16_000);
    // The breaker opens after a few failed replica probes, and only a report read that misses the cache
    // probes: keep reading days nobody has read (each a miss) until it has.
    let day = 0;
    const uncachedRead = () => call("GET", `/reports/daily?propertyId=${hotel}&date=${addDays("2026-09-01", day++)}`, { token: org.admin.token });
    expect(await eventually(async () => { expect((await uncachedRead()).status).toBe(200); return metric("circuit_breaker_state", 'breaker="database-replica"'); }, (s) => s === 1)).toBe(1);
    const status = async () => (await call("GET", "/ops/status", { token: org.admin.token })).body;
    const firing = await eventually(status, (s) => s.alerts.find((a: any) => a.name === "circuit_breaker_open")?.firing === true);
    expect(firing.breakers.find((b: any) => b.name === "database-replica").state).not.toBe("closed");

    await replica.start();
    readRouter.reset();
    // Reads drive the half-open probe; its success closes the breaker and the alert resolves.
    expect(await eventually(async () => { await analytics(); return metric("circuit_breaker_state", 'breaker="database-replica"'); }, (s) => s === 0)).toBe(0);
    const resolved = await eventually(status, (s) => s.alerts.find((a: any) => a.name === "circuit_breaker_open")?.firing === false);
    expect(resolved.breakers.find((b: any) => b.name === "database-replica").state).toBe("closed");
    expect((await analytics()).body.daily[0].cashReceivedCents).toBe(16_000);
  });

  it("a fold on one instance, read at once through another, gets the new figures while the replica lags, and the replica once it has replayed", async () => {
    replicaAdmin = new pg.Client({ connectionString: replica.url });
    await replicaAdmin.connect();
    // Instance B: routing of its own (no fold ran here, so no local commit positions) over the same cache cluster.
    const tierB = new CacheClusterTier(breakerFor("test-replica-instance-b"));
    const b = new ReadRouter(db, replicaDb, tierB);
    // The same, blind to the shared positions: what B did before they were shared.
    const blind = new ReadRouter(db, replicaDb, { commitPositionOf: async () => 0n });
    const cashOn = async (q: Queryer) => (await q.queryRow<{ cash: number }>`
      SELECT coalesce(sum(cash_received_cents), 0)::int AS cash FROM daily_cash_balances
       WHERE org_id = ${org.orgId} AND property_id = ${hotel} AND balance_date = '2026-11-01'`)!.cash;
    const before = await cashOn(db);
    expect(await eventually(async () => (await b.readerFor(`${org.orgId}|${hotel}`)) === replicaDb, (onReplica) => onReplica)).toBe(true);

    const versionBefore = await tierB.versionOf(org.orgId, hotel);
    await replicaAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      expect((await revenue(7_000)).status).toBe(200);
      await waitForProjection();
      await cacheInvalidator.idle();
      // A bump that failed (a cluster call past its timeout on a loaded machine) is retried a second later;
      // what must hold is that once B can see the new version it also sees the position written before it.
      await eventually(() => tierB.versionOf(org.orgId, hotel), (v) => v !== versionBefore);
      for (const scope of [`${org.orgId}|${hotel}`, `${org.orgId}|*`]) {
        expect(await b.readerFor(scope)).toBe(db);
        // The replica is healthy and within its lag bound: only the shared position keeps B off it.
        expect(await blind.readerFor(scope)).toBe(replicaDb);
      }
      expect(await cashOn(await b.readerFor(`${org.orgId}|${hotel}`))).toBe(before + 7_000);
      expect(await cashOn(replicaDb)).toBe(before);
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
    }
    const reader = await eventually(() => b.readerFor(`${org.orgId}|${hotel}`), (q) => q === replicaDb);
    expect(reader).toBe(replicaDb);
    expect(await cashOn(reader)).toBe(before + 7_000);
  });
});
