// Identity and tenancy over HTTP against the standalone host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { createOrg, createUser, signIn, startApp, uniqueEmail, PASSWORD, type Call, type Org, type TestApp } from "../testing/fixtures.ts";
import { SQLDatabase } from "encore.dev/storage/sqldb";

const db = SQLDatabase.named("hospitality");
let app: TestApp;
let call: Call;
let a: Org;
let b: Org;

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  a = await createOrg(call, { properties: [{ name: "A-Mumbai", timezone: "Asia/Kolkata" }, { name: "A-London", timezone: "Europe/London", currency: "GBP" }] });
  b = await createOrg(call, { properties: [{ name: "B-Goa" }] });
});
afterAll(() => app?.stop());

describe("sign-up, login, me", () => {
  it("signs up an organisation whose caller is admin, logs in and reads me", async () => {
    const email = uniqueEmail("owner");
    const s = await call("POST", "/auth/signup", { body: { organizationName: "Sea View Group", email, password: PASSWORD, displayName: "Owner" } });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ expiresInSeconds: 900, user: { email, role: "admin", displayName: "Owner" } });
    const l = await call("POST", "/auth/login", { body: { email: email.toUpperCase(), password: PASSWORD } });
    expect(l.status).toBe(200);
    const me = await call("GET", "/auth/me", { token: l.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email, role: "admin" }, organization: { name: "Sea View Group" }, properties: [] });
  });

  it("stores passwords as argon2id hashes", async () => {
    const row = await db.queryRow<{ h: string }>`SELECT password_hash AS h FROM users WHERE id = ${a.admin.userId}`;
    expect(row!.h).toMatch(/^\$argon2id\$/);
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const unknown = await call("POST", "/auth/login", { body: { email: "nobody@example.test", password: PASSWORD } });
    const wrong = await call("POST", "/auth/login", { body: { email: a.admin.email, password: "wrong password!" } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it("refuses a duplicate email with 409", async () => {
    const r = await call("POST", "/auth/signup", { body: { organizationName: "Dup", email: a.admin.email, password: PASSWORD, displayName: "X" } });
    expect(r.status).toBe(409);
    expect(r.body.details.field).toBe("email");
  });
});

describe("refresh tokens", () => {
  it("rotates, and reusing a rotated token revokes the whole family", async () => {
    const s = await signIn(call, a.admin.email);
    const r1 = await call("POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(s.refreshToken);
    const reuse = await call("POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    expect(reuse.status).toBe(401);
    // The thief's (or victim's) newer token died with the family.
    const r2 = await call("POST", "/auth/refresh", { body: { refreshToken: r1.body.refreshToken } });
    expect(r2.status).toBe(401);
  });

  it("logout ends the session", async () => {
    const s = await signIn(call, a.admin.email);
    expect((await call("POST", "/auth/logout", { body: { refreshToken: s.refreshToken } })).status).toBe(200);
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } })).status).toBe(401);
  });
});

describe("access tokens", () => {
  const claims = (org: string) => new SignJWT({ org, role: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject(a.admin.userId).setIssuer("hospitality-finance").setAudience("hospitality-finance-api");

  it("rejects a token signed with another key", async () => {
    const forged = await claims(a.orgId).setIssuedAt().setExpirationTime("15m").sign(new TextEncoder().encode("x".repeat(48)));
    expect((await call("GET", "/auth/me", { token: forged })).status).toBe(401);
  });

  it("rejects a tampered token", async () => {
    const [h, p, s] = a.admin.token.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    payload.org = b.orgId;
    const tampered = [h, Buffer.from(JSON.stringify(payload)).toString("base64url"), s].join(".");
    expect((await call("GET", "/auth/me", { token: tampered })).status).toBe(401);
  });

  it("rejects an expired token", async () => {
    const { readFileSync } = await import("node:fs");
    const key = new TextEncoder().encode(readFileSync(".data/jwt-dev-key", "utf8").trim());
    const expired = await claims(a.orgId).setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    const r = await call("GET", "/auth/me", { token: expired });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("unauthenticated");
  });

  it("rejects a missing or malformed header", async () => {
    expect((await call("GET", "/auth/me")).status).toBe(401);
    expect((await call("GET", "/auth/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });
});

describe("roles and scoping", () => {
  it("keeps staff from creating users or properties and managers from changing roles", async () => {
    const staff = await createUser(call, a, "staff", [a.properties[0].id]);
    const manager = await createUser(call, a, "manager");
    expect((await call("POST", "/properties", { token: staff.token, body: { name: "X" } })).status).toBe(403);
    expect((await call("POST", "/users", { token: staff.token, body: { email: uniqueEmail("x"), displayName: "X", password: PASSWORD, role: "staff" } })).status).toBe(403);
    const demote = await call("PATCH", `/users/${staff.userId}`, { token: manager.token, body: { role: "manager" } });
    expect(demote.status).toBe(403);
    expect(demote.body.code).toBe("permission_denied");
    expect((await call("GET", "/users", { token: manager.token })).status).toBe(200);
  });

  it("shows staff only their assigned properties and only themselves", async () => {
    const staff = await createUser(call, a, "staff", [a.properties[1].id]);
    const props = await call("GET", "/properties", { token: staff.token });
    expect(props.body.items.map((p: { id: string }) => p.id)).toEqual([a.properties[1].id]);
    expect((await call("GET", `/properties/${a.properties[0].id}`, { token: staff.token })).status).toBe(404);
    const users = await call("GET", "/users", { token: staff.token });
    expect(users.body.items.map((u: { id: string }) => u.id)).toEqual([staff.userId]);
    const me = await call("GET", "/auth/me", { token: staff.token });
    expect(me.body.properties.map((p: { id: string }) => p.id)).toEqual([a.properties[1].id]);
  });

  it("applies a role change and deactivation to existing tokens", async () => {
    const manager = await createUser(call, a, "manager");
    const r = await call("PATCH", `/users/${manager.userId}`, { token: a.admin.token, body: { active: false } });
    expect(r.status).toBe(200);
    expect((await call("GET", "/auth/me", { token: manager.token })).status).toBe(401);
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: manager.refreshToken } })).status).toBe(401);
  });

  it("ends existing sessions at once when an admin resets a password", async () => {
    const staff = await createUser(call, a, "staff");
    expect((await call("GET", "/auth/me", { token: staff.token })).status).toBe(200);
    // Tokens carry whole seconds: make sure the old one is from an earlier second than the reset.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call("PATCH", `/users/${staff.userId}`, { token: a.admin.token, body: { password: "a brand new password" } })).status).toBe(200);
    expect((await call("GET", "/auth/me", { token: staff.token })).status).toBe(401);
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: staff.refreshToken } })).status).toBe(401);
    const again = await signIn(call, staff.email, "a brand new password");
    expect((await call("GET", "/auth/me", { token: again.token })).status).toBe(200);
  });

  it("keeps at least one active admin", async () => {
    const r = await call("PATCH", `/users/${b.admin.userId}`, { token: b.admin.token, body: { role: "staff" } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("failed_precondition");
  });
});

