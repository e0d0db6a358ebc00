// The partition maintenance job (partitions.ts over migration 31's functions):
// it keeps the next four quarters created, moves rows that landed in a DEFAULT
// partition into their quarter without losing or changing one, and a second
// run finds nothing to do.
import { beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { newId } from "../shared/ids.ts";
import { maintainFinancePartitions, QUARTERS_AHEAD } from "./partitions.ts";

const db = SQLDatabase.named("hospitality");
const orgId = newId();
const propertyId = newId();

/** "2028q4" for a date. */
const quarterOf = (d: string) => `${d.slice(0, 4)}q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
const addMonths = (d: Date, m: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 15)).toISOString().slice(0, 10);

async function partitionsOf(table: string): Promise<string[]> {
  const rows = await db.rawQueryAll<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::text::regclass ORDER BY 1`, table);
  return rows.map((r) => r.name);
}

async function whereRows(table: string, ids: string[]) {
  return db.rawQueryAll<{ id: string; part: string; sum: string }>(
    `SELECT id::text, tableoid::regclass::text AS part, md5(t::text) AS sum FROM ${table} t WHERE id = ANY($1::uuid[]) ORDER BY id`, ids);
}

beforeAll(async () => {
  await db.exec`INSERT INTO organizations (id, name) VALUES (${orgId}, 'Partitions')`;
  await db.exec`INSERT INTO properties (id, org_id, name, timezone, currency, opening_cash_cents) VALUES (${propertyId}, ${orgId}, 'Goa', 'Asia/Kolkata', 'INR', 0)`;
});

describe("finance partition maintenance", () => {
  it("range-partitions both tables by business date with a default partition", async () => {
    const { rows } = { rows: await db.rawQueryAll<{ t: string; key: string }>(
      `SELECT t, pg_get_partkeydef(t::regclass) AS key FROM unnest(ARRAY['revenues', 'expenses']) AS t ORDER BY t`) };
    expect(rows).toEqual([{ t: "expenses", key: "RANGE (expense_date)" }, { t: "revenues", key: "RANGE (business_date)" }]);
    expect(await partitionsOf("revenues")).toContain("revenues_default");
    expect(await partitionsOf("expenses")).toContain("expenses_default");
  });

  it("has this quarter and the next four, for both tables", async () => {
    await maintainFinancePartitions();
    const now = new Date();
    const wanted = Array.from({ length: QUARTERS_AHEAD + 1 }, (_, i) => quarterOf(addMonths(now, 3 * i)));
    for (const table of ["revenues", "expenses"]) {
      const have = await partitionsOf(table);
      for (const q of wanted) expect(have).toContain(`${table}_${q}`);
    }
  });

  it("moves rows dated beyond the created quarters out of the default partition, unchanged, and a second run does nothing", async () => {
    const now = new Date();
    const far = [addMonths(now, 24), addMonths(now, 25), addMonths(now, 30)]; // 8-10 quarters ahead: no partition yet
    const revIds = far.map(() => newId());
    const expIds = far.map(() => newId());
    await db.rawExec(
      `INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, source, occurred_at, business_date, status, created_by_user_id)
       SELECT id, $2, $3, 1000 + n, 'cash', 'room', d::timestamptz, d, 'approved', $2 FROM unnest($1::uuid[], $4::date[]) WITH ORDINALITY AS x(id, d, n)`,
      revIds, orgId, propertyId, far);
    await db.rawExec(
      `INSERT INTO expenses (id, org_id, property_id, amount_cents, payment_mode, category, expense_date, status, created_by_user_id)
       SELECT id, $2, $3, 500 + n, 'bank', 'supplies', d, 'pending', $2 FROM unnest($1::uuid[], $4::date[]) WITH ORDINALITY AS x(id, d, n)`,
      expIds, orgId, propertyId, far);
    const revBefore = await whereRows("revenues", revIds);
    const expBefore = await whereRows("expenses", expIds);
    expect(new Set(revBefore.map((r) => r.part))).toEqual(new Set(["revenues_default"]));
    expect(new Set(expBefore.map((r) => r.part))).toEqual(new Set(["expenses_default"]));

    const first = await maintainFinancePartitions();
    const quarters = new Set(far.map(quarterOf));
    expect(first.tables).toEqual([
      { table: "revenues", created: quarters.size, moved: 3, leftInDefault: 0 },
      { table: "expenses", created: quarters.size, moved: 3, leftInDefault: 0 },
    ]);
    const revAfter = await whereRows("revenues", revIds);
    const expAfter = await whereRows("expenses", expIds);
    expect(revAfter.map((r) => r.part)).toEqual(revBefore.map((r) => `revenues_${quarterOf(far[revIds.indexOf(r.id)])}`));
    expect(expAfter.map((r) => r.part)).toEqual(expBefore.map((r) => `expenses_${quarterOf(far[expIds.indexOf(r.id)])}`));
    // Same rows, byte for byte.
    expect(revAfter.map((r) => r.sum)).toEqual(revBefore.map((r) => r.sum));
    expect(expAfter.map((r) => r.sum)).toEqual(expBefore.map((r) => r.sum));
    for (const t of ["revenues_default", "expenses_default"]) {
      expect((await db.rawQueryRow<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))!.n).toBe(0);
    }
    // A new partition is a full one: its keys, the parents' indexes (migrations 31 and 33) and the foreign key came with it.
    const q = `revenues_${quarterOf(far[0])}`;
    const idx = await db.rawQueryAll<{ n: string }>(`SELECT indexrelid::regclass::text AS n FROM pg_index WHERE indrelid = $1::text::regclass`, q);
    expect(idx).toHaveLength(6);
    const fk = await db.rawQueryRow<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = $1::text::regclass AND contype = 'f'`, q);
    expect(fk!.n).toBe(1);

    const second = await maintainFinancePartitions();
    expect(second.tables).toEqual([
      { table: "revenues", created: 0, moved: 0, leftInDefault: 0 },
      { table: "expenses", created: 0, moved: 0, leftInDefault: 0 },
    ]);
  });

  it("refuses a table or quarter outside its list, as a value error", async () => {
    await expect(db.exec`SELECT finance_partition_quarter(${"users"}, 2026, 1)`).rejects.toThrow(/must be revenues or expenses/);
    await expect(db.exec`SELECT finance_partition_quarter(${"revenues"}, 2026, 5)`).rejects.toThrow(/quarter 1\.\.4/);
    await expect(db.exec`SELECT finance_partition_quarter(${"revenues"}, 2026, 1)`).resolves.toBeUndefined();
  });
});
