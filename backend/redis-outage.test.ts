// Redis stopped under two running app processes (a Redis of this test's own
// on a free port): no request fails, the instance that folded a change made
// during the outage shows it at once, the reports-cache-redis breaker opens
// (in /metrics), and once Redis is back the breakers close and both
// instances show the change.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./testing/eventually.ts";
import { jsonClient } from "./standalone/testing/http-client.ts";
import { startInstances, stopInstances, type Instance } from "./standalone/testing/instances.ts";
import { freePort, startRedis, stopRedis } from "./standalone/testing/redis-server.ts";
import { createOrg, createUser, type Call, type Org, type Session } from "./testing/fixtures.ts";

let redis: ChildProcess | null = null;
let port: number;
let instances: Instance[] = [];
let A: Call, B: Call;
let org: Org;
let staff: Session;
let propertyId: string;

async function breakerState(i: Instance): Promise<number | null> {
  const text = await (await fetch(`${i.url}/metrics`)).text();
  const m = /^circuit_breaker_state\{breaker="reports-cache-redis"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : null;
}

const yesterday = () => {
  const at = new Date(Date.now() - 24 * 3600_000);
  return { date: new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(at), occurredAt: at.toISOString() };
};

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port);
  instances = await startInstances(["a", "b"], {
    REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: "error",
    BREAKER_FAILURES: "3", BREAKER_HALF_OPEN_AFTER_MS: "500", BREAKER_CALL_TIMEOUT_MS: "300", REDIS_CONNECT_WAIT_MS: "200",
  });
  [A, B] = instances.map((i) => jsonClient(i.url));
  org = await createOrg(A, { properties: [{ name: "Harbour", timezone: "Asia/Kolkata", openingCashCents: 500 }] });
  propertyId = org.properties[0].id;
  staff = await createUser(A, org, "staff", [propertyId]);
}, 180_000);

afterAll(async () => {
  await stopInstances(instances);
  if (redis) await stopRedis(redis);
});

describe("Redis stopped mid-run under two instances", () => {
  it("no request fails, the breaker opens and closes, and the reports agree again", async () => {
    const { date, occurredAt } = yesterday();
    const daily = (call: Call) => call("GET", `/reports/daily?propertyId=${propertyId}&date=${date}`, { token: org.admin.token });
    expect((await daily(A)).body.cashReceivedCents).toBe(0);
    expect((await daily(B)).body.cashReceivedCents).toBe(0); // cached on B
    expect(await breakerState(instances[0])).toBe(0);

    await stopRedis(redis!);
    redis = null;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await daily(A)).status, (await daily(B)).status);
    const created = await A("POST", "/finance/revenues", { token: staff.token, body: { propertyId, amountCents: 7_700, paymentMode: "cash", source: "room", occurredAt } });
    const approved = await A("POST", `/finance/transactions/revenue/${created.body.id}/approve`, { token: org.admin.token });
    statuses.push(created.status, approved.status);
    expect(statuses.every((s) => s === 200), `statuses ${statuses.join(",")}`).toBe(true);
    // The instance whose subscriber folded the change invalidates its own cache exactly, Redis or not
    // (the other keeps its copy for at most its TTL, until Redis is back).
    const folded = await eventually(async () => [(await daily(A)).body.cashReceivedCents, (await daily(B)).body.cashReceivedCents], (v) => v.includes(7_700));
    expect(folded).toContain(7_700);
    expect(await eventually(() => breakerState(instances[0]), (s) => s === 1)).toBe(1);
    expect(await eventually(async () => { await daily(B); return breakerState(instances[1]); }, (s) => s === 1)).toBe(1);

    redis = await startRedis(port);
    // Reads drive the half-open probes; both breakers close and both instances show the change made while Redis was away.
    const both = await eventually(async () => [(await daily(A)).body.cashReceivedCents, (await daily(B)).body.cashReceivedCents], (v) => v[0] === 7_700 && v[1] === 7_700);
    expect(both).toEqual([7_700, 7_700]);
    expect(await eventually(async () => { await daily(A); return breakerState(instances[0]); }, (s) => s === 0)).toBe(0);
    expect(await eventually(async () => { await daily(B); return breakerState(instances[1]); }, (s) => s === 0)).toBe(0);
  });
});
