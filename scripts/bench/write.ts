// npm run bench:write — the write path end to end (issue 17): autocannon on
// loopback creating revenues and expenses, each with its own Idempotency-Key,
// as managers and admins (their entries are approved at once, so each one
// goes through outbox → pub/sub → cash book and event store) across 1,000
// properties, at 50, 200 and 500 connections flat out and at a fixed offered
// rate, against the server in its own process. Per run: creates/s,
// p50/p95/p99, errors, the lag from the HTTP response to the cash-book
// commit and to the event store, and the backlog when the load stops. In the
// same run, after each flat-out run, the ceiling: a bare node:http server
// doing one INSERT … RETURNING per request (write-ceiling.ts) at the same
// connections, and the ratio.
//
// Everything goes through the public HTTP API; the benchmark reads the
// database only for what the API does not show (commit times and queue
// depth), and treats every id as an opaque string (`::text` on the SQL side).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { benchDatabase, cpuSeconds, phase, percentile, procCpuSeconds, printStatementStats, record, resetStatementStats, sleep, stopBenchDatabase, table } from "./harness.ts";
import { APP_ROOT } from "../../backend/standalone/runtime/host.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 4565);
const CEILING_PORT = PORT + 1;
const PROPERTIES = Number(process.env.BENCH_WRITE_PROPERTIES ?? 1000);
const ORGS = Number(process.env.BENCH_WRITE_ORGS ?? 4);
const CONNECTIONS = (process.env.BENCH_WRITE_CONNECTIONS ?? "50,200,500").split(",").map(Number).filter((n) => n > 0);
const RATE = Number(process.env.BENCH_WRITE_RATE ?? 1000); // 0 skips the fixed-rate run
const RATE_CONNECTIONS = Number(process.env.BENCH_WRITE_RATE_CONNECTIONS ?? 200);
// Properties that only the lag probes write to, so each change of their cash-book row is one known create.
const PROBES = Number(process.env.BENCH_WRITE_PROBES ?? 20);
// One response in SAMPLE_EVERY is matched to its event-store row (all of them would be the load generator's CPU, not the server's).
const SAMPLE_EVERY = Number(process.env.BENCH_WRITE_SAMPLE_EVERY ?? 10);
const DRAIN_TIMEOUT_MS = 120_000;
// The most a run may take (harness.ts phase): the load, the pipeline's drain (at most DRAIN_TIMEOUT_MS), the statistics.
const RUN_BUDGET_S = DURATION_S + DRAIN_TIMEOUT_MS / 1000 + 180;
const TZ = "Asia/Kolkata";
const PASSWORD = "bench password 1";
const CEILING_TABLE = "bench_write_ceiling";

const url = await benchDatabase("write");
phase("setup: the server, tenants and the ceiling's table", 120);
const base = `http://127.0.0.1:${PORT}`;
const db = new pg.Client({ connectionString: url });
await db.connect();
// The probes' poll (Probes.poll), on a connection of its own that keeps generic plans: its statement joins an
// array of keys to the hash-partitioned cash book, which a custom plan, made afresh every 20 ms, plans over all
// 16 partitions (0.8 ms a call, counted in the PostgreSQL CPU per create); a generic plan prunes as it runs.
const pollDb = new pg.Client({ connectionString: url, options: "-c plan_cache_mode=force_generic_plan" });
await pollDb.connect();

async function json(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: APP_ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "error", ...env }, stdio: ["ignore", "ignore", "inherit"] });
  // Never leave a server behind, whatever happens below.
  process.on("exit", () => child.kill("SIGKILL"));
  return child;
}

