// Day close and the editable window over HTTP on real PostgreSQL: every
// finance write path refused on a closed day and before the window with
// nothing written, close and reopen rules, a write racing the close, the
// approved-edit rule, and reconciliation leaving a closed day's figures alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { addDays, todayIn } from "../shared/business-date.ts";
import { type Call, type Org, type Session, type TestApp, createOrg, hotelWithPeople } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
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
/** Mid-morning in Kolkata on `date`, so the business date is `date`. */
const at = (date: string) => notInFuture(`${date}T10:00:00+05:30`);
const revenue = (date: string, over: Record<string, unknown> = {}) => ({ propertyId: hotel, amountCents: 10_000, paymentMode: "cash", source: "room", occurredAt: at(date), ...over });
const expense = (date: string, over: Record<string, unknown> = {}) => ({ propertyId: hotel, amountCents: 2_500, paymentMode: "cash", category: "supplies", expenseDate: date, ...over });

async function rowsOn(propertyId: string, date: string): Promise<{ n: number; versions: number }> {
  return (await db.queryRow<{ n: number; versions: number }>`
    SELECT count(*)::int AS n, COALESCE(sum(version), 0)::int AS versions FROM finance_transactions
     WHERE property_id = ${propertyId} AND business_date = ${date}::date`)!;
}

