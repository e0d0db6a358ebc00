// npm run bench:scale — does the daily report's cost grow with the number of
// tenants? The same query mix (uncached daily reports of random properties
// and dates, each key once) against a database of 1K organisations and one
// of 1M organisations (10 days × 1 transaction per property: 10M revenues),
// seeded by seed-scale (resumable; the 1M seed takes minutes the first time).
// BENCH_SCALE_SCHEMAS=unpartitioned,partitioned measures the same code on a
// database without the partitioning migrations next to the current one, and
// BENCH_REPLICA=both each without and with the streaming replica (harness.ts):
// every database is seeded first, then the runs alternate.
import "../../backend/standalone/register.ts";
import { spawn } from "node:child_process";
import pg from "pg";
import os from "node:os";
import { benchDatabase, benchReplicaEnv, benchReplicaModes, benchSchemas, cpuSeconds, percentile, printStatementStats, procCpuSeconds, record, resetStatementStats, replicaCaughtUp, sleep, stopBenchDatabase, table, type BenchSchema } from "./harness.ts";
import { firstSeedDay, seedScale, type ScaleShape } from "./seed-scale.ts";
import { APP_ROOT } from "../../backend/standalone/runtime/host.ts";
// Dynamic: app modules must resolve encore.dev after the register hook above is in place.
const { signAccessToken } = await import("../../backend/auth/tokens.ts");

const SIZES = (process.env.BENCH_SCALE_SIZES ?? "1000,1000000").split(",").map(Number);
const DAYS = 10;
const SAMPLE_PROPERTIES = 3000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const MAX_SECONDS = Number(process.env.BENCH_DURATION_S ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 4556);

const SCHEMAS = benchSchemas(process.env.BENCH_SCALE_SCHEMAS);
const REPLICA = benchReplicaModes();

const OPS_TOKEN = "bench-scale-ops-token-0123456789";

interface Result { orgs: number; schema: BenchSchema; replica: boolean; replicaShare: number; revenues: number; requests: number; rps: number; p50: number; p95: number; p99: number; errors: number; cpu: { server: number; postgres: number | null; client: number } }

async function seeded(orgs: number, schema: BenchSchema): Promise<string> {
  const name = orgs >= 1_000_000 ? "scale_1m" : `scale_${orgs}`;
  const url = await benchDatabase(name, { keep: true, schema });
  const shape: ScaleShape = { orgs, propertiesPerOrg: 1, days: DAYS, txPerDay: 1 };
  await seedScale(url, shape);
  return url;
}

async function measure(orgs: number, schema: BenchSchema, url: string, replicaOn: boolean): Promise<Result> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // Partitioned or not: the table's own estimate and its partitions'.
  const revenues = Number((await c.query(`SELECT sum(reltuples)::bigint AS n FROM pg_class WHERE relkind = 'r'
     AND (oid = 'revenues'::regclass OR oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'revenues'::regclass))`)).rows[0].n);
  const sample = (await c.query<{ org: string; prop: string; user: string }>(
    `SELECT p.org_id::text AS org, p.id::text AS prop, u.id::text AS "user"
       FROM properties p JOIN users u ON u.org_id = p.org_id
      WHERE p.name = 'Hotel 0' ORDER BY random() LIMIT $1`, [SAMPLE_PROPERTIES])).rows;
  await c.end();

  // BENCH_SERVER_ARGS="--cpu-prof" and the like reach the server's Node, as in bench:api.
  const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter(Boolean), "--import", "tsx", "backend/standalone/main.ts"], {
    cwd: APP_ROOT, env: { ...process.env, ...(await benchReplicaEnv(url, replicaOn)), DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: "error", SEED_DEMO: "false", OpsToken: OPS_TOKEN }, stdio: ["ignore", "ignore", "inherit"],
  });
  const kill = () => server.kill("SIGKILL");
  process.once("exit", kill);
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    try { await fetch(base + "/health"); break; } catch { if (i > 300) throw new Error("server did not start"); await sleep(100); }
  }

  // Every (property, date) once, shuffled: nothing is served from the cache.
  const start = firstSeedDay(DAYS);
  const keys: { token: string; prop: string; date: string }[] = [];
  for (const s of sample) {
    const token = await signAccessToken({ userId: s.user, orgId: s.org, role: "manager" });
    for (let d = 0; d < DAYS; d++) keys.push({ token, prop: s.prop, date: new Date(Date.parse(start) + d * 86_400_000).toISOString().slice(0, 10) });
  }
  keys.sort(() => Math.random() - 0.5);

  await resetStatementStats(url);
  const cpuBefore = { ...cpuSeconds(), server: procCpuSeconds(server.pid!) };
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + MAX_SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < keys.length && Date.now() < deadline) {
      const k = keys[next++];
      const s = performance.now();
      const res = await fetch(`${base}/reports/daily?propertyId=${k.prop}&date=${k.date}`, { headers: { authorization: `Bearer ${k.token}` } });
      await res.arrayBuffer();
      latencies.push(performance.now() - s);
      if (res.status !== 200) errors++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpuAfter = { ...cpuSeconds(), server: procCpuSeconds(server.pid!) };
  const perReport = (a: number, b: number) => Math.round(((b - a) * 1e6) / latencies.length);
  const cpu = {
    server: perReport(cpuBefore.server, cpuAfter.server), client: perReport(cpuBefore.node, cpuAfter.node),
    postgres: cpuBefore.postgres === null || cpuAfter.postgres === null ? null : perReport(cpuBefore.postgres, cpuAfter.postgres),
  };
  await printStatementStats(20, latencies.length, url);
  // Which database served the report reads (read-routing.ts report_reads_total): shows the replica runs used it.
  const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } })).text();
  const readsBy = (target: string) => metrics.split("\n").filter((l) => l.startsWith(`report_reads_total{target="${target}"`)).reduce((n, l) => n + Number(l.split(" ").pop()), 0);
  const replicaShare = readsBy("replica") / Math.max(1, readsBy("replica") + readsBy("primary"));
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  process.removeListener("exit", kill);
  latencies.sort((a, b) => a - b);
  return { orgs, schema, replica: replicaOn, replicaShare, revenues, requests: latencies.length, rps: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors, cpu };
}

