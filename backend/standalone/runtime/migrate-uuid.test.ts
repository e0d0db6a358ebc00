// Migration 9 (bigint ids → UUIDv7) on a database that has lived at
// migration 8: every id and reference converted in place (ids inside JSON
// too), order kept, names of constraints and indexes kept, and the app then
// runs on it — sessions refresh, queued events are delivered, new rows fit in.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { PUBSUB_SCHEMA_SQL } from "./pubsub-schema.ts";
import { startHost, type RunningHost } from "./host.ts";
import { createScratchDatabase, type ScratchDatabase } from "../testing/scratch-database.ts";
import { jsonClient } from "../testing/http-client.ts";
import { hashPassword } from "../../auth/passwords.ts";
import { hashRefreshToken, signAccessToken } from "../../auth/tokens.ts";
import { isId } from "../../shared/ids.ts";

let scratch: ScratchDatabase;
const PASSWORD = "correct horse battery";
const REFRESH_TOKEN = "migrated-refresh-token-" + randomBytes(8).toString("hex");
const DAY = "2025-06-10";

let c: pg.Client;
let host: RunningHost | null = null;

/** Old (migration 8) ids by a name that survives the migration. */
const old: Record<string, string> = {};
let namesBefore: { constraints: string[]; indexes: string[] };

/** A FinanceEvent as the app published it before migration 9: ids as digit strings. */
function financeEvent(o: {
  type: string; kind: "revenue" | "expense"; tx: string; property: string; org: string; actor: string; createdBy: string;
  version: number; status: string; amountCents: number; paymentMode: "cash" | "bank"; deltas: object[];
}) {
  return {
    eventId: randomUUID(), type: o.type, orgId: o.org, propertyId: o.property, kind: o.kind, transactionId: o.tx, version: o.version,
    actorUserId: o.actor, occurredAt: new Date().toISOString(), deltas: o.deltas,
    transaction: {
      amountCents: o.amountCents, paymentMode: o.paymentMode, bankReference: o.paymentMode === "bank" ? "UTR1" : null, description: null,
      source: o.kind === "revenue" ? "room" : null, category: o.kind === "expense" ? "supplies" : null,
      occurredAt: o.kind === "revenue" ? `${DAY}T06:30:00.000Z` : null, businessDate: DAY, status: o.status, deleted: false,
      rejectionReason: null, createdByUserId: o.createdBy,
    },
    changes: [],
  };
}
const delta = (d: Partial<Record<"cashReceivedCents" | "bankReceivedCents" | "cashExpensesCents" | "bankExpensesCents", number>>) =>
  ({ businessDate: DAY, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0, ...d });

async function one<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  return (await c.query(sql, params)).rows[0] as T;
}

