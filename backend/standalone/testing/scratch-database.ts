// A database of its own for a test that upgrades data already there: created
// empty, migrated only up to an earlier version (the data is seeded in that
// schema), then the rest applied; dropped afterwards unless KEEP_TEST_DB is set.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { listMigrations, migrate } from "../runtime/migrate.ts";
import { APP_ROOT } from "../runtime/host.ts";
import { withDatabase } from "./global-setup.ts";

export interface ScratchDatabase {
  url: string;
  /** Applies the app's migrations up to and including `version` only. */
  migrateUpTo(version: number): Promise<void>;
  /** Applies every remaining migration; returns the versions applied. */
  migrateRest(): Promise<number[]>;
  drop(): Promise<void>;
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function createScratchDatabase(adminUrl: string, label: string): Promise<ScratchDatabase> {
  if (!/^[a-z0-9_]+$/.test(label)) throw new Error(`scratch database label must be lower-case letters, digits or _: ${label}`);
  const name = `hf_test_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await onAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  return {
    url,
    async migrateUpTo(version) {
      const dir = mkdtempSync(join(tmpdir(), `migrations-${version}-`));
      for (const m of listMigrations(join(APP_ROOT, "migrations")).filter((m) => m.version <= version)) copyFileSync(m.file, join(dir, `${m.version}_${m.name}.up.sql`));
      const reached = (await migrate(url, dir)).version;
      if (reached !== version) throw new Error(`migrating the scratch database reached version ${reached}, not ${version}`);
    },
    async migrateRest() {
      return (await migrate(url, join(APP_ROOT, "migrations"))).applied;
    },
    async drop() {
      if (process.env.KEEP_TEST_DB) return;
      await onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
