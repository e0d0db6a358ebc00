// Shared by the benchmarks: a database to run against (the server in
// DATABASE_URL, else an embedded PostgreSQL under .data/postgres-bench), a
// fresh migrated database per benchmark, the machine's description, and
// appending result tables to docs/performance.md.
import { execSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { startStreamingReplica, type StreamingReplica } from "../../backend/standalone/runtime/streaming-replica.ts";
import { startEmbeddedPostgres, ensureDatabase, type EmbeddedDatabase } from "../../backend/standalone/runtime/embedded-postgres.ts";
import { listMigrations, migrate } from "../../backend/standalone/runtime/migrate.ts";
import { APP_ROOT } from "../../backend/standalone/runtime/host.ts";

let embedded: EmbeddedDatabase | null = null;

// The embedded server's last log lines, for a bench that stops making progress (phase below).
const pgLogTail: string[] = [];
let currentPhase: { label: string; since: number; budgetMs: number } | null = null;

/**
 * Names what the benchmark is doing and how long that may take. A phase that
 * overruns its budget ends the benchmark with its name and PostgreSQL's last
 * log lines (exit code 2) instead of leaving it hanging: a bench:write run
 * once hung unseen for two hours (its probes' poller, since fixed in
 * write.ts). `null` ends the phase (no budget).
 */
export function phase(label: string | null, budgetS = 0): void {
  currentPhase = label === null ? null : { label, since: Date.now(), budgetMs: budgetS * 1000 };
}
setInterval(() => {
  if (!currentPhase || Date.now() - currentPhase.since <= currentPhase.budgetMs) return;
  console.error(`bench: "${currentPhase.label}" has not finished after ${Math.round((Date.now() - currentPhase.since) / 1000)} s (budget ${currentPhase.budgetMs / 1000} s); stopping.`);
  if (pgLogTail.length > 0) console.error(`embedded PostgreSQL's last log lines:\n${pgLogTail.join("\n")}`);
  process.exit(2);
}, 5_000).unref();

/**
 * A SQL expression for a UUIDv7 at the timestamptz expression `at`, for seeds
 * that generate rows in SQL (generate_series) where the app's newId() cannot
 * reach: the 48-bit millisecond timestamp over gen_random_uuid()'s random
 * bytes, version nibble 7 (its variant bits are already RFC 9562's).
 */
export const uuidv7Sql = (at: string) =>
  `encode(set_byte(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM ${at}) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 6, 112 | (random() * 15)::int), 'hex')::uuid`;

/**
 * "partitioned": every migration. "unpartitioned": every migration but the two that partition
 * (21: the cash book by hash, 31: revenues and expenses by quarter), so a benchmark can put the
 * same code on both schemas in one run (BENCH_SCHEMA, or BENCH_SCALE_SCHEMAS for bench:scale).
 */
export type BenchSchema = "partitioned" | "unpartitioned";
const PARTITIONING_MIGRATIONS = new Set([21, 31]);

export function benchSchemas(value: string | undefined): BenchSchema[] {
  const schemas = (value ?? "partitioned").split(",").map((x) => x.trim());
  for (const x of schemas) if (x !== "partitioned" && x !== "unpartitioned") throw new Error(`bench schema must be "partitioned" or "unpartitioned", not "${x}"`);
  return schemas as BenchSchema[];
}

function migrationsDir(schema: BenchSchema): string {
  const all = resolve(APP_ROOT, "migrations");
  if (schema === "partitioned") return all;
  const dir = mkdtempSync(join(os.tmpdir(), "bench-migrations-"));
  for (const m of listMigrations(all)) if (!PARTITIONING_MIGRATIONS.has(m.version)) copyFileSync(m.file, join(dir, `${m.version}_${m.name}.up.sql`));
  return dir;
}

/** Points DATABASE_URL at a migrated database named `bench_<name>` (`_unpartitioned` appended for that schema): fresh, or kept as it is with `keep` (resumable seeds). */
export async function benchDatabase(name: string, opts: { keep?: boolean; schema?: BenchSchema } = {}): Promise<string> {
  const schema = opts.schema ?? benchSchemas(process.env.BENCH_SCHEMA)[0];
  let base = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) {
    // Crash recovery after a killed run replays up to max_wal_size (2 GB) of WAL; BENCH_PG_START_BUDGET_S for more.
    phase("starting embedded PostgreSQL", Number(process.env.BENCH_PG_START_BUDGET_S ?? 180));
    embedded = await startEmbeddedPostgres({
      dataDir: resolve(APP_ROOT, ".data/postgres-bench"), port: Number(process.env.EMBEDDED_PG_BENCH_PORT ?? 5490), database: "postgres",
      // BENCH_PG_LOG=1 shows the server's log (with e.g. EMBEDDED_PG_FLAGS="-c log_checkpoints=on -c log_autovacuum_min_duration=0").
      log: (m) => {
        pgLogTail.push(m);
        if (pgLogTail.length > 40) pgLogTail.shift();
        if (process.env.BENCH_PG_LOG) process.stderr.write(`[postgres] ${m}\n`);
      },
    });
    base = embedded.url;
  }
  phase(`a fresh, migrated database for ${name}`, 120);
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const db = `bench_${name}${schema === "unpartitioned" ? "_unpartitioned" : ""}`;
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  if (!opts.keep) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await c.end();
  await ensureDatabase(admin.toString(), db);
  const url = new URL(base);
  url.pathname = "/" + db;
  process.env.DATABASE_URL = url.toString();
  await migrate(process.env.DATABASE_URL, migrationsDir(schema));
  phase(null);
  return process.env.DATABASE_URL;
}