async function names() {
  const constraints = (await c.query(`SELECT conrelid::regclass::text || '.' || conname AS n FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid <> 0 ORDER BY 1`)).rows.map((r) => r.n);
  const indexes = (await c.query(`SELECT tablename || '.' || indexname AS n FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.n);
  return { constraints, indexes };
}

/** The database as a deployment at migration 8 would have it, with a bit of everything. */
async function seedAtMigration8() {
  const id = async (sql: string, params: unknown[]) => String((await one<{ id: string }>(sql + " RETURNING id", params)).id);
  // Two organisations in one transaction: same created_at, so only the old ids order them.
  const orgs = (await c.query(`INSERT INTO organizations (name) VALUES ('Org A'), ('Org B') RETURNING id, name`)).rows;
  old.orgA = String(orgs.find((r) => r.name === "Org A").id);
  old.orgB = String(orgs.find((r) => r.name === "Org B").id);
  const props = (await c.query(
    `INSERT INTO properties (org_id, name, timezone, currency, opening_cash_cents)
     VALUES ($1, 'Mumbai', 'Asia/Kolkata', 'INR', 100000), ($1, 'London', 'Europe/London', 'GBP', 50000), ($2, 'Paris', 'Europe/Paris', 'EUR', 0)
     RETURNING id, name`, [old.orgA, old.orgB])).rows;
  for (const p of props) old[p.name] = String(p.id);
  const hash = await hashPassword(PASSWORD);
  for (const [key, org, email, role] of [["admin", old.orgA, "admin@a.test", "admin"], ["manager", old.orgA, "manager@a.test", "manager"],
    ["staff", old.orgA, "staff@a.test", "staff"], ["adminB", old.orgB, "admin@b.test", "admin"]] as const) {
    old[key] = await id(`INSERT INTO users (org_id, email, display_name, password_hash, role) VALUES ($1, $2, $3, $4, $5)`, [org, email, key, hash, role]);
  }
  await c.query(`INSERT INTO user_properties (org_id, user_id, property_id) VALUES ($1, $2, $3)`, [old.orgA, old.staff, old.Mumbai]);
  await c.query(`INSERT INTO refresh_tokens (token_hash, family_id, user_id, org_id, expires_at) VALUES ($1, $2, $3, $4, now() + interval '1 day')`,
    [hashRefreshToken(REFRESH_TOKEN), randomUUID(), old.manager, old.orgA]);

  const revenue = (o: { org: string; property: string; amount: number; mode: string; status: string; by: string; approver?: string; editor?: string; createdAt?: string }) =>
    id(`INSERT INTO revenues (org_id, property_id, amount_cents, payment_mode, bank_reference, source, occurred_at, business_date, status,
                               created_by_user_id, approved_by_user_id, approved_at, last_edited_by_user_id, created_at)
        VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'bank' THEN 'UTR1' END, 'room', $5, $6, $7, $8, $9, CASE WHEN $9::bigint IS NOT NULL THEN now() END, $10, COALESCE($11::timestamptz, now()))`,
      [o.org, o.property, o.amount, o.mode, `${DAY}T06:30:00Z`, DAY, o.status, o.by, o.approver ?? null, o.editor ?? null, o.createdAt ?? null]);
  old.r1 = await revenue({ org: old.orgA, property: old.Mumbai, amount: 5000, mode: "cash", status: "approved", by: old.staff, approver: old.manager });
  old.e1 = await id(`INSERT INTO expenses (org_id, property_id, amount_cents, payment_mode, category, expense_date, status, created_by_user_id, approved_by_user_id, approved_at)
                     VALUES ($1, $2, 1200, 'cash', 'supplies', $3, 'approved', $4, $4, now())`, [old.orgA, old.Mumbai, DAY, old.manager]);
  // A later id with an earlier created_at (a long transaction): the old id order still wins.
  old.r2 = await revenue({ org: old.orgA, property: old.Mumbai, amount: 700, mode: "cash", status: "pending", by: old.staff, editor: old.staff, createdAt: "2025-06-10T00:00:00Z" });
  old.l1 = await revenue({ org: old.orgA, property: old.London, amount: 300000, mode: "bank", status: "approved", by: old.manager, approver: old.manager });
  old.b1 = await revenue({ org: old.orgB, property: old.Paris, amount: 900, mode: "cash", status: "approved", by: old.adminB, approver: old.adminB });

  await c.query(`INSERT INTO daily_cash_balances (org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, cash_expenses_cents,
                   closing_balance_cents, calculated_closing_balance_cents) VALUES ($1, $2, $3, 100000, 5000, 1200, 103800, 103800)`, [old.orgA, old.Mumbai, DAY]);

  const common = { org: old.orgA, property: old.Mumbai };
  const stored = [
    financeEvent({ ...common, type: "transaction.created", kind: "revenue", tx: old.r1, actor: old.staff, createdBy: old.staff, version: 1, status: "pending", amountCents: 5000, paymentMode: "cash", deltas: [] }),
    financeEvent({ ...common, type: "transaction.approved", kind: "revenue", tx: old.r1, actor: old.manager, createdBy: old.staff, version: 2, status: "approved", amountCents: 5000, paymentMode: "cash", deltas: [delta({ cashReceivedCents: 5000 })] }),
    financeEvent({ ...common, type: "transaction.created", kind: "expense", tx: old.e1, actor: old.manager, createdBy: old.manager, version: 1, status: "approved", amountCents: 1200, paymentMode: "cash", deltas: [delta({ cashExpensesCents: 1200 })] }),
  ];
  for (const e of stored) {
    await c.query(`INSERT INTO domain_events (event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [e.eventId, e.transactionId, e.kind, e.type, e, e.orgId, e.propertyId, e.actorUserId, e.occurredAt, e.version]);
    await c.query(`INSERT INTO processed_events (subscription, event_id) VALUES ('reports-finance-subscriber', $1), ('finance-events-handler', $1)`, [e.eventId]);
  }
  old.processedEvent = stored[0].eventId;
  // Not a FinanceEvent (the store takes any payload), about a transaction that does not exist.
  await c.query(`INSERT INTO domain_events (event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version)
                 VALUES ($1, 999999, 'revenue', 'transaction.updated', '{"note": "v1", "transactionId": "elsewhere"}', $2, $3, NULL, now(), 1),
                        ($4, 999999, 'revenue', 'transaction.updated', '{"note": "v2"}', $2, $3, NULL, now(), 2)`, [randomUUID(), old.orgA, old.London, randomUUID()]);
  // Cash-book rows of a property that is gone (no foreign key holds them): they keep agreeing with each other.
  await c.query(`INSERT INTO daily_cash_balances (org_id, property_id, balance_date) VALUES ($1, 888888, '2025-06-01'), ($1, 888888, '2025-06-02')`, [old.orgB]);
  // Committed, not yet relayed: the pending revenue's creation.
  await c.query(`INSERT INTO finance_outbox (event) VALUES ($1)`, [JSON.stringify(financeEvent({ ...common, type: "transaction.created", kind: "revenue", tx: old.r2, actor: old.staff, createdBy: old.staff, version: 1, status: "pending", amountCents: 700, paymentMode: "cash", deltas: [] }))]);
  // Relayed, not yet delivered (the standalone host's queue): London's approved revenue.
  await c.query(PUBSUB_SCHEMA_SQL);
  const queued = financeEvent({ org: old.orgA, property: old.London, type: "transaction.created", kind: "revenue", tx: old.l1, actor: old.manager, createdBy: old.manager, version: 1, status: "approved", amountCents: 300000, paymentMode: "bank", deltas: [delta({ bankReceivedCents: 300000 })] });
  old.queuedEvent = queued.eventId;
  await c.query(`INSERT INTO encore_pubsub_payloads (message_id, topic, payload) VALUES ($1, 'finance-events', $2)`, [queued.eventId, JSON.stringify(queued)]);
  await c.query(`INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at)
                 SELECT 'finance-events', s, $1, now() + interval '1 day' FROM unnest(ARRAY['reports-finance-subscriber', 'finance-events-handler']) s`, [queued.eventId]);

  // The first response of an idempotent create, and one stored as a JSON string (what binding JSON.stringify to jsonb does under Encore).
  const dto = (txId: string, property: string, by: string, approver: string) => ({
    id: txId, kind: "revenue", propertyId: property, amountCents: 5000, paymentMode: "cash", businessDate: DAY, status: "approved",
    createdBy: { id: by, displayName: "x" }, approvedBy: { id: approver, displayName: "y" }, version: 1,
  });
  await c.query(`INSERT INTO idempotency_keys (org_id, key, request_hash, response) VALUES ($1, 'key-a', '\\x01', $2), ($3, 'key-b', '\\x02', to_jsonb($4::text))`,
    [old.orgA, JSON.stringify(dto(old.r1, old.Mumbai, old.staff, old.manager)), old.orgB, JSON.stringify(dto(old.b1, old.Paris, old.adminB, old.adminB))]);

  await c.query(`INSERT INTO event_stream_tickets (ticket_hash, org_id, user_id, role, property_ids, expires_at) VALUES ('\\x03', $1, $2, 'staff', ARRAY[$3::bigint], now() + interval '30 seconds')`,
    [old.orgA, old.staff, old.Mumbai]);
  await c.query(`INSERT INTO login_failures (key) VALUES ('email:nobody@a.test')`);
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject("pgAdminUrl"), "uuid");
  await scratch.migrateUpTo(8);
  c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  await seedAtMigration8();
  namesBefore = await names();
  expect(await scratch.migrateRest()).toContain(9);
});

