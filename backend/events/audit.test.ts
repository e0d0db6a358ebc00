// The audit trail over HTTP: a transaction's history per transition, the
// organisation feed, filters, pagination and who may see what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createUser, startApp, type Call, type Org, type Session, type TestApp, twoTenants } from "../testing/fixtures.ts";
import { waitForStoredEvents } from "../testing/projection.ts";

const db = SQLDatabase.named("hospitality");

let app: TestApp;
let call: Call;
let a: Org;
let b: Org;
let mumbai: string;
let london: string;
let staff: Session;
let manager: Session;
let managerB: Session;

const revenue = (propertyId: string, over: Record<string, unknown> = {}) => ({ propertyId, amountCents: 50_000, paymentMode: "cash", source: "room", occurredAt: "2026-11-20T06:00:00Z", ...over });

let story: { id: string };

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  ({ a, b, mumbai, london } = await twoTenants(call));
  staff = await createUser(call, a, "staff", [mumbai]);
  manager = await createUser(call, a, "manager");
  managerB = await createUser(call, b, "manager");

  // One revenue through its whole life: created by staff, edited, approved, corrected, deleted.
  story = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue(mumbai) })).body;
  await call("PATCH", `/finance/transactions/revenue/${story.id}`, { token: staff.token, body: { amountCents: 60_000, description: "late checkout" } });
  await call("POST", `/finance/transactions/revenue/${story.id}/approve`, { token: manager.token });
  await call("PATCH", `/finance/transactions/revenue/${story.id}`, { token: manager.token, body: { amountCents: 55_000, reason: "rate agreed at check-out" } });
  await call("DELETE", `/finance/transactions/revenue/${story.id}`, { token: manager.token });
  await waitForStoredEvents(story.id, 5);
});
afterAll(() => app?.stop());

describe("transaction history", () => {
  it("lists every transition in version order with who, when, type and changes", async () => {
    const r = await call("GET", `/events/audit?transactionId=${story.id}`, { token: manager.token });
    expect(r.status).toBe(200);
    const items = r.body.items;
    expect(items.map((i: any) => [i.version, i.type, i.actor.id])).toEqual([
      [1, "transaction.created", staff.userId],
      [2, "transaction.updated", staff.userId],
      [3, "transaction.approved", manager.userId],
      [4, "transaction.updated", manager.userId],
      [5, "transaction.deleted", manager.userId],
    ]);
    expect(items[0]).toMatchObject({ transactionId: story.id, kind: "revenue", propertyId: mumbai, changes: [], deltas: [], actor: { displayName: "staff user" } });
    expect(items[0].transaction).toMatchObject({ status: "pending", amountCents: 50_000 });
    expect(items[1].changes).toEqual(expect.arrayContaining([{ field: "amountCents", from: 50_000, to: 60_000 }, { field: "description", from: null, to: "late checkout" }]));
    expect(items[2].changes).toEqual([{ field: "status", from: "pending", to: "approved" }]);
    expect(items[2].deltas).toEqual([{ businessDate: "2026-11-20", cashReceivedCents: 60_000, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 }]);
    // Changing an approved amount sends it back for approval: its whole effect leaves the cash book until approved again.
    expect(items[3]).toMatchObject({ reason: "rate agreed at check-out", transaction: { status: "pending", amountCents: 55_000 }, deltas: [{ cashReceivedCents: -60_000 }] });
    expect(items[4]).toMatchObject({ transaction: { deleted: true }, deltas: [], reason: null });
    for (const i of items) expect(Date.parse(i.occurredAt)).not.toBeNaN();
    expect(r.body.nextCursor).toBeNull();
  });

  it("pages a history by version", async () => {
    const p1 = await call("GET", `/events/audit?transactionId=${story.id}&limit=2`, { token: manager.token });
    expect(p1.body.items.map((i: any) => i.version)).toEqual([1, 2]);
    const p2 = await call("GET", `/events/audit?transactionId=${story.id}&limit=2&cursor=${p1.body.nextCursor}`, { token: manager.token });
    expect(p2.body.items.map((i: any) => i.version)).toEqual([3, 4]);
    const p3 = await call("GET", `/events/audit?transactionId=${story.id}&limit=2&cursor=${p2.body.nextCursor}`, { token: manager.token });
    expect(p3.body.items.map((i: any) => i.version)).toEqual([5]);
    expect(p3.body.nextCursor).toBeNull();
  });

  it("hides another property's or organisation's history as not found", async () => {
    const inLondon = (await call("POST", "/finance/revenues", { token: manager.token, body: revenue(london) })).body;
    await waitForStoredEvents(inLondon.id, 1);
    expect((await call("GET", `/events/audit?transactionId=${inLondon.id}`, { token: staff.token })).status).toBe(404);
    expect((await call("GET", `/events/audit?transactionId=${story.id}`, { token: managerB.token })).status).toBe(404);
    expect((await call("GET", `/events/audit?transactionId=${inLondon.id}`, { token: manager.token })).status).toBe(200);
  });
});

