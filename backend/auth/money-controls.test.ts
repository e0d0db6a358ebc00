// Server controls on properties and sign-in (issue 19): a currency fixed once
// money is recorded, unique property names, archiving, and sign-in throttling
// by address and by account at an address, with admin unlock and its audit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { assertDatesOpen } from "../finance/day-close.ts";
import { eventually } from "../testing/eventually.ts";
import { createOrg, createUser, PASSWORD, startApp, uniqueEmail, type Call, type Org, type TestApp } from "../testing/fixtures.ts";

const db = SQLDatabase.named("hospitality");
let app: TestApp;
let call: Call;
let org: Org;
let other: Org;

/** A JSON call whose connection comes from another loopback address: the host takes the client address from the peer. */
function callFrom(address: string) {
  const url = new URL(app.host.url);
  return (method: string, path: string, body?: unknown, token?: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request({
        host: url.hostname, port: url.port, path, method, localAddress: address,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      });
      req.on("error", reject);
      req.end(payload);
    });
}

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  org = await createOrg(call, { properties: [{ name: "Sea View", timezone: "Asia/Kolkata" }, { name: "Hill Top", timezone: "Asia/Kolkata" }] });
  other = await createOrg(call, { properties: [{ name: "Sea View" }] });
});
afterAll(() => app?.stop());

