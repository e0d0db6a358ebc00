// Small factories for endpoint tests: a running app, organisations, users
// and properties created through the public API.
import { randomBytes } from "node:crypto";
import { startHost, type RunningHost } from "../standalone/runtime/host.ts";
import { jsonClient } from "../standalone/testing/http-client.ts";

export type Call = ReturnType<typeof jsonClient>;

export interface TestApp { host: RunningHost; call: Call; stop(): Promise<void> }

export async function startApp(): Promise<TestApp> {
  const host = await startHost({ port: 0, host: "127.0.0.1" });
  return { host, call: jsonClient(host.url), stop: () => host.stop() };
}

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${++counter}-${randomBytes(3).toString("hex")}@example.test`;
export const PASSWORD = "correct horse battery";

export interface Session { token: string; refreshToken: string; userId: string; orgId: string; email: string }

export interface Org {
  orgId: string;
  admin: Session;
  properties: { id: string; name: string; timezone: string }[];
}

/**
 * Fixtures date entries weeks and months back, far beyond the default editable
 * window (7 days): their properties get a wide one unless a test asks for its own.
 */
export const FIXTURE_EDITABLE_DAYS = 3650;

/** An organisation with an admin and the given properties (default: one in Asia/Kolkata). */
export async function createOrg(call: Call, opts: { properties?: { name: string; timezone?: string; currency?: string; openingCashCents?: number }[]; editableDays?: number } = {}): Promise<Org> {
  const email = uniqueEmail("admin");
  const signup = await call("POST", "/auth/signup", { body: { organizationName: "Org " + email, email, password: PASSWORD, displayName: "Admin" } });
  if (signup.status !== 200) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const admin: Session = { token: signup.body.accessToken, refreshToken: signup.body.refreshToken, userId: signup.body.user.id, orgId: signup.body.user.orgId, email };
  const properties = [];
  for (const p of opts.properties ?? [{ name: "Main", timezone: "Asia/Kolkata" }]) {
    const r = await call("POST", "/properties", { token: admin.token, body: p });
    if (r.status !== 200) throw new Error(`property failed: ${JSON.stringify(r.body)}`);
    const w = await call("PATCH", `/finance/settings/${r.body.id}`, { token: admin.token, body: { editableDays: opts.editableDays ?? FIXTURE_EDITABLE_DAYS } });
    if (w.status !== 200) throw new Error(`editable window failed: ${JSON.stringify(w.body)}`);
    properties.push(r.body);
  }
  return { orgId: admin.orgId, admin, properties };
}

/** A user of the organisation with the role and properties given, signed in. */
export async function createUser(call: Call, org: Org, role: "admin" | "manager" | "staff", propertyIds: string[] = []): Promise<Session> {
  const email = uniqueEmail(role);
  const r = await call("POST", "/users", { token: org.admin.token, body: { email, displayName: `${role} user`, password: PASSWORD, role, propertyIds } });
  if (r.status !== 200) throw new Error(`create user failed: ${JSON.stringify(r.body)}`);
  return signIn(call, email);
}

export async function signIn(call: Call, email: string, password = PASSWORD): Promise<Session> {
  const r = await call("POST", "/auth/login", { body: { email, password } });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return { token: r.body.accessToken, refreshToken: r.body.refreshToken, userId: r.body.user.id, orgId: r.body.user.orgId, email };
}

/** Two organisations: A with a Mumbai (Asia/Kolkata) and a London (Europe/London, GBP) property, B with one property. */
export async function twoTenants(call: Call): Promise<{ a: Org; b: Org; mumbai: string; london: string }> {
  const a = await createOrg(call, { properties: [{ name: "Mumbai", timezone: "Asia/Kolkata" }, { name: "London", timezone: "Europe/London", currency: "GBP" }] });
  const b = await createOrg(call);
  const [mumbai, london] = a.properties.map((p) => p.id);
  return { a, b, mumbai, london };
}

export interface Hotel { app: TestApp; call: Call; a: Org; b: Org; hotel: string; staff: Session; staff2: Session; manager: Session; manager2: Session }

/**
 * The cashiering tests' world: a started app, an organisation with one hotel
 * with a real property's 7-day editable window, two staff and two managers
 * of it, and a second organisation to try cross-tenant ids on.
 */
export async function hotelWithPeople(property: { name: string; timezone: string; currency?: string; openingCashCents?: number }): Promise<Hotel> {
  const app = await startApp();
  const call = app.call;
  const a = await createOrg(call, { properties: [property], editableDays: 7 });
  const b = await createOrg(call);
  const hotel = a.properties[0].id;
  const [staff, staff2] = [await createUser(call, a, "staff", [hotel]), await createUser(call, a, "staff", [hotel])];
  const [manager, manager2] = [await createUser(call, a, "manager"), await createUser(call, a, "manager")];
  return { app, call, a, b, hotel, staff, staff2, manager, manager2 };
}
