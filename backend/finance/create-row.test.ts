// The one-statement create (create-row.ts) over HTTP: its response is what a
// read returns and what its event and idempotency key carry, a cached time
// zone never outlives a change of the property's, and a create that fails
// leaves no row, event or key behind (the retry with the same key creates it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Subscription } from "encore.dev/pubsub";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { financeEvents, type FinanceEvent, type TransactionEvent } from "./topics.ts";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";

const db = SQLDatabase.named("hospitality");
const received: TransactionEvent[] = [];
const _collector = new Subscription(financeEvents, "test-create-row-collector", {
  handler: async (e: FinanceEvent) => { if (e.kind !== "day" && e.kind !== "shift") received.push(e); },
  maxConcurrency: 50,
});

async function createdEvent(transactionId: string): Promise<TransactionEvent> {
  const until = Date.now() + 10_000;
  for (;;) {
    const e = received.find((x) => x.transactionId === transactionId && x.type === "transaction.created");
    if (e) return e;
    if (Date.now() > until) throw new Error(`no transaction.created event for ${transactionId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let app: TestApp;
let call: Call;
let org: Org;
let property: string;
let staff: Session;
let manager: Session;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Goa", timezone: "Asia/Kolkata" }] });
  property = org.properties[0].id;
  staff = await createUser(call, org, "staff", [property]);
  manager = await createUser(call, org, "manager");
});
afterAll(() => app?.stop());

describe("the create's response", () => {
  it("is what a read returns, for a pending revenue and an approved expense", async () => {
    const r = await call("POST", "/finance/revenues", {
      token: staff.token,
      body: { propertyId: property, amountCents: 12_345, paymentMode: "bank", bankReference: "UTR-1", description: "Suite", source: "room", occurredAt: "2026-11-20T10:11:12.345+05:30" },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "pending", approvedBy: null, approvedAt: null, occurredAt: "2026-11-20T04:41:12.345Z", businessDate: "2026-11-20", version: 1 });
    const e = await call("POST", "/finance/expenses", { token: manager.token, body: { propertyId: property, amountCents: 999, paymentMode: "cash", category: "supplies", expenseDate: "2026-11-19" } });
    expect(e.status).toBe(200);
    expect(e.body).toMatchObject({ status: "approved", approvedBy: { id: manager.userId, displayName: "manager user" }, source: null, occurredAt: null });
    for (const [kind, created] of [["revenue", r.body], ["expense", e.body]] as const) {
      const read = await call("GET", `/finance/transactions/${kind}/${created.id}`, { token: manager.token });
      expect(read.status).toBe(200);
      expect(created).toEqual(read.body);
    }
  });

  it("is what its event and its idempotency key carry", async () => {
    const key = randomUUID();
    const r = await call("POST", "/finance/revenues", {
      token: manager.token, headers: { "idempotency-key": key },
      body: { propertyId: property, amountCents: 5_000, paymentMode: "cash", source: "food", occurredAt: new Date().toISOString() },
    });
    expect(r.status).toBe(200);
    const stored = await db.queryRow<{ response: Record<string, unknown> }>`SELECT response FROM idempotency_keys WHERE org_id = ${org.orgId} AND key = ${key}`;
    expect(stored!.response).toEqual(r.body);
    const event = await createdEvent(r.body.id);
    expect(event).toMatchObject({ orgId: org.orgId, propertyId: property, kind: "revenue", version: 1, actorUserId: manager.userId });
    // Reversal fields are on the response (null here) and on a snapshot only when set; who edited it
    // and what reverses it are the list's, not the event's.
    const { createdBy, approvedBy, approvedAt, createdAt, updatedAt, id, kind, propertyId, version, reversesId, reversalReason, lastEditedById, moneyEditedBy, reversedBy, ...snapshot } = r.body;
    expect([reversesId, reversalReason, lastEditedById, moneyEditedBy, reversedBy]).toEqual([null, null, null, [], []]);
    expect(event.transaction).toEqual({ ...snapshot, createdByUserId: manager.userId });
    expect(event.deltas).toEqual([{ businessDate: r.body.businessDate, cashReceivedCents: 5_000, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 }]);
  });
});

describe("the property's time zone", () => {
  it("is the current one for the next create after it changed, although the previous create cached the old one", async () => {
    const p = await createOrg(call, { properties: [{ name: "Moving", timezone: "Asia/Kolkata" }] });
    const id = p.properties[0].id;
    const at = async () => {
      const r = await call("POST", "/finance/revenues", { token: p.admin.token, body: { propertyId: id, amountCents: 100, paymentMode: "cash", source: "room", occurredAt: "2026-11-24T20:45:00Z" } });
      expect(r.status).toBe(200);
      return r.body.businessDate;
    };
    expect(await at()).toBe("2026-11-25"); // 02:15 in Kolkata
    const patched = await call("PATCH", `/properties/${id}`, { token: p.admin.token, body: { timezone: "America/New_York" } });
    expect(patched.status).toBe(200);
    expect(await at()).toBe("2026-11-24"); // 15:45 in New York
  });

  it("answers 404 for a property of another organisation, writing nothing", async () => {
    const other = await createOrg(call);
    const r = await call("POST", "/finance/revenues", { token: manager.token, body: { propertyId: other.properties[0].id, amountCents: 4_711, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() } });
    expect(r.status).toBe(404);
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE amount_cents = 4711`;
    expect(n!.n).toBe(0);
  });
});

describe("a create that fails", () => {
  it("leaves no row, event or key, so the retry with the same key creates the entry once", async () => {
    // Fail the outbox insert, the statement's last write: the row and the key before it must not survive.
    await db.exec`CREATE OR REPLACE FUNCTION fail_marked_create() RETURNS trigger AS $$
      BEGIN IF NEW.event->'transaction'->>'description' = 'fail once' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`;
    await db.exec`CREATE TRIGGER fail_marked_create BEFORE INSERT ON finance_outbox FOR EACH ROW EXECUTE FUNCTION fail_marked_create()`;
    const key = randomUUID();
    const body = { propertyId: property, amountCents: 654_321, paymentMode: "cash", description: "fail once", source: "room", occurredAt: new Date().toISOString() };
    try {
      const failed = await call("POST", "/finance/revenues", { token: manager.token, body, headers: { "idempotency-key": key } });
      expect(failed.status).toBe(500);
      const left = await db.queryRow<{ rows: number; keys: number }>`
        SELECT (SELECT count(*) FROM revenues WHERE amount_cents = 654321)::int AS rows,
               (SELECT count(*) FROM idempotency_keys WHERE org_id = ${org.orgId} AND key = ${key})::int AS keys`;
      expect(left).toEqual({ rows: 0, keys: 0 });
    } finally {
      await db.exec`DROP TRIGGER fail_marked_create ON finance_outbox`;
    }
    const retried = await call("POST", "/finance/revenues", { token: manager.token, body, headers: { "idempotency-key": key } });
    expect(retried.status).toBe(200);
    const again = await call("POST", "/finance/revenues", { token: manager.token, body, headers: { "idempotency-key": key } });
    expect(again.body).toEqual(retried.body);
    const n = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE amount_cents = 654321`;
    expect(n!.n).toBe(1);
    expect((await createdEvent(retried.body.id)).transaction.amountCents).toBe(654_321);
  });
});
