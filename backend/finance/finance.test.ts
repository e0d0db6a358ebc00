// The finance ledger over HTTP: workflow, permissions, tenancy, idempotency,
// atomicity with the outbox, event deltas and business dates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Subscription } from "encore.dev/pubsub";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { financeEvents, type FinanceEvent, type TransactionEvent } from "./topics.ts";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp, twoTenants } from "../testing/fixtures.ts";

const db = SQLDatabase.named("hospitality");
const received: TransactionEvent[] = [];
const _collector = new Subscription(financeEvents, "test-finance-collector", {
  handler: async (e: FinanceEvent) => { if (e.kind !== "day" && e.kind !== "shift") received.push(e); },
  maxConcurrency: 50,
});

async function eventsFor(transactionId: string, count: number): Promise<TransactionEvent[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const found = received.filter((e) => e.transactionId === transactionId);
    const unique = [...new Map(found.map((e) => [e.eventId, e])).values()].sort((a, b) => a.version - b.version);
    if (unique.length >= count) return unique;
    if (Date.now() > until) throw new Error(`expected ${count} events for ${transactionId}, got ${unique.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let app: TestApp;
let call: Call;
let a: Org;
let b: Org;
let staff: Session;
let staff2: Session;
let manager: Session;
let manager2: Session;
let bStaff: Session;
let mumbai: string;
let london: string;

const revenue = (over: Record<string, unknown> = {}) => ({ propertyId: mumbai, amountCents: 100_000, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString(), ...over });
const expense = (over: Record<string, unknown> = {}) => ({ propertyId: mumbai, amountCents: 25_000, paymentMode: "bank", bankReference: "UTR123", category: "supplies", expenseDate: "2026-11-01", ...over });

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  ({ a, b, mumbai, london } = await twoTenants(call));
  staff = await createUser(call, a, "staff", [mumbai]);
  staff2 = await createUser(call, a, "staff", [mumbai]);
  manager = await createUser(call, a, "manager");
  manager2 = await createUser(call, a, "manager");
  bStaff = await createUser(call, b, "staff", [b.properties[0].id]);
});
afterAll(() => app?.stop());

describe("workflow", () => {
  it("starts a staff entry pending and a manager's own entry approved", async () => {
    const s = await call("POST", "/finance/revenues", { token: staff.token, body: revenue() });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ kind: "revenue", status: "pending", approvedBy: null, createdBy: { id: staff.userId }, version: 1 });
    const m = await call("POST", "/finance/expenses", { token: manager.token, body: expense() });
    expect(m.body).toMatchObject({ kind: "expense", status: "approved", approvedBy: { id: manager.userId }, businessDate: "2026-11-01" });
  });

  it("lets a manager approve a pending entry, once, and emits the cash delta", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ amountCents: 1_000 }) })).body;
    const ok = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "approved", approvedBy: { id: manager.userId }, version: 2 });
    const again = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager2.token });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("failed_precondition");
    const [created, approved] = await eventsFor(t.id, 2);
    expect(created).toMatchObject({ type: "transaction.created", version: 1, deltas: [] });
    expect(approved).toMatchObject({
      type: "transaction.approved", version: 2, orgId: a.orgId, propertyId: mumbai, kind: "revenue", actorUserId: manager.userId,
      deltas: [{ businessDate: t.businessDate, cashReceivedCents: 1_000, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 }],
    });
  });

  it("refuses self-approval and approval by staff", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue() })).body;
    expect((await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: staff2.token })).status).toBe(403);
    const own = (await call("POST", "/finance/expenses", { token: staff.token, body: expense() })).body;
    expect((await call("POST", `/finance/transactions/expense/${own.id}/approve`, { token: staff.token })).status).toBe(403);
  });

  it("refuses a manager approving an entry they created", async () => {
    // A manager's own entries are approved at creation, so a pending entry of theirs comes from before a promotion.
    const creator = await createUser(call, a, "staff", [mumbai]);
    const t = (await call("POST", "/finance/revenues", { token: creator.token, body: revenue() })).body;
    await call("PATCH", `/users/${creator.userId}`, { token: a.admin.token, body: { role: "manager" } });
    const r = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: creator.token });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/you created/);
  });

  it("refuses approval by the manager who last edited the entry", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ amountCents: 500 }) })).body;
    await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { amountCents: 50_000 } });
    const own = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager.token });
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/you changed/);
    expect((await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager2.token })).status).toBe(200);
  });

  it("refuses approval by anyone who changed the money, even after someone else edited the entry since", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ amountCents: 432_109 }) })).body;
    expect((await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { amountCents: 4_321_090 } })).status).toBe(200);
    // The creator then edits only the description: the manager is no longer the last editor, but set the amount.
    expect((await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: staff.token, body: { description: "room 12" } })).status).toBe(200);
    const own = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager.token });
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/amount, payment mode or date you changed/);
    expect((await call("POST", `/finance/transactions/revenue/${t.id}/reject`, { token: manager.token, body: { reason: "mine" } })).status).toBe(403);
    // The list and the entry say who may not review it, so the screens can hide what the server refuses.
    const listed = await call("GET", `/finance/transactions?propertyId=${t.propertyId}&status=pending`, { token: manager2.token });
    expect(listed.body.items.find((x: { id: string }) => x.id === t.id)).toMatchObject({ moneyEditedBy: [manager.userId], lastEditedById: staff.userId });
    expect((await call("GET", `/finance/transactions/revenue/${t.id}`, { token: manager.token })).body.moneyEditedBy).toEqual([manager.userId]);
    // A change of payment mode counts as money too; a description-only edit does not bar the editor for good.
    const u = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue() })).body;
    await call("PATCH", `/finance/transactions/revenue/${u.id}`, { token: manager2.token, body: { paymentMode: "bank", bankReference: "UPI-7" } });
    await call("PATCH", `/finance/transactions/revenue/${u.id}`, { token: manager.token, body: { description: "checked" } });
    await call("PATCH", `/finance/transactions/revenue/${u.id}`, { token: staff.token, body: { description: "room 14" } });
    expect((await call("POST", `/finance/transactions/revenue/${u.id}/approve`, { token: manager2.token })).status).toBe(403);
    expect((await call("POST", `/finance/transactions/revenue/${u.id}/approve`, { token: manager.token })).status).toBe(200);
    expect((await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager2.token })).status).toBe(200);
  });

  it("rejects with a reason, and a rejected entry is final", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue() })).body;
    const noReason = await call("POST", `/finance/transactions/revenue/${t.id}/reject`, { token: manager.token, body: { reason: " " } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.field).toBe("reason");
    const r = await call("POST", `/finance/transactions/revenue/${t.id}/reject`, { token: manager.token, body: { reason: "duplicate of folio 42" } });
    expect(r.body).toMatchObject({ status: "rejected", rejectionReason: "duplicate of folio 42" });
    expect((await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { amountCents: 5 } })).status).toBe(400);
    const [, rejected] = await eventsFor(t.id, 2);
    expect(rejected).toMatchObject({ type: "transaction.rejected", deltas: [] });
  });

  it("lets the creator or a manager edit a pending entry, but not another staff member", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue() })).body;
    expect((await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: staff2.token, body: { amountCents: 1 } })).status).toBe(403);
    const mine = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: staff.token, body: { amountCents: 2_000, description: "late checkout" } });
    expect(mine.body).toMatchObject({ amountCents: 2_000, description: "late checkout", status: "pending", version: 2 });
    const mgr = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager.token, body: { source: "food" } });
    expect(mgr.body).toMatchObject({ source: "food", version: 3 });
  });

  it("lets only a manager change an approved entry, with a reason, sending it back for approval (the correcting event's deltas remove its effect)", async () => {
    const t = (await call("POST", "/finance/revenues", { token: manager.token, body: revenue({ amountCents: 10_000, occurredAt: "2026-11-20T06:00:00Z" }) })).body;
    expect((await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: staff.token, body: { amountCents: 1 } })).status).toBe(403);
    const moved = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: manager2.token, body: { amountCents: 7_000, occurredAt: "2026-11-18T06:00:00Z", reason: "wrong night" } });
    expect(moved.body).toMatchObject({ status: "pending", approvedBy: null, businessDate: "2026-11-18", amountCents: 7_000, version: 2 });
    // Sent back, it carries no trace of the old approval (it used to keep approvedAt and so looked approved).
    expect(moved.body.approvedAt).toBeNull();
    const listed = await call("GET", `/finance/transactions?propertyId=${t.propertyId}&status=pending`, { token: manager.token });
    expect(listed.body.items.find((x: { id: string }) => x.id === t.id)).toMatchObject({ approvedBy: null, approvedAt: null });
    const [, updated] = await eventsFor(t.id, 2);
    expect(updated.type).toBe("transaction.updated");
    expect(updated.reason).toBe("wrong night");
    expect(updated.deltas).toEqual([
      { businessDate: "2026-11-20", cashReceivedCents: -10_000, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 },
    ]);
    // The one who changed the money may not approve it; someone else (below, the admin) may.
    expect((await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: manager2.token })).status).toBe(403);
    expect(updated.changes).toEqual(expect.arrayContaining([{ field: "amountCents", from: 10_000, to: 7_000 }, { field: "businessDate", from: "2026-11-20", to: "2026-11-18" }]));
    const again = await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: a.admin.token });
    expect(again.body).toMatchObject({ status: "approved", approvedBy: { id: a.admin.userId } });
    expect(Date.parse(again.body.approvedAt)).toBeGreaterThan(Date.parse(t.approvedAt));
  });

  it("deletes an approved entry with a reversing delta, and it disappears from reads", async () => {
    const t = (await call("POST", "/finance/expenses", { token: manager.token, body: expense({ amountCents: 900, paymentMode: "cash", bankReference: null }) })).body;
    expect((await call("DELETE", `/finance/transactions/expense/${t.id}`, { token: staff.token })).status).toBe(403);
    expect((await call("DELETE", `/finance/transactions/expense/${t.id}`, { token: manager2.token })).status).toBe(200);
    expect((await call("GET", `/finance/transactions/expense/${t.id}`, { token: manager.token })).status).toBe(404);
    const [, deleted] = await eventsFor(t.id, 2);
    expect(deleted).toMatchObject({ type: "transaction.deleted", deltas: [{ businessDate: "2026-11-01", cashExpensesCents: -900 }] });
  });

  it("refuses a stale expectedVersion with 409", async () => {
    const t = (await call("POST", "/finance/revenues", { token: staff.token, body: revenue() })).body;
    await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: staff.token, body: { amountCents: 3 } });
    const stale = await call("PATCH", `/finance/transactions/revenue/${t.id}`, { token: staff.token, body: { amountCents: 4, expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("aborted");
  });
});

describe("scoping and tenancy", () => {
  it("keeps staff to their assigned properties", async () => {
    const r = await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ propertyId: london }) });
    expect(r.status).toBe(404);
    const list = await call("GET", `/finance/transactions?propertyId=${london}`, { token: staff.token });
    expect(list.status).toBe(404);
    const mine = await call("GET", "/finance/transactions?limit=200", { token: staff.token });
    expect(mine.body.items.every((t: { propertyId: string }) => t.propertyId === mumbai)).toBe(true);
  });

  it("answers 404 to every finance endpoint naming another organisation's ids, and changes nothing", async () => {
    const bt = (await call("POST", "/finance/revenues", { token: bStaff.token, body: revenue({ propertyId: b.properties[0].id }) })).body;
    const before = await db.queryRow`SELECT status, amount_cents, deleted_at, version FROM revenues WHERE id = ${bt.id}`;
    const tries = await Promise.all([
      call("POST", "/finance/revenues", { token: a.admin.token, body: revenue({ propertyId: b.properties[0].id }) }),
      call("POST", "/finance/expenses", { token: a.admin.token, body: expense({ propertyId: b.properties[0].id }) }),
      call("GET", `/finance/transactions?propertyId=${b.properties[0].id}`, { token: a.admin.token }),
      call("GET", `/finance/transactions/revenue/${bt.id}`, { token: a.admin.token }),
      call("POST", `/finance/transactions/revenue/${bt.id}/approve`, { token: a.admin.token }),
      call("POST", `/finance/transactions/revenue/${bt.id}/reject`, { token: a.admin.token, body: { reason: "x" } }),
      call("PATCH", `/finance/transactions/revenue/${bt.id}`, { token: a.admin.token, body: { amountCents: 1 } }),
      call("DELETE", `/finance/transactions/revenue/${bt.id}`, { token: a.admin.token }),
    ]);
    for (const r of tries) expect(r.status).toBe(404);
    expect(await db.queryRow`SELECT status, amount_cents, deleted_at, version FROM revenues WHERE id = ${bt.id}`).toEqual(before);
    const all = await call("GET", "/finance/transactions?limit=200", { token: a.admin.token });
    expect(all.body.items.some((t: { id: string }) => t.id === bt.id)).toBe(false);
  });
});

describe("idempotency", () => {
  it("returns the first response for a repeated key and body without a second row", async () => {
    const key = randomUUID();
    const body = revenue({ amountCents: 4_242 });
    const first = await call("POST", "/finance/revenues", { token: staff.token, body, headers: { "idempotency-key": key } });
    const second = await call("POST", "/finance/revenues", { token: staff.token, body, headers: { "idempotency-key": key } });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE amount_cents = 4242 AND org_id = ${a.orgId}`;
    expect(n!.n).toBe(1);
    // Stored as the JSON object, not a JSON string of it (what a JSON.stringify'd parameter becomes under Encore).
    const stored = await db.queryRow<{ t: string; id: string }>`SELECT jsonb_typeof(response) AS t, response->>'id' AS id FROM idempotency_keys WHERE org_id = ${a.orgId} AND key = ${key}`;
    expect(stored).toEqual({ t: "object", id: first.body.id });
  });

  it("answers 409 when the key is reused with a different body", async () => {
    const key = randomUUID();
    await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ amountCents: 1 }), headers: { "idempotency-key": key } });
    const r = await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ amountCents: 2 }), headers: { "idempotency-key": key } });
    expect(r.status).toBe(409);
  });

  it("creates one row for concurrent duplicates", async () => {
    const key = randomUUID();
    const body = revenue({ amountCents: 31_337 });
    const results = await Promise.all(Array.from({ length: 8 }, () => call("POST", "/finance/revenues", { token: staff.token, body, headers: { "idempotency-key": key } })));
    for (const r of results) expect(r.status).toBe(200);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE amount_cents = 31337 AND org_id = ${a.orgId}`;
    expect(n!.n).toBe(1);
  });
});

describe("atomicity", () => {
  it("leaves neither row nor event when the transaction aborts after the insert", async () => {
    // Fail the outbox write for one marked entry: the revenue insert before it must roll back too.
    await db.exec`CREATE OR REPLACE FUNCTION fail_marked() RETURNS trigger AS $$
      BEGIN IF NEW.event->'transaction'->>'description' = 'explode' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`;
    await db.exec`CREATE TRIGGER fail_marked BEFORE INSERT ON finance_outbox FOR EACH ROW EXECUTE FUNCTION fail_marked()`;
    try {
      const r = await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ description: "explode", amountCents: 777_777 }) });
      expect(r.status).toBe(500);
      const rows = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE amount_cents = 777777`;
      expect(rows!.n).toBe(0);
      await new Promise((res) => setTimeout(res, 300));
      expect(received.some((e) => e.transaction.amountCents === 777_777)).toBe(false);
    } finally {
      await db.exec`DROP TRIGGER fail_marked ON finance_outbox`;
    }
  });
});

