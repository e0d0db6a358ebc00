// Durable pub/sub on PostgreSQL with Encore's semantics: every subscription
// gets every message (fan-out at publish), at-least-once delivery, at most
// `maxConcurrency` messages in flight per subscription in this process, a
// message not acked within `ackDeadline` becomes visible again, a throwing
// handler is retried with exponential backoff and dead-lettered after
// `maxRetries`. Claims use FOR UPDATE SKIP LOCKED so several processes can
// share a subscription; LISTEN/NOTIFY wakes idle workers, polling covers
// missed notifications and retries coming due.
//
// Each process is an instance with an id that survives its restarts (see
// InstanceIdentity) and a heartbeat row; a claim records which instance holds
// the delivery. A restarted instance takes back at once what its previous
// incarnation held, and any instance releases what one whose heartbeat
// stopped held, so a crash delays its messages by seconds, not the ack
// deadline.
//
// Throughput comes from batching that adds no latency when idle: concurrent
// publishes coalesce into one INSERT, acks into one DELETE, and a claim takes
// as many messages as there are free slots.
import pg from "pg";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { v7 as uuidv7 } from "uuid";
import { queuePool } from "../encore/sqldb.ts";
import { requestContext } from "./context.ts";
import { parseDuration } from "./duration.ts";
import { PUBSUB_SCHEMA_SQL } from "./pubsub-schema.ts";

export interface SubscriptionOptions {
  handler: (msg: any) => Promise<unknown>;
  maxConcurrency?: number;
  ackDeadline?: string;
  messageRetention?: string;
  retryPolicy?: { minBackoff?: string; maxBackoff?: string; maxRetries?: number };
}

export interface SubscriptionStats {
  topic: string;
  subscription: string;
  inFlight: number;
  processed: number;
  failed: number;
  deadLettered: number;
  paused: boolean;
}

const NOTIFY_CHANNEL = "encore_pubsub";
const IDLE_POLL_MS = 500;
const FULL_SCAN_MS = 1000;
const PUBLISH_BATCH_MAX = 2000;
const ACK_BATCH_MAX = 5000;
const PAYLOAD_SWEEP_MS = 2000;
// Retention is days; finding expired deliveries reads the whole queue table, so not every sweep does it.
const EXPIRY_SWEEP_MS = 60_000;
/** How often an instance proves it is alive; one silent for HEARTBEATS_MISSED of them is taken for dead. */
const heartbeatMs = () => Number(process.env.PUBSUB_HEARTBEAT_MS ?? 5000);
const HEARTBEATS_MISSED = 3;

type Observer = {
  onProcessed?(subscription: string, topic: string, durationMs: number, ok: boolean): void;
  onDeadLetter?(subscription: string, topic: string): void;
};
let observer: Observer = {};
/** Lets the metrics module watch message processing without the engine knowing about prom-client. */
export function observePubSub(o: Observer) { observer = o; }

interface PendingPublish { topic: string; messageId: string; payload: unknown; resolve: (id: string) => void; reject: (e: unknown) => void }

class Publisher {
  private pending: PendingPublish[] = [];
  private flushing = false;

  /**
   * Resolves once the engine has created its tables and recorded every
   * subscription: a publish before that would fan out to no one, so it
   * waits (background loops may publish while services are still loading).
   */
  constructor(private readonly ready: Promise<void>) {}

