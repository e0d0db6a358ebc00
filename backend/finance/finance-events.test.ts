// Day close, reopen and shift steps as finance-topic events, over HTTP on
// real PostgreSQL: each state change writes exactly one event (none for an
// idempotent re-close or a refused one), the event store and the audit trail
// show them with their figures, staff see only their own shifts' events, and
// the cash book and its replay are unchanged by them, redeliveries included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { todayIn } from "../shared/business-date.ts";
import { type Call, type Org, type Session, type TestApp, createOrg, createUser, startApp } from "../testing/fixtures.ts";
import { waitForProjection } from "../testing/projection.ts";
import { foldEvents } from "../reports/projection.ts";
import { writeFinanceBatch } from "../events/event-batching.ts";
import { fromFinanceEvent } from "../events/event-store.ts";
import { SseClient } from "../testing/sse-client.ts";
import type { DayEvent, FinanceEvent, ShiftEvent } from "./topics.ts";

const db = SQLDatabase.named("hospitality");
const TZ = "Asia/Kolkata";
const today = () => todayIn(TZ);
const now = () => new Date().toISOString();

let app: TestApp;
let call: Call;
let org: Org;
let hotel: string;
let staff: Session;
let staff2: Session;
let manager: Session;

interface Stored { seq: number; eventType: string; aggregateId: string; aggregateType: string; version: number; actorUserId: string; data: FinanceEvent }

/** The property's stored events of the given types, in seq order. */
async function stored(propertyId: string, ...types: string[]): Promise<Stored[]> {
  return db.queryAll<Stored>`
    SELECT seq, event_type AS "eventType", aggregate_id::text AS "aggregateId", aggregate_type AS "aggregateType", version,
           actor_user_id::text AS "actorUserId", event_data AS data
      FROM domain_events WHERE property_id = ${propertyId} AND event_type = ANY(${types}::text[]) ORDER BY seq`;
}

