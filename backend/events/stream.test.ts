// The live stream over real HTTP: ticket flow, delivery of approvals,
// tenancy and property filtering, resume with Last-Event-ID, cash-book
// notices, and cutting off a client that stops reading.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { cashBookUpdates } from "../reports/topics.ts";
import { createOrg, createUser, startApp, type Call, type Org, type Session, type TestApp, twoTenants } from "../testing/fixtures.ts";
import { waitForStoredEvents } from "../testing/projection.ts";
import { liveHub, MAX_BUFFERED_BYTES } from "./live-hub.ts";
import { SseClient } from "../testing/sse-client.ts";
import { revalidateStreams } from "./stream-access.ts";

const db = SQLDatabase.named("hospitality");

let app: TestApp;
let call: Call;
let a: Org;
let b: Org;
let mumbai: string;
let london: string;
let staffA: Session;
let managerA: Session;
let managerB: Session;
const clients: SseClient[] = [];

const revenue = (propertyId: string, over: Record<string, unknown> = {}) => ({ propertyId, amountCents: 12_345, paymentMode: "cash", source: "room", occurredAt: new Date().toISOString(), ...over });

async function ticket(session: Session): Promise<string> {
  const r = await call("POST", "/events/stream-ticket", { token: session.token });
  expect(r.status).toBe(200);
  return r.body.ticket;
}

async function connect(session: Session, opts: { lastEventId?: string; viaQuery?: boolean; autoRead?: boolean } = {}): Promise<SseClient> {
  const query: Record<string, string> = { ticket: await ticket(session) };
  const headers: Record<string, string> = {};
  if (opts.lastEventId && opts.viaQuery) query.lastEventId = opts.lastEventId;
  else if (opts.lastEventId) headers["last-event-id"] = opts.lastEventId;
  const c = await SseClient.open(app.host.url, query, { headers, autoRead: opts.autoRead });
  expect(c.status).toBe(200);
  clients.push(c);
  if (opts.autoRead !== false) await c.waitFor((m) => m.event === "ready");
  return c;
}

beforeAll(async () => {
  app = await startApp();
  call = app.call;
  ({ a, b, mumbai, london } = await twoTenants(call));
  staffA = await createUser(call, a, "staff", [mumbai]);
  managerA = await createUser(call, a, "manager");
  managerB = await createUser(call, b, "manager");
});
afterAll(async () => {
  // Open streams would hold the server's close until its timeout.
  for (const c of clients) c.close();
  await app?.stop();
});

