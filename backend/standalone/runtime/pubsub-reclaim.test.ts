// Issue 13 item 10: after a crash, the deliveries the dead process had
// claimed waited for their 30 s ack deadline, so reports lagged ~28 s. Now a
// restarted instance takes back what its previous incarnation held as it
// starts, and any instance releases what an instance whose heartbeat stopped
// held; neither waits for the ack deadline (30 s here, the default).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Subscription, Topic } from "encore.dev/pubsub";
import { pubsub } from "./pubsub-engine.ts";
import { pool } from "../encore/sqldb.ts";

process.env.PUBSUB_HEARTBEAT_MS = "200";

interface Msg { tag: string }
const topic = new Topic<Msg>("test-reclaim", { deliveryGuarantee: "at-least-once" });
const seen: string[] = [];
const _sub = new Subscription(topic, "test-reclaim-sub", { handler: async (m: Msg) => { seen.push(m.tag); } });

const waitFor = async (cond: () => boolean, timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
};

/** The row a process that is now dead (or alive elsewhere) left: its instance, heartbeat `ageMs` ago. */
async function instanceRow(instanceId: string, ageMs: number): Promise<number> {
  const { rows } = await pool().query(
    `INSERT INTO encore_pubsub_instances (instance_id, heartbeat_at) VALUES ($1, now() - make_interval(secs => $2::double precision / 1000))
     ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at RETURNING seq`,
    [instanceId, ageMs],
  );
  return rows[0].seq;
}

/** A delivery as that instance's claim leaves it: attempted once, hidden for the 30 s ack deadline. */
async function heldDelivery(seq: number, tag: string) {
  const messageId = randomUUID();
  await pool().query(`INSERT INTO encore_pubsub_payloads (message_id, topic, payload) VALUES ($1, 'test-reclaim', $2)`, [messageId, JSON.stringify({ tag })]);
  await pool().query(
    `INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at, attempts, visible_at, claimed_by)
     VALUES ('test-reclaim', 'test-reclaim-sub', $1, now() + interval '1 day', 1, now() + interval '30 seconds', $2)`,
    [messageId, seq],
  );
}

beforeAll(async () => { await pubsub.start({ instanceId: "reclaim-host:/app:4000" }); });
afterAll(async () => { await pubsub.stop(); });

