// Once per test run: a PostgreSQL server (the embedded one unless
// DATABASE_URL names a server) and a template database with every migration
// applied, so each test file can clone a fresh database in milliseconds.
import { resolve } from "node:path";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, stopOrphan, type EmbeddedDatabase } from "../runtime/embedded-postgres.ts";
import { migrate } from "../runtime/migrate.ts";
import { APP_ROOT } from "../runtime/host.ts";

export const TEMPLATE_DB = "hospitality_test_template";
let embedded: EmbeddedDatabase | null = null;
let dataDir: string | null = null;

export default async function setup(project: TestProject) {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    await clearAbandonedClusters();
    // A cluster of its own per run (own directory, free port), so concurrent runs never stop each other's server.
    dataDir = resolve(APP_ROOT, `.data/postgres-test-${process.pid}`);
    rmSync(dataDir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "postgres" });
    adminUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Leftovers from an interrupted run: their names carry the run marker prefix.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'hf_test_%' OR datname = $1`, [TEMPLATE_DB]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(adminUrl, TEMPLATE_DB), resolve(APP_ROOT, "migrations"));
  project.provide("pgAdminUrl", adminUrl);

  return async () => {
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

/** Clusters of earlier runs that were killed before their teardown: stop their servers, remove their data. */
async function clearAbandonedClusters() {
  const root = resolve(APP_ROOT, ".data");
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const m = name.match(/^postgres-test-(\d+)$/);
    if (!m || isAlive(Number(m[1]))) continue;
    const dir = resolve(root, name);
    await stopOrphan(dir).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + database;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext { pgAdminUrl: string }
}
