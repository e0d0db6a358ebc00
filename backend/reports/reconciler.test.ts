// Reconciliation and the correction batcher against real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, startApp, type Call, type Org, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { CorrectionBatcher, writeCorrections, type Correction } from "./correction-batcher.ts";
import { reconcileProperty } from "./reconciler.ts";
import { readRange } from "./cash-book.ts";
import { addDays } from "../shared/business-date.ts";
import { newId } from "../shared/ids.ts";

process.env.RECONCILE_SETTLE_S = "0";
const db = SQLDatabase.named("hospitality");
let app: TestApp;
let call: Call;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  // Counts UPDATE statements on the cash book, to check batching.
  await db.exec`CREATE TABLE update_statements (n int NOT NULL)`;
  await db.exec`INSERT INTO update_statements VALUES (0)`;
  await db.exec`CREATE FUNCTION count_update() RETURNS trigger AS $$ BEGIN UPDATE update_statements SET n = n + 1; RETURN NULL; END $$ LANGUAGE plpgsql`;
  await db.exec`CREATE TRIGGER count_update AFTER UPDATE ON daily_cash_balances FOR EACH STATEMENT EXECUTE FUNCTION count_update()`;
});
afterAll(() => app?.stop());

const statements = async () => (await db.queryRow<{ n: number }>`SELECT n FROM update_statements`)!.n;
const testOptions = { batchSize: 100, intervalMs: 3_600_000, maxAgeMs: 3_600_000, maxQueue: 10_000, retryBackoffMs: 10 };

/** An organisation whose property has an approved cash revenue on each of `days` consecutive dates. */
async function seeded(days: number): Promise<{ org: Org; propertyId: string; start: string }> {
  const org = await createOrg(call, { properties: [{ name: "P", timezone: "Asia/Kolkata", openingCashCents: 1_000 }] });
  const propertyId = org.properties[0].id;
  const start = "2025-06-01";
  await Promise.all(Array.from({ length: days }, (_, i) =>
    call("POST", "/finance/expenses", { token: org.admin.token, body: { propertyId, amountCents: 100 + i, paymentMode: "cash", category: "supplies", expenseDate: addDays(start, i) } })));
  await waitForProjection();
  return { org, propertyId, start };
}

