// Before each test file: a fresh database cloned from the migrated template,
// named in DATABASE_URL before any app module opens a pool. Dropped after the
// file unless KEEP_TEST_DB is set (then kept for inspection).
import { afterAll, inject } from "vitest";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { TEMPLATE_DB, withDatabase } from "./global-setup.ts";

const adminUrl = inject("pgAdminUrl");
const name = `hf_test_${process.pid}_${randomBytes(4).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
await admin.end();
process.env.DATABASE_URL = withDatabase(adminUrl, name);

afterAll(async () => {
  if (process.env.KEEP_TEST_DB) return;
  const { closePool } = await import("../encore/sqldb.ts");
  await closePool();
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});