async function listening(at: string) {
  for (let i = 0; ; i++) {
    try { await fetch(at); return; } catch { if (i > 300) throw new Error(`${at} did not start`); await sleep(100); }
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

// The server, as bench:api starts it (BENCH_SERVER_ARGS="--cpu-prof" and the like reach Node).
const server = start([...(process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter(Boolean), "--import", "tsx", "backend/standalone/main.ts"], {
  PORT: String(PORT), SEED_DEMO: "false",
  // The pool gauges are sampled on this interval (default 5 s); the benchmark reads them once a second.
  METRICS_SAMPLE_INTERVAL_MS: "1000",
});
await listening(base + "/health");

// Tenants through the API: ORGS organisations, each an admin (signup) and a manager, PROPERTIES properties dealt round the organisations.
interface Org { id: string; adminEmail: string; managerEmail: string; tokens: string[] }
interface Property { id: string; org: Org }
const orgs: Org[] = [];
let ceilingOrgId = "", ceilingUserId = "";
for (let o = 0; o < ORGS; o++) {
  const adminEmail = `admin-${randomUUID()}@bench.test`, managerEmail = `manager-${randomUUID()}@bench.test`;
  const admin = await json("POST", "/auth/signup", { organizationName: `Bench Hotels ${o}`, email: adminEmail, password: PASSWORD, displayName: "Bench admin" });
  await json("POST", "/users", { email: managerEmail, displayName: "Bench manager", password: PASSWORD, role: "manager" }, admin.accessToken);
  if (o === 0) { ceilingOrgId = admin.user.orgId; ceilingUserId = admin.user.id; }
  orgs.push({ id: admin.user.orgId, adminEmail, managerEmail, tokens: [admin.accessToken] });
}
const properties: Property[] = new Array(PROPERTIES);
const SETUP_CONCURRENCY = 8;
await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, async (_, w) => {
  for (let i = w; i < PROPERTIES; i += SETUP_CONCURRENCY) {
    const org = orgs[i % ORGS];
    properties[i] = { id: (await json("POST", "/properties", { name: `Hotel ${i}`, timezone: TZ, openingCashCents: 1_000_000 }, org.tokens[0])).id, org };
  }
}));
const probeProperties = properties.slice(0, PROBES);
const loadProperties = properties.slice(PROBES);

/** Fresh access tokens (they last 15 minutes) for each organisation's admin and manager. */
async function signIn() {
  for (const o of orgs) {
    o.tokens = await Promise.all([o.adminEmail, o.managerEmail].map(async (email) => (await json("POST", "/auth/login", { email, password: PASSWORD })).accessToken as string));
  }
}

// The ceiling's table: revenues' columns, defaults, checks and indexes (no foreign keys), whatever their types are today.
await db.query(`DROP TABLE IF EXISTS ${CEILING_TABLE}`);
await db.query(`CREATE TABLE ${CEILING_TABLE} (LIKE revenues INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
const idColumn = (await db.query(`SELECT data_type, column_default FROM information_schema.columns WHERE table_name = $1 AND column_name = 'id'`, [CEILING_TABLE])).rows[0];
if (idColumn && !idColumn.column_default) {
  // An id the application generates itself: give the copy one the database generates.
  await db.query(idColumn.data_type === "uuid" ? `ALTER TABLE ${CEILING_TABLE} ALTER COLUMN id SET DEFAULT gen_random_uuid()` : `ALTER TABLE ${CEILING_TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY`);
}
const ceiling = start(["--import", "tsx", "scripts/bench/write-ceiling.ts"], {
  PORT: String(CEILING_PORT), BENCH_CEILING_TABLE: CEILING_TABLE, BENCH_CEILING_ORG_ID: ceilingOrgId, BENCH_CEILING_USER_ID: ceilingUserId,
});
await listening(`http://127.0.0.1:${CEILING_PORT}/`);
await db.query("ANALYZE");

// ---------------------------------------------------------------------------
// Requests.

let todayCache = { atS: 0, date: "" };
/** Today in the properties' time zone (an expense may not be dated later), recomputed once a second. */
function today(): string {
  const s = Math.floor(Date.now() / 1000);
  if (s !== todayCache.atS) todayCache = { atS: s, date: new Intl.DateTimeFormat("en-CA", { timeZone: TZ }).format(new Date()) };
  return todayCache.date;
}
const SOURCES = ["room", "food", "beverage", "laundry", "other"];
const CATEGORIES = ["utilities", "supplies", "salaries", "maintenance", "food_cost", "other"];
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

function revenueBody(propertyId: string, amountCents: number, paymentMode: "cash" | "bank") {
  return { propertyId, amountCents, paymentMode, bankReference: paymentMode === "bank" ? `BR-${amountCents}` : null, description: "Bench entry", source: pick(SOURCES), occurredAt: new Date().toISOString() };
}

/** Half revenues, half expenses; 60 % cash; by the property's admin or manager at random. */
function createRequest(req: autocannon.Request): autocannon.Request {
  const p = pick(loadProperties);
  const revenue = Math.random() < 0.5;
  const amountCents = 100 + Math.floor(Math.random() * 100_000);
  const paymentMode = Math.random() < 0.6 ? "cash" : "bank";
  const body = revenue
    ? revenueBody(p.id, amountCents, paymentMode)
    : { propertyId: p.id, amountCents, paymentMode, bankReference: paymentMode === "bank" ? `BR-${amountCents}` : null, description: "Bench entry", category: pick(CATEGORIES), expenseDate: today() };
  return {
    ...req, method: "POST", path: revenue ? "/finance/revenues" : "/finance/expenses", body: JSON.stringify(body),
    headers: { "content-type": "application/json", authorization: `Bearer ${pick(p.org.tokens)}`, "idempotency-key": randomUUID() },
  };
}

/** The ceiling takes the same revenue bodies and headers. */
function ceilingRequest(req: autocannon.Request): autocannon.Request {
  const p = pick(loadProperties);
  return {
    ...req, method: "POST", path: "/", body: JSON.stringify(revenueBody(p.id, 100 + Math.floor(Math.random() * 100_000), "cash")),
    headers: { "content-type": "application/json", authorization: `Bearer ${p.org.tokens[0]}`, "idempotency-key": randomUUID() },
  };
}

/** A create's id and when its response arrived (this process's clock). */
interface Sample { id: string; respondedAtMs: number }

interface Run { result: autocannon.Result; p50: number; p95: number; p99: number; max: number; samples: Sample[]; statuses: Map<number, number> }

/** autocannon's summary has no p95, so every response time is kept and the percentiles taken from them. */
function runCannon(target: string, setup: (r: autocannon.Request) => autocannon.Request, connections: number, overallRate?: number, durationS = DURATION_S): Promise<Run> {
  const times: number[] = [];
  const samples: Sample[] = [];
  const statuses = new Map<number, number>();
  let ok = 0, shown = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: target, connections, duration: durationS, ...(overallRate ? { overallRate } : {}),
      requests: [{
        setupRequest: setup,
        onResponse: (status: number, body: string) => {
          if (status >= 200 && status < 300) {
            if (++ok % SAMPLE_EVERY === 0) samples.push({ id: String(JSON.parse(body).id), respondedAtMs: Date.now() });
          } else if (shown++ < 3) {
            console.error(`HTTP ${status}: ${body.slice(0, 300)}`);
          }
        },
      }],
    }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const at = (p: number) => Math.round(percentile(times, p) * 10) / 10;
      resolve({ result, p50: at(50), p95: at(95), p99: at(99), max: times.length ? Math.round(times[times.length - 1] * 10) / 10 : 0, samples, statuses });
    });
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      times.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

// ---------------------------------------------------------------------------
// The pipeline, read from the database: PostgreSQL's now() and clock_timestamp()
// and this process's Date.now() read the same system clock (one machine), so
// their difference is a lag.

/**
 * Probes: one create at a time per probe property, through the API like the
 * load; after its response, the property's cash-book row is polled until its
 * cash received includes the create, and the lag is the row's updated_at
 * (clock_timestamp() in the fold's UPDATE, just before its commit) minus the
 * response's arrival. Nothing else writes to a probe property, so that change
 * is this create's. One poller reads every waiting probe's row in one query,
 * so polling costs the database little.
 */
class Probes {
  cashBookLagsMs: number[] = [];
  samples: Sample[] = [];
  failures = 0;
  private running = false;
  /** Probe loops not yet ended: each may have a create in flight whose row the poller must still wait for. */
  private active = 0;
  /** The poller has failed: nothing will end a wait any more. */
  private pollFailed = false;
  private loops: Promise<void>[] = [];
  /** Cash received per probe property and business date, as last seen. */
  private seen = new Map<string, bigint>();
  private waiting = new Map<string, { orgId: string; date: string; atLeast: bigint; respondedAtMs: number; done: () => void }>();
  private poller: Promise<void> = Promise.resolve();

  async start() {
    const date = today();
    const { rows } = await db.query(
      `SELECT property_id::text AS p, cash_received_cents::text AS cents FROM daily_cash_balances
        WHERE (org_id, property_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) AND balance_date = $3::date`,
      [probeProperties.map((p) => p.org.id), probeProperties.map((p) => p.id), date]);
    for (const p of probeProperties) this.seen.set(`${p.id}|${date}`, 0n);
    for (const r of rows) this.seen.set(`${r.p}|${date}`, BigInt(r.cents));
    this.running = true;
    this.active = probeProperties.length;
    // A poll that fails (a probe that never reached the cash book, a query error) ends the probes and
    // fails the run from stop(): the probes wait on the poll, so left alone the run would hang.
    this.poller = this.poll().catch((err) => {
      this.running = false;
      this.pollFailed = true;
      for (const w of this.waiting.values()) w.done();
      this.waiting.clear();
      throw err;
    });
    this.poller.catch(() => {}); // reported by stop()
    this.loops = probeProperties.map((p, i) => this.loop(p, i));
  }

  /** Sends no more probes and waits for the ones in flight to reach the cash book. */
  async stop() {
    this.running = false;
    await Promise.all([...this.loops, this.poller]);
  }

  private async loop(p: Property, i: number) {
    try {
      await sleep((i * 50) % 1000); // spread the probes' first creates
      while (this.running) {
        try {
          await this.probe(p);
        } catch (err) {
          this.failures++;
          console.error(`probe: ${(err as Error).message}`);
          await sleep(200);
        }
      }
    } finally {
      this.active--;
    }
  }

  private async probe(p: Property) {
    const date = today();
    const before = this.seen.get(`${p.id}|${date}`) ?? await cashReceived(p, date); // a new day: read its row
    const amountCents = 100 + Math.floor(Math.random() * 1000);
    const res = await fetch(base + "/finance/revenues", {
      method: "POST", body: JSON.stringify(revenueBody(p.id, amountCents, "cash")),
      headers: { "content-type": "application/json", authorization: `Bearer ${p.org.tokens[1]}`, "idempotency-key": randomUUID() },
    });
    const respondedAtMs = Date.now();
    const created = await res.json();
    if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(created).slice(0, 200)}`);
    this.samples.push({ id: String(created.id), respondedAtMs });
    if (created.businessDate !== date) { // the day turned in between: not the row we read
      this.seen.delete(`${p.id}|${date}`);
      return;
    }
    if (this.pollFailed) return;
    await new Promise<void>((resolve) => this.waiting.set(p.id, { orgId: p.org.id, date, atLeast: before + BigInt(amountCents), respondedAtMs, done: resolve }));
  }

  private async poll() {
    const until = () => Date.now() + DRAIN_TIMEOUT_MS;
    let deadline = until();
    // Until every probe loop has ended, not only until the run stops: a probe create still in flight at
    // the stop waits for its row once its response arrives, and with the poller gone it waited for ever.
    while (this.active > 0 || this.waiting.size > 0) {
      await sleep(20);
      if (this.waiting.size === 0) { deadline = until(); continue; }
      // By the cash book's key (organisation first: its hash partition), not a cast of the id: the probe's own
      // reads, every 20 ms, are counted in the PostgreSQL CPU per create (a cast of the id scanned every row of all 16 partitions: docs/performance.md).
      const waiting = [...this.waiting.entries()];
      const { rows } = await pollDb.query({
        name: "probe_poll",
        text: `SELECT property_id::text AS p, balance_date::text AS d, cash_received_cents::text AS cents, extract(epoch FROM updated_at) * 1000 AS at_ms
           FROM daily_cash_balances WHERE (org_id, property_id, balance_date) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[]))`,
        values: [waiting.map(([, w]) => w.orgId), waiting.map(([id]) => id), waiting.map(([, w]) => w.date)],
      });
      for (const r of rows) {
        const w = this.waiting.get(r.p);
        if (!w || w.date !== r.d || BigInt(r.cents) < w.atLeast) continue;
        this.cashBookLagsMs.push(Number(r.at_ms) - w.respondedAtMs);
        this.seen.set(`${r.p}|${r.d}`, BigInt(r.cents));
        this.waiting.delete(r.p);
        deadline = until();
        w.done();
      }
      if (Date.now() > deadline) throw new Error(`${this.waiting.size} probe creates never reached the cash book`);
    }
  }
}

async function cashReceived(p: Property, date: string): Promise<bigint> {
  const { rows } = await db.query(`SELECT cash_received_cents::text AS cents FROM daily_cash_balances WHERE org_id = $1 AND property_id = $2 AND balance_date = $3::date`, [p.org.id, p.id, date]);
  return BigInt(rows[0]?.cents ?? 0);
}

/**
 * Events not yet through: outbox rows, and deliveries waiting for (or held
 * by) a subscription on the host's queue. `behind` is the outbox plus the
 * slower of the two finance-events subscriptions: creates the pipeline has
 * yet to finish.
 */
async function backlog(): Promise<{ total: number; behind: number; parts: string }> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM finance_outbox)::int AS outbox, s.subscription, (SELECT count(*) FROM encore_pubsub_messages m WHERE m.subscription = s.subscription)::int AS queued
       FROM encore_pubsub_subscriptions s WHERE s.subscription <> 'ops-heartbeat-receiver'`);
  const outbox = rows[0]?.outbox ?? Number((await db.query(`SELECT count(*) AS n FROM finance_outbox`)).rows[0].n);
  const queued = (name: string) => rows.find((r) => r.subscription === name)?.queued ?? 0;
  return {
    total: outbox + rows.reduce((n, r) => n + r.queued, 0),
    behind: outbox + Math.max(queued("reports-finance-subscriber"), queued("finance-events-handler")),
    parts: [`outbox ${outbox}`, ...rows.filter((r) => r.queued > 0).map((r) => `${r.subscription} ${r.queued}`)].join(", "),
  };
}

