// Services deployed apart: process A hosts auth, finance and web, process B
// reports, events and ops (SERVICES), each told where the other is
// (SERVICE_URLS) and signing calls between them (SERVICE_AUTH_KEY). A write
// through A is folded by B's subscription; a report read through either
// works (A passes it on); B's requests are authenticated by A's auth
// handler; B's /ops/status calls finance on A; neither process loads the
// other's services.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./testing/eventually.ts";
import { jsonClient } from "./standalone/testing/http-client.ts";
import { startInstances, stopInstances, type Instance } from "./standalone/testing/instances.ts";
import { freePort } from "./standalone/testing/redis-server.ts";
import { sign, callMeta } from "./standalone/runtime/svcauth.ts";
import { createOrg, createUser, type Call, type Org, type Session } from "./testing/fixtures.ts";

let instances: Instance[] = [];
let A: Call, B: Call;
let org: Org;
let staff: Session;
let propertyId: string;
const KEY = "services-apart-test-key-0123456789abcdef";

beforeAll(async () => {
  const [pa, pb] = [await freePort(), await freePort()];
  const a = `http://127.0.0.1:${pa}`, b = `http://127.0.0.1:${pb}`;
  instances = await startInstances(["a", "b"], { LOG_LEVEL: "error", SERVICE_AUTH_KEY: KEY, INSTANCE_HEARTBEAT_MS: "500" }, 90_000, {
    a: { PORT: String(pa), SERVICES: "auth,finance,web", SERVICE_URLS: `reports=${b},events=${b},ops=${b}` },
    b: { PORT: String(pb), SERVICES: "reports,events,ops", SERVICE_URLS: `auth=${a},finance=${a},web=${a}` },
  });
  [A, B] = instances.map((i) => jsonClient(i.url));
  org = await createOrg(A, { properties: [{ name: "Harbour", timezone: "UTC", openingCashCents: 500 }] });
  propertyId = org.properties[0].id;
  staff = await createUser(A, org, "staff", [propertyId]);
}, 180_000);

afterAll(async () => {
  await stopInstances(instances);
});

const signed = (caller: string) => sign(KEY, callMeta(caller, "host", null));

describe("services deployed apart", () => {
  it("each process hosts only its own services and says so to its peers", async () => {
    const tables = await Promise.all(instances.map(async (i) => (await fetch(`${i.url}/__encore/routes`, { headers: signed("test") })).json()));
    expect(tables[0].services).toEqual(["auth", "finance", "web"]);
    expect(tables[0].authHandler).toBe(true);
    expect(tables[0].routes.some((r: { path: string }) => r.path.startsWith("/reports/"))).toBe(false);
    expect(tables[1].services).toEqual(["events", "ops", "reports"]);
    expect(tables[1].authHandler).toBe(false);
    expect(tables[1].routes.some((r: { path: string }) => r.path.startsWith("/finance/"))).toBe(false);
  });

  it("a write through A is folded by B and readable through both", async () => {
    const date = new Date().toISOString().slice(0, 10);
    const created = await A("POST", "/finance/revenues", { token: staff.token, body: { propertyId, amountCents: 31_000, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString() } });
    expect(created.status).toBe(200);
    expect((await A("POST", `/finance/transactions/revenue/${created.body.id}/approve`, { token: org.admin.token })).status).toBe(200);
    const daily = (call: Call) => call("GET", `/reports/daily?propertyId=${propertyId}&date=${date}`, { token: org.admin.token });
    const onB = await eventually(() => daily(B), (r) => r.status === 200 && r.body.cashReceivedCents === 31_000);
    expect(onB.status).toBe(200);
    expect(onB.body.cashReceivedCents).toBe(31_000);
    const throughA = await daily(A);
    expect(throughA.status).toBe(200);
    expect(throughA.body.cashReceivedCents).toBe(31_000);
    // The finance endpoints are reachable through B as well, for a client that only knows B.
    const listed = await B("GET", `/finance/transactions?propertyId=${propertyId}`, { token: org.admin.token });
    expect(listed.status).toBe(200);
  });

  it("B authenticates through A's auth handler: a bad token is refused, a good one's role holds", async () => {
    expect((await B("GET", `/reports/summary`, { token: "not-a-token" })).status).toBe(401);
    expect((await B("GET", `/reports/summary`)).status).toBe(401);
    // Staff may not trigger a reconciliation; the role came over from A.
    const denied = await B("POST", "/reports/reconcile", { token: staff.token, body: { propertyId } });
    expect(denied.status).toBe(403);
  });

  it("B's /ops/status calls finance on A over a signed call", async () => {
    const status = await A("GET", "/ops/status", { token: org.admin.token });
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.body)).not.toContain("could not be reached");
  });

  it("/ops/status lists both processes with the services each hosts", async () => {
    type Row = { instanceId: string; services: string[]; secondsSinceHeartbeat: number };
    const listed = (r: { body: { instances?: Row[] } }) => (r.body.instances ?? []).map((i) => i.services.join(",")).sort();
    const status = await eventually(() => A("GET", "/ops/status", { token: org.admin.token }), (r) => listed(r).join(" ") === "auth,finance,web events,ops,reports");
    const mine = status.body.instances as Row[];
    expect(listed(status)).toEqual(["auth,finance,web", "events,ops,reports"]);
    for (const i of mine) expect(i.secondsSinceHeartbeat).toBeLessThan(30);
    // The answer is B's own (it hosts ops), whichever process the request came through.
    expect(status.body.instanceId).toMatch(/^test-b-/);
  });

  it("the internal endpoints refuse a caller without a valid signature", async () => {
    const url = `${instances[0].url}/__encore/call/finance/pipelineProgress`;
    expect((await fetch(url, { method: "POST", body: "{}" })).status).toBe(403);
    const forged = { ...sign("wrong-key", callMeta("test", "finance", { userID: "x", orgId: "y", role: "admin" })) };
    const r = await fetch(url, { method: "POST", headers: forged, body: "{}" });
    expect(r.status).toBe(401);
    const ok = await fetch(url, { method: "POST", headers: signed("test"), body: "{}" });
    expect(ok.status).toBe(200);
  });
});