const outbox = async () => (await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM finance_outbox`)!.n;

function expectRefused(r: { status: number; body: any }, reason: "day_closed" | "outside_editable_window", date: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.code).toBe("failed_precondition");
  expect(r.body.details).toMatchObject({ reason, date });
  expect(r.body.message).toContain(date);
}

beforeAll(async () => {
  ({ app, call, a, b, hotel, staff, manager, manager2 } = await hotelWithPeople({ name: "Harbour", timezone: TZ }));
});
afterAll(() => app?.stop());

describe("editable window", () => {
  it("defaults to 7 days for a new property and only an admin changes it", async () => {
    const p = await call("POST", "/properties", { token: a.admin.token, body: { name: "Fresh", timezone: TZ } });
    const s = await call("GET", `/finance/settings/${p.body.id}`, { token: manager.token });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ editableDays: 7, earliestOpenDate: addDays(today(), -7) });
    expect((await call("PATCH", `/finance/settings/${p.body.id}`, { token: manager.token, body: { editableDays: 30 } })).status).toBe(403);
    const bad = await call("PATCH", `/finance/settings/${p.body.id}`, { token: a.admin.token, body: { editableDays: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe("editableDays");
    const ok = await call("PATCH", `/finance/settings/${p.body.id}`, { token: a.admin.token, body: { editableDays: 30 } });
    expect(ok.body).toMatchObject({ editableDays: 30, earliestOpenDate: addDays(today(), -30) });
  });

  it("refuses creates dated before the window and writes nothing", async () => {
    const old = addDays(today(), -8);
    const before = await rowsOn(hotel, old);
    expectRefused(await call("POST", "/finance/expenses", { token: manager.token, body: expense(old) }), "outside_editable_window", old);
    expectRefused(await call("POST", "/finance/revenues", { token: staff.token, body: revenue(old) }), "outside_editable_window", old);
    expect(await rowsOn(hotel, old)).toEqual(before);
    // The window's first day is still open.
    expect((await call("POST", "/finance/expenses", { token: manager.token, body: expense(addDays(today(), -7)) })).status).toBe(200);
  });

  it("refuses approve, reject, edit and delete once an entry's date falls out of the window", async () => {
    const d = addDays(today(), -3);
    const pending = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue(d) })).body;
    const approved = (await call("POST", "/finance/revenues", { token: manager.token, body: revenue(d) })).body;
    await call("PATCH", `/finance/settings/${hotel}`, { token: a.admin.token, body: { editableDays: 2 } });
    try {
      const before = await rowsOn(hotel, d);
      expectRefused(await call("POST", `/finance/transactions/revenue/${pending.id}/approve`, { token: manager.token }), "outside_editable_window", d);
      expectRefused(await call("POST", `/finance/transactions/revenue/${pending.id}/reject`, { token: manager.token, body: { reason: "late" } }), "outside_editable_window", d);
      expectRefused(await call("PATCH", `/finance/transactions/revenue/${approved.id}`, { token: manager2.token, body: { description: "x" } }), "outside_editable_window", d);
      expectRefused(await call("DELETE", `/finance/transactions/revenue/${approved.id}`, { token: manager2.token }), "outside_editable_window", d);
      // Moving an open entry back to a date before the window is refused too.
      const fresh = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue(today()) })).body;
      expectRefused(await call("PATCH", `/finance/transactions/revenue/${fresh.id}`, { token: staff.token, body: { occurredAt: at(d) } }), "outside_editable_window", d);
      expect(await rowsOn(hotel, d)).toEqual(before);
      expect((await call("GET", `/finance/transactions/revenue/${fresh.id}`, { token: staff.token })).body.version).toBe(1);
      await call("DELETE", `/finance/transactions/revenue/${fresh.id}`, { token: staff.token });
    } finally {
      await call("PATCH", `/finance/settings/${hotel}`, { token: a.admin.token, body: { editableDays: 7 } });
    }
    // Back inside the window: decided normally, so the day can be closed later.
    expect((await call("POST", `/finance/transactions/revenue/${pending.id}/reject`, { token: manager.token, body: { reason: "duplicate" } })).status).toBe(200);
  });
});

describe("closing a day", () => {
  const day = () => addDays(today(), -1);
  let approvedOnDay: { id: string };
  let pendingOnDay: { id: string };

  it("is refused while entries are pending, naming them", async () => {
    approvedOnDay = (await call("POST", "/finance/revenues", { token: manager.token, body: revenue(day(), { amountCents: 40_000 }) })).body;
    await call("POST", "/finance/expenses", { token: manager.token, body: expense(day(), { amountCents: 1_500 }) });
    pendingOnDay = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue(day(), { amountCents: 777 }) })).body;
    const r = await call("POST", `/finance/days/${hotel}/${day()}/close`, { token: manager.token, body: {} });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("failed_precondition");
    expect(r.body.message).toContain(pendingOnDay.id);
    expect(r.body.details).toMatchObject({ reason: "pending_entries", date: day(), pending: [{ kind: "revenue", id: pendingOnDay.id, amountCents: 777 }] });
    const review = await call("GET", `/finance/days/${hotel}/${day()}`, { token: manager.token });
    expect(review.body).toMatchObject({ state: "open", close: null, pending: [{ id: pendingOnDay.id }] });
  });

  it("is for managers and admins, and refuses a day that has not begun", async () => {
    expect((await call("POST", `/finance/days/${hotel}/${day()}/close`, { token: staff.token, body: {} })).status).toBe(403);
    const future = await call("POST", `/finance/days/${hotel}/${addDays(today(), 2)}/close`, { token: manager.token, body: {} });
    expect(future.status).toBe(400);
    expect(future.body.details.reason).toBe("future_date");
  });

  it("closes once the pending entry is decided, freezing the day's figures, and is idempotent", async () => {
    await call("POST", `/finance/transactions/revenue/${pendingOnDay.id}/approve`, { token: manager.token });
    const r = await call("POST", `/finance/days/${hotel}/${day()}/close`, { token: manager.token, body: { note: "counted and banked" } });
    expect(r.status).toBe(200);
    const totals = (await db.queryRow<{ cash: number; n: number }>`
      SELECT COALESCE(sum(amount_cents) FILTER (WHERE kind = 'revenue' AND payment_mode = 'cash'), 0)::int AS cash, count(*)::int AS n
        FROM finance_transactions WHERE property_id = ${hotel} AND business_date = ${day()}::date AND status = 'approved' AND deleted_at IS NULL`)!;
    expect(r.body).toMatchObject({
      alreadyClosed: false,
      close: { businessDate: day(), closedBy: { id: manager.userId }, note: "counted and banked", approvedCount: totals.n, cashReceivedCents: totals.cash, cashExpensesCents: 1_500 },
    });
    const again = await call("POST", `/finance/days/${hotel}/${day()}/close`, { token: manager2.token, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ alreadyClosed: true, close: r.body.close });
    const review = await call("GET", `/finance/days/${hotel}/${day()}`, { token: staff.token });
    expect(review.body).toMatchObject({ state: "closed", close: { closedAt: r.body.close.closedAt } });
  });

  it("refuses every write path dated on the closed day, writing nothing", async () => {
    const d = day();
    const before = await rowsOn(hotel, d);
    const open = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue(today()) })).body;
    await waitForProjection();
    const queued = await outbox();
    expectRefused(await call("POST", "/finance/revenues", { token: manager.token, body: revenue(d) }), "day_closed", d);
    expectRefused(await call("POST", "/finance/revenues", { token: staff.token, body: revenue(d), headers: { "Idempotency-Key": "closed-day-1" } } as never), "day_closed", d);
    expectRefused(await call("POST", "/finance/expenses", { token: manager.token, body: expense(d) }), "day_closed", d);
    expectRefused(await call("PATCH", `/finance/transactions/revenue/${approvedOnDay.id}`, { token: manager2.token, body: { description: "late note" } }), "day_closed", d);
    expectRefused(await call("PATCH", `/finance/transactions/revenue/${approvedOnDay.id}`, { token: manager2.token, body: { amountCents: 1, reason: "typo" } }), "day_closed", d);
    expectRefused(await call("DELETE", `/finance/transactions/revenue/${approvedOnDay.id}`, { token: manager2.token }), "day_closed", d);
    // An open-day entry cannot be moved onto the closed day, and stays as it was.
    expectRefused(await call("PATCH", `/finance/transactions/revenue/${open.id}`, { token: staff.token, body: { occurredAt: at(d) } }), "day_closed", d);
    expect(await rowsOn(hotel, d)).toEqual(before);
    expect(await outbox()).toBe(queued);
    expect((await call("GET", `/finance/transactions/revenue/${open.id}`, { token: staff.token })).body).toMatchObject({ version: 1, businessDate: today() });
    // The idempotency key was not used up by the refused request.
    const retry = await call("POST", "/finance/revenues", { token: staff.token, body: revenue(today()), headers: { "Idempotency-Key": "closed-day-1" } } as never);
    expect(retry.status).toBe(200);
    await call("DELETE", `/finance/transactions/revenue/${open.id}`, { token: staff.token });
    await call("DELETE", `/finance/transactions/revenue/${retry.body.id}`, { token: staff.token });
  });

  it("reopens for an admin only, with a reason, logged; then writes are allowed again", async () => {
    const d = day();
    expect((await call("POST", `/finance/days/${hotel}/${d}/reopen`, { token: manager.token, body: { reason: "late invoice" } })).status).toBe(403);
    const noReason = await call("POST", `/finance/days/${hotel}/${d}/reopen`, { token: a.admin.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.field).toBe("reason");
    const r = await call("POST", `/finance/days/${hotel}/${d}/reopen`, { token: a.admin.token, body: { reason: "late invoice from the laundry" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: "open", close: null });
    expect(r.body.log.map((l: { action: string }) => l.action)).toEqual(["closed", "reopened"]);
    expect(r.body.log[1]).toMatchObject({ reason: "late invoice from the laundry", actor: { id: a.admin.userId } });
    const notClosed = await call("POST", `/finance/days/${hotel}/${d}/reopen`, { token: a.admin.token, body: { reason: "again" } });
    expect(notClosed.status).toBe(400);
    expect(notClosed.body.details.reason).toBe("not_closed");
    expect((await call("POST", "/finance/expenses", { token: manager.token, body: expense(d, { amountCents: 900 }) })).status).toBe(200);
    const list = await call("GET", `/finance/days?propertyId=${hotel}&from=${addDays(d, -3)}&to=${d}`, { token: manager.token });
    expect(list.body).toMatchObject({ closes: [], log: [{ action: "closed", actor: { id: manager.userId } }, { action: "reopened", actor: { id: a.admin.userId } }] });
  });

  it("keeps other tenants out (404) of every day-close endpoint", async () => {
    const d = day();
    const t = b.admin.token;
    for (const r of await Promise.all([
      call("GET", `/finance/days/${hotel}/${d}`, { token: t }),
      call("POST", `/finance/days/${hotel}/${d}/close`, { token: t, body: {} }),
      call("POST", `/finance/days/${hotel}/${d}/reopen`, { token: t, body: { reason: "x" } }),
      call("GET", `/finance/days?propertyId=${hotel}&from=${d}&to=${d}`, { token: t }),
      call("GET", `/finance/settings/${hotel}`, { token: t }),
      call("PATCH", `/finance/settings/${hotel}`, { token: t, body: { editableDays: 100 } }),
    ])) expect(r.status).toBe(404);
    expect((await call("GET", `/finance/settings/${hotel}`, { token: a.admin.token })).body.editableDays).toBe(7);
  });
});

describe("a write racing the close", () => {
  it("either lands before the close (and is in its figures) or is refused", async () => {
    for (const [round, offset] of [[0, -4], [1, -5], [2, -6]] as const) {
      const d = addDays(today(), offset);
      const writes = Array.from({ length: 12 }, (_, i) =>
        call("POST", "/finance/revenues", { token: i % 2 ? manager.token : manager2.token, body: revenue(d, { amountCents: 100 + i + round * 100 }) }));
      const [close, ...results] = await Promise.all([
        new Promise((r) => setTimeout(r, round * 3)).then(() => call("POST", `/finance/days/${hotel}/${d}/close`, { token: a.admin.token, body: {} })),
        ...writes,
      ]);
      expect(close.status, JSON.stringify(close.body)).toBe(200);
      const landed = results.filter((r) => r.status === 200);
      for (const r of results.filter((x) => x.status !== 200)) expectRefused(r, "day_closed", d);
      const stored = await rowsOn(hotel, d);
      expect(stored.n).toBe(landed.length);
      // Every write that landed did so before the close read the day.
      expect(close.body.close.approvedCount).toBe(landed.length);
      expect(close.body.close.cashReceivedCents).toBe(landed.reduce((s, r) => s + r.body.amountCents, 0));
    }
  });
});

describe("approved-edit rule", () => {
  it("needs a reason to change an approved entry's money and sends it back for approval by someone else", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue(today(), { amountCents: 432_109 }) })).body;
    await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager.token });
    const noReason = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { amountCents: 4_321_090 } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.field).toBe("reason");
    expect((await call("GET", `/finance/transactions/revenue/${t.id}`, { token: manager.token })).body).toMatchObject({ amountCents: 432_109, status: "approved", version: 2 });

    const edited = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { amountCents: 4_321_090, reason: "guest paid for two rooms" } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ amountCents: 4_321_090, status: "pending", approvedBy: null, createdBy: { id: staff.userId } });
    const own = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager.token });
    expect(own.status).toBe(403);
    const other = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager2.token });
    expect(other.body).toMatchObject({ status: "approved", approvedBy: { id: manager2.userId } });
    // A change that does not touch the money keeps it approved and needs no reason.
    const note = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { description: "rooms 12 and 14" } });
    expect(note.body).toMatchObject({ status: "approved", description: "rooms 12 and 14" });
    await waitForProjection({ eventStore: true });
    const history = await call("GET", `/events/audit?transactionId=${t.id}`, { token: manager.token });
    const sentBack = history.body.items.find((i: { version: number }) => i.version === 3);
    expect(sentBack).toMatchObject({ type: "transaction.updated", changes: expect.arrayContaining([{ field: "status", from: "approved", to: "pending" }]) });
  });
});

describe("reconciliation of a closed day", () => {
  it("reports a discrepancy on a closed day instead of correcting it", async () => {
    const org = await createOrg(call, { properties: [{ name: "Recon", timezone: TZ, openingCashCents: 1_000 }], editableDays: 7 });
    const p = org.properties[0].id;
    const d1 = addDays(today(), -3);
    const d2 = addDays(today(), -2);
    await call("POST", "/finance/expenses", { token: org.admin.token, body: { propertyId: p, amountCents: 100, paymentMode: "cash", category: "supplies", expenseDate: d1 } });
    await call("POST", "/finance/expenses", { token: org.admin.token, body: { propertyId: p, amountCents: 200, paymentMode: "cash", category: "supplies", expenseDate: d2 } });
    await waitForProjection();
    expect((await call("POST", `/finance/days/${p}/${d1}/close`, { token: org.admin.token, body: {} })).status).toBe(200);
    // Drift on both days: the closed one must stay as it is, the open one is corrected.
    await db.exec`UPDATE daily_cash_balances SET cash_expenses_cents = cash_expenses_cents + 50, closing_balance_cents = closing_balance_cents - 50
                   WHERE property_id = ${p} AND balance_date = ${d1}::date`;
    await db.exec`UPDATE daily_cash_balances SET bank_received_cents = 42 WHERE property_id = ${p} AND balance_date = ${d2}::date`;
    const r = await call("POST", "/reports/reconcile", { token: org.admin.token, body: { propertyId: p, from: d1 } });
    expect(r.status).toBe(200);
    expect(r.body.closedDiscrepancies).toEqual([{ date: d1, discrepancyCents: -50 }]);
    const rows = await db.queryAll<{ date: string; ce: number; br: number; discrepancy: number }>`
      SELECT balance_date::text AS date, cash_expenses_cents::int AS ce, bank_received_cents::int AS br, balance_discrepancy_cents::int AS discrepancy
        FROM daily_cash_balances WHERE property_id = ${p} ORDER BY balance_date`;
    expect(rows.find((x) => x.date === d1)).toMatchObject({ ce: 150, discrepancy: -50 });
    expect(rows.find((x) => x.date === d2)).toMatchObject({ br: 0 });
  });
});
