// kill -9 of one of two app processes under write load: a client whose
// request to the dead instance fails sends it again to the survivor with the
// same Idempotency-Key (as a load balancer retry would); afterwards every
// write exists exactly once, its event reaches the event store and its cash
// effect the cash book, carried by the survivor.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { jsonClient } from "./standalone/testing/http-client.ts";
import { startInstances, stopInstances, type Instance } from "./standalone/testing/instances.ts";
import { createOrg, createUser, type Call, type Org, type Session } from "./testing/fixtures.ts";

const WRITES = 40;
let instances: Instance[] = [];
let A: Call, B: Call;
let org: Org;
let staff: Session;
let propertyId: string;
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  await db.connect();
  // A quick heartbeat so the survivor takes over the dead instance's deliveries soon.
  instances = await startInstances(["a", "b"], { LOG_LEVEL: "error", PUBSUB_HEARTBEAT_MS: "200" });
  [A, B] = instances.map((i) => jsonClient(i.url));
  org = await createOrg(A, { properties: [{ name: "Cliffside", timezone: "Asia/Kolkata", openingCashCents: 0 }] });
  propertyId = org.properties[0].id;
  staff = await createUser(A, org, "staff", [propertyId]);
}, 180_000);

afterAll(async () => {
  await stopInstances(instances);
  await db.end();
});

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("kill -9 of one instance under write load", () => {
  it("loses nothing and the survivor carries on", async () => {
    const writes = Array.from({ length: WRITES }, (_, i) => ({ key: randomUUID(), amountCents: 100 + i, via: i % 2 === 0 ? A : B }));
    const send = (call: Call, w: (typeof writes)[number]) => call("POST", "/finance/expenses", {
      token: staff.token, headers: { "Idempotency-Key": w.key },
      body: { propertyId, amountCents: w.amountCents, paymentMode: "cash", category: "supplies", expenseDate: "2026-11-20" },
    });
    let retried = 0;
    const write = async (w: (typeof writes)[number]) => {
      try {
        const r = await send(w.via, w);
        if (r.status < 500) return r;
      } catch {
        // connection refused or reset: the instance died
      }
      retried++;
      return send(A, w);
    };
    // The first half staggered, with B killed while some of its requests are in flight...
    const half = WRITES / 2;
    const first = writes.slice(0, half).map(async (w, i) => { await new Promise((r) => setTimeout(r, i * 15)); return write(w); });
    await new Promise((r) => setTimeout(r, (half * 15) / 2));
    const died = new Promise((r) => instances[1].child.once("exit", (_code, signal) => r(signal)));
    instances[1].child.kill("SIGKILL");
    expect(await died).toBe("SIGKILL");
    // ...and the second half after its death: B's share must be retried on A.
    const responses = [...(await Promise.all(first)), ...(await Promise.all(writes.slice(half).map(write)))];
    expect(retried).toBeGreaterThanOrEqual(half / 2);
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(WRITES);

    // Each write exists once...
    const stored = await db.query(`SELECT count(*)::int AS n FROM expenses WHERE org_id = $1::uuid`, [org.orgId]);
    expect(stored.rows[0].n).toBe(WRITES);
    // ...and its event reaches the event store, through the survivor.
    const events = await poll(
      async () => (await db.query(`SELECT count(DISTINCT aggregate_id)::int AS n FROM domain_events WHERE org_id = $1::uuid AND event_type = 'transaction.created'`, [org.orgId])).rows[0].n as number,
      (n) => n === WRITES,
    );
    expect(events).toBe(WRITES);
    const outbox = await poll(async () => (await db.query(`SELECT count(*)::int AS n FROM finance_outbox`)).rows[0].n as number, (n) => n === 0);
    expect(outbox).toBe(0);
    // The survivor still serves reads and writes.
    expect((await A("GET", `/finance/transactions?propertyId=${propertyId}&limit=5`, { token: staff.token })).status).toBe(200);
  });
});
