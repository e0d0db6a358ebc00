// The first-start demo data: organisation, people, and a month of entries
// whose cash book is built by the real pipeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { startApp, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { seedDemoIfEmpty } from "../auth/demo-seed.ts";
import { seedDemoTransactions } from "./demo-seed.ts";

const db = SQLDatabase.named("hospitality");
let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(() => app?.stop());

describe("demo data", () => {
  it("seeds once, and the demo cash book follows from its entries", async () => {
    expect(await seedDemoIfEmpty()).toBe(true);
    expect(await seedDemoIfEmpty()).toBe(false);
    const created = await seedDemoTransactions();
    expect(created).toBeGreaterThan(100);
    expect(await seedDemoTransactions()).toBe(0);
    await waitForProjection();
    const pending = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE status = 'pending'`;
    expect(pending!.n).toBe(3);
    const book = await db.queryRow<{ rows: number; discrepancies: number }>`
      SELECT count(*)::int AS rows, count(*) FILTER (WHERE closing_balance_cents <> opening_balance_cents + cash_received_cents - cash_expenses_cents)::int AS discrepancies
        FROM daily_cash_balances`;
    expect(book!.rows).toBeGreaterThanOrEqual(60);
    expect(book!.discrepancies).toBe(0);
  });
});
