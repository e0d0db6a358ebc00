// Cash movements over HTTP on real PostgreSQL: drops, deposits, float
// top-ups and paid-outs move cash and bank exactly and leave revenue and
// expense totals alone; maker-checker, day close, tenancy, and the
// reconciler and replay agreeing with the cash book.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn } from "../shared/business-date.ts";
import { type Call, type Org, type Session, type TestApp, hotelWithPeople } from "../testing/fixtures.ts";
import { waitForProjection, waitForStoredEvents } from "../testing/projection.ts";

process.env.RECONCILE_SETTLE_S = "0";
const TZ = "Asia/Kolkata";

let app: TestApp;
let call: Call;
let a: Org;
let b: Org;
let hotel: string;
let staff: Session;
let manager: Session;
let manager2: Session;

const today = () => todayIn(TZ);
const move = (movementType: string, amountCents: number, over: Record<string, unknown> = {}) => ({ propertyId: hotel, movementType, amountCents, ...over });

beforeAll(async () => {
  ({ app, call, a, b, hotel, staff, manager, manager2 } = await hotelWithPeople({ name: "Palms", timezone: TZ, openingCashCents: 100_000 }));
});
afterAll(() => app?.stop());

describe("cash movements", () => {
  let drop: { id: string };

  it("go through maker-checker like other entries", async () => {
    const r = await call("POST", "/finance/movements", { token: staff.token, body: move("cash_drop", 20_000, { description: "evening drop to safe" }) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    drop = r.body;
    expect(r.body).toMatchObject({ kind: "movement", movementType: "cash_drop", status: "pending", cashEffectCents: -20_000, bankEffectCents: 20_000, businessDate: today() });
    expect((await call("POST", `/finance/movements/${drop.id}/approve`, { token: staff.token })).status).toBe(403);
    const mine = (await call("POST", "/finance/movements", { token: manager.token, body: move("paid_out", 1_000, { description: "guest advance, room 12" }) })).body;
    expect(mine.status).toBe("approved");
    expect((await call("POST", `/finance/movements/${drop.id}/approve`, { token: manager.token })).body).toMatchObject({ status: "approved", approvedBy: { id: manager.userId } });
    const again = await call("POST", `/finance/movements/${drop.id}/approve`, { token: manager2.token });
    expect(again.body.code).toBe("failed_precondition");
  });

  it("need a bank reference for a deposit and a known type", async () => {
    const noRef = await call("POST", "/finance/movements", { token: manager.token, body: move("bank_deposit", 10_000) });
    expect(noRef.status).toBe(400);
    expect(noRef.body.details.field).toBe("bankReference");
    const badType = await call("POST", "/finance/movements", { token: manager.token, body: move("lunch", 10_000) });
    expect(badType.body.details.field).toBe("movementType");
  });

  it("move cash and bank exactly and leave revenue and expense totals unchanged", async () => {
    await call("POST", "/finance/revenues", { token: manager.token, body: { propertyId: hotel, amountCents: 50_000, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() } });
    await call("POST", "/finance/expenses", { token: manager.token, body: { propertyId: hotel, amountCents: 5_000, paymentMode: "cash", category: "supplies", expenseDate: today() } });
    await call("POST", "/finance/movements", { token: manager.token, body: move("bank_deposit", 10_000, { bankReference: "SLIP-881" }) });
    await call("POST", "/finance/movements", { token: manager.token, body: move("float_top_up", 3_000) });
    const rejected = (await call("POST", "/finance/movements", { token: staff.token, body: move("paid_out", 9_999) })).body;
    await call("POST", `/finance/movements/${rejected.id}/reject`, { token: manager.token, body: { reason: "not ours" } });
    await waitForProjection();
    const d = (await call("GET", `/reports/daily?propertyId=${hotel}&date=${today()}`, { token: manager.token })).body;
    expect(d).toMatchObject({
      cashReceivedCents: 50_000, bankReceivedCents: 0, cashExpensesCents: 5_000, bankExpensesCents: 0,
      // drop −20,000, deposit −10,000, top-up +3,000, paid-out −1,000; the bank gets 20,000 + 10,000 − 3,000.
      cashMovedCents: -28_000, bankMovedCents: 27_000,
      openingBalanceCents: 100_000, closingBalanceCents: 100_000 + 50_000 - 5_000 - 28_000,
    });
    expect(d.totals).toMatchObject({ revenueCents: 50_000, expenseCents: 5_000 });
    const list = await call("GET", `/finance/movements?propertyId=${hotel}&from=${today()}&to=${today()}`, { token: staff.token });
    expect(list.body.items).toHaveLength(5);
  });

  it("leave the reconciler and replay in agreement with the cash book", async () => {
    const rec = await call("POST", "/reports/reconcile", { token: a.admin.token, body: { propertyId: hotel, from: addDays(today(), -1) } });
    expect(rec.body).toMatchObject({ mismatches: 0, skipped: null });
    const rep = await call("POST", "/reports/replay", { token: a.admin.token, body: { propertyId: hotel } });
    expect(rep.body).toMatchObject({ missing: 0, extra: 0, different: 0 });
  });

  it("are events on the finance topic with the movement's deltas", async () => {
    await waitForStoredEvents(drop.id, 2);
    const h = await call("GET", `/events/audit?transactionId=${drop.id}`, { token: manager.token });
    expect(h.body.items.map((i: { type: string }) => i.type)).toEqual(["transaction.created", "transaction.approved"]);
    expect(h.body.items[1]).toMatchObject({
      kind: "movement", transaction: { movementType: "cash_drop" },
      deltas: [{ businessDate: today(), cashReceivedCents: 0, cashExpensesCents: 0, cashMovedCents: -20_000, bankMovedCents: 20_000 }],
    });
  });

  it("are deleted with their effect reversed, and only by the right people", async () => {
    const m = (await call("POST", "/finance/movements", { token: manager.token, body: move("paid_out", 700) })).body;
    expect((await call("DELETE", `/finance/movements/${m.id}`, { token: staff.token })).status).toBe(403);
    expect((await call("DELETE", `/finance/movements/${m.id}`, { token: manager2.token })).status).toBe(200);
    await waitForProjection();
    const d = (await call("GET", `/reports/daily?propertyId=${hotel}&date=${today()}`, { token: manager.token })).body;
    expect(d.cashMovedCents).toBe(-28_000);
  });

  it("block a day close while pending, and are refused on a closed day", async () => {
    const day = addDays(today(), -1);
    const p = (await call("POST", "/finance/movements", { token: staff.token, body: move("cash_drop", 400, { date: day }) })).body;
    const refused = await call("POST", `/finance/days/${hotel}/${day}/close`, { token: manager.token, body: {} });
    expect(refused.body.details.pending).toEqual([expect.objectContaining({ kind: "movement", id: p.id })]);
    await call("POST", `/finance/movements/${p.id}/approve`, { token: manager.token });
    expect((await call("POST", `/finance/days/${hotel}/${day}/close`, { token: manager.token, body: {} })).status).toBe(200);
    const onClosed = await call("POST", "/finance/movements", { token: manager.token, body: move("cash_drop", 100, { date: day }) });
    expect(onClosed.body.details).toMatchObject({ reason: "day_closed", date: day });
    const del = await call("DELETE", `/finance/movements/${p.id}`, { token: manager2.token });
    expect(del.body.details).toMatchObject({ reason: "day_closed", date: day });
  });

  it("hide another tenant's property and movements (404)", async () => {
    expect((await call("POST", "/finance/movements", { token: b.admin.token, body: move("cash_drop", 1) })).status).toBe(404);
    expect((await call("POST", `/finance/movements/${drop.id}/approve`, { token: b.admin.token })).status).toBe(404);
    expect((await call("DELETE", `/finance/movements/${drop.id}`, { token: b.admin.token })).status).toBe(404);
    expect((await call("GET", `/finance/movements?propertyId=${hotel}&from=${today()}&to=${today()}`, { token: b.admin.token })).status).toBe(404);
  });
});