const outboxSize = async () => (await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM finance_outbox`)!.n;

/** The cash book of a property as the fold wrote it, row by row. */
async function cashBook(propertyId: string) {
  return db.queryAll`
    SELECT balance_date::text AS date, opening_balance_cents, cash_received_cents, bank_received_cents, cash_expenses_cents, bank_expenses_cents,
           cash_moved_cents, bank_moved_cents, closing_balance_cents, calculated_closing_balance_cents, balance_discrepancy_cents
      FROM daily_cash_balances WHERE property_id = ${propertyId} ORDER BY balance_date`;
}

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Lagoon", timezone: TZ, currency: "INR", openingCashCents: 50_000 }], editableDays: 7 });
  hotel = org.properties[0].id;
  [staff, staff2] = [await createUser(call, org, "staff", [hotel]), await createUser(call, org, "staff", [hotel])];
  manager = await createUser(call, org, "manager");
});
const streams: SseClient[] = [];
afterAll(async () => {
  // Open streams would hold the server's close until its timeout.
  for (const c of streams) c.close();
  await app?.stop();
});

async function connect(session: Session, lastEventId?: string): Promise<SseClient> {
  const ticket = (await call("POST", "/events/stream-ticket", { token: session.token })).body.ticket as string;
  const c = await SseClient.open(app.host.url, { ticket, ...(lastEventId ? { lastEventId } : {}) });
  expect(c.status).toBe(200);
  streams.push(c);
  await c.waitFor((m) => m.event === "ready");
  return c;
}

describe("shift events", () => {
  it("open, blind count and sign-off each store one event with the shift's figures; the cashier's API view still hides expected until the count", async () => {
    const opened = await call("POST", "/finance/shifts", { token: staff.token, body: { propertyId: hotel, floatCents: 2_000, blind: true } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const id = opened.body.id as string;
    expect(opened.body.expectedCents).toBeNull();
    await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: hotel, amountCents: 6_000, paymentMode: "cash", source: "room", occurredAt: now() } });
    await call("POST", "/finance/movements", { token: staff.token, body: { propertyId: hotel, movementType: "paid_out", amountCents: 500 } });
    expect((await call("GET", `/finance/shifts/${id}`, { token: staff.token })).body.expectedCents).toBeNull();

    const closed = await call("POST", `/finance/shifts/${id}/close`, { token: staff.token, body: { countedCents: 7_300 } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ expectedCents: 7_500, overShortCents: -200 });
    const signed = await call("POST", `/finance/shifts/${id}/sign-off`, { token: manager.token, body: { note: "coins miscounted" } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    await waitForProjection({ eventStore: true });

    const events = (await stored(hotel, "shift.opened", "shift.closed", "shift.signed_off")).filter((e) => e.aggregateId === id);
    expect(events.map((e) => [e.eventType, e.version, e.aggregateType, e.actorUserId])).toEqual([
      ["shift.opened", 1, "shift", staff.userId], ["shift.closed", 2, "shift", staff.userId], ["shift.signed_off", 3, "shift", manager.userId],
    ]);
    const [o, c, s] = events.map((e) => e.data as ShiftEvent);
    expect(o.shift).toMatchObject({ status: "open", blind: true, floatCents: 2_000, cashierUserId: staff.userId, businessDate: today(), expectedCents: null, countedCents: null });
    // The audit record of a blind count carries what the cashier was not shown.
    expect(c.shift).toMatchObject({ status: "closed", blind: true, floatCents: 2_000, cashReceivedCents: 6_000, cashPaidCents: 0, cashMovedCents: -500, expectedCents: 7_500, countedCents: 7_300, overShortCents: -200 });
    expect(s.shift).toMatchObject({ status: "signed_off", signedOffByUserId: manager.userId, note: "coins miscounted", expectedCents: 7_500, overShortCents: -200 });
    expect(o).not.toHaveProperty("deltas");

    // The audit trail: the shift's history, and the feed filtered by type.
    const history = await call("GET", `/events/audit?transactionId=${id}`, { token: manager.token });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { type: string; kind: string }) => [e.type, e.kind])).toEqual([["shift.opened", "shift"], ["shift.closed", "shift"], ["shift.signed_off", "shift"]]);
    expect(history.body.items[1]).toMatchObject({ transaction: null, day: null, deltas: [], shift: { expectedCents: 7_500, countedCents: 7_300 } });
    const feed = await call("GET", `/events/audit?type=shift.closed&propertyId=${hotel}`, { token: manager.token });
    expect(feed.body.items.map((e: { transactionId: string }) => e.transactionId)).toContain(id);
    // The cashier sees their own shift's events; another cashier at the property does not.
    expect((await call("GET", `/events/audit?transactionId=${id}`, { token: staff.token })).body.items).toHaveLength(3);
    expect((await call("GET", `/events/audit?transactionId=${id}`, { token: staff2.token })).status).toBe(404);
    const theirFeed = await call("GET", `/events/audit?limit=200&propertyId=${hotel}`, { token: staff2.token });
    expect(theirFeed.body.items.filter((e: { kind: string }) => e.kind === "shift")).toEqual([]);
  });

  it("a refused step (closing a closed shift, signing off your own) writes no event", async () => {
    const own = (await call("POST", "/finance/shifts", { token: manager.token, body: { propertyId: hotel, floatCents: 100 } })).body;
    await call("POST", `/finance/shifts/${own.id}/close`, { token: manager.token, body: { countedCents: 100 } });
    await waitForProjection({ eventStore: true });
    const before = (await stored(hotel, "shift.opened", "shift.closed", "shift.signed_off")).length;
    expect((await call("POST", `/finance/shifts/${own.id}/close`, { token: manager.token, body: { countedCents: 1 } })).status).toBe(400);
    expect((await call("POST", `/finance/shifts/${own.id}/sign-off`, { token: manager.token, body: {} })).status).toBe(403);
    expect((await call("POST", "/finance/shifts", { token: staff2.token, body: { propertyId: hotel, floatCents: -1 } })).status).toBe(400);
    expect(await outboxSize()).toBe(0);
    await waitForProjection({ eventStore: true });
    expect((await stored(hotel, "shift.opened", "shift.closed", "shift.signed_off")).length).toBe(before);
  });
});

describe("day events", () => {
  it("a refused close writes nothing; a close writes one day.closed with the actor and counts; a re-close none; a reopen day.reopened with its reason", async () => {
    const date = today();
    // The shifts above are all closed, so only pending entries stand in the way.
    const pending = (await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: hotel, amountCents: 1_000, paymentMode: "bank", bankReference: "CARD1", source: "food", occurredAt: now() } })).body;
    await waitForProjection({ eventStore: true });
    const bookBefore = await cashBook(hotel);

    const refused = await call("POST", `/finance/days/${hotel}/${date}/close`, { token: manager.token, body: {} });
    expect(refused.body.details?.reason, JSON.stringify(refused.body)).toBe("pending_entries");
    expect(await outboxSize()).toBe(0);
    expect((await call("POST", `/finance/days/${hotel}/${date}/close`, { token: staff.token, body: {} })).status).toBe(403);
    // Everything pending on the day is decided: this entry and the first shift's revenue and paid-out.
    expect(refused.body.details.pending.map((p: { id: string }) => p.id)).toContain(pending.id);
    for (const p of refused.body.details.pending as { kind: string; id: string }[]) {
      const path = p.kind === "movement" ? `/finance/movements/${p.id}/approve` : `/finance/transactions/${p.kind}/${p.id}/approve`;
      expect((await call("POST", path, { token: manager.token, body: {} })).status).toBe(200);
    }
    await waitForProjection({ eventStore: true });
    expect(await stored(hotel, "day.closed", "day.reopened")).toEqual([]);
    const bookApproved = await cashBook(hotel);

    const closed = await call("POST", `/finance/days/${hotel}/${date}/close`, { token: manager.token, body: { note: "all reviewed" } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const again = await call("POST", `/finance/days/${hotel}/${date}/close`, { token: manager.token, body: {} });
    expect(again.body.alreadyClosed).toBe(true);
    await waitForProjection({ eventStore: true });
    const closes = await stored(hotel, "day.closed");
    expect(closes).toHaveLength(1);
    const c = closes[0].data as DayEvent;
    expect(closes[0]).toMatchObject({ aggregateType: "day", version: 1, actorUserId: manager.userId });
    const figures = closed.body.close;
    expect(c).toMatchObject({
      kind: "day", type: "day.closed", propertyId: hotel, actorUserId: manager.userId, reason: null,
      day: {
        businessDate: date, closed: true, note: "all reviewed", forced: false,
        figures: {
          approvedCount: figures.approvedCount, cashReceivedCents: figures.cashReceivedCents, bankReceivedCents: figures.bankReceivedCents,
          cashExpensesCents: figures.cashExpensesCents, bankExpensesCents: figures.bankExpensesCents, shiftCount: 2, openShiftCount: 0,
        },
      },
    });
    expect(figures.approvedCount).toBeGreaterThanOrEqual(2);
    // The aggregate is the day-log entry the close wrote.
    expect((await db.queryRow<{ action: string }>`SELECT action FROM business_day_log WHERE id = ${c.logEntryId}::uuid`)!.action).toBe("closed");
    // A close moves no money: the cash book is as the approval left it.
    expect(await cashBook(hotel)).toEqual(bookApproved);
    expect(bookApproved).not.toEqual(bookBefore);

    expect((await call("POST", `/finance/days/${hotel}/${date}/reopen`, { token: manager.token, body: { reason: "late invoice" } })).status).toBe(403);
    const reopened = await call("POST", `/finance/days/${hotel}/${date}/reopen`, { token: org.admin.token, body: { reason: "late invoice from the laundry" } });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect((await call("POST", `/finance/days/${hotel}/${date}/reopen`, { token: org.admin.token, body: { reason: "again" } })).body.details.reason).toBe("not_closed");
    await waitForProjection({ eventStore: true });
    const reopens = await stored(hotel, "day.reopened");
    expect(reopens).toHaveLength(1);
    expect(reopens[0].data).toMatchObject({ kind: "day", actorUserId: org.admin.userId, reason: "late invoice from the laundry", day: { businessDate: date, closed: false, figures: null } });
    expect(await cashBook(hotel)).toEqual(bookApproved);

    const audit = await call("GET", `/events/audit?type=day.reopened&propertyId=${hotel}`, { token: manager.token });
    expect(audit.body.items).toMatchObject([{ kind: "day", type: "day.reopened", reason: "late invoice from the laundry", actor: { id: org.admin.userId }, day: { businessDate: date }, transaction: null, deltas: [] }]);
    // Day events are the property's, so its staff see them.
    expect((await call("GET", `/events/audit?type=day.closed&propertyId=${hotel}`, { token: staff.token })).body.items).toHaveLength(1);
  });

  it("a forced close over an open shift carries its reason and the shift count", async () => {
    const date = today();
    const s = (await call("POST", "/finance/shifts", { token: staff2.token, body: { propertyId: hotel, floatCents: 300 } })).body;
    const forced = await call("POST", `/finance/days/${hotel}/${date}/close`, { token: manager.token, body: { force: true, reason: "drawer counted tomorrow" } });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    await waitForProjection({ eventStore: true });
    const closes = await stored(hotel, "day.closed");
    expect(closes).toHaveLength(2);
    expect(closes[1].data).toMatchObject({ reason: "drawer counted tomorrow", day: { forced: true, figures: { openShiftCount: 1, shiftCount: 3 } } });
    expect(closes[1].data).toMatchObject({ day: { figures: { openShiftCount: 1 } } });
    await call("POST", `/finance/shifts/${s.id}/close`, { token: staff2.token, body: { countedCents: 300 } });
  });
});

describe("consumers of the topic", () => {
  it("a redelivered day or shift event changes neither the event store nor the cash book nor the fold's count", async () => {
    await waitForProjection({ eventStore: true });
    const events = (await stored(hotel, "day.closed", "day.reopened", "shift.opened", "shift.closed", "shift.signed_off")).map((e) => e.data);
    expect(events.length).toBeGreaterThanOrEqual(8);
    const count = async () => (await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE property_id = ${hotel}`)!.n;
    const folded = async () => (await db.queryRow<{ n: number }>`SELECT folded_total::int AS n FROM cash_book_fold_progress`)!.n;
    const [n, f, book] = [await count(), await folded(), await cashBook(hotel)];
    await writeFinanceBatch([...events, ...events].map(fromFinanceEvent));
    expect(await foldEvents([...events, ...events])).toEqual([]);
    expect([await count(), await folded(), await cashBook(hotel)]).toEqual([n, f, book]);
  });

  it("replay over a stream holding day and shift events rebuilds the same cash book", async () => {
    await waitForProjection({ eventStore: true });
    const r = await call("POST", "/reports/replay", { token: org.admin.token, body: { propertyId: hotel } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const all = (await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE property_id = ${hotel}`)!.n;
    expect(r.body).toMatchObject({ eventsRead: all, missing: 0, extra: 0, different: 0 });
    expect(r.body.rowsRebuilt).toBeGreaterThan(0);
  });
});

describe("the live stream", () => {
  it("pushes day and shift events so an open dashboard refreshes; staff get only their own shifts' events, live and on resume", async () => {
    // Closed already when the tests above ran (a re-close is a no-op), so the reopen below has a close to undo.
    await call("POST", `/finance/days/${hotel}/${today()}/close`, { token: manager.token, body: { force: true, reason: "stream check setup" } });
    const [mgr, mine, theirs] = [await connect(manager), await connect(staff), await connect(staff2)];
    const resumeFrom = theirs.messages.find((m) => m.event === "ready")!.data.lastEventId as string;
    const shift = (await call("POST", "/finance/shifts", { token: staff.token, body: { propertyId: hotel, floatCents: 700 } })).body;
    const reopened = await call("POST", `/finance/days/${hotel}/${today()}/reopen`, { token: org.admin.token, body: { reason: "stream check" } });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    const isShift = (m: { event: string; data: any }) => m.event === "finance" && m.data.type === "shift.opened" && m.data.shiftId === shift.id;
    const isReopen = (m: { event: string; data: any }) => m.event === "finance" && m.data.type === "day.reopened" && m.data.reason === "stream check";
    await mgr.waitFor(isShift);
    await mgr.waitFor(isReopen);
    await mine.waitFor(isShift);
    await mine.waitFor(isReopen);
    // Frames go out in seq order, so once the later reopen has arrived the earlier shift event would have too.
    await theirs.waitFor(isReopen);
    expect(theirs.messages.filter(isShift)).toEqual([]);
    const resumed = await connect(staff2, resumeFrom);
    expect(resumed.messages.some(isReopen)).toBe(true);
    expect(resumed.messages.filter(isShift)).toEqual([]);
    await call("POST", `/finance/shifts/${shift.id}/close`, { token: staff.token, body: { countedCents: 700 } });
  });
});