/** Requests (HTTP handlers and the pipeline alike) waiting for one of the server's pooled connections, from its /metrics; null where not exported. */
async function poolWaitingClients(): Promise<number | null> {
  const text = await (await fetch(base + "/metrics")).text();
  const m = /^db_pool_waiting_clients(?:\{[^}]*\})? (\S+)$/m.exec(text);
  return m ? Number(m[1]) : null;
}

type Buckets = Map<string, Map<number, number>>; // series labels (without le) → upper bound → cumulative count

/** The cumulative buckets of one histogram on the server's /metrics, per series. */
async function histogram(name: string): Promise<Buckets> {
  const text = await (await fetch(base + "/metrics")).text();
  const out: Buckets = new Map();
  for (const m of text.matchAll(new RegExp(`^${name}_bucket\\{(.*)\\} (\\S+)$`, "gm"))) {
    const labels = m[1].split(",").filter((l) => !l.startsWith("le=")).join(",");
    const le = /le="([^"]+)"/.exec(m[1])![1];
    const series = out.get(labels) ?? new Map<number, number>();
    series.set(le === "+Inf" ? Infinity : Number(le), Number(m[2]));
    out.set(labels, series);
  }
  return out;
}

/** p50 and p99 of what a histogram observed between two scrapes, as the bucket bounds they fall under ("≤ 0.5 s"). */
function bucketPercentiles(before: Map<number, number> | undefined, after: Map<number, number> | undefined): { n: number; p50: string; p99: string } {
  if (!after) return { n: 0, p50: "—", p99: "—" };
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cum = bounds.map((b) => after.get(b)! - (before?.get(b) ?? 0));
  const n = cum[cum.length - 1] ?? 0;
  const at = (p: number) => {
    const i = cum.findIndex((c) => c >= p * n);
    return n === 0 || i < 0 ? "—" : bounds[i] === Infinity ? `> ${bounds[bounds.length - 2]} s` : `≤ ${bounds[i]} s`;
  };
  return { n, p50: at(0.5), p99: at(0.99) };
}