describe("deliveries held by a process that died", () => {
  it("are taken back at once when that instance starts again", async () => {
    await pubsub.stop();
    // The previous incarnation crashed a moment ago (fresh heartbeat) holding a delivery.
    const seq = await instanceRow("reclaim-host:/app:4000", 0);
    await heldDelivery(seq, "own-previous");
    const started = Date.now();
    await pubsub.start({ instanceId: "reclaim-host:/app:4000" });
    expect(await waitFor(() => seen.includes("own-previous"), 5_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000); // the ack deadline is 30 s
    expect(pubsub.instance.seq).toBe(seq);
  });

  it("are released by another instance once the dead one's heartbeat is 3 intervals old", async () => {
    const seq = await instanceRow("crashed-host:/app:4000", 10_000);
    await heldDelivery(seq, "other-dead");
    expect(await waitFor(() => seen.includes("other-dead"), 5_000)).toBe(true);
    const gone = await pool().query(`SELECT 1 FROM encore_pubsub_instances WHERE seq = $1`, [seq]);
    expect(gone.rowCount).toBe(0);
  });

  it("are left alone while their instance's heartbeat goes on", async () => {
    const seq = await instanceRow("live-host:/app:4000", 0);
    await heldDelivery(seq, "other-live");
    const beating = setInterval(() => void instanceRow("live-host:/app:4000", 0), 100);
    try {
      expect(await waitFor(() => seen.includes("other-live"), 1_500)).toBe(false);
    } finally {
      clearInterval(beating);
    }
    // Then it stops beating: released within a few heartbeats.
    expect(await waitFor(() => seen.includes("other-live"), 5_000)).toBe(true);
  });

  it("are not taken from a live process that has the same instance id", async () => {
    const id = "twin-host:/app:4000";
    const twin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await twin.connect();
    try {
      // The twin is alive: it holds the id's lock and beats.
      await twin.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`encore_pubsub_instance:${id}`]);
      const seq = await instanceRow(id, 0);
      await heldDelivery(seq, "twin-held");
      const beating = setInterval(() => void instanceRow(id, 0), 100);
      try {
        await pubsub.stop();
        await pubsub.start({ instanceId: id });
        expect(pubsub.instance.id).not.toBe(id);
        expect(await waitFor(() => seen.includes("twin-held"), 1_500)).toBe(false);
      } finally {
        clearInterval(beating);
      }
    } finally {
      await twin.end();
    }
  });

  it("are handed back when the instance stops cleanly, and its row goes", async () => {
    await pubsub.stop();
    await pubsub.start({ instanceId: "reclaim-host:/app:4000" });
    const seq = pubsub.instance.seq!;
    // As a handler that outlives the stop timeout leaves its delivery.
    pubsub.worker("test-reclaim-sub").pause();
    await heldDelivery(seq, "held-at-stop");
    await pubsub.stop();
    const { rows } = await pool().query(
      `SELECT claimed_by, visible_at <= now() AS visible FROM encore_pubsub_messages m JOIN encore_pubsub_payloads p USING (message_id) WHERE p.payload->>'tag' = 'held-at-stop'`,
    );
    expect(rows).toEqual([{ claimed_by: null, visible: true }]);
    expect((await pool().query(`SELECT 1 FROM encore_pubsub_instances WHERE seq = $1`, [seq])).rowCount).toBe(0);
    pubsub.worker("test-reclaim-sub").resume();
    await pubsub.start({ instanceId: "reclaim-host:/app:4000" });
    expect(await waitFor(() => seen.includes("held-at-stop"), 5_000)).toBe(true);
  });

  it("are taken back at once after a real kill -9 and restart of the process", async () => {
    const script = fileURLToPath(new URL("../testing/pubsub-child.ts", import.meta.url));
    const run = (hang: boolean): { child: ChildProcess; output: string[] } => {
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        // A heartbeat so slow that only the instance id can explain a quick redelivery.
        env: { ...process.env, INSTANCE_ID: "crash-host:/app:4000", HANG: hang ? "1" : "0", DB_POOL_MIN: "0", PUBSUB_HEARTBEAT_MS: "60000" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const output: string[] = [];
      child.stdout!.on("data", (c: Buffer) => output.push(...c.toString().split("\n").filter(Boolean)));
      return { child, output };
    };
    await pubsub.stop(); // nobody else around to release the dead process's claims by its heartbeat
    const first = run(true);
    try {
      expect(await waitFor(() => first.output.includes("ready"), 20_000)).toBe(true);
      const messageId = randomUUID();
      await pool().query(`INSERT INTO encore_pubsub_payloads (message_id, topic, payload) VALUES ($1, 'test-crash', '{"tag": "crash"}')`, [messageId]);
      await pool().query(`INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at) VALUES ('test-crash', 'test-crash-sub', $1, now() + interval '1 day')`, [messageId]);
      expect(await waitFor(() => first.output.includes("received crash"), 10_000)).toBe(true);
    } finally {
      first.child.kill("SIGKILL");
    }
    await new Promise((r) => first.child.once("exit", r));
    const second = run(false);
    try {
      expect(await waitFor(() => second.output.includes("ready"), 20_000)).toBe(true);
      const readyAt = Date.now();
      // Well inside the 30 s ack deadline the first process's claim set.
      expect(await waitFor(() => second.output.includes("received crash"), 5_000)).toBe(true);
      expect(Date.now() - readyAt).toBeLessThan(5_000);
    } finally {
      second.child.kill("SIGKILL");
      await pubsub.start({ instanceId: "reclaim-host:/app:4000" });
    }
  });
});
