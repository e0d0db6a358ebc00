// Migration 31 (revenues and expenses range-partitioned by quarter) on a
// database that has lived at migration 30: every row of both tables, of the
// finance_transactions view and of the cash book is there afterwards, byte
// for byte (checksums before and after); each row sits in its quarter's
// partition, the default partitions are empty, the next four quarters exist,
// and the keys, indexes, foreign keys and the view keep their names and shape.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { createScratchDatabase, type ScratchDatabase } from "../testing/scratch-database.ts";
import { newId } from "../../shared/ids.ts";

let scratch: ScratchDatabase;
let c: pg.Client;

/** Quarters the seed dates fall in: six years back (a long gap included) and one far ahead. */
const DATES = ["2019-02-11", "2024-03-31", "2024-04-01", "2025-06-30", "2025-07-01", "2025-12-31", "2026-01-01", "2026-11-20", "2031-05-05"];

const CHECKSUMS = {
  revenues: `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY id)) AS sum FROM revenues t`,
  expenses: `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY id)) AS sum FROM expenses t`,
  // The view's columns as of migration 31 (migration 32 appends the editors).
  finance_transactions: `SELECT count(*)::int AS n, md5(string_agg((kind, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
      source, category, occurred_at, business_date, status, created_by_user_id, approved_by_user_id, approved_at, rejection_reason,
      created_at, updated_at, deleted_at, version, reverses_id, reversal_reason, signed_amount_cents)::text, '|' ORDER BY kind, id)) AS sum FROM finance_transactions t`,
  daily_cash_balances: `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY org_id, property_id, balance_date)) AS sum FROM daily_cash_balances t`,
} as const;
type Sums = Record<keyof typeof CHECKSUMS, { n: number; sum: string }>;
let before: Sums;
let shapeBefore: Shape;
let shapeAt31: Shape;

async function sums(): Promise<Sums> {
  const out = {} as Sums;
  for (const [k, sql] of Object.entries(CHECKSUMS)) out[k as keyof Sums] = (await c.query(sql)).rows[0];
  return out;
}

interface Shape { indexes: string[]; constraints: string[]; view: string }
/** Names and definitions on the parents, which the app and operators refer to. */
async function shape(): Promise<Shape> {
  const indexes = (await c.query(`SELECT indexname || ': ' || regexp_replace(indexdef, ' ON (ONLY )?public\\.', ' ON ') AS d FROM pg_indexes
     WHERE schemaname = 'public' AND tablename IN ('revenues', 'expenses') ORDER BY 1`)).rows.map((r) => r.d);
  const constraints = (await c.query(`SELECT conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
     WHERE conrelid IN ('revenues'::regclass, 'expenses'::regclass) ORDER BY 1`)).rows.map((r) => r.d);
  const view = (await c.query(`SELECT pg_get_viewdef('finance_transactions'::regclass) AS v`)).rows[0].v;
  return { indexes, constraints, view };
}

async function seedAtMigration30() {
  const orgs = [newId(), newId()];
  const props: [string, string][] = [[orgs[0], newId()], [orgs[0], newId()], [orgs[1], newId()]];
  const user = newId();
  for (const o of orgs) await c.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Org')`, [o]);
  for (const [o, p] of props) {
    await c.query(`INSERT INTO properties (id, org_id, name, timezone, currency, opening_cash_cents) VALUES ($1::uuid, $2, 'P ' || $1::text, 'Asia/Kolkata', 'INR', 10000)`, [p, o]);
  }
  await c.query(`INSERT INTO users (id, org_id, email, display_name, password_hash, role) VALUES ($1, $2, 'm@x.test', 'M', 'x', 'manager')`, [user, orgs[0]]);
  let n = 0;
  for (const [o, p] of props) {
    for (const d of DATES) {
      n++;
      const rev = newId();
      // Every column that can hold something does, in both tables: approved, pending, rejected, deleted, a reversal.
      await c.query(
        `INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, source, occurred_at, business_date, status,
                               created_by_user_id, approved_by_user_id, approved_at, rejection_reason, deleted_at, version, last_edited_by_user_id, money_edited_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'room', ($8::date + time '06:30') AT TIME ZONE 'UTC', $8, $9, $10, $11, $12, $13, $14, $15, $10, ARRAY[$10]::uuid[])`,
        [rev, o, p, 1000 + n, n % 2 ? "cash" : "bank", n % 2 ? null : `UTR${n}`, `entry ${n}`, d, ["approved", "pending", "rejected"][n % 3],
          user, n % 3 === 0 ? user : null, n % 3 === 0 ? "2026-01-01T00:00:00Z" : null, n % 3 === 2 ? "duplicate" : null, n % 5 === 0 ? "2026-02-02T00:00:00Z" : null, 1 + (n % 4)]);
      await c.query(
        `INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, source, occurred_at, business_date, status, created_by_user_id, reverses_id, reversal_reason)
         VALUES ($1, $2, $3, 100, 'cash', 'room', now(), $4, 'approved', $5, $6, 'refund')`, [newId(), o, p, d, user, rev]);
      await c.query(
        `INSERT INTO expenses (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, category, expense_date, status, created_by_user_id, deleted_at)
         VALUES ($1, $2, $3, $4, 'bank', 'NEFT', $5, 'supplies', $6, $7, $8, $9)`,
        [newId(), o, p, 500 + n, `expense ${n}`, d, n % 2 ? "approved" : "pending", user, n % 7 === 0 ? "2026-03-03T00:00:00Z" : null]);
      await c.query(
        `INSERT INTO daily_cash_balances (org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, bank_received_cents, cash_expenses_cents,
                                          bank_expenses_cents, closing_balance_cents, calculated_closing_balance_cents, balance_discrepancy_cents)
         VALUES ($1, $2, $3, $4::int8, $5::int8, 0, 10, 0, $4::int8 + $5::int8 - 10, $4::int8 + $5::int8 - 10, $6)`, [o, p, d, 10_000 + n, 1000 + n, n % 4 === 0 ? 7 : 0]);
    }
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject("pgAdminUrl"), "parts");
  await scratch.migrateUpTo(30);
  c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  await seedAtMigration30();
  before = await sums();
  shapeBefore = await shape();
  // The shape is migration 31's to keep; later migrations may add to it (33 adds two indexes).
  await scratch.migrateUpTo(31);
  shapeAt31 = await shape();
  expect(await scratch.migrateRest()).toContain(33);
});

