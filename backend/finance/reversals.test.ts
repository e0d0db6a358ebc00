// Reversals and refunds over HTTP on real PostgreSQL: an approved entry on a
// closed day corrected by a reversal on an open date (the closed day's
// figures untouched, the cash book, reconciliation and replay agreeing),
// partial refunds bounded by the original, maker-checker, and what cannot be
// reversed or changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { addDays, todayIn } from "../shared/business-date.ts";
import { type Call, type Org, type Session, type TestApp, hotelWithPeople } from "../testing/fixtures.ts";
import { waitForProjection, waitForStoredEvents } from "../testing/projection.ts";
import { notInFuture } from "../testing/times.ts";

process.env.RECONCILE_SETTLE_S = "0";
const db = SQLDatabase.named("hospitality");
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
const at = (date: string) => notInFuture(`${date}T10:00:00+05:30`);

async function book(date: string): Promise<{ cr: number; br: number; ce: number; closing: number } | null> {
  return db.queryRow<{ cr: number; br: number; ce: number; closing: number }>`
    SELECT cash_received_cents::int AS cr, bank_received_cents::int AS br, cash_expenses_cents::int AS ce, closing_balance_cents::int AS closing
      FROM daily_cash_balances WHERE property_id = ${hotel} AND balance_date = ${date}::date`;
}

beforeAll(async () => {
  ({ app, call, a, b, hotel, staff, manager, manager2 } = await hotelWithPeople({ name: "Lagoon", timezone: TZ, openingCashCents: 50_000 }));
});
afterAll(() => app?.stop());