let replica: StreamingReplica | null = null;

/**
 * With BENCH_REPLICA=1: a streaming replica of the embedded bench cluster
 * (streaming-replica.ts; kept in .data/postgres-bench-replica and reused), and
 * the server environment that routes report reads to it. Without it: nothing.
 */
export async function benchReplicaEnv(databaseUrl: string, on = benchReplicaModes()[0]): Promise<Record<string, string>> {
  if (!on) return {};
  if (!embedded) throw new Error("BENCH_REPLICA needs the embedded bench cluster (unset BENCH_DATABASE_URL and DATABASE_URL): the replica is copied from its data directory");
  const database = new URL(databaseUrl).pathname.slice(1);
  replica ??= await startStreamingReplica({
    primaryUrl: embedded.url, primaryDataDir: resolve(APP_ROOT, ".data/postgres-bench"), dataDir: resolve(APP_ROOT, ".data/postgres-bench-replica"),
    port: Number(process.env.EMBEDDED_PG_BENCH_REPLICA_PORT ?? 5491), database,
  });
  const url = new URL(replica.url);
  url.pathname = "/" + database;
  return { DATABASE_REPLICA_URL: url.toString() };
}

/** BENCH_REPLICA: unset or 0 without the replica, 1 with it, "both" each in turn (where a benchmark supports it). */
export function benchReplicaModes(): boolean[] {
  const v = process.env.BENCH_REPLICA;
  return v === "both" ? [false, true] : [Boolean(v && v !== "0")];
}

/** Until the bench replica has replayed everything the primary has written (a seed just before), so reads are routed to it. */
export async function replicaCaughtUp(timeoutMs = 600_000): Promise<void> {
  if (!replica || !embedded) return;
  const p = new pg.Client({ connectionString: embedded.url });
  const r = new pg.Client({ connectionString: replica.url.replace(/\/[^/]*$/, "/postgres") });
  await p.connect();
  await r.connect();
  try {
    const target = (await p.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0].lsn;
    for (const until = Date.now() + timeoutMs; ; await sleep(200)) {
      const { rows } = await r.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [target]);
      if (rows[0].done) return;
      if (Date.now() > until) throw new Error(`the bench replica has not replayed up to ${target} within ${timeoutMs} ms`);
    }
  } finally {
    await p.end();
    await r.end();
  }
}

export async function stopBenchDatabase() {
  await replica?.stop();
  await embedded?.stop();
}

