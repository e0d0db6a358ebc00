// Reports over HTTP on a known data set: figures, carry-forward, monthly,
// summary, analytics, CSV, cache behaviour, tenancy and bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { reportsCache } from "./cache.ts";
import { newId } from "../shared/ids.ts";

let app: TestApp;
let call: Call;
let org: Org;
let other: Org;
let manager: Session;
let staff: Session;
let hotelStaff: Session;
let hotel: string;
let annex: string;

/** A well-formed id no property has, so the field under test is the one refused. */
const UNKNOWN_ID = newId();

const rev = (amountCents: number, paymentMode: "cash" | "bank", occurredAt: string, source = "room") =>
  ({ propertyId: hotel, amountCents, paymentMode, bankReference: paymentMode === "bank" ? "UPI-1" : null, source, occurredAt });
const exp = (amountCents: number, paymentMode: "cash" | "bank", expenseDate: string, category = "supplies") =>
  ({ propertyId: hotel, amountCents, paymentMode, bankReference: paymentMode === "bank" ? "NEFT-9" : null, category, expenseDate });

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Hotel", timezone: "Asia/Kolkata", openingCashCents: 100_000 }, { name: "Annex", timezone: "Europe/London", currency: "GBP" }] });
  other = await createOrg(call);
  [hotel, annex] = org.properties.map((p) => p.id);
  manager = await createUser(call, org, "manager");
  staff = await createUser(call, org, "staff", [annex]);
  const t = manager.token;
  // 2026-11-01: +50,000 cash, +20,000 bank, −5,000 cash. 11-03: +10,000 cash, −2,000 bank. A pending and a rejected entry count for nothing.
  await call("POST", "/finance/revenues", { token: t, body: rev(50_000, "cash", "2026-11-01T04:00:00Z") });
  await call("POST", "/finance/revenues", { token: t, body: rev(20_000, "bank", "2026-11-01T10:00:00Z", "food") });
  await call("POST", "/finance/expenses", { token: t, body: exp(5_000, "cash", "2026-11-01") });
  await call("POST", "/finance/revenues", { token: t, body: rev(10_000, "cash", "2026-11-03T05:00:00Z", "laundry") });
  await call("POST", "/finance/expenses", { token: t, body: exp(2_000, "bank", "2026-11-03", "utilities") });
  hotelStaff = await createUser(call, org, "staff", [hotel]);
  await call("POST", "/finance/revenues", { token: hotelStaff.token, body: rev(99_999, "cash", "2026-11-01T06:00:00Z") });
  const toReject = (await call("POST", "/finance/revenues", { token: hotelStaff.token, body: rev(88_888, "cash", "2026-11-03T06:00:00Z") })).body;
  await call("POST", `/finance/transactions/revenue/${toReject.id}/reject`, { token: t, body: { reason: "wrong property" } });
  await waitForProjection();
});
afterAll(() => app?.stop());