/** Response → event-store row, per sampled create: recorded_at is now() of the event store's batch transaction (its start, so at most its commit). */
async function eventStoreLags(samples: Sample[]): Promise<{ lagsMs: number[]; missing: number }> {
  const { rows } = await db.query(
    `SELECT e.aggregate_id::text AS id, extract(epoch FROM e.recorded_at) * 1000 AS at_ms
       FROM unnest($1::uuid[]) AS s(id) JOIN domain_events e ON e.aggregate_id = s.id AND e.event_type = 'transaction.created'`,
    [samples.map((s) => s.id)]);
  const at = new Map(rows.map((r) => [r.id as string, Number(r.at_ms)]));
  const lagsMs = samples.filter((s) => at.has(s.id)).map((s) => at.get(s.id)! - s.respondedAtMs);
  return { lagsMs, missing: samples.length - lagsMs.length };
}

/** Waits until the pipeline has nothing left; returns the seconds it took, or null after DRAIN_TIMEOUT_MS. */
async function drain(): Promise<number | null> {
  const t0 = Date.now();
  while ((await backlog()).total > 0) {
    if (Date.now() - t0 > DRAIN_TIMEOUT_MS) return null;
    await sleep(100);
  }
  return (Date.now() - t0) / 1000;
}

// ---------------------------------------------------------------------------
// Runs.

