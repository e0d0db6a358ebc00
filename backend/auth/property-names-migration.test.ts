// Migration 15 on a database that already has data: property names that
// were duplicated within an organisation (case and spaces aside) are made
// distinct, the earliest keeping its name, before the unique index is built.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createScratchDatabase, type ScratchDatabase } from "../standalone/testing/scratch-database.ts";

let scratch: ScratchDatabase;
let c: pg.Client;
const org1 = randomUUID();
const org2 = randomUUID();
const ids = { first: randomUUID(), second: randomUUID(), third: randomUUID(), otherOrg: randomUUID() };

beforeAll(async () => {
  scratch = await createScratchDatabase(inject("pgAdminUrl"), "m15");
  await scratch.migrateUpTo(14);
  c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  await c.query(`INSERT INTO organizations (id, name) VALUES ($1, 'One'), ($2, 'Two')`, [org1, org2]);
  await c.query(
    `INSERT INTO properties (id, org_id, name, created_at) VALUES
       ($1, $5, 'Sea View', now() - interval '3 days'), ($2, $5, 'sea view ', now() - interval '2 days'),
       ($3, $5, 'SEA VIEW', now() - interval '1 day'), ($4, $6, 'Sea View', now())`,
    [ids.first, ids.second, ids.third, ids.otherOrg, org1, org2],
  );
  expect(await scratch.migrateRest()).toContain(15);
});

afterAll(async () => {
  await c?.end();
  await scratch?.drop();
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