describe("daily report", () => {
  it("gives the day's figures and transactions", async () => {
    const r = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-01`, { token: manager.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      propertyId: hotel, date: "2026-11-01", currency: "INR",
      openingBalanceCents: 100_000, cashReceivedCents: 50_000, bankReceivedCents: 20_000, cashExpensesCents: 5_000, bankExpensesCents: 0,
      closingBalanceCents: 145_000, calculatedClosingBalanceCents: 145_000, balanceDiscrepancyCents: 0, hasDiscrepancy: false,
      totals: { cashCents: 45_000, bankCents: 20_000, revenueCents: 70_000, expenseCents: 5_000, pendingCount: 1 },
    });
    expect(r.body.transactions).toHaveLength(4);
    expect(r.body.transactions[0].createdBy.displayName).toBeTruthy();
  });

  it("carries the closing across a day without entries, and before the first day shows opening cash", async () => {
    const gap = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-02`, { token: manager.token });
    expect(gap.body).toMatchObject({ openingBalanceCents: 145_000, cashReceivedCents: 0, closingBalanceCents: 145_000 });
    const third = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-03`, { token: manager.token });
    expect(third.body).toMatchObject({ openingBalanceCents: 145_000, cashReceivedCents: 10_000, bankExpensesCents: 2_000, closingBalanceCents: 155_000 });
    const later = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-20`, { token: manager.token });
    expect(later.body).toMatchObject({ openingBalanceCents: 155_000, closingBalanceCents: 155_000 });
    const before = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-10-01`, { token: manager.token });
    expect(before.body).toMatchObject({ openingBalanceCents: 100_000, closingBalanceCents: 100_000 });
  });

  it("shows a backdated approval on that day and every later day after its event is processed", async () => {
    const first = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-03`, { token: manager.token });
    const hits = reportsCache.stats.hits;
    const again = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-03`, { token: manager.token });
    expect(reportsCache.stats.hits).toBe(hits + 1);
    expect(again.body).toEqual(first.body);
    const late = (await call("POST", "/finance/revenues", { token: hotelStaff.token, body: rev(7_000, "cash", "2026-10-31T08:00:00Z") })).body;
    expect((await call("POST", `/finance/transactions/revenue/${late.id}/approve`, { token: manager.token })).status).toBe(200);
    await waitForProjection();
    const { cacheInvalidator } = await import("./cache.ts");
    await cacheInvalidator.idle();
    const after = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-11-03`, { token: manager.token });
    expect(after.body.openingBalanceCents).toBe(152_000);
    expect(after.body.closingBalanceCents).toBe(162_000);
    const oct31 = await call("GET", `/reports/daily?propertyId=${hotel}&date=2026-10-31`, { token: manager.token });
    expect(oct31.body).toMatchObject({ openingBalanceCents: 100_000, cashReceivedCents: 7_000, closingBalanceCents: 107_000 });
  });
});