afterAll(async () => {
  await host?.stop();
  await c?.end();
  await scratch?.drop();
});

/** New ids by the same names. */
async function current() {
  const rows = (await c.query(`
    SELECT name AS k, id::text FROM organizations
    UNION ALL SELECT name, id::text FROM properties
    UNION ALL SELECT display_name, id::text FROM users`)).rows;
  const m: Record<string, string> = {};
  for (const r of rows) m[r.k === "Org A" ? "orgA" : r.k === "Org B" ? "orgB" : r.k] = r.id;
  const tx = (await c.query(`SELECT id::text, amount_cents AS a FROM finance_transactions`)).rows;
  for (const [k, amount] of [["r1", 5000], ["e1", 1200], ["r2", 700], ["l1", 300000], ["b1", 900]] as const) m[k] = tx.find((t) => Number(t.a) === amount).id;
  return m;
}

describe("migration 9: ids become UUIDv7", () => {
  it("leaves no bigint id: every id and reference column is a uuid", async () => {
    const { rows } = await c.query(`
      SELECT table_name || '.' || column_name AS col, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE 'encore_pubsub%' AND table_name <> 'schema_migrations'
         AND (column_name = 'id' OR column_name LIKE '%\\_id' OR column_name LIKE '%\\_ids' OR data_type = 'bigint')`);
    const byType = (t: string) => rows.filter((r) => r.data_type === t).map((r) => r.col).sort();
    // Sequences that never leave the database stay bigint (bound from JS numbers), and so does money.
    // Other bigint columns (money, counters) are not ids.
    const idLike = (col: string) => /\.(id|seq|\w+_id|\w+_ids)$/.test(col);
    expect(byType("bigint").filter(idLike)).toEqual(["domain_events.seq", "finance_outbox.id"]);
    expect(rows.filter((r) => r.data_type !== "uuid" && r.data_type !== "bigint" && r.data_type !== "ARRAY")).toEqual([]);
    expect(byType("uuid")).toEqual(expect.arrayContaining([
      "organizations.id", "properties.id", "properties.org_id", "users.id", "users.org_id", "user_properties.org_id", "user_properties.user_id",
      "user_properties.property_id", "refresh_tokens.id", "refresh_tokens.user_id", "refresh_tokens.org_id", "refresh_tokens.family_id",
      "revenues.id", "revenues.org_id", "revenues.property_id", "revenues.created_by_user_id", "revenues.approved_by_user_id", "revenues.last_edited_by_user_id",
      "expenses.id", "expenses.created_by_user_id", "idempotency_keys.org_id", "daily_cash_balances.org_id", "daily_cash_balances.property_id",
      "domain_events.aggregate_id", "domain_events.org_id", "domain_events.property_id", "domain_events.actor_user_id", "domain_events.event_id",
      "processed_events.event_id", "event_stream_tickets.org_id", "event_stream_tickets.user_id", "finance_transactions.id",
    ]));
    expect((await one(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'event_stream_tickets'::regclass AND attname = 'property_ids'`)).t).toBe("uuid[]");
    expect(await one(`SELECT to_regclass('finance_transaction_id_seq') AS s`)).toEqual({ s: null });
    expect((await c.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_new'`)).rows).toEqual([]);
  });

  it("keeps every constraint and index under its name", async () => {
    const after = await names();
    // Later migrations add tables, constraints and indexes (and partitions); none of migration 8's goes.
    expect(after.indexes).toEqual(expect.arrayContaining(namesBefore.indexes));
    expect(after.constraints).toEqual(expect.arrayContaining(namesBefore.constraints));
  });

  it("gives time-ordered v7 ids in the old order, from each row's created_at", async () => {
    const ms = (u: string) => parseInt(u.replace(/-/g, "").slice(0, 12), 16);
    for (const table of ["organizations", "properties", "users", "refresh_tokens", "revenues", "expenses"]) {
      const { rows } = await c.query(`SELECT id::text, (extract(epoch FROM created_at) * 1000)::bigint AS at FROM ${table}`);
      for (const r of rows) {
        expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        // Never before its row's millisecond (later when an earlier id has a later created_at: order wins).
        expect(ms(r.id)).toBeGreaterThanOrEqual(Number(r.at) - 1);
        expect(ms(r.id)).toBeLessThanOrEqual(Date.now());
      }
    }
    const now = await current();
    const byOld = (keys: string[]) => [...keys].sort((a, b) => Number(old[a]) - Number(old[b]));
    const byNew = (keys: string[]) => [...keys].sort((a, b) => (now[a] < now[b] ? -1 : 1));
    for (const keys of [["orgA", "orgB"], ["Mumbai", "London", "Paris"], ["admin", "manager", "staff", "adminB"], ["r1", "e1", "r2", "l1", "b1"]]) {
      expect(byNew(keys)).toEqual(byOld(keys));
    }
  });

  it("keeps every reference pointing at the same row, in columns and in JSON", async () => {
    const n = await current();
    expect(await one(`SELECT org_id::text AS o FROM properties WHERE id = $1`, [n.London])).toEqual({ o: n.orgA });
    expect((await c.query(`SELECT org_id::text AS o, user_id::text AS u, property_id::text AS p FROM user_properties`)).rows).toEqual([{ o: n.orgA, u: n.staff, p: n.Mumbai }]);
    expect((await c.query(`SELECT user_id::text AS u, org_id::text AS o FROM refresh_tokens`)).rows).toEqual([{ u: n.manager, o: n.orgA }]);
    expect(await one(`SELECT org_id::text AS o, property_id::text AS p, created_by_user_id::text AS c, approved_by_user_id::text AS a, last_edited_by_user_id AS e FROM revenues WHERE id = $1`, [n.r1]))
      .toEqual({ o: n.orgA, p: n.Mumbai, c: n.staff, a: n.manager, e: null });
    expect(await one(`SELECT created_by_user_id::text AS c, approved_by_user_id AS a, last_edited_by_user_id::text AS e FROM revenues WHERE id = $1`, [n.r2]))
      .toEqual({ c: n.staff, a: null, e: n.staff });
    expect(await one(`SELECT org_id::text AS o, property_id::text AS p, approved_by_user_id::text AS a FROM expenses WHERE id = $1`, [n.e1])).toEqual({ o: n.orgA, p: n.Mumbai, a: n.manager });
    expect((await c.query(`SELECT org_id::text AS o, property_id::text AS p, closing_balance_cents AS c FROM daily_cash_balances WHERE org_id = $1`, [n.orgA])).rows).toEqual([{ o: n.orgA, p: n.Mumbai, c: 103800 }]);
    const gone = (await c.query(`SELECT DISTINCT property_id::text AS p FROM daily_cash_balances WHERE org_id = $1`, [n.orgB])).rows;
    expect(gone).toHaveLength(1);
    expect(isId(gone[0].p) && ![n.Mumbai, n.London, n.Paris].includes(gone[0].p)).toBe(true);

    const all = (await c.query(`SELECT aggregate_id::text AS a, org_id::text AS o, property_id::text AS p, actor_user_id::text AS u, event_data AS d FROM domain_events ORDER BY seq`)).rows;
    const foreign = all.filter((e) => e.d.note);
    expect(foreign.map((e) => e.d)).toEqual([{ note: "v1", transactionId: "elsewhere" }, { note: "v2" }]);
    expect(isId(foreign[0].a) && foreign[0].a === foreign[1].a && foreign[0].p === n.London).toBe(true);
    const events = all.filter((e) => !e.d.note);
    expect(events.map((e) => [e.a, e.u])).toEqual([[n.r1, n.staff], [n.r1, n.manager], [n.e1, n.manager]]);
    for (const e of events) {
      expect(e.d).toMatchObject({ orgId: e.o, propertyId: e.p, transactionId: e.a, actorUserId: e.u });
      expect(e.d.transaction.createdByUserId).toBe(e.a === n.r1 ? n.staff : n.manager);
      expect(e.d.deltas.length).toBeLessThanOrEqual(1);
    }
    expect(events[1].d.deltas).toEqual([delta({ cashReceivedCents: 5000 })]);

    expect((await one(`SELECT event FROM finance_outbox`)).event).toMatchObject({ orgId: n.orgA, propertyId: n.Mumbai, transactionId: n.r2, actorUserId: n.staff, transaction: { createdByUserId: n.staff } });
    expect((await one(`SELECT payload FROM encore_pubsub_payloads`)).payload).toMatchObject({ orgId: n.orgA, propertyId: n.London, transactionId: n.l1, actorUserId: n.manager });

    const keys = (await c.query(`SELECT org_id::text AS o, key, response, jsonb_typeof(response) AS t FROM idempotency_keys ORDER BY key`)).rows;
    expect(keys[0]).toMatchObject({ o: n.orgA, key: "key-a", t: "object", response: { id: n.r1, propertyId: n.Mumbai, createdBy: { id: n.staff }, approvedBy: { id: n.manager } } });
    expect(keys[1]).toMatchObject({ o: n.orgB, key: "key-b", t: "object", response: { id: n.b1, propertyId: n.Paris, createdBy: { id: n.adminB }, approvedBy: { id: n.adminB } } });
  });

  it("makes properties.currency text, which Encore's runtime binds and returns (bpchar it does neither)", async () => {
    expect((await c.query(`SELECT currency, pg_typeof(currency)::text AS t FROM properties ORDER BY name`)).rows)
      .toEqual([{ currency: "GBP", t: "text" }, { currency: "INR", t: "text" }, { currency: "EUR", t: "text" }]);
    await expect(c.query(`UPDATE properties SET currency = 'inr' WHERE name = 'Mumbai'`)).rejects.toThrow(/properties_currency_check/);
  });

  it("clears stream tickets, keeps processed events and login failures, and leaves no helper behind", async () => {
    expect(await one(`SELECT count(*)::int AS n FROM event_stream_tickets`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1`, [old.processedEvent])).toEqual({ n: 2 });
    expect(await one(`SELECT count(*)::int AS n FROM login_failures`)).toEqual({ n: 1 });
    expect(await one(`SELECT count(*)::int AS n FROM pg_proc WHERE proname IN ('uuidv7_at', 'id_for', 'convert_finance_event')`)).toEqual({ n: 0 });
  });

  it("runs the app on the migrated database: sessions refresh, queued events arrive, new rows fit in", async () => {
    const n = await current();
    // The fixture's entries are dated in 2025, before the default 7-day editable window (migration 12).
    await c.query("UPDATE finance_property_settings SET editable_days = 3650");
    process.env.DATABASE_URL = scratch.url;
    process.env.RECONCILE_SETTLE_S = "0";
    host = await startHost({ port: 0, host: "127.0.0.1" });
    const call = jsonClient(host.url);

    // An access token minted before the migration names ids that are gone: 401, not 500.
    const stale = await signAccessToken({ userId: old.manager, orgId: old.orgA, role: "manager" });
    expect((await call("GET", "/auth/me", { token: stale })).status).toBe(401);
    // Its refresh token was migrated with its table.
    const refreshed = await call("POST", "/auth/refresh", { body: { refreshToken: REFRESH_TOKEN } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user).toMatchObject({ id: n.manager, orgId: n.orgA });
    const manager = refreshed.body.accessToken as string;
    const staff = (await call("POST", "/auth/login", { body: { email: "staff@a.test", password: PASSWORD } })).body;
    expect(staff.user).toMatchObject({ id: n.staff, orgId: n.orgA });
    expect((await call("GET", "/auth/me", { token: staff.accessToken })).body.properties.map((p: { id: string }) => p.id)).toEqual([n.Mumbai]);

    // The outbox row and the queued delivery carried old ids; converted, both reach the event store and the cash book.
    const until = Date.now() + 20_000;
    while ((await one(`SELECT (SELECT count(*) FROM finance_outbox) + (SELECT count(*) FROM encore_pubsub_messages) AS n`)).n > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await c.query(`SELECT aggregate_id::text AS a, version FROM domain_events WHERE aggregate_id IN ($1, $2) ORDER BY aggregate_id`, [n.r2, n.l1])).rows)
      .toEqual([{ a: n.r2, version: 1 }, { a: n.l1, version: 1 }].sort((x, y) => (x.a < y.a ? -1 : 1)));
    expect(await one(`SELECT bank_received_cents AS b, closing_balance_cents AS c FROM daily_cash_balances WHERE property_id = $1`, [n.London])).toEqual({ b: 300000, c: 50000 });

    // Lists keep their order and page by a cursor holding a uuid.
    const listed = await call("GET", `/finance/transactions?propertyId=${n.Mumbai}&limit=2`, { token: manager });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([n.r2, n.e1]);
    const next = await call("GET", `/finance/transactions?propertyId=${n.Mumbai}&limit=2&cursor=${listed.body.nextCursor}`, { token: manager });
    expect(next.body.items.map((t: { id: string }) => t.id)).toEqual([n.r1]);
    // Upper-case spelling of an id names the same row.
    expect((await call("GET", `/finance/transactions/revenue/${n.r1.toUpperCase()}`, { token: manager })).body).toMatchObject({ id: n.r1, createdBy: { id: n.staff }, approvedBy: { id: n.manager } });

    // Maker-checker still sees who edited the migrated pending entry; another manager's approval moves the cash book.
    const approved = await call("POST", `/finance/transactions/revenue/${n.r2}/approve`, { token: manager });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: n.r2, status: "approved", approvedBy: { id: n.manager }, version: 2 });
    const created = await call("POST", "/finance/revenues", { token: staff.accessToken, body: { propertyId: n.Mumbai, amountCents: 100, paymentMode: "cash", source: "food", occurredAt: `${DAY}T07:00:00Z` } });
    expect(created.status).toBe(200);
    expect(isId(created.body.id) && created.body.id > n.b1).toBe(true);
    // The migrated key still guards against a duplicate: its hash was over the old ids, so a retry is a conflict, never a second entry.
    const retry = await call("POST", "/finance/revenues", { token: manager, headers: { "idempotency-key": "key-a" }, body: { propertyId: n.Mumbai, amountCents: 5000, paymentMode: "cash", source: "room", occurredAt: `${DAY}T06:30:00Z` } });
    expect(retry.status).toBe(409);

    const daily = async () => (await call("GET", `/reports/daily?propertyId=${n.Mumbai}&date=${DAY}`, { token: manager })).body;
    for (const end = Date.now() + 20_000; (await daily()).cashReceivedCents !== 5700 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    expect(await daily()).toMatchObject({ openingBalanceCents: 100000, cashReceivedCents: 5700, cashExpensesCents: 1200, closingBalanceCents: 104500 });

    for (const end = Date.now() + 20_000; Number((await one(`SELECT count(*) AS n FROM domain_events WHERE aggregate_id IN ($1, $2)`, [n.r2, created.body.id])).n) < 3 && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const history = await call("GET", `/events/audit?transactionId=${n.r1}`, { token: manager });
    expect(history.body.items.map((e: { version: number; actor: { id: string } }) => [e.version, e.actor.id])).toEqual([[1, n.staff], [2, n.manager]]);
    // Rebuilt from the migrated event store, the cash book is the one the incremental path holds.
    const replay = await call("POST", "/reports/replay", { token: (await call("POST", "/auth/login", { body: { email: "admin@a.test", password: PASSWORD } })).body.accessToken, body: {} });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ properties: 2, missing: 0, extra: 0, different: 0 });
    const reconciled = await call("POST", "/reports/reconcile", { token: manager, body: { propertyId: n.Mumbai, from: DAY } });
    expect(reconciled.body).toMatchObject({ mismatches: 0 });
  });
});