interface WriteRun {
  label: string; connections: number; http: Run; createsPerS: number;
  cashBookLagsMs: number[]; eventStoreLagsMs: number[]; eventStoreMissing: number; probeFailures: number;
  backlogMax: number; backlogEnd: { total: number; behind: number }; drainS: number | null; sustained: boolean;
  poolWaiting: number[];
  /** CPU µs per create from the load's start until the pipeline drained: the server, PostgreSQL, the load generator (this process), and how busy the machine's cores were over the load. */
  cpu: CpuPerOp;
  /** The app's own finance_event_projection_lag_seconds over every create: its event's occurredAt (in the create's transaction) → cash-book commit. */
  appLag: { n: number; p50: string; p99: string };
}

/** Each run starts without the dirty pages of the one before it (a checkpoint would otherwise land in the next). */
async function settle() {
  await db.query("CHECKPOINT").catch(() => {}); // needs superuser or pg_checkpoint (the embedded server has it)
}

interface CpuPerOp { serverUs: number; postgresUs: number | null; loadUs: number; busyPct: number }

/**
 * CPU seconds of the process serving the run (the app or the ceiling), the
 * embedded PostgreSQL and this process, and of the whole machine (/proc/stat):
 * unlike throughput, CPU per create hardly moves with the machine's other
 * load, and the machine's busy share says whether a run was CPU-bound.
 */
