// npm run bench:api — autocannon at 50 and 200 connections against the
// daily report (cached and uncached), the organisation summary and revenue
// creation, on a seeded database, with the server in its own process; and a
// bare node:http server returning a JSON body of the same size as the
// machine's ceiling.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { benchDatabase, benchReplicaEnv, percentile, replicaCaughtUp, printStatementStats, record, resetStatementStats, sleep, stopBenchDatabase, table, uuidv7Sql } from "./harness.ts";
import { APP_ROOT } from "../../backend/standalone/runtime/host.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 4555);
const PROPERTIES = 50;
const DAYS = 365;
const TX_PER_DAY = 10;

const url = await benchDatabase("api");
const base = `http://127.0.0.1:${PORT}`;

async function json(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const replicaEnv = await benchReplicaEnv(url);
const server: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter(Boolean), "--import", "tsx", "backend/standalone/main.ts"], {
  cwd: APP_ROOT, env: { ...process.env, ...replicaEnv, DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: "error", SEED_DEMO: "false" }, stdio: ["ignore", "ignore", "inherit"],
});
// Never leave the server behind, whatever happens below.
process.on("exit", () => server.kill("SIGKILL"));
for (let i = 0; ; i++) {
  try { await fetch(base + "/health"); break; } catch { if (i > 300) throw new Error("server did not start"); await sleep(100); }
}

// Seed: one organisation with PROPERTIES properties and a year of approved transactions (bulk SQL), one small organisation for the summary.
const email = `bench-${randomUUID()}@bench.test`;
const admin = await json("POST", "/auth/signup", { organizationName: "Bench Hotels", email, password: "bench password 1", displayName: "Bench" });
const token: string = admin.accessToken;
const props: string[] = [];
for (let i = 0; i < PROPERTIES; i++) props.push((await json("POST", "/properties", { name: `Hotel ${i}`, timezone: "Asia/Kolkata", openingCashCents: 1_000_000 }, token)).id);
const c = new pg.Client({ connectionString: url });
await c.connect();
// The seed's quarters get their partitions first (migration 31), so no seeded row waits in the default partition
// (BENCH_SCHEMA=unpartitioned, harness.ts: there are none to make).
if ((await c.query(`SELECT to_regproc('finance_partition_quarter') IS NOT NULL AS partitioned`)).rows[0].partitioned) await c.query(
  `SELECT finance_partition_quarter('revenues', extract(year FROM q)::int, extract(quarter FROM q)::int)
     FROM (SELECT DISTINCT date_trunc('quarter', d) AS q FROM generate_series(current_date - $1::int, current_date, interval '1 day') d) s`,
  [DAYS],
);
await c.query(
  `INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, source, occurred_at, business_date, status, created_by_user_id, approved_by_user_id, approved_at)
   SELECT ${uuidv7Sql("d + time '12:00'")}, $1, p, 100 + (random() * 10000)::int, CASE WHEN random() < 0.6 THEN 'cash' ELSE 'bank' END, 'room', d + time '12:00', d, 'approved', $2, $2, now()
     FROM unnest($3::uuid[]) p, generate_series(current_date - $4::int, current_date - 1, interval '1 day') d, generate_series(1, $5) n`,
  [admin.user.orgId, admin.user.id, props, DAYS, TX_PER_DAY],
);
// The cash book for those rows, as a replay would build it.
await c.query(
  `INSERT INTO daily_cash_balances (org_id, property_id, balance_date, cash_received_cents, bank_received_cents, opening_balance_cents, closing_balance_cents)
   SELECT org_id, property_id, business_date, cin, bin,
          1000000 + sum(cin) OVER w - cin, 1000000 + sum(cin) OVER w
     FROM (SELECT org_id, property_id, business_date,
                  COALESCE(sum(amount_cents) FILTER (WHERE payment_mode = 'cash'), 0) AS cin, COALESCE(sum(amount_cents) FILTER (WHERE payment_mode = 'bank'), 0) AS bin
             FROM revenues GROUP BY 1, 2, 3) t
   WINDOW w AS (PARTITION BY property_id ORDER BY business_date)`,
);
await c.query("ANALYZE");
const txCount = (await c.query("SELECT count(*)::int AS n FROM revenues")).rows[0].n;
await c.end();
// With the replica: let it replay the seed, and its breaker (opened by the lag) close again, before anything is measured.
if (replicaEnv.DATABASE_REPLICA_URL) { await replicaCaughtUp(); await sleep(Number(process.env.REPLICA_BREAKER_HALF_OPEN_AFTER_MS ?? 5_000) + 1_000); }
const small = await json("POST", "/auth/signup", { organizationName: "Small", email: `s-${randomUUID()}@bench.test`, password: "bench password 1", displayName: "S" });
for (let i = 0; i < 3; i++) await json("POST", "/properties", { name: `S${i}`, timezone: "Asia/Kolkata" }, small.accessToken);
const smallToken = (await json("POST", "/auth/login", { email: small.user.email, password: "bench password 1" })).accessToken;
const freshToken = (await json("POST", "/auth/login", { email, password: "bench password 1" })).accessToken;

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const dayBefore = (n: number) => new Date(Date.now() - (n + 1) * 86_400_000).toISOString().slice(0, 10);
const auth = { authorization: `Bearer ${freshToken}` };

