// Migration 15 on a database that already has data: property names that
// were duplicated within an organisation (case and spaces aside) are made
// distinct, the earliest keeping its name, before the unique index is built.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { listMigrations, migrate } from "../standalone/runtime/migrate.ts";
import { APP_ROOT } from "../standalone/runtime/host.ts";
import { withDatabase } from "../standalone/testing/global-setup.ts";

const adminUrl = inject("pgAdminUrl");
const dbName = `hf_test_m15_${process.pid}_${randomBytes(4).toString("hex")}`;
const url = withDatabase(adminUrl, dbName);
let c: pg.Client;
const org1 = randomUUID();
const org2 = randomUUID();
const ids = { first: randomUUID(), second: randomUUID(), third: randomUUID(), otherOrg: randomUUID() };

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const before = mkdtempSync(join(tmpdir(), "migrations-14-"));
  for (const m of listMigrations(join(APP_ROOT, "migrations")).filter((m) => m.version < 15)) copyFileSync(m.file, join(before, `${m.version}_${m.name}.up.sql`));
  await migrate(url, before);
  c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`INSERT INTO organizations (id, name) VALUES ($1, 'One'), ($2, 'Two')`, [org1, org2]);
  await c.query(
    `INSERT INTO properties (id, org_id, name, created_at) VALUES
       ($1, $5, 'Sea View', now() - interval '3 days'), ($2, $5, 'sea view ', now() - interval '2 days'),
       ($3, $5, 'SEA VIEW', now() - interval '1 day'), ($4, $6, 'Sea View', now())`,
    [ids.first, ids.second, ids.third, ids.otherOrg, org1, org2],
  );
  expect((await migrate(url, join(APP_ROOT, "migrations"))).applied).toContain(15);
});

afterAll(async () => {
  await c?.end();
  if (process.env.KEEP_TEST_DB) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

describe("migration 15", () => {
  it("keeps the earliest name, suffixes later duplicates with their id, and leaves other organisations alone", async () => {
    const rows = (await c.query(`SELECT id::text, name, archived_at FROM properties`)).rows;
    const name = (id: string) => rows.find((r) => r.id === id)!.name;
    expect(name(ids.first)).toBe("Sea View");
    expect(name(ids.second)).toBe(`sea view (${ids.second.slice(0, 8)})`);
    expect(name(ids.third)).toBe(`SEA VIEW (${ids.third.slice(0, 8)})`);
    expect(name(ids.otherOrg)).toBe("Sea View");
    expect(rows.every((r) => r.archived_at === null)).toBe(true);
  });

  it("then refuses a new duplicate", async () => {
    await expect(c.query(`INSERT INTO properties (id, org_id, name) VALUES ($1, $2, ' sea VIEW')`, [randomUUID(), org1]))
      .rejects.toMatchObject({ code: "23505", constraint: "properties_org_name_unique" });
  });
});