const urls = new Map<string, string>();
for (const orgs of SIZES) for (const schema of SCHEMAS) {
  console.log(`seeding ${orgs.toLocaleString("en-US")} organisations (${schema})…`);
  urls.set(`${orgs}/${schema}`, await seeded(orgs, schema));
}
const results: Result[] = [];
const loads: string[] = [];
for (const orgs of SIZES) for (const replicaOn of REPLICA) for (const schema of SCHEMAS) {
  const url = urls.get(`${orgs}/${schema}`)!;
  if (replicaOn) { await benchReplicaEnv(url, true); await replicaCaughtUp(); }
  console.log(`measuring ${orgs.toLocaleString("en-US")} organisations (${schema}${replicaOn ? ", replica" : ""})…`);
  results.push(await measure(orgs, schema, url, replicaOn));
  loads.push(os.loadavg()[0].toFixed(2));
  console.log(results[results.length - 1]);
}
const p95Of = (orgs: number) => results.filter((r) => r.orgs === orgs && r.schema === SCHEMAS.at(-1) && !r.replica)[0]?.p95;
const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
await record(
  "bench:scale — daily report cost vs number of tenants",
  `Uncached daily reports (each property × date once, ${CONCURRENCY} concurrent clients, server in its own process), ${SAMPLE_PROPERTIES.toLocaleString("en-US")} random properties × ${DAYS} days. Latencies in ms. ` +
    `Schema "unpartitioned": every migration but 21 and 31 (harness.ts); replica: reads routed to a streaming replica of the same cluster (BENCH_REPLICA). Rows in run order; load: the 1-minute load average after each. CPU µs per report: the server's, the primary PostgreSQL's (the replica's own is not counted) and this process's as the load generator (fetch), which hardly move with the machine's other load.\n\n` +
    table(["organisations", "schema", "replica", "report reads on the replica", "revenues stored", "requests", "req/s", "p50", "p95", "p99", "errors", "CPU µs per report: server / primary PostgreSQL / load generator", "load"],
      results.map((r, i) => [r.orgs, r.schema, r.replica ? "yes" : "no", `${Math.round(r.replicaShare * 100)} %`, r.revenues, r.requests, Math.round(r.rps), r.p50, r.p95, r.p99, r.errors, `${r.cpu.server} / ${r.cpu.postgres ?? "n/a"} / ${r.cpu.client}`, loads[i]])) +
    (p95Of(small) && p95Of(large) && small !== large ? `\n\np95 at ${large.toLocaleString("en-US")} organisations is **${(p95Of(large)! / p95Of(small)!).toFixed(2)}×** the p95 at ${small.toLocaleString("en-US")} (${SCHEMAS.at(-1)}, no replica).` : ""),
);
await stopBenchDatabase();
process.exit(0);