function cpuNow(servingPid: number) {
  const own = cpuSeconds();
  const [cpuLine] = readFileSync("/proc/stat", "utf8").split("\n");
  const ticks = cpuLine.trim().split(/\s+/).slice(1).map(Number); // user nice system idle iowait irq softirq steal …
  return { server: procCpuSeconds(servingPid), postgres: own.postgres, load: own.node, busyTicks: ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7], atMs: Date.now() };
}

function cpuPerOp(before: ReturnType<typeof cpuNow>, after: ReturnType<typeof cpuNow>, ops: number, busyUntil = after): CpuPerOp {
  const us = (a: number, b: number) => Math.round(((b - a) * 1e6) / ops);
  const busyS = (busyUntil.busyTicks - before.busyTicks) / 100; // USER_HZ
  return {
    serverUs: us(before.server, after.server), postgresUs: before.postgres === null || after.postgres === null ? null : us(before.postgres, after.postgres), loadUs: us(before.load, after.load),
    busyPct: Math.round((100 * busyS) / (((busyUntil.atMs - before.atMs) / 1000) * os.cpus().length)),
  };
}

async function writeRun(label: string, connections: number, overallRate?: number): Promise<WriteRun> {
  await signIn();
  await settle();
  await resetStatementStats();
  const probes = new Probes();
  let backlogMax = 0;
  const poolWaiting: number[] = [];
  let sampling = true;
  const lagBefore = await histogram("finance_event_projection_lag_seconds");
  const handlersBefore = await histogram("pubsub_message_duration_seconds");
  const cpuBefore = cpuNow(server.pid!);
  await probes.start();
  const sampler = (async () => {
    for (await sleep(1000); sampling; await sleep(1000)) {
      backlogMax = Math.max(backlogMax, (await backlog()).total);
      const waiting = await poolWaitingClients();
      if (waiting !== null) poolWaiting.push(waiting);
    }
  })();
  const run = await runCannon(base, createRequest, connections, overallRate);
  const loadEndMs = Date.now();
  const cpuAtLoadEnd = cpuNow(server.pid!);
  const backlogEnd = await backlog();
  sampling = false;
  await sampler;
  await probes.stop();
  const drained = await drain();
  const drainS = drained === null ? null : (Date.now() - loadEndMs) / 1000;
  const cpuDrained = cpuNow(server.pid!);
  const lagAfter = await histogram("finance_event_projection_lag_seconds");
  const appLag = bucketPercentiles(lagBefore.get(""), lagAfter.get(""));
  // Where the lag goes: a handler's time runs from its claim to its ack (for the cash book, the group commit's wait and write).
  const handlersAfter = await histogram("pubsub_message_duration_seconds");
  for (const [series, after] of handlersAfter) {
    const h = bucketPercentiles(handlersBefore.get(series), after);
    if (h.n > 0) console.log(`handler time ${series}: ${h.n} messages, p50 ${h.p50}, p99 ${h.p99}`);
  }
  await printStatementStats(20, run.result["2xx"] + probes.samples.length);
  // The probes' creates are load too (a few per cent of it).
  const createsPerS = (run.result["2xx"] + probes.samples.filter((x) => x.respondedAtMs <= loadEndMs).length) / run.result.duration;
  const es = await eventStoreLags([...run.samples, ...probes.samples]);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const r: WriteRun = {
    label, connections, http: run, createsPerS,
    cashBookLagsMs: sorted(probes.cashBookLagsMs), eventStoreLagsMs: sorted(es.lagsMs), eventStoreMissing: es.missing, probeFailures: probes.failures,
    backlogMax: Math.max(backlogMax, backlogEnd.total), backlogEnd, drainS, poolWaiting, appLag,
    cpu: cpuPerOp(cpuBefore, cpuDrained, run.result["2xx"] + probes.samples.length, cpuAtLoadEnd),
    // Less than one second of creates still to do when the load stopped: the pipeline kept up.
    sustained: drainS !== null && backlogEnd.behind <= createsPerS,
  };
  const statuses = [...run.statuses].map(([s, n]) => `${s}×${n}`).join(", ");
  console.log(`${label}: ${Math.round(createsPerS)} creates/s, p50 ${run.p50} p99 ${run.p99} ms, statuses ${statuses}, errors ${run.result.errors} (timeouts ${run.result.timeouts}), probe errors ${probes.failures}, ` +
    `backlog at end ${backlogEnd.total} (${backlogEnd.behind} creates behind: ${backlogEnd.parts}), drained in ${drainS ?? "> " + DRAIN_TIMEOUT_MS / 1000} s`);
  return r;
}