afterAll(async () => {
  await c?.end();
  await scratch?.drop();
});

const quarterOf = (d: string) => `${d.slice(0, 4)}q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;

describe("migration 31 on a populated database", () => {
  it("keeps every row of revenues, expenses, the view and the cash book, unchanged", async () => {
    expect(before.revenues.n).toBe(3 * DATES.length * 2);
    expect(before.daily_cash_balances.n).toBe(3 * DATES.length);
    expect(await sums()).toEqual(before);
  });

  it("puts each row in its quarter's partition and leaves the default partitions empty", async () => {
    for (const [table, col] of [["revenues", "business_date"], ["expenses", "expense_date"]]) {
      const { rows } = await c.query(`SELECT tableoid::regclass::text AS part, ${col}::text AS d FROM ${table}`);
      for (const r of rows) expect(r.part).toBe(`${table}_${quarterOf(r.d)}`);
      expect((await c.query(`SELECT count(*)::int AS n FROM ${table}_default`)).rows[0].n).toBe(0);
    }
  });

  it("creates the quarters the data spans and the next four, and none in the gaps", async () => {
    const { rows } = await c.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'revenues'::regclass`);
    const have = new Set(rows.map((r) => r.relname as string));
    const now = new Date();
    const ahead = Array.from({ length: 5 }, (_, i) => quarterOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3 * i, 15)).toISOString()));
    const wanted = new Set([...DATES.map(quarterOf), ...ahead].map((q) => `revenues_${q}`).concat("revenues_default"));
    expect(have).toEqual(wanted);
    expect(have.has("revenues_2020q1")).toBe(false);
  });

  it("keeps the names and definitions of keys, indexes, constraints and the view", async () => {
    expect(shapeBefore.indexes).toHaveLength(10);
    expect(shapeBefore.constraints.filter((x) => /PRIMARY KEY|FOREIGN KEY/.test(x))).toHaveLength(4);
    expect(shapeAt31).toEqual(shapeBefore);
  });

  it("migration 33 gives every quarter's partition, and one created later, the organisation-and-date index", async () => {
    await c.query(`SELECT finance_partition_quarter('revenues', 2040, 1)`);
    for (const [table, col] of [["revenues", "business_date"], ["expenses", "expense_date"]]) {
      const { rows } = await c.query(`
        SELECT c.relname AS part, EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.relname
                 AND i.indexdef LIKE '%(org_id, ${col}, id) WHERE (deleted_at IS NULL)') AS indexed
          FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = '${table}'::regclass`);
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.filter((r) => !r.indexed)).toEqual([]);
    }
  });

  it("still refuses what the old tables refused: a duplicate key, a property of another organisation", async () => {
    const { rows: [r] } = await c.query(`SELECT * FROM revenues LIMIT 1`);
    await expect(c.query(`INSERT INTO revenues SELECT * FROM revenues WHERE id = $1`, [r.id])).rejects.toThrow(/revenues_.*_pkey/);
    await expect(c.query(`UPDATE revenues SET org_id = $1 WHERE id = $2`, [newId(), r.id])).rejects.toThrow(/revenues_org_id_property_id_fkey/);
  });
});