export async function machine(): Promise<string> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const v = (await c.query("SHOW server_version")).rows[0].server_version;
  await c.end();
  let commit = "unknown";
  try { commit = execSync("git rev-parse --short HEAD", { cwd: APP_ROOT }).toString().trim(); } catch { /* not a checkout */ }
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · ${os.cpus().length} cores (${cpu}) · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · PostgreSQL ${v} (${embedded ? "embedded" : "DATABASE_URL"}) on the same machine · commit ${commit}`;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime (+ reaped children's with `children`) of a process from /proc, in seconds; 0 if it is gone. */
export function procCpuSeconds(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    // After "pid (comm) ": state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based in proc(5)).
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by this process and by the embedded PostgreSQL
 * (postmaster, its live backends and the ones it has reaped). Unlike
 * throughput, CPU per event hardly moves with the machine's other load, so
 * it compares runs made hours apart. PostgreSQL's is null when the bench runs
 * against DATABASE_URL (its processes are not ours to read).
 */
export function cpuSeconds(): { node: number; postgres: number | null } {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1e6;
  const pidFile = resolve(APP_ROOT, ".data/postgres-bench/postmaster.pid");
  if (!embedded || !existsSync(pidFile)) return { node, postgres: null };
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let postgres = procCpuSeconds(postmaster, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
      if (Number(stat[1]) === postmaster) postgres += procCpuSeconds(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  return { node, postgres };
}

/** CPU microseconds per operation between two `cpuSeconds()` readings, as a table cell pair. */
export function cpuPerOperation(before: ReturnType<typeof cpuSeconds>, after: ReturnType<typeof cpuSeconds>, operations: number): [number, number | string] {
  const us = (a: number, b: number) => Math.round(((b - a) * 1e6) / operations);
  return [us(before.node, after.node), before.postgres === null || after.postgres === null ? "n/a" : us(before.postgres, after.postgres)];
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const fmt = (v: string | number) => (typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2)) : v);
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(fmt).join(" | ")} |`)].join("\n");
}

/** Prints the section and appends it to docs/performance.md. */
export async function record(title: string, body: string): Promise<void> {
  const section = `\n## ${title}\n\n_${await machine()}_\n\n${body}\n`;
  console.log(section);
  const file = resolve(APP_ROOT, "docs/performance.md");
  if (!existsSync(file)) writeFileSync(file, "# Performance\n\nFigures appended by `npm run bench:*`, newest last. Each run names its machine; benchmarks are commands, never tests.\n");
  if (!readFileSync(file, "utf8").endsWith("\n")) appendFileSync(file, "\n");
  appendFileSync(file, section);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * With BENCH_PG_STATS=1 (and EMBEDDED_PG_FLAGS="-c shared_preload_libraries=pg_stat_statements"),
 * prints the statements that took the most server time: where to look first (planning time too
 * when the flags add "-c pg_stat_statements.track_planning=on": a statement re-planned over partitions shows there, and `plans`
 * counts how often it was planned: far more often than there are connections means custom plans, made afresh on each call,
 * or plans invalidated over and over).
 * Given `perOperations` (e.g. the requests served), also each statement's calls and time per operation.
 */
export async function printStatementStats(limit = 15, perOperations?: number, url = process.env.DATABASE_URL): Promise<void> {
  if (!process.env.BENCH_PG_STATS) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT round(total_exec_time)::int AS ms, round(total_plan_time)::int AS plan_ms, plans, calls, round(mean_exec_time::numeric, 3) AS mean_ms, rows,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`, [limit]);
    console.table(perOperations ? r.rows.map(({ query, ...row }) => ({
      ...row, calls_per_op: Math.round((row.calls / perOperations) * 100) / 100, us_per_op: Math.round(((row.ms + row.plan_ms) * 1000) / perOperations), query,
    })) : r.rows);
  } finally {
    await c.end();
  }
}

export async function resetStatementStats(url = process.env.DATABASE_URL): Promise<void> {
  if (!process.env.BENCH_PG_STATS) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await c.query("SELECT pg_stat_statements_reset()");
  await c.end();
}
