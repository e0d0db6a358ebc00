// applyDeltas reports the days whose flows a batch left negative (the
// projection schedules their reconciliation), from the same statement that
// applies the deltas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, startApp, type Org, type TestApp } from "../testing/fixtures.ts";
import { applyDeltas, readRange, type DateDelta } from "./cash-book.ts";

const db = SQLDatabase.named("hospitality");
let app: TestApp;
let org: Org;

beforeAll(async () => {
  app = await startApp();
  org = await createOrg(app.call, { properties: [{ name: "A", timezone: "UTC", openingCashCents: 1000 }, { name: "B", timezone: "UTC", openingCashCents: 0 }] });
});
afterAll(() => app?.stop());

const delta = (propertyId: string, date: string, cash: number, expenses = 0): DateDelta =>
  ({ orgId: org.orgId, propertyId, date, cashReceivedCents: cash, bankReceivedCents: 0, cashExpensesCents: expenses, bankExpensesCents: 0, cashMovedCents: 0, bankMovedCents: 0 });

describe("applyDeltas", () => {
  it("returns exactly the days whose flows went negative, and chains the balances", async () => {
    const [a, b] = org.properties.map((p) => p.id);
    await using tx = await db.begin();
    const first = await applyDeltas(tx, [delta(a, "2026-03-01", 500), delta(b, "2026-03-01", 200)]);
    expect(first.negative).toEqual([]);
    // A correction larger than what was received drives B's cash received below zero on the 1st; A's 3rd is fine.
    const second = await applyDeltas(tx, [delta(b, "2026-03-01", -300), delta(a, "2026-03-03", 100, 50)]);
    expect(second.negative).toEqual([{ orgId: org.orgId, propertyId: b, date: "2026-03-01" }]);
    const rowsA = (await readRange(tx, org.orgId, a, "1900-01-01", "2999-12-31")).rows;
    expect(rowsA.map((r) => [r.date, r.openingBalanceCents, r.closingBalanceCents])).toEqual([
      ["2026-03-01", 1000, 1500], ["2026-03-02", 1500, 1500], ["2026-03-03", 1500, 1550],
    ]);
    const rowsB = (await readRange(tx, org.orgId, b, "1900-01-01", "2999-12-31")).rows;
    expect(rowsB.map((r) => [r.date, r.cashReceivedCents, r.closingBalanceCents])).toEqual([["2026-03-01", -100, -100]]);
    await tx.rollback();
  });
});
