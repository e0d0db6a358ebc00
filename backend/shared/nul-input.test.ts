// Issue 13 item 4: a NUL character in any text field was a 500 (PostgreSQL
// 22021 "invalid byte sequence"), anonymously through POST /auth/login. Now
// parseInput refuses it for every endpoint: 400 invalid_argument naming the
// field, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, createUser, PASSWORD, startApp, uniqueEmail, type Call, type Org, type Session, type TestApp } from "../testing/fixtures.ts";
import { pathOfNul } from "./validation.ts";

const db = SQLDatabase.named("hospitality");
const NUL = "a\u0000b";
let app: TestApp;
let call: Call;
let org: Org;
let staff: Session;
let property: string;
let pendingId: string;
let userId: string;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call);
  property = org.properties[0].id;
  staff = await createUser(call, org, "staff", [property]);
  userId = staff.userId;
  const t = await call("POST", "/finance/revenues", { token: staff.token, body: { propertyId: property, amountCents: 100, paymentMode: "cash", source: "room", occurredAt: "2026-11-25T09:30:00+05:30" } });
  expect(t.status).toBe(200);
  pendingId = t.body.id;
  // Its event reaches domain_events through the outbox; let that settle before counting rows.
  for (let until = Date.now() + 10_000; Date.now() < until;) {
    if ((await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM domain_events`)!.n > 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(() => app?.stop());

/** Rows of every table a request could write to, as one comparable value. */
async function counts() {
  return db.queryRow`
    SELECT (SELECT count(*) FROM organizations) AS orgs, (SELECT count(*) FROM users) AS users,
           (SELECT count(*) FROM properties) AS properties, (SELECT count(*) FROM revenues) AS revenues,
           (SELECT count(*) FROM expenses) AS expenses, (SELECT count(*) FROM domain_events) AS events,
           (SELECT max(updated_at) FROM users) AS users_changed, (SELECT max(updated_at) FROM revenues) AS revenues_changed`;
}

type Case = [label: string, method: string, path: () => string, body: (() => Record<string, unknown>) | null, field: string, auth: "none" | "admin" | "staff"];
const revenue = (over: Record<string, unknown>) => ({ propertyId: property, amountCents: 100, paymentMode: "bank", bankReference: "UTR1", source: "room", occurredAt: "2026-11-25T09:30:00+05:30", ...over });
const expense = (over: Record<string, unknown>) => ({ propertyId: property, amountCents: 100, paymentMode: "bank", bankReference: "UTR1", category: "supplies", expenseDate: "2026-11-01", ...over });
const signup = (over: Record<string, unknown>) => ({ organizationName: "Org", email: uniqueEmail("nul"), password: PASSWORD, displayName: "Owner", ...over });

const cases: Case[] = [
  ["login email", "POST", () => "/auth/login", () => ({ email: NUL, password: PASSWORD }), "email", "none"],
  ["login password", "POST", () => "/auth/login", () => ({ email: "x@example.test", password: "pass" + NUL + "word" }), "password", "none"],
  ["signup organizationName", "POST", () => "/auth/signup", () => signup({ organizationName: NUL }), "organizationName", "none"],
  ["signup displayName", "POST", () => "/auth/signup", () => signup({ displayName: NUL }), "displayName", "none"],
  ["signup email", "POST", () => "/auth/signup", () => signup({ email: "a\u0000@example.test" }), "email", "none"],
  ["signup password", "POST", () => "/auth/signup", () => signup({ password: PASSWORD + "\u0000" }), "password", "none"],
  ["refresh token", "POST", () => "/auth/refresh", () => ({ refreshToken: NUL }), "refreshToken", "none"],
  ["property name (create)", "POST", () => "/properties", () => ({ name: NUL }), "name", "admin"],
  ["property name (update)", "PATCH", () => `/properties/${property}`, () => ({ name: NUL }), "name", "admin"],
  ["property timezone", "POST", () => "/properties", () => ({ name: "P", timezone: "Asia/\u0000Kolkata" }), "timezone", "admin"],
  ["user displayName (create)", "POST", () => "/users", () => ({ email: uniqueEmail("u"), displayName: NUL, password: PASSWORD, role: "staff" }), "displayName", "admin"],
  ["user displayName (update)", "PATCH", () => `/users/${userId}`, () => ({ displayName: NUL }), "displayName", "admin"],
  ["user password (update)", "PATCH", () => `/users/${userId}`, () => ({ password: PASSWORD + "\u0000" }), "password", "admin"],
  ["revenue description", "POST", () => "/finance/revenues", () => revenue({ description: NUL }), "description", "staff"],
  ["revenue bankReference", "POST", () => "/finance/revenues", () => revenue({ bankReference: NUL }), "bankReference", "staff"],
  ["expense description", "POST", () => "/finance/expenses", () => expense({ description: NUL }), "description", "staff"],
  ["expense bankReference", "POST", () => "/finance/expenses", () => expense({ bankReference: NUL }), "bankReference", "staff"],
  ["edit description", "PATCH", () => `/finance/transactions/revenue/${pendingId}`, () => ({ description: NUL }), "description", "staff"],
  ["edit bankReference", "PATCH", () => `/finance/transactions/revenue/${pendingId}`, () => ({ paymentMode: "bank", bankReference: NUL }), "bankReference", "staff"],
  ["reject reason", "POST", () => `/finance/transactions/revenue/${pendingId}/reject`, () => ({ reason: NUL }), "reason", "admin"],
  ["a key of the body", "POST", () => "/auth/login", () => ({ email: "x@example.test", password: PASSWORD, ["k\u0000"]: 1 }), "k\\u0000", "none"],
  ["a nested array element", "PATCH", () => `/users/${userId}`, () => ({ propertyIds: [property, NUL] }), "propertyIds.1", "admin"],
  ["list cursor (query)", "GET", () => "/finance/transactions?cursor=a%00b", null, "cursor", "staff"],
  ["list date (query)", "GET", () => "/finance/transactions?from=2026-01-01%00", null, "from", "staff"],
  ["audit type (query)", "GET", () => "/events/audit?type=%00", null, "type", "admin"],
  ["report date (query)", "GET", () => `/reports/daily?propertyId=${property}&date=2026-11-25%00`, null, "date", "admin"],
  ["csv export (query, raw endpoint)", "GET", () => `/reports/export.csv?propertyId=${property}&from=2026-11-01&to=2026-11-02%00`, null, "to", "admin"],
  ["path parameter", "GET", () => "/finance/transactions/revenue/1%00", null, "id", "staff"],
];

describe("a NUL character in a text field", () => {
  it.each(cases)("%s → 400 invalid_argument naming the field, nothing written", async (_label, method, path, body, field, who) => {
    const before = await counts();
    const token = who === "admin" ? org.admin.token : who === "staff" ? staff.token : undefined;
    const r = await call(method, path(), { token, body: body?.() });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: "invalid_argument", details: { field } });
    expect(r.body.message).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it("in the Idempotency-Key header → 400 in the wire format (Node's HTTP parser refuses the byte), and the server carries on", async () => {
    const before = await counts();
    const { port } = new URL(app.host.url);
    const body = JSON.stringify(revenue({}));
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.write(
        `POST /finance/revenues HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${staff.token}\r\nIdempotency-Key: k\u0000ey\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));
      let data = "";
      socket.on("data", (c) => (data += c));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4))).toMatchObject({ code: "invalid_argument" });
    expect(await counts()).toEqual(before);
    expect((await call("GET", "/auth/me", { token: staff.token })).status).toBe(200);
  });

  it("is still accepted around it: other control characters and unicode are text like any other", async () => {
    const r = await call("POST", "/finance/revenues", { token: staff.token, body: revenue({ description: "tab\there ₹ 日本 😀 \u0001" }) });
    expect(r.status).toBe(200);
    expect(r.body.description).toBe("tab\there ₹ 日本 😀 \u0001");
  });
});

describe("pathOfNul", () => {
  it("finds the first string holding NUL, at any depth, without recursion", () => {
    expect(pathOfNul({ a: "x", b: [{ c: "y" }, { d: NUL }] })).toBe("b.1.d");
    expect(pathOfNul(NUL)).toBe("");
    expect(pathOfNul({ a: 1, b: null, c: [true, "fine"] })).toBeNull();
    let deep: unknown = NUL;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pathOfNul(deep)).toMatch(/^0(\.0)+$/);
  });
});