describe("reconciliation", () => {
  it("drives corrupted rows' discrepancies to zero", async () => {
    const { org, propertyId, start } = await seeded(10);
    const good = (await readRange(db, org.orgId, propertyId, "1900-01-01", "2999-12-31")).rows;
    await db.exec`UPDATE daily_cash_balances SET cash_expenses_cents = cash_expenses_cents + 500, closing_balance_cents = closing_balance_cents - 500
                   WHERE property_id = ${propertyId} AND balance_date = ${addDays(start, 3)}`;
    await db.exec`UPDATE daily_cash_balances SET bank_received_cents = 42 WHERE property_id = ${propertyId} AND balance_date = ${addDays(start, 7)}`;
    const r = await call("POST", "/reports/reconcile", { token: org.admin.token, body: { propertyId, from: start, to: addDays(start, 9) } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mismatches: 2, corrected: 2, checked: 10, checkedThrough: addDays(start, 9), skipped: null });
    const fixed = (await readRange(db, org.orgId, propertyId, "1900-01-01", "2999-12-31")).rows;
    expect(fixed).toEqual(good);
    expect(fixed.every((row) => row.balanceDiscrepancyCents === 0)).toBe(true);
  });

  it("records the discrepancy and the calculated closing before correcting", async () => {
    const { org, propertyId, start } = await seeded(3);
    await db.exec`UPDATE daily_cash_balances SET closing_balance_cents = closing_balance_cents + 77 WHERE property_id = ${propertyId} AND balance_date = ${addDays(start, 1)}`;
    const held = new CorrectionBatcher(testOptions);
    const r = await reconcileProperty(org.orgId, propertyId, start, held);
    expect(r.mismatches).toBe(1);
    const row = await db.queryRow<{ d: number; calc: number; closing: number }>`
      SELECT balance_discrepancy_cents AS d, calculated_closing_balance_cents AS calc, closing_balance_cents AS closing
        FROM daily_cash_balances WHERE property_id = ${propertyId} AND balance_date = ${addDays(start, 1)}`;
    expect(row!.d).toBe(77);
    expect(row!.closing - row!.calc).toBe(77);
    await held.flush();
    const after = await db.queryRow<{ d: number }>`SELECT balance_discrepancy_cents AS d FROM daily_cash_balances WHERE property_id = ${propertyId} AND balance_date = ${addDays(start, 1)}`;
    expect(after!.d).toBe(0);
  });

  it("writes 250 corrections in 3 UPDATE statements", async () => {
    const { org, propertyId, start } = await seeded(250);
    await db.exec`UPDATE daily_cash_balances SET bank_received_cents = bank_received_cents + 1 WHERE property_id = ${propertyId}`;
    const batcher = new CorrectionBatcher(testOptions);
    const before = await statements();
    const r = await reconcileProperty(org.orgId, propertyId, start, batcher);
    expect(r.mismatches).toBe(250);
    await batcher.flush();
    // One statement marks discrepancies; the corrections themselves take ceil(250 / 100) = 3.
    expect((await statements()) - before).toBe(1 + 3);
    expect(batcher.stats).toMatchObject({ batches: 3, applied: 250, errors: 0 });
    const rows = (await readRange(db, org.orgId, propertyId, "1900-01-01", "2999-12-31")).rows;
    expect(rows.every((row) => row.bankReceivedCents === 0 && row.balanceDiscrepancyCents === 0)).toBe(true);
  });

  it("retries a failing flush and loses nothing", async () => {
    const { org, propertyId, start } = await seeded(5);
    await db.exec`UPDATE daily_cash_balances SET cash_expenses_cents = 0 WHERE property_id = ${propertyId}`;
    let failures = 2;
    const flaky = new CorrectionBatcher(testOptions, async (batch: Correction[]) => {
      if (failures-- > 0) throw new Error("injected: database unavailable");
      return writeCorrections(batch);
    });
    const r = await reconcileProperty(org.orgId, propertyId, start, flaky);
    expect(r.mismatches).toBe(5);
    await flaky.flush();
    expect(flaky.stats).toMatchObject({ errors: 2, applied: 5 });
    expect(flaky.depth).toBe(0);
    const rerun = await reconcileProperty(org.orgId, propertyId, start, flaky);
    expect(rerun.mismatches).toBe(0);
  });

  it("waits for room when its queue is full (back-pressure)", async () => {
    const writes: number[] = [];
    const [ORG, PROPERTY] = [newId(), newId()];
    const small = new CorrectionBatcher({ ...testOptions, batchSize: 2, maxQueue: 3 }, async (b) => { writes.push(b.length); return b.length; });
    const item = (i: number): Correction => ({ orgId: ORG, propertyId: PROPERTY, date: addDays("2026-01-01", i), openingBalanceCents: 0, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0, closingBalanceCents: 0, expectedUpdatedAt: "2026-01-01T00:00:00.000000Z" });
    await small.enqueue(Array.from({ length: 7 }, (_, i) => item(i)));
    expect(small.depth).toBeLessThanOrEqual(3);
    await small.flush();
    expect(writes.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Math.max(...writes)).toBeLessThanOrEqual(2);
  });

  it("gives up on a batch that fails every attempt: flush throws its error once, and later corrections still go through", async () => {
    const [ORG, PROPERTY] = [newId(), newId()];
    const item = (i: number): Correction => ({ orgId: ORG, propertyId: PROPERTY, date: addDays("2026-01-01", i), openingBalanceCents: 0, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0, closingBalanceCents: 0, expectedUpdatedAt: "2026-01-01T00:00:00.000000Z" });
    let down = true;
    const batcher = new CorrectionBatcher(testOptions, async (b) => { if (down) throw new Error("injected: database unavailable"); return b.length; }, 3);
    await batcher.enqueue([item(0), item(1)]);
    await expect(batcher.flush()).rejects.toThrow("injected: database unavailable");
    expect(batcher.stats).toMatchObject({ errors: 3, applied: 0 });
    expect(batcher.depth).toBe(0);
    down = false;
    await batcher.enqueue([item(2)]);
    await batcher.flush();
    expect(batcher.stats).toMatchObject({ batches: 1, applied: 1 });
  });

  it("leaves a property alone while its source is still changing", async () => {
    const { org, propertyId, start } = await seeded(2);
    process.env.RECONCILE_SETTLE_S = "3600";
    try {
      const r = await reconcileProperty(org.orgId, propertyId, start, new CorrectionBatcher(testOptions));
      expect(r.skipped).toBe("recent-changes");
    } finally {
      process.env.RECONCILE_SETTLE_S = "0";
    }
  });
});