  publish(topic: string, payload: unknown): Promise<string> {
    return new Promise((resolve, reject) => {
      this.pending.push({ topic, messageId: uuidv7(), payload, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    try {
      await this.ready;
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, PUBLISH_BATCH_MAX);
        const byTopic = new Map<string, PendingPublish[]>();
        for (const p of batch) {
          const items = byTopic.get(p.topic);
          if (items) items.push(p);
          else byTopic.set(p.topic, [p]);
        }
        await Promise.all([...byTopic].map(([topic, items]) => this.insert(topic, items)));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insert(topic: string, items: PendingPublish[]) {
    try {
      // One statement: fan out to every registered subscription and notify
      // listeners; the notification is delivered when the insert commits.
      await queuePool().query({
        name: "encore_pubsub_publish",
        text: `WITH m AS (
           SELECT * FROM ROWS FROM (unnest($2::uuid[]), json_array_elements($3::json)) WITH ORDINALITY AS t(message_id, payload, ord)
         ), body AS (
           INSERT INTO encore_pubsub_payloads (message_id, topic, payload) SELECT message_id, $1, payload FROM m
         ), ins AS (
           INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at)
           SELECT s.topic, s.subscription, m.message_id, now() + s.retention
           FROM m CROSS JOIN encore_pubsub_subscriptions s
           WHERE s.topic = $1
           ORDER BY m.ord, s.subscription
           RETURNING 1
         )
         SELECT pg_notify('${NOTIFY_CHANNEL}', $1) FROM (SELECT count(*) FROM ins) c`,
        // One JSON array, not a jsonb[]: pg would escape every quote of every element.
        values: [topic, items.map((i) => i.messageId), JSON.stringify(items.map((i) => i.payload))],
      });
      for (const i of items) i.resolve(i.messageId);
    } catch (err) {
      for (const i of items) i.reject(err);
    }
  }
}

/**
 * Claims up to $2 visible deliveries of subscription $1 with id > $4 for
 * instance $5 and hides them for $3 ms. Exported for the test that keeps its
 * plan on the key.
 */
export const CLAIM_SQL = `WITH claimed AS (
         UPDATE encore_pubsub_messages m
            SET attempts = m.attempts + 1, visible_at = now() + make_interval(secs => $3::double precision / 1000), claimed_by = $5
          WHERE m.subscription = $1
            -- = ANY(ARRAY(…)), not a join: with a join the generic plan of this
            -- prepared statement hash-joined a sequential scan of the whole
            -- queue table (200 ms a claim with a backlog elsewhere).
            AND m.id = ANY(ARRAY(SELECT id FROM encore_pubsub_messages
                                  WHERE subscription = $1 AND id > $4 AND visible_at <= now()
                                  ORDER BY id
                                  LIMIT $2
                                  FOR UPDATE SKIP LOCKED))
        RETURNING m.id, m.message_id, m.attempts
       )
       -- Each body looked up by its key, not joined: with the queue's statistics
       -- taken when it was nearly empty, the join's plan walked the whole
       -- payload index once per claimed row (bench:write at 200 connections,
       -- auto_explain: 52,492 rows filtered, 45-56 ms a claim, 48 ms mean).
       SELECT c.id, c.message_id, c.attempts, (SELECT p.payload FROM encore_pubsub_payloads p WHERE p.message_id = c.message_id) AS payload
         FROM claimed c`;

export const ACK_SQL = `DELETE FROM encore_pubsub_messages WHERE subscription = $1 AND id = ANY($2::bigint[])`;

interface Claimed { id: number; message_id: string; payload: unknown; attempts: number }

/** This process as an instance: its id, and its seq in encore_pubsub_instances once registered (what claims record). */
interface InstanceIdentity { id: string; seq: number | null }

class SubscriptionWorker {
  readonly maxConcurrency: number;
  readonly ackDeadlineMs: number;
  readonly retentionMs: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxRetries: number;

  private running = false;
  private paused = false;
  private inFlight = 0;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private idleWaiters: (() => void)[] = [];
  private acks: number[] = [];
  /** Highest delivery id this worker has claimed, and when a claim last scanned from the start. */
  private cursor = 0;
  private lastFullScan = 0;
  /** When this worker's earliest pending retry comes due: a full scan then, not at the next periodic one. */
  private retryDueAt = Infinity;
  private ackFlush: Promise<void> | null = null;
  readonly stats: SubscriptionStats;

  constructor(readonly topic: string, readonly name: string, private readonly opts: SubscriptionOptions, private readonly instance: InstanceIdentity) {
    this.maxConcurrency = opts.maxConcurrency ?? 100;
    this.ackDeadlineMs = parseDuration(opts.ackDeadline ?? "30s");
    this.retentionMs = parseDuration(opts.messageRetention ?? "7d");
    this.minBackoffMs = parseDuration(opts.retryPolicy?.minBackoff ?? "10s");
    this.maxBackoffMs = parseDuration(opts.retryPolicy?.maxBackoff ?? "10m");
    this.maxRetries = opts.retryPolicy?.maxRetries ?? 100;
    if (!Number.isInteger(this.maxConcurrency) || this.maxConcurrency < 1) {
      throw new Error(`subscription ${name}: maxConcurrency must be a positive integer`);
    }
    this.stats = { topic, subscription: name, inFlight: 0, processed: 0, failed: 0, deadLettered: 0, paused: false };
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  private signalled = false;
  notify() {
    if (this.wake) this.wake();
    else this.signalled = true;
  }

  private sleep(): Promise<void> {
    if (this.signalled || !this.running) { this.signalled = false; return Promise.resolve(); }
    return new Promise<void>((resolve) => {
      const done = () => { clearTimeout(t); this.wake = null; this.signalled = false; resolve(); };
      const t = setTimeout(done, IDLE_POLL_MS);
      t.unref();
      this.wake = done;
    });
  }

  /** Deliveries below the cursor were released (a dead instance's): the next claim scans from the start. */
  rescan() { this.lastFullScan = 0; this.notify(); }

  pause() { this.paused = true; this.stats.paused = true; }
  resume() { this.paused = false; this.stats.paused = false; this.notify(); }

  /** Stops claiming, waits (bounded) for in-flight handlers, flushes acks. */
  async stop(timeoutMs: number) {
    this.running = false;
    this.notify();
    await this.loopDone;
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((r) => this.idleWaiters.push(r)),
        new Promise<void>((r) => setTimeout(r, timeoutMs).unref()),
      ]);
    }
    await this.flushAcks();
  }

  private async loop() {
    while (this.running) {
      const capacity = this.maxConcurrency - this.inFlight;
      let claimed: Claimed[] = [];
      if (!this.paused && capacity > 0) {
        try {
          claimed = await this.claim(capacity);
        } catch (err) {
          logWarn("pubsub claim failed", { subscription: this.name, error: (err as Error).message });
        }
      }
      for (const m of claimed) this.dispatch(m);
      // A full claim means more may be waiting: go again at once. Otherwise
      // sleep until a publish notification, a freed slot, or the poll tick.
      if (claimed.length > 0 && this.inFlight < this.maxConcurrency) continue;
      await this.sleep();
    }
  }

  /**
   * Claims start after the highest id this worker has claimed: the deliveries
   * before it are nearly all acked, and their index entries stay until vacuum
   * (autovacuum visits a database once a minute), so a scan from the start
   * walks more of them with every message processed. About once a second a
   * claim scans from the start instead, for what the cursor passes over:
   * retries and expired ack deadlines coming due, a crashed process's claims,
   * and another process's publish that committed after a higher id.
   */
  private async claim(limit: number): Promise<Claimed[]> {
    const now = Date.now();
    const full = now - this.lastFullScan >= FULL_SCAN_MS || now >= this.retryDueAt;
    if (full) { this.lastFullScan = now; this.retryDueAt = Infinity; }
    const { rows } = await queuePool().query<Claimed>({
      name: "encore_pubsub_claim",
      text: CLAIM_SQL,
      values: [this.name, limit, this.ackDeadlineMs, full ? 0 : this.cursor, this.instance.seq],
    });
    for (const r of rows) if (r.id > this.cursor) this.cursor = r.id;
    return rows.sort((a, b) => a.id - b.id);
  }

  private dispatch(m: Claimed) {
    this.inFlight++;
    this.stats.inFlight = this.inFlight;
    const started = performance.now();
    const ctx = { type: "pubsub-message" as const, subscription: this.name };
    requestContext
      .run(ctx, () => this.opts.handler(m.payload))
      .then(
        () => {
          this.stats.processed++;
          observer.onProcessed?.(this.name, this.topic, performance.now() - started, true);
          this.ack(m.id);
        },
        (err) => {
          this.stats.failed++;
          observer.onProcessed?.(this.name, this.topic, performance.now() - started, false);
          return this.nack(m, err);
        },
      )
      .catch((err) => logWarn("pubsub ack/nack failed; the message will be redelivered", { subscription: this.name, error: (err as Error).message }))
      .finally(() => {
        this.inFlight--;
        this.stats.inFlight = this.inFlight;
        if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
        this.notify();
      });
  }

  private ack(id: number) {
    this.acks.push(id);
    if (!this.ackFlush) this.ackFlush = this.flushAcks().finally(() => { this.ackFlush = null; });
  }

  private async flushAcks() {
    while (this.acks.length > 0) {
      const ids = this.acks.splice(0, ACK_BATCH_MAX);
      try {
        await queuePool().query({ name: "encore_pubsub_ack", text: ACK_SQL, values: [this.name, ids] });
      } catch (err) {
        // Unacked messages come back after ackDeadline: at-least-once holds.
        logWarn("pubsub ack batch failed", { subscription: this.name, count: ids.length, error: (err as Error).message });
      }
    }
  }

  private async nack(m: Claimed, err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    if (m.attempts > this.maxRetries) {
      this.stats.deadLettered++;
      observer.onDeadLetter?.(this.name, this.topic);
      logWarn("pubsub message dead-lettered", { subscription: this.name, messageId: m.message_id, attempts: m.attempts, error: message });
      await queuePool().query(
        `WITH d AS (DELETE FROM encore_pubsub_messages WHERE subscription = $3 AND id = $1 RETURNING *)
         INSERT INTO encore_pubsub_dead_letters (id, topic, subscription, message_id, payload, attempts, last_error, published_at)
         SELECT d.id, d.topic, d.subscription, d.message_id, p.payload, d.attempts, $2, d.published_at
           FROM d JOIN encore_pubsub_payloads p USING (message_id)
         ON CONFLICT (id) DO NOTHING`,
        [m.id, message, this.name],
      );
      return;
    }
    const backoffMs = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** (m.attempts - 1));
    logWarn("pubsub handler failed; retrying", { subscription: this.name, messageId: m.message_id, attempt: m.attempts, backoffMs, error: message });
    await queuePool().query(
      `UPDATE encore_pubsub_messages SET visible_at = now() + make_interval(secs => $2::double precision / 1000), last_error = $3, claimed_by = NULL
        WHERE subscription = $4 AND id = $1`,
      [m.id, backoffMs, message, this.name],
    );
    this.retryDueAt = Math.min(this.retryDueAt, Date.now() + backoffMs);
    setTimeout(() => this.notify(), backoffMs).unref();
  }
}

function logWarn(message: string, fields: Record<string, unknown>) {
  process.stderr.write(JSON.stringify({ level: "warn", time: new Date().toISOString(), message, ...fields }) + "\n");
}

function logInfo(message: string, fields: Record<string, unknown>) {
  process.stdout.write(JSON.stringify({ level: "info", time: new Date().toISOString(), message, ...fields }) + "\n");
}

class Engine {
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => { this.markReady = resolve; });
  readonly publisher = new Publisher(this.ready);
  readonly workers = new Map<string, SubscriptionWorker>();
  private listener: pg.Client | null = null;
  private started = false;
  readonly instance: InstanceIdentity = { id: "", seq: null };
  private heartbeat: NodeJS.Timeout | null = null;
  private beating = false;

  register(topic: string, name: string, opts: SubscriptionOptions) {
    if (this.workers.has(name)) throw new Error(`encore: subscription "${name}" declared twice`);
    const w = new SubscriptionWorker(topic, name, opts, this.instance);
    this.workers.set(name, w);
    if (this.started) void this.registerRow(w).then(() => w.start());
  }

  /**
   * Creates the host tables, records every subscription (so publishes fan out
   * to it), registers this instance and takes back what its previous
   * incarnation held, starts workers and the heartbeat.
   *
   * `instanceId` names this process across restarts (the host derives one
   * from host name, app directory and port, or takes INSTANCE_ID); without
   * one the instance is new each time and only the heartbeat of others
   * recovers what it held after a crash.
   */
  async start(opts: { instanceId?: string } = {}) {
    if (this.started) return;
    // One connection for the lock and the DDL: concurrent starters wait, then find the tables there.
    const c = await queuePool().connect();
    try {
      await c.query("BEGIN");
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('encore_pubsub_schema'))`);
      await c.query(PUBSUB_SCHEMA_SQL);
      await c.query("COMMIT");
    } catch (err) {
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      c.release();
    }
    for (const w of this.workers.values()) await this.registerRow(w);
    this.markReady();
    const wanted = opts.instanceId || `${hostname()}:pid-${process.pid}:${randomUUID().slice(0, 8)}`;
    this.instance.id = wanted;
    if (!(await this.listen())) {
      // A live process holds this id (two processes configured alike): taking
      // back "its" deliveries would take that process's. Run under an id of our own.
      this.instance.id = `${wanted}#${randomUUID().slice(0, 8)}`;
      logWarn("pubsub instance id is in use by a live process; running under a new one", { wanted, instanceId: this.instance.id });
      await this.lockIdentity(this.listener!);
    }
    await this.registerInstance();
    await this.reclaimOwn();
    this.started = true;
    for (const w of this.workers.values()) w.start();
    this.heartbeat = setInterval(() => void this.beat(), heartbeatMs());
    this.heartbeat.unref();
    void this.beat(); // instances that died while none was running are released now, not a heartbeat from now
    // Retention: a message nobody acked within messageRetention is dropped, as
    // in Encore; a body is dropped once no delivery of it is left.
    this.sweeper = setInterval(() => void this.sweep(), PAYLOAD_SWEEP_MS);
    this.sweeper.unref();
  }
  private sweeper: NodeJS.Timeout | null = null;
  private lastExpirySweep = 0;