type Scenario = { name: string; opts: Partial<autocannon.Options> };
const scenarios: Scenario[] = [
  { name: "daily report, cached", opts: { url: `${base}/reports/daily?propertyId=${props[0]}&date=${yesterday}`, headers: auth } },
  {
    name: "daily report, uncached", opts: {
      url: base, headers: auth,
      requests: [{ method: "GET", setupRequest: (req: autocannon.Request) => ({ ...req, path: `/reports/daily?propertyId=${props[Math.floor(Math.random() * props.length)]}&date=${dayBefore(Math.floor(Math.random() * DAYS))}&nonce=${Math.random()}` }) }],
    },
  },
  { name: "organisation summary", opts: { url: `${base}/reports/summary`, headers: { authorization: `Bearer ${smallToken}` } } },
  {
    name: "create revenue", opts: {
      url: `${base}/finance/revenues`, method: "POST", headers: { ...auth, "content-type": "application/json" },
      requests: [{ method: "POST", setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ propertyId: props[Math.floor(Math.random() * props.length)], amountCents: 1234, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() }) }) }],
    },
  },
];

interface Run { result: autocannon.Result; p50: number; p95: number; p99: number }

/** autocannon's summary has no p95, so every response time is kept and the percentiles taken from them. */
function runCannon(opts: Partial<autocannon.Options>, connections: number): Promise<Run> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...opts, connections, duration: DURATION_S, url: opts.url! } as autocannon.Options, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const at = (p: number) => Math.round(percentile(times, p) * 10) / 10;
      resolve({ result, p50: at(50), p95: at(95), p99: at(99) });
    });
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => { times.push(ms); });
  });
}

const row = (name: string, conns: number, r: Run) => [name, conns, Math.round(r.result.requests.average), r.p50, r.p95, r.p99, r.result.non2xx + r.result.errors];

const rows: (string | number)[][] = [];
const cachedBody = await (await fetch(`${base}/reports/daily?propertyId=${props[0]}&date=${yesterday}`, { headers: auth })).text();
// BENCH_ONLY=<name prefix>[|<name prefix>…] runs only those scenarios (for profiling, or an A/B); the ceiling always runs.
const only = process.env.BENCH_ONLY?.split("|");
for (const s of scenarios.filter((x) => !only || only.some((prefix) => x.name.startsWith(prefix)))) {
  for (const conns of [50, 200]) {
    await resetStatementStats();
    rows.push(row(s.name, conns, await runCannon(s.opts, conns)));
    await printStatementStats();
    console.log(rows[rows.length - 1].join(" | "));
  }
}
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));

// The ceiling: a bare node:http server with a body of the cached report's size.
const bare = http.createServer((_req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.end(cachedBody); });
await new Promise<void>((r) => bare.listen(PORT + 1, "127.0.0.1", () => r()));
const ceiling: Record<number, autocannon.Result> = {};
for (const conns of [50, 200]) {
  const r = await runCannon({ url: `http://127.0.0.1:${PORT + 1}/` }, conns);
  ceiling[conns] = r.result;
  rows.push(row(`bare node:http (${cachedBody.length} B body)`, conns, r));
}
bare.close();
const cached200 = rows.find((r) => r[0] === "daily report, cached" && r[1] === 200) ?? [0, 0, 0];
await record(
  "bench:api — HTTP under load (autocannon)",
  `${DURATION_S} s per row; server (standalone host) in its own process, autocannon and PostgreSQL on the same 2 cores. ` +
    `Schema: ${process.env.BENCH_SCHEMA ?? "partitioned"} (harness.ts); replica: ${replicaEnv.DATABASE_REPLICA_URL ? "report reads routed to a streaming replica" : "none"}; load average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")}. ` +
    `Seed: ${PROPERTIES} properties × ${DAYS} days × ${TX_PER_DAY} transactions = ${txCount.toLocaleString("en-US")} revenues. Latencies in ms, from every response's time.\n\n` +
    table(["endpoint", "connections", "req/s", "p50", "p95", "p99", "non-2xx / errors"], rows) +
    `\n\nCached daily report at 200 connections: **${((cached200[2] as number) / ceiling[200].requests.average * 100).toFixed(0)} %** of the bare-server ceiling.`,
);
await stopBenchDatabase();
process.exit(0);
