// Before each test file: a fresh database cloned from the migrated template,
// named in DATABASE_URL before any app module opens a pool. Dropped after the
// file unless KEEP_TEST_DB is set (then kept for inspection).
// The dashboard's component tests (`// @vitest-environment jsdom`) touch no
// database and get none; the host's modules are imported only past that check,
// since they resolve file paths through a URL class jsdom replaces.
import { afterAll, inject } from "vitest";

if (typeof document === "undefined") {
  const [{ default: pg }, { randomBytes }, { TEMPLATE_DB, withDatabase }] = await Promise.all([import("pg"), import("node:crypto"), import("./global-setup.ts")]);
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
}
