// npm run bench:scale — does the daily report's cost grow with the number of
// tenants? The same query mix (uncached daily reports of random properties
// and dates, each key once) against a database of 1K organisations and one
// of 1M organisations (10 days × 1 transaction per property: 10M revenues),
// seeded by seed-scale (resumable; the 1M seed takes minutes the first time).
import "../../backend/standalone/register.ts";
import { spawn } from "node:child_process";
import pg from "pg";
import { benchDatabase, benchReplicaEnv, percentile, record, sleep, stopBenchDatabase, table } from "./harness.ts";
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

interface Result { orgs: number; revenues: number; requests: number; rps: number; p50: number; p95: number; p99: number; errors: number }

async function measure(orgs: number): Promise<Result> {
  const name = orgs >= 1_000_000 ? "scale_1m" : `scale_${orgs}`;
  const url = await benchDatabase(name, { keep: true });
  const shape: ScaleShape = { orgs, propertiesPerOrg: 1, days: DAYS, txPerDay: 1 };
  await seedScale(url, shape);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const revenues = Number((await c.query(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'revenues'`)).rows[0].n);
  const sample = (await c.query<{ org: string; prop: string; user: string }>(
    `SELECT p.org_id::text AS org, p.id::text AS prop, u.id::text AS "user"
       FROM properties p JOIN users u ON u.org_id = p.org_id
      WHERE p.name = 'Hotel 0' ORDER BY random() LIMIT $1`, [SAMPLE_PROPERTIES])).rows;
  await c.end();

  const server = spawn(process.execPath, ["--import", "tsx", "backend/standalone/main.ts"], {
    cwd: APP_ROOT, env: { ...process.env, ...(await benchReplicaEnv(url)), DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: "error", SEED_DEMO: "false" }, stdio: ["ignore", "ignore", "inherit"],
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
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  process.removeListener("exit", kill);
  latencies.sort((a, b) => a - b);
  return { orgs, revenues, requests: latencies.length, rps: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors };
}

const results: Result[] = [];
for (const orgs of SIZES) {
  console.log(`measuring ${orgs.toLocaleString("en-US")} organisations…`);
  results.push(await measure(orgs));
  console.log(results[results.length - 1]);
}
const [small, large] = [results[0], results[results.length - 1]];
await record(
  "bench:scale — daily report cost vs number of tenants",
  `Uncached daily reports (each property × date once, ${CONCURRENCY} concurrent clients, server in its own process), ${SAMPLE_PROPERTIES.toLocaleString("en-US")} random properties × ${DAYS} days. Latencies in ms.\n\n` +
    table(["organisations", "revenues stored", "requests", "req/s", "p50", "p95", "p99", "errors"],
      results.map((r) => [r.orgs, r.revenues, r.requests, Math.round(r.rps), r.p50, r.p95, r.p99, r.errors])) +
    `\n\np95 at ${large.orgs.toLocaleString("en-US")} organisations is **${(large.p95 / small.p95).toFixed(2)}×** the p95 at ${small.orgs.toLocaleString("en-US")}.`,
);
await stopBenchDatabase();
process.exit(0);
