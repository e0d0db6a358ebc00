// The cash book is hash-partitioned by organisation (migration 21): the
// statements that read or correct one property's cash book must touch
// exactly one of its 16 partitions. Each shape below is one the reports
// service runs (cash-book.ts reads, reconciler.ts's span and correction).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { newId } from "../shared/ids.ts";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client?.end());

/** Every relation a plan reads or writes. */
function relations(plan: any, out = new Set<string>()): Set<string> {
  if (plan["Relation Name"]) out.add(plan["Relation Name"]);
  for (const p of plan.Plans ?? []) relations(p, out);
  return out;
}

async function partitionsTouched(sql: string, params: unknown[]): Promise<string[]> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  return [...relations(rows[0]["QUERY PLAN"][0].Plan)].filter((r) => r.startsWith("daily_cash_balances_p")).sort(); // the parent appears as an UPDATE's target
}

const COLS = "balance_date, opening_balance_cents, closing_balance_cents";

describe("cash book partitions", () => {
  it("has 16 hash partitions on org_id", async () => {
    const { rows } = await client.query(`
      SELECT pg_get_partkeydef('daily_cash_balances'::regclass) AS key,
             (SELECT count(*)::int FROM pg_inherits WHERE inhparent = 'daily_cash_balances'::regclass) AS n`);
    expect(rows[0]).toEqual({ key: "HASH (org_id)", n: 16 });
  });

  it.each([
    ["the day before a range", `SELECT ${COLS} FROM daily_cash_balances WHERE org_id = $1 AND property_id = $2 AND balance_date < $3 ORDER BY balance_date DESC LIMIT 1`, 3],
    ["a date range", `SELECT ${COLS} FROM daily_cash_balances WHERE org_id = $1 AND property_id = $2 AND balance_date BETWEEN $3 AND $4 ORDER BY balance_date`, 4],
    ["a property's whole book", `SELECT ${COLS} FROM daily_cash_balances WHERE org_id = $1 AND property_id = $2 ORDER BY balance_date`, 2],
    ["reconciliation's span", `SELECT count(*)::int AS n, max(balance_date)::text AS last FROM daily_cash_balances WHERE org_id = $1 AND property_id = $2 AND balance_date >= $3::date`, 3],
    ["a correction", `UPDATE daily_cash_balances SET balance_discrepancy_cents = 0 WHERE org_id = $1 AND property_id = $2 AND balance_date = $3`, 3],
  ])("%s touches one partition", async (_name, sql, n) => {
    const params = [newId(), newId(), "2026-11-01", "2026-11-30"].slice(0, n);
    const touched = await partitionsTouched(sql, params);
    expect(touched).toHaveLength(1);
    expect(touched[0]).toMatch(/^daily_cash_balances_p\d\d$/);
  });

  it("puts two organisations' rows where their hash says and reads them back through the parent", async () => {
    const [a, b] = [newId(), newId()];
    await client.query(`INSERT INTO daily_cash_balances (org_id, property_id, balance_date) VALUES ($1, $3, '2026-11-01'), ($2, $3, '2026-11-01')`, [a, b, newId()]);
    const { rows } = await client.query(`SELECT tableoid::regclass::text AS part, org_id::text AS org FROM daily_cash_balances WHERE org_id = ANY($1::uuid[])`, [[a, b]]);
    expect(rows.map((r) => r.org).sort()).toEqual([a, b].sort());
    for (const r of rows) expect(await partitionsTouched(`SELECT 1 FROM daily_cash_balances WHERE org_id = $1`, [r.org])).toEqual([r.part]);
  });
});