/** A date inside a new property's editable window (7 days, day-close.ts) in any time zone. */
const todayUtc = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe("property currency", () => {
  it("changes while the property has no entries", async () => {
    const r = await call("PATCH", `/properties/${org.properties[1].id}`, { token: org.admin.token, body: { currency: "USD" } });
    expect(r.status).toBe(200);
    expect(r.body.currency).toBe("USD");
  });

  it("is refused once a revenue exists, saying why, and nothing changes", async () => {
    const id = org.properties[0].id;
    const rev = await call("POST", "/finance/revenues", {
      token: org.admin.token, body: { propertyId: id, amountCents: 10_050, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() },
    });
    expect(rev.status).toBe(200);
    const r = await call("PATCH", `/properties/${id}`, { token: org.admin.token, body: { currency: "JPY", name: "Sea View Renamed" } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("failed_precondition");
    expect(r.body.details.field).toBe("currency");
    expect(r.body.message).toMatch(/already has revenues or expenses recorded in INR/);
    const row = await db.queryRow<{ currency: string; name: string }>`SELECT currency, name FROM properties WHERE id = ${id}`;
    expect(row).toEqual({ currency: "INR", name: "Sea View" });
    // The same currency sent again is no change, and other fields still save.
    const same = await call("PATCH", `/properties/${id}`, { token: org.admin.token, body: { currency: "INR", openingCashCents: 500 } });
    expect(same.status).toBe(200);
    expect(same.body.openingCashCents).toBe(500);
  });

  it("counts a deleted entry too: its amount was in the old currency", async () => {
    const p = await call("POST", "/properties", { token: org.admin.token, body: { name: "Beach Shack" } });
    const exp = await call("POST", "/finance/expenses", {
      token: org.admin.token, body: { propertyId: p.body.id, amountCents: 700, paymentMode: "cash", category: "supplies", expenseDate: todayUtc() },
    });
    expect(exp.status).toBe(200);
    expect((await call("DELETE", `/finance/transactions/expense/${exp.body.id}`, { token: org.admin.token })).status).toBe(200);
    const r = await call("PATCH", `/properties/${p.body.id}`, { token: org.admin.token, body: { currency: "EUR" } });
    expect(r.status).toBe(400);
  });
});

describe("property currency against finance's writes", () => {
  it("waits for a finance write in flight, then decides on what it wrote", async () => {
    const p = await call("POST", "/properties", { token: org.admin.token, body: { name: "Harbour Inn" } });
    // A finance write's transaction: its day-close check takes the property's write lock, held until the transaction ends.
    const tx = await db.begin();
    await assertDatesOpen(tx, org.orgId, p.body.id, [todayUtc()]);
    const change = call("PATCH", `/properties/${p.body.id}`, { token: org.admin.token, body: { currency: "EUR" } });
    const waiting = await eventually(
      () => db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      (r) => r!.n > 0,
    );
    expect(waiting!.n).toBeGreaterThan(0);
    await tx.rollback();
    const r = await change;
    expect(r.status).toBe(200);
    expect(r.body.currency).toBe("EUR");
  });
});

describe("property names", () => {
  it("are unique within an organisation, ignoring case and spaces, and free across organisations", async () => {
    const dup = await call("POST", "/properties", { token: org.admin.token, body: { name: "  sea view " } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("already_exists");
    expect(dup.body.details.field).toBe("name");
    expect(dup.body.message).toContain('already has a property named "sea view"');
    const rename = await call("PATCH", `/properties/${org.properties[1].id}`, { token: org.admin.token, body: { name: "SEA VIEW" } });
    expect(rename.status).toBe(409);
    expect(other.properties[0].name).toBe("Sea View");
  });
});

describe("archiving", () => {
  it("marks a property archived and back, keeping it listed (reports read it) with archivedAt", async () => {
    const p = await call("POST", "/properties", { token: org.admin.token, body: { name: "Old Wing" } });
    expect(p.body.archivedAt).toBeNull();
    const a = await call("PATCH", `/properties/${p.body.id}`, { token: org.admin.token, body: { archived: true } });
    expect(a.status).toBe(200);
    expect(Date.parse(a.body.archivedAt)).not.toBeNaN();
    const list = await call("GET", "/properties", { token: org.admin.token });
    expect(list.body.items.find((x: { id: string }) => x.id === p.body.id).archivedAt).toBe(a.body.archivedAt);
    const back = await call("PATCH", `/properties/${p.body.id}`, { token: org.admin.token, body: { archived: false } });
    expect(back.body.archivedAt).toBeNull();
  });

  it("refuses new entries and cash movements on an archived property, writes nothing, and still answers a retry of an earlier entry", async () => {
    const hotel = await createOrg(call, { properties: [{ name: "Seasonal Annex", timezone: "Asia/Kolkata" }] });
    const propertyId = hotel.properties[0].id;
    const revenue = { propertyId, amountCents: 12_500, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() };
    const first = await call("POST", "/finance/revenues", { token: hotel.admin.token, body: revenue, headers: { "idempotency-key": "annex-1" } });
    expect(first.status).toBe(200);
    expect((await call("PATCH", `/properties/${propertyId}`, { token: hotel.admin.token, body: { archived: true } })).status).toBe(200);

    const refused = [
      await call("POST", "/finance/revenues", { token: hotel.admin.token, body: { ...revenue, amountCents: 9_900 } }),
      await call("POST", "/finance/expenses", { token: hotel.admin.token, body: { propertyId, amountCents: 4_000, paymentMode: "cash", category: "supplies", expenseDate: first.body.businessDate } }),
      await call("POST", "/finance/movements", { token: hotel.admin.token, body: { propertyId, movementType: "cash_drop", amountCents: 1_000 } }),
    ];
    for (const r of refused) {
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.code).toBe("failed_precondition");
      expect(r.body.message).toContain(`property ${propertyId} is archived`);
    }
    const rows = await db.queryRow<{ n: number }>`
      SELECT (SELECT count(*) FROM revenues WHERE property_id = ${propertyId}::uuid) + (SELECT count(*) FROM expenses WHERE property_id = ${propertyId}::uuid)
           + (SELECT count(*) FROM cash_movements WHERE property_id = ${propertyId}::uuid) AS n`;
    expect(Number(rows!.n)).toBe(1);
    const retry = await call("POST", "/finance/revenues", { token: hotel.admin.token, body: revenue, headers: { "idempotency-key": "annex-1" } });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);

    expect((await call("PATCH", `/properties/${propertyId}`, { token: hotel.admin.token, body: { archived: false } })).status).toBe(200);
    expect((await call("POST", "/finance/revenues", { token: hotel.admin.token, body: { ...revenue, amountCents: 9_900 } })).status).toBe(200);
  });

  it("is for admins only", async () => {
    const manager = await createUser(call, org, "manager");
    expect((await call("PATCH", `/properties/${org.properties[1].id}`, { token: manager.token, body: { archived: true } })).status).toBe(403);
  });
});

describe("sign-in throttling", () => {
  it("blocks an account at the guessing address only: the owner signs in from their own device, and an admin can unlock", async () => {
    const manager = await createUser(call, org, "manager");
    const attacker = callFrom("127.0.0.5");
    const owner = callFrom("127.0.0.6");
    for (let i = 0; i < 5; i++) expect((await attacker("POST", "/auth/login", { email: manager.email, password: "wrong password" })).status).toBe(401);
    const blocked = await attacker("POST", "/auth/login", { email: manager.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/ask an admin to unlock/);
    expect((await owner("POST", "/auth/login", { email: manager.email, password: PASSWORD })).status).toBe(200);

    const locks = await call("GET", "/auth/sign-in-locks", { token: org.admin.token });
    expect(locks.status).toBe(200);
    const lock = locks.body.items.find((l: { userId: string }) => l.userId === manager.userId);
    expect(lock).toMatchObject({ scope: "account_address", address: "127.0.0.5", email: manager.email.toLowerCase(), active: true, unlockedAt: null });
    // Another organisation's admin sees none of it.
    const theirs = await call("GET", "/auth/sign-in-locks", { token: other.admin.token });
    expect(theirs.body.items.some((l: { userId: string }) => l.userId === manager.userId)).toBe(false);
    expect((await call("POST", `/users/${manager.userId}/unlock`, { token: other.admin.token, body: { reason: "x" } })).status).toBe(404);

    const noReason = await call("POST", `/users/${manager.userId}/unlock`, { token: org.admin.token, body: { reason: " " } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.field).toBe("reason");
    const unlock = await call("POST", `/users/${manager.userId}/unlock`, { token: org.admin.token, body: { reason: "phoned the front desk" } });
    expect(unlock.status).toBe(200);
    expect(unlock.body.unlockedLocks).toBe(1);
    expect((await attacker("POST", "/auth/login", { email: manager.email, password: PASSWORD })).status).toBe(200);
    const after = await call("GET", "/auth/sign-in-locks", { token: org.admin.token });
    expect(after.body.items.find((l: { id: string }) => l.id === lock.id)).toMatchObject({
      active: false, unlockedByUserId: org.admin.userId, unlockReason: "phoned the front desk",
    });
  });

  it("keeps managers from unlocking or reading locks", async () => {
    const manager = await createUser(call, org, "manager");
    expect((await call("GET", "/auth/sign-in-locks", { token: manager.token })).status).toBe(403);
    expect((await call("POST", `/users/${manager.userId}/unlock`, { token: manager.token, body: { reason: "me" } })).status).toBe(403);
  });

  it("lifts the lock when an admin resets the password", async () => {
    const staff = await createUser(call, org, "staff");
    const from = callFrom("127.0.0.7");
    for (let i = 0; i < 5; i++) await from("POST", "/auth/login", { email: staff.email, password: "wrong password" });
    expect((await from("POST", "/auth/login", { email: staff.email, password: PASSWORD })).status).toBe(429);
    expect((await call("PATCH", `/users/${staff.userId}`, { token: org.admin.token, body: { password: "a fresh password here" } })).status).toBe(200);
    expect((await from("POST", "/auth/login", { email: staff.email, password: "a fresh password here" })).status).toBe(200);
    const locks = await call("GET", "/auth/sign-in-locks", { token: org.admin.token });
    expect(locks.body.items.find((l: { userId: string }) => l.userId === staff.userId)).toMatchObject({ active: false, unlockReason: "password reset by an admin" });
  });

  it("throttles an account guessed from many addresses only at addresses it never signed in from", async () => {
    process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = "6";
    try {
      const staff = await createUser(call, org, "staff");
      const home = callFrom("127.0.1.1");
      expect((await home("POST", "/auth/login", { email: staff.email, password: PASSWORD })).status).toBe(200);
      for (let i = 0; i < 6; i++) {
        expect((await callFrom(`127.0.2.${i + 1}`)("POST", "/auth/login", { email: staff.email, password: "wrong password" })).status).toBe(401);
      }
      expect((await callFrom("127.0.2.50")("POST", "/auth/login", { email: staff.email, password: PASSWORD })).status).toBe(429);
      expect((await home("POST", "/auth/login", { email: staff.email, password: PASSWORD })).status).toBe(200);
      const locks = await call("GET", "/auth/sign-in-locks", { token: org.admin.token });
      expect(locks.body.items.filter((l: { userId: string; scope: string }) => l.userId === staff.userId && l.scope === "account_unknown_addresses")).toHaveLength(1);
    } finally {
      delete process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT;
    }
  });

  it("keeps counts in PostgreSQL, shared by every instance", async () => {
    const email = uniqueEmail("nobody");
    await callFrom("127.0.3.1")("POST", "/auth/login", { email, password: "wrong password" });
    const rows = await db.queryAll<{ key: string }>`SELECT key FROM login_failures WHERE key LIKE ${"%" + email + "%"} ORDER BY key`;
    expect(rows.map((r) => r.key)).toEqual([`email:${email}`, `pair:${email}|127.0.3.1`]);
  });
});