describe("cross-tenant matrix", () => {
  it("answers 404 for every id of another organisation and changes nothing", async () => {
    const bUser = await createUser(call, b, "staff", [b.properties[0].id]);
    const before = await db.queryRow`SELECT p.name, u.role, u.display_name FROM properties p, users u WHERE p.id = ${b.properties[0].id} AND u.id = ${bUser.userId}`;
    const attempts = [
      call("GET", `/properties/${b.properties[0].id}`, { token: a.admin.token }),
      call("PATCH", `/properties/${b.properties[0].id}`, { token: a.admin.token, body: { name: "Hijacked" } }),
      call("PATCH", `/users/${bUser.userId}`, { token: a.admin.token, body: { role: "admin", displayName: "Hijacked" } }),
      call("POST", "/users", { token: a.admin.token, body: { email: uniqueEmail("x"), displayName: "X", password: PASSWORD, role: "staff", propertyIds: [b.properties[0].id] } }),
      call("PATCH", `/users/${a.admin.userId}`, { token: a.admin.token, body: { propertyIds: [b.properties[0].id] } }),
    ];
    for (const r of await Promise.all(attempts)) expect(r.status).toBe(404);
    const after = await db.queryRow`SELECT p.name, u.role, u.display_name FROM properties p, users u WHERE p.id = ${b.properties[0].id} AND u.id = ${bUser.userId}`;
    expect(after).toEqual(before);
    const list = await call("GET", "/properties", { token: a.admin.token });
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(b.properties[0].id);
    const users = await call("GET", "/users", { token: a.admin.token });
    expect(users.body.items.map((u: { id: string }) => u.id)).not.toContain(bUser.userId);
  });
});

describe("bad input", () => {
  it.each([
    ["/auth/signup", { organizationName: "X", email: "not-an-email", password: PASSWORD, displayName: "X" }, "email"],
    ["/auth/signup", { organizationName: "X", email: uniqueEmail("s"), password: "short", displayName: "X" }, "password"],
    ["/auth/signup", { email: uniqueEmail("s"), password: PASSWORD, displayName: "X" }, "organizationName"],
    ["/auth/signup", { organizationName: "x".repeat(201), email: uniqueEmail("s"), password: PASSWORD, displayName: "X" }, "organizationName"],
    ["/properties", { name: "P", timezone: "Mars/Olympus" }, "timezone"],
    ["/properties", { name: "P", openingCashCents: -1 }, "openingCashCents"],
    ["/properties", { name: "P", openingCashCents: 10.5 }, "openingCashCents"],
    ["/properties", { name: "P", currency: "XYZ1" }, "currency"],
    ["/users", { email: uniqueEmail("u"), displayName: "U", password: PASSWORD, role: "owner" }, "role"],
  ])("POST %s %j → 400 naming %s", async (path, body, field) => {
    const r = await call("POST", path, { token: a.admin.token, body });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("invalid_argument");
    expect(r.body.details.field).toBe(field);
    expect(r.body.message).toContain(field);
  });
});

describe("sign-up limit", () => {
  it("answers 429 once an address has created its quota of organisations", async () => {
    process.env.SIGNUP_MAX_PER_ADDRESS = "0";
    try {
      const r = await call("POST", "/auth/signup", { body: { organizationName: "Spam", email: uniqueEmail("spam"), password: PASSWORD, displayName: "S" } });
      expect(r.status).toBe(429);
      expect(r.body.code).toBe("resource_exhausted");
    } finally {
      delete process.env.SIGNUP_MAX_PER_ADDRESS;
    }
  });
});

describe("login throttling", () => {
  it("answers 429 after repeated failures for one email", async () => {
    const staff = await createUser(call, a, "staff");
    for (let i = 0; i < 5; i++) {
      expect((await call("POST", "/auth/login", { body: { email: staff.email, password: "wrong password" } })).status).toBe(401);
    }
    const blocked = await call("POST", "/auth/login", { body: { email: staff.email, password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe("resource_exhausted");
  });

  it("answers 429 after repeated failures from one address", async () => {
    // The host appends the peer address, so the last hop is always the real peer: use distinct emails from this one client.
    let last = 0;
    for (let i = 0; i < 21; i++) {
      last = (await call("POST", "/auth/login", { body: { email: uniqueEmail("ghost"), password: "wrong password" } })).status;
    }
    expect(last).toBe(429);
  });
});
