// Several instances, one truth: three app processes (A, B, C) on this file's
// database and the machine's Redis (127.0.0.1:6379, a key prefix of this
// file's own). A write on A is in a report cached on B and on a live stream
// connected to C; a user deactivated via A is refused on B and C.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { eventually } from "./testing/eventually.ts";
import { jsonClient } from "./standalone/testing/http-client.ts";
import { startInstances, stopInstances, type Instance } from "./standalone/testing/instances.ts";
import { createOrg, createUser, type Call, type Org, type Session } from "./testing/fixtures.ts";
import { openStream, type SseMessage as Frame } from "./testing/sse-client.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test:${randomUUID()}:`;

let instances: Instance[] = [];
let A: Call, B: Call, C: Call;
let org: Org;
let staff: Session;
let propertyId: string;

/** Yesterday in Asia/Kolkata: a past date, cached for 2 minutes, so only an invalidation can refresh it within the test. */
function yesterdayInKolkata(): { date: string; occurredAt: string } {
  const at = new Date(Date.now() - 24 * 3600_000);
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(at);
  return { date, occurredAt: at.toISOString() };
}

beforeAll(async () => {
  instances = await startInstances(["a", "b", "c"], { REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: "error" });
  [A, B, C] = instances.map((i) => jsonClient(i.url));
  org = await createOrg(A, { properties: [{ name: "Bayview", timezone: "Asia/Kolkata", openingCashCents: 1_000 }] });
  propertyId = org.properties[0].id;
  staff = await createUser(A, org, "staff", [propertyId]);
}, 180_000);

afterAll(async () => {
  await stopInstances(instances);
  const raw = new Redis(REDIS_URL);
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length) await raw.del(...keys);
  raw.disconnect();
});

describe("three instances on one database and Redis", () => {
  it("a write on A is in a report already cached on B, and on the live stream of every instance", async () => {
    const { date, occurredAt } = yesterdayInKolkata();
    const daily = (call: Call) => call("GET", `/reports/daily?propertyId=${propertyId}&date=${date}`, { token: org.admin.token });
    // B reads (and caches) the day before the write.
    const before = await daily(B);
    expect(before.status).toBe(200);
    expect(before.body.cashReceivedCents).toBe(0);
    expect((await daily(B)).body.cashReceivedCents).toBe(0);

    // A dashboard on every instance: the finance-events subscription runs on one of them only.
    const streams = (await Promise.all(instances.map((inst, i) => openStream([A, B, C][i], inst.url, org.admin)))).map((c) => ({ client: c, frames: c.messages }));
    try {
      const created = await A("POST", "/finance/revenues", { token: staff.token, body: { propertyId, amountCents: 42_000, paymentMode: "cash", source: "room", occurredAt } });
      expect(created.status).toBe(200);
      const approved = await A("POST", `/finance/transactions/revenue/${created.body.id}/approve`, { token: org.admin.token });
      expect(approved.status).toBe(200);

      const after = await eventually(() => daily(B), (r) => r.body.cashReceivedCents === 42_000);
      expect(after.body.cashReceivedCents).toBe(42_000);
      expect(after.body.closingBalanceCents).toBe(before.body.closingBalanceCents + 42_000);

      for (const [i, { frames }] of streams.entries()) {
        const has = (type: string) => (f: Frame[]) => f.some((x) => x.event === "finance" && x.data.transactionId === created.body.id && x.data.type === type);
        // Both, in either order: the two events may be stored by different instances' subscribers.
        await eventually(async () => frames, (f) => has("transaction.created")(f) && has("transaction.approved")(f));
        expect(has("transaction.created")(frames), `created on the stream of ${instances[i].name}`).toBe(true);
        expect(has("transaction.approved")(frames), `approved on the stream of ${instances[i].name}`).toBe(true);
        const cashbook = (f: Frame[]) => f.some((x) => x.event === "cashbook" && x.data.propertyId === propertyId && x.data.dates.includes(date));
        await eventually(async () => frames, cashbook);
        expect(cashbook(frames), `cash-book notice on the stream of ${instances[i].name}`).toBe(true);
        // Each event reaches a stream once, whichever instance delivered it.
        const types = frames.filter((x) => x.event === "finance" && x.data.transactionId === created.body.id).map((x) => x.data.type);
        expect(types.sort()).toEqual(["transaction.approved", "transaction.created"]);
      }
    } finally {
      for (const s of streams) s.client.close();
    }
  });

  it("a user deactivated via A is refused on B and C within seconds", async () => {
    const me = (call: Call) => call("GET", "/auth/me", { token: staff.token });
    expect((await me(B)).status).toBe(200);
    expect((await me(C)).status).toBe(200);
    const off = await A("PATCH", `/users/${staff.userId}`, { token: org.admin.token, body: { active: false } });
    expect(off.status).toBe(200);
    const onB = await eventually(() => me(B), (r) => r.status === 401);
    const onC = await eventually(() => me(C), (r) => r.status === 401);
    expect(onB.status).toBe(401);
    expect(onC.status).toBe(401);
  });
});