describe("stream tickets", () => {
  it("needs a signed-in caller to issue a ticket", async () => {
    expect((await call("POST", "/events/stream-ticket")).status).toBe(401);
  });

  it("refuses a stream without a ticket, with a bad ticket, a used ticket or an expired one", async () => {
    const none = await SseClient.open(app.host.url, {}, { autoRead: false });
    expect(none.status).toBe(401);
    expect((await none.body()).code).toBe("unauthenticated");
    const bad = await SseClient.open(app.host.url, { ticket: "x".repeat(43) }, { autoRead: false });
    expect(bad.status).toBe(401);
    await bad.body();

    const t = await ticket(managerA);
    const first = await SseClient.open(app.host.url, { ticket: t });
    clients.push(first);
    expect(first.status).toBe(200);
    const again = await SseClient.open(app.host.url, { ticket: t }, { autoRead: false });
    expect(again.status).toBe(401);
    expect((await again.body()).message).toMatch(/invalid, expired or already used/);
    first.close();

    const old = await ticket(managerA);
    await db.exec`UPDATE event_stream_tickets SET expires_at = now() - interval '1 second'`;
    const expired = await SseClient.open(app.host.url, { ticket: old }, { autoRead: false });
    expect(expired.status).toBe(401);
    await expired.body();
  });

  it("stores only a hash of the ticket, with the caller's identity", async () => {
    const t = await ticket(staffA);
    const rows = await db.queryAll<{ hex: string; role: string; props: string[] }>`
      SELECT encode(ticket_hash, 'hex') AS hex, role, property_ids::text[] AS props FROM event_stream_tickets WHERE user_id = ${staffA.userId}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: "staff", props: [mumbai] });
    expect(rows[0].hex).not.toContain(Buffer.from(t).toString("hex"));
  });

  it("rejects a malformed lastEventId", async () => {
    const c = await SseClient.open(app.host.url, { ticket: await ticket(managerA), lastEventId: "abc" }, { autoRead: false });
    expect(c.status).toBe(400);
    expect((await c.body()).code).toBe("invalid_argument");
  });
});

describe("live delivery", () => {
  it("delivers an approval to a connected stream within seconds, with the seq as event id", async () => {
    const s = await connect(managerA);
    expect(s.messages[0]).toMatchObject({ event: "ready" });
    const t = (await call("POST", "/finance/revenues", { token: staffA.token, body: revenue(mumbai) })).body;
    const created = await s.waitFor((m) => m.event === "finance" && m.data.transactionId === t.id && m.data.type === "transaction.created");
    expect((await call("POST", `/finance/transactions/revenue/${t.id}/approve`, { token: managerA.token })).status).toBe(200);
    const approved = await s.waitFor((m) => m.event === "finance" && m.data.transactionId === t.id && m.data.type === "transaction.approved", 5_000);
    expect(approved.data).toMatchObject({
      orgId: a.orgId, propertyId: mumbai, kind: "revenue", version: 2, actorUserId: managerA.userId,
      deltas: [{ businessDate: t.businessDate, cashReceivedCents: 12_345 }],
    });
    expect(Number(approved.id)).toBeGreaterThan(Number(created.id));
    const stored = await db.queryRow<{ seq: number }>`SELECT seq FROM domain_events WHERE event_id = ${approved.data.eventId}::uuid`;
    expect(String(stored!.seq)).toBe(approved.id);
    s.close();
  });

  it("never shows organisation B anything of organisation A, nor staff another property", async () => {
    const sB = await connect(managerB);
    const sStaff = await connect(staffA);
    const sA = await connect(managerA);
    const inLondon = (await call("POST", "/finance/revenues", { token: managerA.token, body: revenue(london) })).body;
    const inMumbai = (await call("POST", "/finance/revenues", { token: managerA.token, body: revenue(mumbai) })).body;
    await sA.waitFor((m) => m.data.transactionId === inMumbai.id);
    await sA.waitFor((m) => m.data.transactionId === inLondon.id);
    // Staff get Mumbai (which was written after London, so London would have arrived first).
    await sStaff.waitFor((m) => m.data.transactionId === inMumbai.id);
    expect(sStaff.finance().every((m) => m.data.propertyId === mumbai)).toBe(true);
    // B's own marker arrives, and nothing of A's came before or with it.
    const bMarker = (await call("POST", "/finance/revenues", { token: managerB.token, body: revenue(b.properties[0].id) })).body;
    await sB.waitFor((m) => m.data.transactionId === bMarker.id);
    expect(sB.finance().length).toBeGreaterThan(0);
    expect(sB.finance().every((m) => m.data.orgId === b.orgId)).toBe(true);
    expect(sA.finance().every((m) => m.data.orgId === a.orgId)).toBe(true);
    for (const c of [sA, sB, sStaff]) c.close();
  });

  it("forwards cash-book notices to the viewers of that organisation and property", async () => {
    const sA = await connect(managerA);
    const sStaff = await connect(staffA);
    const sB = await connect(managerB);
    const notice = (orgId: string, propertyId: string, marker: string) =>
      cashBookUpdates.publish({ updates: [{ orgId, propertyId, dates: ["2026-11-20"], eventIds: [marker], updatedAt: new Date().toISOString() }] });
    await notice(a.orgId, london, "london-marker");
    await notice(a.orgId, mumbai, "mumbai-marker");
    await notice(b.orgId, b.properties[0].id, "b-marker");
    const got = await sA.waitFor((m) => m.event === "cashbook" && m.data.eventIds.includes("mumbai-marker"));
    expect(got.data).toMatchObject({ orgId: a.orgId, propertyId: mumbai, dates: ["2026-11-20"] });
    await sA.waitFor((m) => m.event === "cashbook" && m.data.eventIds.includes("london-marker"));
    await sStaff.waitFor((m) => m.event === "cashbook" && m.data.eventIds.includes("mumbai-marker"));
    await sB.waitFor((m) => m.event === "cashbook" && m.data.eventIds.includes("b-marker"));
    expect(sStaff.messages.some((m) => m.event === "cashbook" && m.data.eventIds.includes("london-marker"))).toBe(false);
    expect(sB.messages.filter((m) => m.event === "cashbook").every((m) => m.data.orgId === b.orgId)).toBe(true);
    for (const c of [sA, sB, sStaff]) c.close();
  });
});

describe("resume", () => {
  it("replays exactly the missed events after Last-Event-ID, in order, then continues live without duplicates", async () => {
    const org = await createOrg(call);
    const p = org.properties[0].id;
    const manager = await createUser(call, org, "manager");
    const first = await connect(manager);
    const t0 = (await call("POST", "/finance/revenues", { token: org.admin.token, body: revenue(p) })).body;
    const seen = await first.waitFor((m) => m.data?.transactionId === t0.id);
    first.close();
    await first.waitEnded();

    // Missed while disconnected: three creations and an approval.
    const missed: string[] = [];
    for (let i = 0; i < 3; i++) missed.push((await call("POST", "/finance/revenues", { token: manager.token, body: revenue(p, { amountCents: 100 + i }) })).body.id);
    for (const id of missed) await waitForStoredEvents(id, 1);

    const second = await connect(manager, { lastEventId: seen.id! });
    const ready = second.messages.find((m) => m.event === "ready")!;
    expect(ready.data.replayed).toBe(3);
    expect(second.finance().map((m) => m.data.transactionId)).toEqual(missed);
    const ids = second.finance().map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[0]).toBeGreaterThan(Number(seen.id));

    const live = (await call("POST", "/finance/revenues", { token: manager.token, body: revenue(p) })).body;
    await second.waitFor((m) => m.data?.transactionId === live.id);
    const all = second.finance().map((m) => m.data.eventId);
    expect(new Set(all).size).toBe(all.length);
    expect(second.finance().map((m) => m.data.transactionId)).toEqual([...missed, live.id]);
    second.close();

    // A fresh EventSource (new ticket) passes the last id in the query instead.
    const third = await connect(manager, { lastEventId: seen.id!, viaQuery: true });
    expect(third.finance().map((m) => m.data.transactionId)).toEqual([...missed, live.id]);
    third.close();
  });

  it("gives a new client the stream head as its first id, so a reconnect before any event loses nothing", async () => {
    const org = await createOrg(call);
    const p = org.properties[0].id;
    const t0 = (await call("POST", "/finance/revenues", { token: org.admin.token, body: revenue(p) })).body;
    await waitForStoredEvents(t0.id, 1);
    const s = await connect(org.admin);
    const ready = s.messages.find((m) => m.event === "ready")!;
    const head = await db.queryRow<{ seq: number }>`SELECT seq FROM domain_events WHERE aggregate_id = ${t0.id}`;
    expect(ready.id).toBe(String(head!.seq));
    s.close();
    const t1 = (await call("POST", "/finance/revenues", { token: org.admin.token, body: revenue(p) })).body;
    await waitForStoredEvents(t1.id, 1);
    const again = await connect(org.admin, { lastEventId: ready.id! });
    expect(again.finance().map((m) => m.data.transactionId)).toEqual([t1.id]);
    again.close();
  });
});

describe("slow clients", () => {
  it("cuts off a client that stops reading, and the hub lets go of it with bounded buffering", async () => {
    const org = await createOrg(call);
    const p = org.properties[0].id;
    const stalled = await connect(org.admin, { autoRead: false });
    const healthy = await connect(org.admin);
    // Wait until the server registered both (the stalled one never reads its ready frame).
    for (let i = 0; i < 200 && liveHub.connections(org.orgId) < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(liveHub.connections(org.orgId)).toBe(2);
    const [stalledConn] = liveHub.connectionsOf(org.orgId).filter((c) => c.id === Math.min(...liveHub.connectionsOf(org.orgId).map((x) => x.id)));

    // Far more than loopback socket buffers hold: 64 MiB in 256 KiB events.
    const big = { note: "x".repeat(256 * 1024) };
    let maxBuffered = 0;
    let seq = 1_000_000_000;
    for (let i = 0; i < 256 && !stalledConn.closed; i++) {
      liveHub.publishFinance(org.orgId, p, ++seq, big);
      maxBuffered = Math.max(maxBuffered, stalledConn.bufferedBytes);
      // Paced so the reading client keeps up; the stalled one fills its socket buffers and then ours.
      await new Promise((r) => setTimeout(r, 3));
    }
    expect(stalledConn.closed).toBe(true);
    expect(stalledConn.closeReason).toBe("slow_client");
    expect(maxBuffered).toBeLessThanOrEqual(MAX_BUFFERED_BYTES);
    expect(liveHub.has(stalledConn)).toBe(false);
    expect(liveHub.connections(org.orgId)).toBe(1);

    // The client that kept reading got every frame and is still connected.
    const published = seq - 1_000_000_000;
    const until = Date.now() + 15_000;
    while (healthy.finance().length < published && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(healthy.finance().map((m) => Number(m.id))).toEqual(Array.from({ length: published }, (_, i) => 1_000_000_001 + i));
    expect(healthy.ended).toBe(false);
    healthy.close();
    for (let i = 0; i < 200 && liveHub.connections(org.orgId) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(liveHub.connections(org.orgId)).toBe(0);
  });
});

describe("access changes", () => {
  it("closes a stream whose user was deactivated and keeps the others", async () => {
    const gone = await createUser(call, a, "staff", [mumbai]);
    const sGone = await connect(gone);
    const sManager = await connect(managerA);
    expect((await call("PATCH", `/users/${gone.userId}`, { token: a.admin.token, body: { active: false } })).status).toBe(200);
    expect(await revalidateStreams()).toBe(1);
    const until = Date.now() + 5_000;
    while (!sGone.ended && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(sGone.ended).toBe(true);
    expect(sManager.ended).toBe(false);
    expect(liveHub.connectionsOf(a.orgId).some((c) => c.viewer.userId === gone.userId)).toBe(false);
    // A new ticket is refused to the deactivated user.
    expect((await call("POST", "/events/stream-ticket", { token: gone.token })).status).toBe(401);
  });
});