describe("monthly, summary, analytics, CSV", () => {
  it("lists every day of the month with totals", async () => {
    const r = await call("GET", `/reports/monthly?propertyId=${hotel}&month=2026-11`, { token: manager.token });
    expect(r.status).toBe(200);
    // Every day of November up to today in Kolkata (all 30 once the month is over).
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(new Date());
    expect(r.body.days).toHaveLength(today.startsWith("2026-11") ? Number(today.slice(8)) : 30);
    expect(r.body.days[0].date).toBe("2026-11-01");
    expect(r.body.days.every((d: { date: string }) => d.date <= today)).toBe(true);
    expect(r.body.totals).toMatchObject({ cashReceivedCents: 60_000, bankReceivedCents: 20_000, cashExpensesCents: 5_000, bankExpensesCents: 2_000 });
    expect(r.body.totals.closingBalanceCents - r.body.totals.openingBalanceCents).toBe(55_000);
  });

  it("refuses a month that has not started", async () => {
    const r = await call("GET", `/reports/monthly?propertyId=${hotel}&month=2999-01`, { token: manager.token });
    expect(r.status).toBe(400);
    expect(r.body.details.field).toBe("month");
  });

  it("summarises each accessible property for a date", async () => {
    const r = await call("GET", "/reports/summary?date=2026-11-03", { token: manager.token });
    expect(r.body.items.map((i: { propertyId: string }) => i.propertyId)).toEqual([hotel, annex]);
    expect(r.body.items[0]).toMatchObject({ propertyName: "Hotel", cashReceivedCents: 10_000 });
    const s = await call("GET", "/reports/summary", { token: staff.token });
    expect(s.body.items.map((i: { propertyId: string }) => i.propertyId)).toEqual([annex]);
  });

  it("breaks revenue down by source and expenses by category", async () => {
    const r = await call("GET", `/reports/analytics?propertyId=${hotel}&from=2026-11-01&to=2026-11-30`, { token: manager.token });
    expect(r.body.revenueBySource).toEqual(expect.arrayContaining([
      { source: "room", amountCents: 50_000, count: 1 }, { source: "food", amountCents: 20_000, count: 1 }, { source: "laundry", amountCents: 10_000, count: 1 },
    ]));
    expect(r.body.expensesByCategory).toEqual(expect.arrayContaining([{ category: "supplies", amountCents: 5_000, count: 1 }, { category: "utilities", amountCents: 2_000, count: 1 }]));
    expect(r.body.daily).toHaveLength(30);
  });

  it("exports the daily rows as CSV with a file name", async () => {
    const res = await fetch(`${app.host.url}/reports/export.csv?propertyId=${hotel}&from=2026-11-01&to=2026-11-03`, { headers: { authorization: `Bearer ${manager.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="cash-book-hotel-2026-11-01-to-2026-11-03.csv"/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("property,currency,date,opening_balance,cash_received,bank_received,cash_expenses,bank_expenses,cash_moved,bank_moved,closing_balance,calculated_closing_balance,discrepancy");
    // Opening includes the 70.00 backdated to 2026-10-31 by the daily-report test above.
    expect(lines[1]).toBe("Hotel,INR,2026-11-01,1070.00,500.00,200.00,50.00,0.00,0.00,0.00,1520.00,1520.00,0.00");
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^Hotel,INR,Total,1070\.00,600\.00,200\.00,50\.00,20\.00,0\.00,0\.00,/);
  });
});

describe("tenancy, scoping and bad input", () => {
  it("answers 404 for another organisation's property and for staff outside their properties", async () => {
    for (const path of [
      `/reports/daily?propertyId=${hotel}&date=2026-11-01`,
      `/reports/monthly?propertyId=${hotel}&month=2026-11`,
      `/reports/analytics?propertyId=${hotel}&from=2026-11-01&to=2026-11-02`,
      `/reports/export.csv?propertyId=${hotel}&from=2026-11-01&to=2026-11-02`,
    ]) {
      expect((await call("GET", path, { token: other.admin.token })).status).toBe(404);
      expect((await call("GET", path, { token: staff.token })).status).toBe(404);
    }
    expect((await call("POST", "/reports/reconcile", { token: other.admin.token, body: { propertyId: hotel, from: "2026-11-01", to: "2026-11-02" } })).status).toBe(404);
    const s = await call("GET", "/reports/summary?date=2026-11-01", { token: other.admin.token });
    expect(s.body.items.map((i: { propertyId: string }) => i.propertyId)).not.toContain(hotel);
  });

  it("refuses reconciliation to staff", async () => {
    expect((await call("POST", "/reports/reconcile", { token: staff.token, body: { propertyId: annex, from: "2026-11-01", to: "2026-11-02" } })).status).toBe(403);
  });

  it.each([
    [`/reports/daily?propertyId=HOTEL&date=2026-11-01`, "propertyId"],
    // A bigint id from before migration 9 is no longer an id.
    [`/reports/daily?propertyId=42&date=2026-11-01`, "propertyId"],
    [`/reports/daily?date=2026-13-01&propertyId=${UNKNOWN_ID}`, "date"],
    [`/reports/monthly?propertyId=${UNKNOWN_ID}&month=2026-13`, "month"],
    [`/reports/analytics?propertyId=${UNKNOWN_ID}&from=2025-01-01&to=2026-06-01`, "to"],
    [`/reports/analytics?propertyId=${UNKNOWN_ID}&from=2026-02-01&to=2026-01-01`, "to"],
    [`/reports/export.csv?propertyId=${UNKNOWN_ID}&from=2025-01-01&to=2026-06-01`, "to"],
    [`/reports/summary?date=yesterday`, "date"],
    // Outside the API's date window: these once hung the server (9999-12-31's successor sorts before it) or failed in SQL.
    [`/reports/daily?propertyId=${UNKNOWN_ID}&date=9999-12-31`, "date"],
    [`/reports/daily?propertyId=${UNKNOWN_ID}&date=0000-01-01`, "date"],
    [`/reports/summary?date=9999-12-31`, "date"],
    [`/reports/monthly?propertyId=${UNKNOWN_ID}&month=9999-12`, "month"],
    [`/reports/export.csv?propertyId=${UNKNOWN_ID}&from=9999-12-01&to=9999-12-31`, "from"],
  ])("GET %s → 400 naming %s", async (path, field) => {
    const r = await call("GET", path, { token: manager.token });
    expect(r.status).toBe(400);
    expect(r.body.details.field).toBe(field);
  });
});