/** The ceiling at the same connections, with the app's process stopped (SIGSTOP) so it cannot take CPU the ceiling would have. */
async function ceilingRun(connections: number): Promise<Run & { cpu: CpuPerOp }> {
  await settle();
  server.kill("SIGSTOP");
  try {
    const before = cpuNow(ceiling.pid!);
    const run = await runCannon(`http://127.0.0.1:${CEILING_PORT}`, ceilingRequest, connections);
    return { ...run, cpu: cpuPerOp(before, cpuNow(ceiling.pid!), run.result["2xx"]) };
  } finally {
    server.kill("SIGCONT");
  }
}

// Warm-up (JIT, pools, today's cash-book rows), not recorded.
phase("warm-up", RUN_BUDGET_S);
await signIn();
await runCannon(base, createRequest, 50, undefined, 5);
await drain();
await ceilingRun(50);

const runs: WriteRun[] = [];
const ceilings = new Map<number, Run & { cpu: CpuPerOp }>();
for (const c of CONNECTIONS) {
  phase(`flat out at ${c} connections`, RUN_BUDGET_S);
  runs.push(await writeRun("flat out", c));
  phase(`the ceiling at ${c} connections`, RUN_BUDGET_S);
  ceilings.set(c, await ceilingRun(c));
  const cr = ceilings.get(c)!;
  console.log(`ceiling at ${c}: ${Math.round(cr.result["2xx"] / cr.result.duration)} inserts/s, p99 ${cr.p99} ms, non-2xx ${cr.result.non2xx}, errors ${cr.result.errors}`);
}
if (RATE > 0) {
  phase(`${RATE}/s offered`, RUN_BUDGET_S);
  runs.push(await writeRun(`offered ${RATE.toLocaleString("en-US")}/s`, RATE_CONNECTIONS, RATE));
}
phase("stopping and recording", 120);

await stop(server);
await stop(ceiling);
const totals = (await db.query(`SELECT (SELECT count(*) FROM revenues)::int AS revenues, (SELECT count(*) FROM expenses)::int AS expenses`)).rows[0];
await pollDb.end();
await db.end();