describe("business dates", () => {
  it("puts 02:15 in Kolkata on the Kolkata date although it is the previous UTC date", async () => {
    const r = await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ occurredAt: "2026-11-24T20:45:00Z" }) });
    expect(r.body.businessDate).toBe("2026-11-25");
  });

  it("follows London's clock changes", async () => {
    const at = async (occurredAt: string) => (await call("POST", "/finance/revenues", { token: manager.token, body: revenue({ propertyId: london, occurredAt }) })).body.businessDate;
    expect(await at("2026-10-24T23:30:00Z")).toBe("2026-10-25"); // 00:30 BST, the night clocks go back
    expect(await at("2026-10-25T23:30:00Z")).toBe("2026-10-25"); // 23:30 GMT after the change
    expect(await at("2026-03-28T23:59:00Z")).toBe("2026-03-28"); // 23:59 GMT before spring forward
    expect(await at("2026-03-29T23:30:00Z")).toBe("2026-03-30"); // 00:30 BST
  });
});

describe("lists", () => {
  it("paginates with a cursor without gaps or repeats", async () => {
    const org = await createOrg(call);
    const p = org.properties[0].id;
    for (let i = 0; i < 7; i++) {
      await call("POST", "/finance/expenses", { token: org.admin.token, body: expense({ propertyId: p, expenseDate: `2026-11-0${1 + (i % 3)}`, amountCents: 100 + i }) });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call("GET", `/finance/transactions?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: org.admin.token });
      seen.push(...page.body.items.map((t) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const filtered = await call("GET", "/finance/transactions?status=approved&kind=expense&from=2026-11-02&to=2026-11-02", { token: org.admin.token });
    expect(filtered.body.items.every((t: { businessDate: string }) => t.businessDate === "2026-11-02")).toBe(true);
    expect(filtered.body.items).toHaveLength(2);
  });
});

describe("bad input", () => {
  it.each([
    ["/finance/revenues", { amountCents: 0 }, "amountCents"],
    ["/finance/revenues", { amountCents: 12.5 }, "amountCents"],
    ["/finance/revenues", { amountCents: 1e15 }, "amountCents"],
    ["/finance/revenues", { paymentMode: "card" }, "paymentMode"],
    ["/finance/revenues", { paymentMode: "bank" }, "bankReference"],
    ["/finance/revenues", { source: "spa" }, "source"],
    ["/finance/revenues", { occurredAt: "yesterday" }, "occurredAt"],
    ["/finance/revenues", { occurredAt: new Date(Date.now() + 3600_000).toISOString() }, "occurredAt"],
    ["/finance/revenues", { propertyId: "abc" }, "propertyId"],
    // A bigint id from before migration 9 is no longer an id.
    ["/finance/revenues", { propertyId: "42" }, "propertyId"],
    ["/finance/revenues", { description: "x".repeat(501) }, "description"],
    ["/finance/expenses", { category: "travel" }, "category"],
    ["/finance/expenses", { expenseDate: "2026-02-30" }, "expenseDate"],
    ["/finance/expenses", { expenseDate: "2099-01-01" }, "expenseDate"],
  ])("POST %s %j → 400 naming %s and writes nothing", async (path, over, field) => {
    const base = path.endsWith("revenues") ? revenue(over) : expense(over);
    const before = await db.queryRow<{ n: number }>`SELECT (SELECT count(*) FROM revenues) + (SELECT count(*) FROM expenses) AS n`;
    const r = await call("POST", path, { token: staff.token, body: base });
    expect(r.status).toBe(400);
    expect(r.body.details.field).toBe(field);
    expect(r.body.message).toContain(field);
    const after = await db.queryRow<{ n: number }>`SELECT (SELECT count(*) FROM revenues) + (SELECT count(*) FROM expenses) AS n`;
    expect(after!.n).toBe(before!.n);
  });
});