  async sweep(): Promise<void> {
    try {
      if (Date.now() - this.lastExpirySweep >= EXPIRY_SWEEP_MS) {
        this.lastExpirySweep = Date.now();
        await queuePool().query(`DELETE FROM encore_pubsub_messages WHERE expires_at < now()`);
      }
      // Bodies older than a few seconds (so a publish in progress is never raced) with no delivery left.
      await queuePool().query(
        `DELETE FROM encore_pubsub_payloads p
          WHERE p.published_at < now() - interval '5 seconds'
            AND NOT EXISTS (SELECT 1 FROM encore_pubsub_messages m WHERE m.message_id = p.message_id)`,
      );
    } catch (err) {
      logWarn("pubsub sweep failed", { error: (err as Error).message });
    }
  }

  private async registerRow(w: SubscriptionWorker) {
    await queuePool().query(
      `INSERT INTO encore_pubsub_subscriptions (topic, subscription, retention)
       VALUES ($1, $2, make_interval(secs => $3::double precision / 1000))
       ON CONFLICT (topic, subscription) DO UPDATE SET retention = EXCLUDED.retention`,
      [w.topic, w.name, w.retentionMs],
    );
  }

  /**
   * The listener connection also holds a session advisory lock on this
   * instance's id for the life of the process: a second live process with the
   * same id cannot take it, and a dead one's is gone with its connection.
   * Resolves whether the lock was taken.
   */
  private async listen(): Promise<boolean> {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on("error", (err) => {
      logWarn("pubsub listener lost its connection; polling until it reconnects", { error: err.message });
      this.listener = null;
      setTimeout(() => {
        if (!this.started) return;
        void this.listen()
          .then((locked) => { if (!locked) logWarn("pubsub instance id was taken by another process while reconnecting", { instanceId: this.instance.id }); })
          .catch(() => {});
      }, 1000).unref();
    });
    client.on("notification", (n) => {
      for (const w of this.workers.values()) if (w.topic === n.payload) w.notify();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    this.listener = client;
    return this.lockIdentity(client);
  }

  private async lockIdentity(client: pg.Client): Promise<boolean> {
    const { rows } = await client.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [`encore_pubsub_instance:${this.instance.id}`]);
    return rows[0].locked === true;
  }

  /** This instance's row (the same seq as its previous incarnation's, if it had one), heartbeat now. */
  private async registerInstance() {
    const { rows } = await queuePool().query<{ seq: number }>(
      `INSERT INTO encore_pubsub_instances (instance_id) VALUES ($1)
       ON CONFLICT (instance_id) DO UPDATE SET started_at = now(), heartbeat_at = now()
       RETURNING seq`,
      [this.instance.id],
    );
    this.instance.seq = rows[0].seq;
  }

  /** What this instance's previous incarnation held when it died is visible again now, not at its ack deadline. */
  private async reclaimOwn() {
    const r = await queuePool().query(
      `UPDATE encore_pubsub_messages SET visible_at = now(), claimed_by = NULL WHERE claimed_by = $1`,
      [this.instance.seq],
    );
    if (r.rowCount) logInfo("pubsub took back the deliveries its previous incarnation held", { instanceId: this.instance.id, deliveries: r.rowCount });
  }

  /** Refreshes this instance's heartbeat, then releases the deliveries of instances whose heartbeat stopped. */
  async beat(): Promise<void> {
    if (this.beating || this.instance.seq === null) return;
    this.beating = true;
    try {
      const r = await queuePool().query(`UPDATE encore_pubsub_instances SET heartbeat_at = now() WHERE seq = $1`, [this.instance.seq]);
      // Another instance took this one for dead (it was silent too long) and released what it held: register again.
      if (r.rowCount === 0) await this.registerInstance();
      await this.releaseDead();
    } catch (err) {
      logWarn("pubsub heartbeat failed", { error: (err as Error).message });
    } finally {
      this.beating = false;
    }
  }

  private async releaseDead() {
    const staleMs = heartbeatMs() * HEARTBEATS_MISSED;
    const c = await queuePool().connect();
    let failed: Error | undefined;
    try {
      await c.query("BEGIN");
      // Whoever deletes a dead instance's row releases its deliveries, in the same transaction: once, by one instance.
      const dead = await c.query<{ seq: number; instance_id: string }>(
        `DELETE FROM encore_pubsub_instances
          WHERE heartbeat_at < now() - make_interval(secs => $1::double precision / 1000) AND seq <> $2
          RETURNING seq, instance_id`,
        [staleMs, this.instance.seq],
      );
      if (dead.rowCount) {
        const released = await c.query(
          `UPDATE encore_pubsub_messages SET visible_at = now(), claimed_by = NULL WHERE claimed_by = ANY($1::int[])`,
          [dead.rows.map((d) => d.seq)],
        );
        logInfo("pubsub released the deliveries of instances whose heartbeat stopped", { instances: dead.rows.map((d) => d.instance_id), deliveries: released.rowCount });
      }
      await c.query("COMMIT");
      if (dead.rowCount) for (const w of this.workers.values()) w.rescan();
    } catch (err) {
      failed = err as Error;
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      c.release(failed);
    }
  }

  async stop(timeoutMs = 10_000) {
    if (!this.started) return;
    this.started = false;
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await Promise.all([...this.workers.values()].map((w) => w.stop(timeoutMs)));
    // Gone for good: what a handler still holds (it outlived the timeout) is
    // released for another instance, and the row goes with this instance.
    const seq = this.instance.seq;
    this.instance.seq = null;
    await queuePool().query(
      `WITH released AS (UPDATE encore_pubsub_messages SET visible_at = now(), claimed_by = NULL WHERE claimed_by = $1)
       DELETE FROM encore_pubsub_instances WHERE seq = $1`,
      [seq],
    ).catch((err) => logWarn("pubsub could not release this instance's deliveries; they return at their ack deadline", { error: (err as Error).message }));
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
  }

  get running() { return this.started; }

  stats(): SubscriptionStats[] { return [...this.workers.values()].map((w) => ({ ...w.stats })); }

  worker(name: string): SubscriptionWorker {
    const w = this.workers.get(name);
    if (!w) throw new Error(`unknown subscription "${name}"`);
    return w;
  }
}

export const pubsub = new Engine();

/** Queued (visible or waiting for retry) and dead-lettered counts per subscription, from the database. */
export async function backlog(): Promise<{ subscription: string; queued: number; deadLetters: number }[]> {
  const { rows } = await queuePool().query(
    `SELECT s.subscription,
            (SELECT count(*) FROM encore_pubsub_messages m WHERE m.subscription = s.subscription)::int AS queued,
            (SELECT count(*) FROM encore_pubsub_dead_letters d WHERE d.subscription = s.subscription)::int AS "deadLetters"
       FROM encore_pubsub_subscriptions s ORDER BY s.subscription`,
  );
  return rows;
}