describe("reversing an approved entry on a closed day", () => {
  const closed = () => addDays(today(), -2);
  let original: { id: string };
  let reversal: { id: string };

  it("corrects it on today's date, leaving the closed day's figures as they were", async () => {
    original = (await call("POST", "/finance/revenues", { token: manager.token, body: { propertyId: hotel, amountCents: 10_000, paymentMode: "cash", source: "food", occurredAt: at(closed()) } })).body;
    expect((await call("POST", `/finance/days/${hotel}/${closed()}/close`, { token: manager.token, body: {} })).status).toBe(200);
    await waitForProjection();
    const frozen = await book(closed());
    expect(frozen).toMatchObject({ cr: 10_000 });

    const edit = await call("PATCH", `/finance/transactions/revenue/${original.id}`, { token: manager2.token, body: { amountCents: 1, reason: "typo" } });
    expect(edit.body.details.reason).toBe("day_closed");
    const noReason = await call("POST", `/finance/transactions/revenue/${original.id}/reverse`, { token: manager2.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.field).toBe("reason");
    const onClosed = await call("POST", `/finance/transactions/revenue/${original.id}/reverse`, { token: manager2.token, body: { reason: "x", date: closed() } });
    expect(onClosed.body.details).toMatchObject({ reason: "day_closed", date: closed() });

    const r = await call("POST", `/finance/transactions/revenue/${original.id}/reverse`, { token: manager2.token, body: { reason: "charged to the wrong guest" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    reversal = r.body;
    expect(r.body).toMatchObject({
      kind: "revenue", reversesId: original.id, reversalReason: "charged to the wrong guest", amountCents: 10_000, paymentMode: "cash",
      source: "food", businessDate: today(), status: "approved", approvedBy: { id: manager2.userId },
    });
    await waitForProjection();
    expect(await book(closed())).toEqual(frozen);
    const t = await book(today());
    expect(t!.cr).toBe(-10_000);
    expect(t!.closing).toBe(50_000);
  });

  it("carries the reason and the negative delta on the finance topic and in the audit trail", async () => {
    await waitForStoredEvents(reversal.id, 1);
    const h = await call("GET", `/events/audit?transactionId=${reversal.id}`, { token: manager.token });
    expect(h.body.items[0]).toMatchObject({
      type: "transaction.created", reason: "charged to the wrong guest",
      transaction: { reversesId: original.id }, deltas: [{ businessDate: today(), cashReceivedCents: -10_000 }],
    });
  });

  it("leaves reconciliation and replay in agreement with the cash book", async () => {
    const rec = await call("POST", "/reports/reconcile", { token: a.admin.token, body: { propertyId: hotel, from: addDays(today(), -7) } });
    expect(rec.body).toMatchObject({ mismatches: 0, closedDiscrepancies: [] });
    const rep = await call("POST", "/reports/replay", { token: a.admin.token, body: { propertyId: hotel } });
    expect(rep.body).toMatchObject({ missing: 0, extra: 0, different: 0 });
  });

  it("refuses reversing it again beyond what is left, reversing a reversal, and dating a reversal before the original", async () => {
    const again = await call("POST", `/finance/transactions/revenue/${original.id}/reverse`, { token: manager2.token, body: { reason: "again" } });
    expect(again.body.details.reason).toBe("fully_reversed");
    const ofReversal = await call("POST", `/finance/transactions/revenue/${reversal.id}/reverse`, { token: manager2.token, body: { reason: "undo" } });
    expect(ofReversal.body.details.reason).toBe("is_reversal");
    const editReversal = await call("PATCH", `/finance/transactions/revenue/${reversal.id}`, { token: manager.token, body: { description: "x" } });
    expect(editReversal.body.details.reason).toBe("is_reversal");
    const t = (await call("POST", "/finance/expenses", { token: manager.token, body: { propertyId: hotel, amountCents: 700, paymentMode: "cash", category: "supplies", expenseDate: today() } })).body;
    const early = await call("POST", `/finance/transactions/expense/${t.id}/reverse`, { token: manager2.token, body: { reason: "x", date: addDays(today(), -1) } });
    expect(early.status).toBe(400);
    expect(early.body.details.field).toBe("date");
  });
});

describe("refunds", () => {
  it("takes back part of a revenue at a time, never more than it holds, through maker-checker", async () => {
    const rev = (await call("POST", "/finance/revenues", { token: manager.token, body: { propertyId: hotel, amountCents: 5_000, paymentMode: "bank", bankReference: "CARD-1", source: "room", occurredAt: at(today()) } })).body;
    const pendingOriginal = (await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: hotel, amountCents: 5_000, paymentMode: "cash", source: "room", occurredAt: at(today()) } })).body;
    const notApproved = await call("POST", `/finance/transactions/revenue/${pendingOriginal.id}/reverse`, { token: manager.token, body: { reason: "x" } });
    expect(notApproved.body.details.reason).toBe("not_approved");

    // A staff refund (in cash, of a card payment) waits for a manager.
    const refund = await call("POST", `/finance/transactions/revenue/${rev.id}/reverse`, { token: staff.token, body: { reason: "late checkout waived", amountCents: 2_000, paymentMode: "cash" } });
    expect(refund.body).toMatchObject({ status: "pending", amountCents: 2_000, paymentMode: "cash", bankReference: null, reversesId: rev.id });
    expect((await call("POST", `/finance/transactions/revenue/${refund.body.id}/approve`, { token: staff.token })).status).toBe(403);
    expect((await call("POST", `/finance/transactions/revenue/${refund.body.id}/approve`, { token: manager.token })).body.status).toBe("approved");

    const tooMuch = await call("POST", `/finance/transactions/revenue/${rev.id}/reverse`, { token: manager2.token, body: { reason: "more", amountCents: 3_001 } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.details).toMatchObject({ field: "amountCents", remainingCents: 3_000 });
    // While it has refunds the original cannot be edited or deleted (they would take back more than it holds).
    const del = await call("DELETE", `/finance/transactions/revenue/${rev.id}`, { token: manager2.token });
    expect(del.body.details.reason).toBe("has_reversals");
    // The original lists what counts against it, so the screens know what is left to reverse.
    const partly = await call("GET", `/finance/transactions/revenue/${rev.id}`, { token: staff.token });
    expect(partly.body.reversedBy).toEqual([{ id: refund.body.id, businessDate: today(), amountCents: 2_000, status: "approved" }]);
    const rejectedRefund = (await call("POST", `/finance/transactions/revenue/${rev.id}/reverse`, { token: staff.token, body: { reason: "typo", amountCents: 1_000 } })).body;
    await call("POST", `/finance/transactions/revenue/${rejectedRefund.id}/reject`, { token: manager.token, body: { reason: "not refunded" } });
    const rest = await call("POST", `/finance/transactions/revenue/${rev.id}/reverse`, { token: manager2.token, body: { reason: "rest" } });
    expect(rest.body).toMatchObject({ amountCents: 3_000, paymentMode: "bank", bankReference: "CARD-1", status: "approved" });
    const listed = await call("GET", `/finance/transactions?propertyId=${hotel}&kind=revenue`, { token: staff.token });
    const full = listed.body.items.find((x: { id: string }) => x.id === rev.id);
    // A rejected reversal no longer counts against it; a reversal itself lists none.
    expect(full.reversedBy.map((r: { id: string; amountCents: number }) => [r.id, r.amountCents])).toEqual([[refund.body.id, 2_000], [rest.body.id, 3_000]]);
    expect(listed.body.items.find((x: { id: string }) => x.id === rest.body.id).reversedBy).toEqual([]);

    await waitForProjection();
    const daily = await call("GET", `/reports/daily?propertyId=${hotel}&date=${today()}`, { token: manager.token });
    // 5,000 by card in, 2,000 cash and 3,000 card back out, the earlier 10,000 cash reversal, a 700 cash expense.
    expect(daily.body).toMatchObject({ bankReceivedCents: 2_000, cashReceivedCents: -12_000 });
    expect(daily.body.totals.revenueCents).toBe(-10_000);
  });

  it("hides another tenant's entries (404)", async () => {
    const rev = (await call("POST", "/finance/revenues", { token: manager.token, body: { propertyId: hotel, amountCents: 900, paymentMode: "cash", source: "room", occurredAt: at(today()) } })).body;
    const r = await call("POST", `/finance/transactions/revenue/${rev.id}/reverse`, { token: b.admin.token, body: { reason: "mine now" } });
    expect(r.status).toBe(404);
  });
});