describe("activity feed", () => {
  it("lists the organisation's events newest first, scoped to staff's properties", async () => {
    const inLondon = (await call("POST", "/finance/revenues", { token: manager.token, body: revenue(london, { amountCents: 7 }) })).body;
    await waitForStoredEvents(inLondon.id, 1);
    const mgr = await call("GET", "/events/audit?limit=200", { token: manager.token });
    const seqs = mgr.body.items.map((i: any) => i.seq);
    expect(seqs).toEqual([...seqs].sort((x: number, y: number) => y - x));
    expect(mgr.body.items[0].transactionId).toBe(inLondon.id);
    expect(mgr.body.items.some((i: any) => i.propertyId === london)).toBe(true);
    const st = await call("GET", "/events/audit?limit=200", { token: staff.token });
    expect(st.body.items.length).toBeGreaterThan(0);
    expect(st.body.items.every((i: any) => i.propertyId === mumbai)).toBe(true);
    expect((await call("GET", `/events/audit?propertyId=${london}`, { token: staff.token })).status).toBe(404);
    const other = await call("GET", "/events/audit?limit=200", { token: managerB.token });
    expect(other.body.items).toEqual([]);
  });

  it("filters by user, type, property and time, and pages by seq without overlap", async () => {
    const byStaff = await call("GET", `/events/audit?userId=${staff.userId}`, { token: manager.token });
    expect(byStaff.body.items.length).toBeGreaterThan(0);
    expect(byStaff.body.items.every((i: any) => i.actor.id === staff.userId)).toBe(true);
    const approvals = await call("GET", "/events/audit?type=transaction.approved", { token: manager.token });
    expect(approvals.body.items.map((i: any) => i.transactionId)).toEqual([story.id]);
    const london1 = await call("GET", `/events/audit?propertyId=${london}`, { token: manager.token });
    expect(london1.body.items.every((i: any) => i.propertyId === london)).toBe(true);
    const future = await call("GET", "/events/audit?from=2099-01-01", { token: manager.token });
    expect(future.body.items).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const todays = await call("GET", `/events/audit?from=${today}&to=${today}&limit=200`, { token: manager.token });
    const all = await call("GET", "/events/audit?limit=200", { token: manager.token });
    expect(todays.body.items.length).toBe(all.body.items.length);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call("GET", `/events/audit?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: manager.token });
      seen.push(...page.body.items.map((i: any) => i.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((i: any) => i.seq));
  });

  it("validates its input", async () => {
    expect((await call("GET", "/events/audit?limit=201", { token: manager.token })).status).toBe(400);
    expect((await call("GET", "/events/audit?type=nope", { token: manager.token })).body.details.field).toBe("type");
    expect((await call("GET", "/events/audit?cursor=bogus", { token: manager.token })).status).toBe(400);
    expect((await call("GET", "/events/audit?from=2026-02-30", { token: manager.token })).status).toBe(400);
    expect((await call("GET", "/events/audit")).status).toBe(401);
  });
});
