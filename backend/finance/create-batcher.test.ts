// Group commit of creates (create-batcher.ts) against real PostgreSQL: creates
// started in the same event-loop turn share one statement; one that violates
// a constraint fails alone while the others commit; replays of one key inside
// a batch get the one row; and a create whose statement committed but whose
// answer was lost (the process died in between) is what the retry returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { APIError } from "encore.dev/api";
import type { AuthData } from "../shared/auth-data.ts";
import { newId } from "../shared/ids.ts";
import { createBatcher } from "./create-batcher.ts";
import { createRows } from "./create-row.ts";
import { createRequestHash, createTransaction, pendingCreate, type TransactionInput } from "./ledger.ts";
import { createOrg, createUser, startApp, type TestApp } from "../testing/fixtures.ts";
import { noteFoldLag } from "../shared/pipeline-pressure.ts";
import { findMetric } from "../shared/metrics.ts";

const db = SQLDatabase.named("hospitality");

let app: TestApp;
let auth: AuthData;
let property: string;

const revenue = (amountCents: number, over: Partial<TransactionInput> = {}): TransactionInput => ({
  propertyId: property, amountCents, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString(), ...over,
});

async function count(sql: "revenues" | "outbox" | "keys", amountCents: number): Promise<number> {
  const row = sql === "revenues"
    ? await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM revenues WHERE org_id = ${auth.orgId} AND amount_cents = ${amountCents}`
    : sql === "outbox"
      ? await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events WHERE org_id = ${auth.orgId} AND (event_data->'transaction'->>'amountCents')::bigint = ${amountCents}`
      : await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM idempotency_keys WHERE org_id = ${auth.orgId} AND (response->>'amountCents')::bigint = ${amountCents}`;
  return row!.n;
}

beforeAll(async () => {
  app = await startApp();
  const org = await createOrg(app.call, { properties: [{ name: "Batch", timezone: "Asia/Kolkata" }] });
  property = org.properties[0].id;
  const manager = await createUser(app.call, org, "manager");
  auth = { userID: manager.userId, orgId: org.orgId, role: "manager", propertyIds: [property] };
  // The property's zone cached, so every create below reaches the batcher in the turn it was started.
  await createTransaction(auth, "revenue", revenue(1));
});
afterAll(() => app?.stop());

describe("group commit of creates", () => {
  it("commits the others when one create in the batch violates a constraint, and fails that one with a 4xx", async () => {
    await db.exec`ALTER TABLE revenues ADD CONSTRAINT test_no_666 CHECK (amount_cents <> 666) NOT VALID`;
    const before = { ...createBatcher.stats };
    try {
      const amounts = [601, 602, 666, 603, 604];
      const results = await Promise.allSettled(amounts.map((a) => createTransaction(auth, "revenue", revenue(a), randomUUID())));
      expect(createBatcher.stats.failedBatches).toBe(before.failedBatches + 1); // all five were one statement, which failed
      results.forEach((r, i) => expect(r.status).toBe(amounts[i] === 666 ? "rejected" : "fulfilled"));
      const bad = results[2] as PromiseRejectedResult;
      expect(bad.reason).toBeInstanceOf(APIError);
      expect((bad.reason as APIError).code).toBe("invalid_argument");
      for (const a of [601, 602, 603, 604]) expect(await count("revenues", a)).toBe(1);
      expect(await count("revenues", 666)).toBe(0);
      expect(await count("keys", 666)).toBe(0);
    } finally {
      await db.exec`ALTER TABLE revenues DROP CONSTRAINT test_no_666`;
    }
  });

  it("writes creates of the same turn in one statement, revenues and expenses together", async () => {
    const before = { ...createBatcher.stats };
    const made = await Promise.all([
      createTransaction(auth, "revenue", revenue(701)),
      createTransaction(auth, "expense", { propertyId: property, amountCents: 702, paymentMode: "bank", bankReference: "UTR-702", category: "supplies", expenseDate: "2026-11-01" }),
      createTransaction(auth, "revenue", revenue(703), randomUUID()),
    ]);
    expect(createBatcher.stats.statements).toBe(before.statements + 1);
    expect(made.map((t) => [t.kind, t.amountCents, t.status])).toEqual([["revenue", 701, "approved"], ["expense", 702, "approved"], ["revenue", 703, "approved"]]);
    expect(new Set(made.map((t) => t.id)).size).toBe(3);
  });

  it("while the cash-book fold here is behind, waits before writing and still commits every create", async () => {
    const pausedSeconds = async () => (await findMetric("finance_create_pipeline_pause_seconds_total")!.get()).values[0]?.value ?? 0;
    const before = { ...createBatcher.stats };
    const pausedBefore = await pausedSeconds();
    noteFoldLag(5_000); // fresh events reached the cash book 5 s late: pause the maximum, one batch at a time
    const submittedAt = Date.now();
    const made = await Promise.all([751, 752, 753].map((a) => createTransaction(auth, "revenue", revenue(a), randomUUID())))
      .finally(() => noteFoldLag(0)); // caught up: the tests after this one write without pausing
    expect(await pausedSeconds()).toBeCloseTo(pausedBefore + 0.2, 5);
    expect(createBatcher.stats.statements).toBe(before.statements + 1);
    expect(made.map((t) => t.amountCents)).toEqual([751, 752, 753]);
    for (const a of [751, 752, 753]) expect(await count("revenues", a)).toBe(1);
    // Their events are dated when the statement ran, after the pause: the wait is not counted as the fold's lag.
    for (const until = Date.now() + 10_000; (await count("outbox", 753)) === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    const dated = await db.queryRow<{ at: string }>`
      SELECT event_data->>'occurredAt' AS at FROM domain_events WHERE org_id = ${auth.orgId} AND (event_data->'transaction'->>'amountCents')::bigint = 753`;
    expect(Date.parse(dated!.at)).toBeGreaterThanOrEqual(submittedAt + 190);
  });

  it("gives every replay of one key inside a batch the one row", async () => {
    const key = randomUUID();
    const input = revenue(801);
    const results = await Promise.all([
      createTransaction(auth, "revenue", input, key),
      createTransaction(auth, "revenue", revenue(802), randomUUID()),
      createTransaction(auth, "revenue", input, key),
      createTransaction(auth, "revenue", input, key),
    ]);
    expect(new Set([results[0].id, results[2].id, results[3].id]).size).toBe(1);
    expect(results[2]).toEqual(results[0]);
    expect(await count("revenues", 801)).toBe(1);
    expect(await count("revenues", 802)).toBe(1);
  });

  it("answers a retry with the row whose statement committed before its answer was lost", async () => {
    const key = randomUUID();
    const input = revenue(901);
    // The statement commits, and the process dies before answering: nothing is done with its outcome.
    const committed = pendingCreate(auth, "revenue", input, newId(), "Asia/Kolkata", { key, hash: createRequestHash(auth, "revenue", input) }, "Admin");
    await createRows(db, [committed]);
    const retried = await createTransaction(auth, "revenue", input, key);
    expect(retried.id).toBe(committed.row.id);
    expect(retried).toMatchObject({ amountCents: 901, status: "approved", version: 1 });
    expect(await count("revenues", 901)).toBe(1);
    // Its event was committed with it and reaches the event store once.
    for (const until = Date.now() + 10_000; (await count("outbox", 901)) === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    expect(await count("outbox", 901)).toBe(1);
  });
});
