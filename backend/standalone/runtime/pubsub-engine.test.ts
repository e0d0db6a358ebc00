// Pub/sub semantics on the standalone host, against real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Subscription, Topic } from "encore.dev/pubsub";
import { pubsub } from "./pubsub-engine.ts";
import pg from "pg";
import { pool } from "../encore/sqldb.ts";

interface Msg { n: number; tag: string }

const waitFor = async (cond: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error("timed out waiting for condition");
    await new Promise((r) => setTimeout(r, 20));
  }
};

// Fan-out: two subscriptions of one topic.
const fanout = new Topic<Msg>("test-fanout", { deliveryGuarantee: "at-least-once" });
const seenA: number[] = [];
const seenB: number[] = [];
const bodiesA = new Map<number, Msg>();
const _a = new Subscription(fanout, "test-fanout-a", { handler: async (m: Msg) => { seenA.push(m.n); bodiesA.set(m.n, m); } });
const _b = new Subscription(fanout, "test-fanout-b", { handler: async (m: Msg) => { seenB.push(m.n); } });

// Retries then dead letter.
const failing = new Topic<Msg>("test-failing", { deliveryGuarantee: "at-least-once" });
const attemptTimes: number[] = [];
const _f = new Subscription(failing, "test-failing-sub", {
  handler: async () => { attemptTimes.push(Date.now()); throw new Error("always fails"); },
  retryPolicy: { minBackoff: "100ms", maxBackoff: "400ms", maxRetries: 3 },
});

// Ack deadline: the first delivery outlives it.
const slow = new Topic<Msg>("test-slow", { deliveryGuarantee: "at-least-once" });
let slowDeliveries = 0;
const _s = new Subscription(slow, "test-slow-sub", {
  handler: async () => { slowDeliveries++; if (slowDeliveries === 1) await new Promise((r) => setTimeout(r, 2500)); },
  ackDeadline: "1s",
});

// Concurrency bound.
const busy = new Topic<Msg>("test-busy", { deliveryGuarantee: "at-least-once" });
let inFlight = 0;
let maxInFlight = 0;
let busyDone = 0;
const _c = new Subscription(busy, "test-busy-sub", {
  handler: async () => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    busyDone++;
  },
  maxConcurrency: 7,
});

beforeAll(async () => { await pubsub.start(); });
afterAll(async () => { await pubsub.stop(); });

describe("standalone pub/sub", () => {
  it("delivers every message to every subscription", async () => {
    await Promise.all(Array.from({ length: 50 }, (_, n) => fanout.publish({ n, tag: "f" })));
    await waitFor(() => seenA.length >= 50 && seenB.length >= 50);
    expect([...new Set(seenA)].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...new Set(seenB)].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("delivers bodies exactly as published, whatever characters they hold", async () => {
    const tricky = ['quote " and \\" escaped', "back\\slash \\u0041", "unicode ₹ 日本 😀", "new\nline\ttab", "{\"json\": [1, 2]}", ""];
    const sent = tricky.map((tag, i) => ({ n: 1000 + i, tag, nested: { list: [tag, i, null, true], deep: { tag } } }));
    await Promise.all(sent.map((m) => fanout.publish(m)));
    await waitFor(() => sent.every((m) => bodiesA.has(m.n)));
    for (const m of sent) expect(bodiesA.get(m.n)).toEqual(m);
  });

  it("delivers a message that commits below ids the worker has already claimed (another process's late publish)", async () => {
    await waitFor(() => seenA.length >= 50);
    const lowId = await pool().query(`SELECT count(*)::int AS n FROM encore_pubsub_messages WHERE id = 1`);
    expect(lowId.rows[0].n).toBe(0); // the first delivery of this file, acked long ago
    const messageId = "00000000-0000-4000-8000-000000000001";
    await pool().query(`INSERT INTO encore_pubsub_payloads (message_id, topic, payload) VALUES ($1, 'test-fanout', '{"n": 777, "tag": "late"}')`, [messageId]);
    await pool().query(`INSERT INTO encore_pubsub_messages (id, topic, subscription, message_id, expires_at) VALUES (1, 'test-fanout', 'test-fanout-a', $1, now() + interval '1 hour')`, [messageId]);
    await waitFor(() => seenA.includes(777));
  });

  it("delivers a message another process held while this worker's cursor moved past it", async () => {
    // Publish one message and, before the worker can claim it, lock its delivery
    // as another process's claim would; then publish more, which the worker
    // takes, moving its cursor past the held one; then let go (that process died).
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      pubsub.worker("test-fanout-a").pause();
      await new Promise((r) => setTimeout(r, 200)); // a claim already under way when it paused ends first
      const held = await fanout.publish({ n: 888, tag: "held" });
      await other.query("BEGIN");
      const locked = await other.query(`SELECT id FROM encore_pubsub_messages WHERE subscription = 'test-fanout-a' AND message_id = $1 FOR UPDATE`, [held]);
      expect(locked.rowCount).toBe(1);
      pubsub.worker("test-fanout-a").resume();
      await Promise.all([889, 890, 891].map((n) => fanout.publish({ n, tag: "after" })));
      await waitFor(() => [889, 890, 891].every((n) => seenA.includes(n)));
      expect(seenA).not.toContain(888);
      await other.query("ROLLBACK");
      await waitFor(() => seenA.includes(888));
    } finally {
      await other.end();
    }
  });

  it("retries a throwing handler with growing backoff, then dead-letters it", async () => {
    const id = await failing.publish({ n: 1, tag: "x" });
    await waitFor(async () => {
      const { rows } = await pool().query(`SELECT attempts, last_error FROM encore_pubsub_dead_letters WHERE message_id = $1`, [id]);
      return rows.length === 1;
    });
    expect(attemptTimes).toHaveLength(4); // 1 delivery + maxRetries 3
    const gaps = attemptTimes.slice(1).map((t, i) => t - attemptTimes[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(180);
    const { rows } = await pool().query(`SELECT attempts, last_error FROM encore_pubsub_dead_letters WHERE message_id = $1`, [id]);
    expect(rows[0]).toMatchObject({ attempts: 4, last_error: "always fails" });
    const left = await pool().query(`SELECT 1 FROM encore_pubsub_messages WHERE message_id = $1`, [id]);
    expect(left.rowCount).toBe(0);
  });

  it("redelivers a message whose handler outlives the ack deadline", async () => {
    await slow.publish({ n: 1, tag: "s" });
    await waitFor(() => slowDeliveries >= 2);
    expect(slowDeliveries).toBeGreaterThanOrEqual(2);
  });

  it("never has more than maxConcurrency messages in flight", async () => {
    await Promise.all(Array.from({ length: 200 }, (_, n) => busy.publish({ n, tag: "b" })));
    await waitFor(() => busyDone >= 200);
    expect(maxInFlight).toBeLessThanOrEqual(7);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it("delivers a message published while the workers were stopped after they restart", async () => {
    await pubsub.stop();
    const before = seenA.length;
    await fanout.publish({ n: 999, tag: "restart" });
    await new Promise((r) => setTimeout(r, 300));
    expect(seenA.length).toBe(before);
    await pubsub.start();
    await waitFor(() => seenA.includes(999) && seenB.includes(999));
  });
});
