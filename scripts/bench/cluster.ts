// npm run bench:cluster — several app processes on one database (and the
// machine's Redis when REDIS_URL or BENCH_REDIS_URL is set, default
// redis://127.0.0.1:6379; BENCH_REDIS=0 runs without):
//   1. cached and uncached daily-report req/s and p99 against 1, 2 and 3
//      processes, without and with Redis (L1 hits then check the property's
//      version in Redis; uncached reads ask for dates nobody read);
//   2. time from an approval on instance A to its visibility in a report read
//      on instance B (p50, p99), with Redis;
//   3. hit rate of the hot reads after each commit, warming off and on.
// On two shared cores more processes do not add throughput; the figures show
// the overhead of the shared tier and that the instances agree.
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { benchDatabase, percentile, record, sleep, stopBenchDatabase, table } from "./harness.ts";
import { startInstances, stopInstances, type Instance } from "../../backend/standalone/testing/instances.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const REDIS = process.env.BENCH_REDIS === "0" ? null : process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `bench:${randomUUID()}:`;

await benchDatabase("cluster");

async function json(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

interface World { admin: string; staff: string; properties: string[] }

async function seed(base: string, properties: number): Promise<World> {
  const email = `bench-${randomUUID()}@bench.test`;
  const admin = (await json(base, "POST", "/auth/signup", { organizationName: "Bench", email, password: "bench password 1", displayName: "Bench" })).accessToken;
  const ids: string[] = [];
  for (let i = 0; i < properties; i++) ids.push((await json(base, "POST", "/properties", { name: `Hotel ${i}`, timezone: "Asia/Kolkata" }, admin)).id);
  const staffEmail = `staff-${randomUUID()}@bench.test`;
  await json(base, "POST", "/users", { email: staffEmail, displayName: "Staff", password: "bench password 1", role: "staff", propertyIds: ids }, admin);
  const staff = (await json(base, "POST", "/auth/login", { email: staffEmail, password: "bench password 1" })).accessToken;
  return { admin, staff, properties: ids };
}

const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(new Date());

async function commit(base: string, w: World, propertyId: string, amountCents: number): Promise<void> {
  const t = await json(base, "POST", "/finance/revenues", { propertyId, amountCents, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() }, w.staff);
  await json(base, "POST", `/finance/transactions/revenue/${t.id}/approve`, undefined, w.admin);
}

/** Report reads spread over the instances; `pathFor(i, k)` is instance i's k-th request. */
async function reads(instances: Instance[], w: World, pathFor: (i: number, k: number) => string): Promise<{ rps: number; p99: number; errors: number }> {
  const results = await Promise.all(instances.map((inst, i) => new Promise<autocannon.Result>((resolve, reject) => {
    let k = 0;
    autocannon({
      url: inst.url, connections: Math.ceil(CONNECTIONS / instances.length), duration: DURATION_S, headers: { authorization: `Bearer ${w.admin}` },
      requests: [{ setupRequest: (req) => ({ ...req, path: pathFor(i, k++) }) }],
    }, (err, r) => (err ? reject(err) : resolve(r)));
  })));
  return {
    rps: Math.round(results.reduce((s, r) => s + r.requests.average, 0)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((s, r) => s + r.errors + r.non2xx, 0),
  };
}

/** L1 hits: the same property and day every time. */
const cachedReads = (instances: Instance[], w: World) => reads(instances, w, () => `/reports/daily?propertyId=${w.properties[0]}&date=${today()}`);

/** Misses: each request a business date no process has read (instance i walks its own range of days from 2000-01-01). */
const DAY0 = Date.UTC(2000, 0, 1);
const uncachedReads = (instances: Instance[], w: World) =>
  reads(instances, w, (i, k) => `/reports/daily?propertyId=${w.properties[0]}&date=${new Date(DAY0 + (i * 10_000 + k) * 86_400_000).toISOString().slice(0, 10)}`);

async function metric(base: string, name: string, labels: string): Promise<number> {
  const text = await (await fetch(base + "/metrics")).text();
  let sum = 0;
  for (const line of text.split("\n")) if (line.startsWith(name + "{") && line.includes(labels)) sum += Number(line.split(" ").pop());
  return sum;
}

const rows: (string | number)[][] = [];
for (const withRedis of REDIS ? [false, true] : [false]) {
  for (const n of [1, 2, 3]) {
    const env: Record<string, string> = { LOG_LEVEL: "error", SEED_DEMO: "false", ...(withRedis ? { REDIS_URL: REDIS!, REDIS_KEY_PREFIX: prefix } : { REDIS_URL: "" }) };
    const instances = await startInstances(Array.from({ length: n }, (_, i) => `p${i}`), env);
    try {
      const w = await seed(instances[0].url, 1);
      await json(instances[0].url, "GET", `/reports/daily?propertyId=${w.properties[0]}&date=${today()}`, undefined, w.admin);
      const r = await cachedReads(instances, w);
      const u = await uncachedReads(instances, w);
      rows.push([n, withRedis ? "yes" : "no", r.rps, r.p99, r.errors, u.rps, u.p99, u.errors]);
    } finally {
      await stopInstances(instances);
    }
  }
}

let visibility: { p50: number; p99: number } | null = null;
const hitRates: (string | number)[][] = [];
if (REDIS) {
  for (const warming of [false, true]) {
    const env = { LOG_LEVEL: "error", SEED_DEMO: "false", REDIS_URL: REDIS, REDIS_KEY_PREFIX: prefix, CACHE_WARMING: String(warming) };
    const [a, b] = await startInstances(["a", "b"], env);
    try {
      const w = await seed(a.url, 5);
      const lags: number[] = [];
      const hitsBefore = await metric(b.url, "reports_cache_requests_total", 'result="hit"');
      const missesBefore = await metric(b.url, "reports_cache_requests_total", 'result="miss"');
      let hot = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const p = w.properties[i % w.properties.length];
        const path = `/reports/daily?propertyId=${p}&date=${today()}`;
        const before = (await json(b.url, "GET", path, undefined, w.admin)).cashReceivedCents;
        const t0 = performance.now();
        await commit(a.url, w, p, 100 + i);
        if (!warming) {
          // Visibility: poll B until the approval shows (these polls are lookups too, so only in the warming-off run).
          for (;;) {
            const now = (await json(b.url, "GET", path, undefined, w.admin)).cashReceivedCents;
            if (now === before + 100 + i) break;
            await sleep(5);
          }
          lags.push(performance.now() - t0);
        } else {
          await sleep(1_000);
        }
      }
      // The hot reads a dashboard on B makes once things settle after each round's commit.
      await sleep(1_500);
      const h0 = await metric(b.url, "reports_cache_requests_total", 'result="hit"');
      const m0 = await metric(b.url, "reports_cache_requests_total", 'result="miss"');
      for (const p of w.properties) {
        await commit(a.url, w, p, 1);
        await sleep(1_000);
        await json(b.url, "GET", `/reports/daily?propertyId=${p}&date=${today()}`, undefined, w.admin);
        await json(b.url, "GET", "/reports/summary", undefined, w.admin);
        hot += 2;
      }
      const hits = (await metric(b.url, "reports_cache_requests_total", 'result="hit"')) - h0;
      const misses = (await metric(b.url, "reports_cache_requests_total", 'result="miss"')) - m0;
      void hitsBefore; void missesBefore;
      hitRates.push([warming ? "on" : "off", hot, hits, misses, `${Math.round((hits / Math.max(1, hits + misses)) * 100)} %`]);
      if (!warming) {
        lags.sort((x, y) => x - y);
        visibility = { p50: Math.round(percentile(lags, 50)), p99: Math.round(percentile(lags, 99)) };
      }
    } finally {
      await stopInstances([a, b]);
    }
  }
  const raw = new Redis(REDIS);
  const keys = await raw.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await raw.del(...keys.slice(i, i + 500));
  raw.disconnect();
}

let body = `Daily report, ${CONNECTIONS} connections split over the processes, ${DURATION_S} s each: cached (L1 hits) and uncached (every request a business date no process has read, so L1 and L2 miss and the report is computed). Two shared cores: more processes add overhead (the shared tier, more event loops on the same cores), not throughput; compare rows of this run only.\n\n`;
body += table(["processes", "Redis", "cached req/s", "cached p99 ms", "cached errors", "uncached req/s", "uncached p99 ms", "uncached errors"], rows);
if (visibility) body += `\n\nApproval on A → visible in a report read on B (which had it cached), ${ROUNDS} rounds, polling every 5 ms: p50 ${visibility.p50} ms, p99 ${visibility.p99} ms (includes the approval request itself, the outbox relay, pub/sub delivery and the cash-book group commit).\n`;
if (hitRates.length) body += `\nHot reads on B (daily report of the changed property's today + summary) 1 s after each commit on A:\n\n` + table(["warming", "reads", "hits", "misses", "hit rate"], hitRates);
await record("bench:cluster — instances, Redis L2, visibility, warming", body);
await stopBenchDatabase();
process.exit(0);
