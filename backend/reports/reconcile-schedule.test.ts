// The periodic reconciliation runs from a module Encore loads
// (reports/background.ts): with its interval shortened, a cash-book row that
// drifted from its source is corrected by the loop alone.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, startApp, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";

vi.hoisted(() => {
  process.env.RECONCILE_INTERVAL_MS = "300";
  process.env.RECONCILE_SETTLE_S = "0";
  process.env.CORRECTION_INTERVAL_MS = "200"; // the batcher that applies what the sweep found
});

const db = SQLDatabase.named("hospitality");
let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => app?.stop());

describe("the periodic reconciliation loop", () => {
  it("corrects a drifted day of a property the fold touched, without being called", async () => {
    const org = await createOrg(app.call, { properties: [{ name: "Loop", timezone: "Asia/Kolkata", openingCashCents: 1_000 }] });
    const propertyId = org.properties[0].id;
    const revenue = (amountCents: number) => app.call("POST", "/finance/revenues", {
      token: org.admin.token, body: { propertyId, amountCents, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() },
    });
    expect((await revenue(500)).status).toBe(200);
    await waitForProjection();
    // Drift: the day's cash received off by 7 (as a lost or doubled event would leave it).
    await db.exec`UPDATE daily_cash_balances SET cash_received_cents = cash_received_cents + 7, closing_balance_cents = closing_balance_cents + 7 WHERE property_id = ${propertyId}`;
    // A later change of the same property: the fold notes it for the next sweep.
    expect((await revenue(250)).status).toBe(200);
    await waitForProjection();
    const until = Date.now() + 10_000;
    let row: { cash: number; closing: number } | null = null;
    for (;;) {
      row = await db.queryRow<{ cash: number; closing: number }>`
        SELECT cash_received_cents::int AS cash, closing_balance_cents::int AS closing FROM daily_cash_balances WHERE property_id = ${propertyId}`;
      if (row?.cash === 750 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toEqual({ cash: 750, closing: 1_750 });
  });
});
