// The migration runner: order, idempotence, concurrent starters, failures.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "./migrate.ts";

const url = process.env.DATABASE_URL!;
const client = new pg.Client({ connectionString: url });
await client.connect();
afterAll(() => client.end());

function dirWith(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe("migrate", () => {
  it("applies each migration once even when two starters race", async () => {
    await client.query(`CREATE SCHEMA race; SET search_path TO race`);
    const schemaUrl = url + (url.includes("?") ? "&" : "?") + "options=" + encodeURIComponent("-c search_path=race");
    const dir = dirWith({
      "1_one.up.sql": "CREATE TABLE t1 (id int); INSERT INTO t1 VALUES (1);",
      "2_two.up.sql": "CREATE TABLE t2 (id int); INSERT INTO t1 VALUES (2);",
      "2_two.down.sql": "DROP TABLE t2;",
      "README.md": "ignored",
    });
    const [a, b] = await Promise.all([migrate(schemaUrl, dir), migrate(schemaUrl, dir)]);
    expect([a.applied, b.applied].sort((x, y) => y.length - x.length)).toEqual([[1, 2], []]);
    expect(a.version).toBe(2);
    const { rows } = await client.query(`SELECT id FROM race.t1 ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    const again = await migrate(schemaUrl, dir);
    expect(again.applied).toEqual([]);
  });

  it("stops at a failing migration, names it, and leaves nothing of it behind", async () => {
    await client.query(`CREATE SCHEMA broken`);
    const schemaUrl = url + (url.includes("?") ? "&" : "?") + "options=" + encodeURIComponent("-c search_path=broken");
    const dir = dirWith({ "1_ok.up.sql": "CREATE TABLE ok (id int);", "2_bad.up.sql": "CREATE TABLE half (id int); SELECT no_such_column FROM ok;" });
    await expect(migrate(schemaUrl, dir)).rejects.toThrow(/2_bad\.up\.sql failed: column "no_such_column" does not exist/);
    const { rows } = await client.query(`SELECT version FROM broken.schema_migrations`);
    expect(rows.map((r) => Number(r.version))).toEqual([1]);
    const half = await client.query(`SELECT to_regclass('broken.half') AS t`);
    expect(half.rows[0].t).toBeNull();
  });

  it("rejects files that do not follow Encore's naming", async () => {
    const dir = dirWith({ "one.up.sql": "SELECT 1" });
    await expect(migrate(url, dir)).rejects.toThrow(/does not match N_name.up.sql/);
  });
});