const ms = (xs: number[], p: number) => (xs.length ? Math.round(percentile(xs, p)) : "—");
const httpRows = runs.map((r) => {
  const c = r.label === "flat out" ? ceilings.get(r.connections) : undefined;
  const ceilingPerS = c ? c.result["2xx"] / c.result.duration : 0;
  return [r.label, r.connections, Math.round(r.createsPerS), r.http.p50, r.http.p95, r.http.p99, r.http.max, `${r.http.result.non2xx} / ${r.http.result.errors}${r.probeFailures ? ` (+${r.probeFailures} probes)` : ""}`,
    c ? Math.round(ceilingPerS) : "—", c ? c.p99 : "—", c ? `${c.result.non2xx} / ${c.result.errors}` : "—", c ? `**${((r.createsPerS / ceilingPerS) * 100).toFixed(1)} %**` : "—"];
});
const cpuCells = (c: CpuPerOp) => [c.serverUs, c.postgresUs ?? "n/a", c.loadUs, c.serverUs + (c.postgresUs ?? 0) + c.loadUs, `${c.busyPct} %`];
const cpuRows = runs.flatMap((r) => {
  const c = r.label === "flat out" ? ceilings.get(r.connections) : undefined;
  return [[r.label, r.connections, "app", ...cpuCells(r.cpu)], ...(c ? [[r.label, r.connections, "ceiling", ...cpuCells(c.cpu)]] : [])];
});
const pipelineRows = runs.map((r) => [
  r.label, r.connections,
  `${ms(r.cashBookLagsMs, 50)} / ${ms(r.cashBookLagsMs, 99)} (${r.cashBookLagsMs.length})`,
  `${ms(r.eventStoreLagsMs, 50)} / ${ms(r.eventStoreLagsMs, 99)} (${r.eventStoreLagsMs.length}${r.eventStoreMissing ? `, ${r.eventStoreMissing} missing` : ""})`,
  `${r.appLag.p50} / ${r.appLag.p99} (${r.appLag.n})`,
  r.backlogMax, `${r.backlogEnd.total} (${r.backlogEnd.behind} creates)`, r.drainS === null ? `> ${DRAIN_TIMEOUT_MS / 1000}` : r.drainS.toFixed(1),
  r.poolWaiting.length ? `${Math.round(r.poolWaiting.reduce((a, b) => a + b, 0) / r.poolWaiting.length)} / ${Math.max(...r.poolWaiting)}` : "—",
  r.sustained ? "sustained" : "**not sustained**",
]);
await record(
  "bench:write — HTTP creates end to end (autocannon)",
  `${DURATION_S} s per run; server (standalone host) in its own process, autocannon and PostgreSQL on the same 2 cores. ` +
    `${ORGS} organisations, ${PROPERTIES.toLocaleString("en-US")} properties, all through the API; every request a new revenue or expense (half each, 60 % cash) ` +
    `with its own Idempotency-Key, by the property's admin or manager (approved at once, so each reaches the cash book). ` +
    `Latencies in ms from every response (at the fixed rate, from when autocannon sent the request, not when it was due); errors are non-2xx / socket errors; creates/s counts the probes' creates too (below). The ceiling is a bare node:http server in its own process doing one ` +
    `parametrised INSERT … RETURNING per request into a copy of revenues (columns, checks, indexes), run right after each flat-out run at the same connections with the app's process stopped. ` +
    `${totals.revenues.toLocaleString("en-US")} revenues and ${totals.expenses.toLocaleString("en-US")} expenses at the end.\n\n` +
    table(["run", "connections", "creates/s", "p50", "p95", "p99", "max", "errors", "ceiling inserts/s", "ceiling p99", "ceiling errors", "creates / ceiling"], httpRows) +
    `\n\nThe pipeline in the same runs. Lag from the HTTP response's arrival to the cash-book row's update (fold transaction, just before commit; ` +
    `${PROBES} probe properties written one create at a time) and to the event-store row (recorded_at, the store's batch transaction; one response in ${SAMPLE_EVERY} plus the probes), ` +
    `p50 / p99 in ms (samples); the database's clock and the load generator's are the same machine's. Backlog: outbox rows plus queued deliveries of every subscription fed by creates; ` +
    `"creates" counts the outbox plus the slower finance-events subscription. A run is sustained when less than one second of creates was left when the load stopped. ` +
    `The app's projection lag is its own histogram (GET /metrics) over every create, from the event's occurredAt, taken inside the create's transaction, to the cash-book commit, as bucket bounds. Pool waiting: callers queued for one of the server's pooled connections (HTTP handlers and pipeline share the pool), sampled once a second from its /metrics.\n\n` +
    table(["run", "connections", "→ cash book p50 / p99", "→ event store p50 / p99", "app's projection lag p50 / p99", "backlog max", "backlog at end", "drain s", "pool waiting mean / max", "pipeline"], pipelineRows) +
    `\n\nCPU per create in the same runs (µs; the app's from the load's start until the pipeline drained, so the pipeline's work is in it; the ceiling's over its run), and how busy the machine's ${os.cpus().length} cores were while the load ran (100 % = CPU-bound; anything else running on the machine counts too). Unlike creates/s, CPU per create hardly moves with the machine's other load.\n\n` +
    table(["run", "connections", "server", "server CPU", "PostgreSQL CPU", "load generator CPU", "total", "cores busy"], cpuRows),
);
await stopBenchDatabase();
process.exit(0);
