// The standalone host's own figures: pub/sub processing, backlog and dead
// letters, the database pool, query and HTTP timings. They go into
// prom-client's default registry, which is where the host meets the app
// without either importing the other: the app's /metrics exposes that
// registry next to its own. Under the Encore runtime these series do not
// exist (Encore exports its own pub/sub, database and request metrics), and
// the app reports what it cannot read as unavailable.
import { Counter, Gauge, Histogram, register } from "prom-client";
import { observeQueries, poolStats, queuePoolStats } from "../encore/sqldb.ts";
import { backlog, observePubSub, pubsub } from "./pubsub-engine.ts";
import { observeHttp } from "./server.ts";

const DURATION_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
// Query names come from SQL text; past this many distinct names the rest share "other",
// so a caller building SQL dynamically cannot blow up the series count.
const MAX_QUERY_NAMES = 200;
const QUERY_NAME_CHARS = 40;

/** The series names; the app knows them as the host's published interface. */
const N = {
  pubsubProcessed: "pubsub_messages_processed_total",
  pubsubErrors: "pubsub_handler_errors_total",
  pubsubDeadLettered: "pubsub_messages_dead_lettered_total",
  pubsubDuration: "pubsub_message_duration_seconds",
  pubsubBacklog: "pubsub_backlog_messages",
  pubsubInFlight: "pubsub_in_flight_messages",
  pubsubDeadLetters: "pubsub_dead_letters",
  poolTotal: "db_pool_total_connections",
  poolIdle: "db_pool_idle_connections",
  poolWaiting: "db_pool_waiting_clients",
  poolMax: "db_pool_max_connections",
  poolUsage: "db_pool_usage_ratio",
  queuePoolTotal: "db_queue_pool_total_connections",
  queuePoolWaiting: "db_queue_pool_waiting_clients",
  queryDuration: "db_query_duration_seconds",
  httpDuration: "http_request_duration_seconds",
} as const;

let started: { stop(): Promise<void> } | null = null;

/** Idempotent: registers the observers once per process and samples every METRICS_SAMPLE_INTERVAL_MS (default 5 s). */
export function startMetricsBridge(): void {
  if (started) return;
  const r = [register];
  const processed = new Counter({ name: N.pubsubProcessed, help: "Messages a subscription handled successfully (this process)", labelNames: ["subscription", "topic"], registers: r });
  const errors = new Counter({ name: N.pubsubErrors, help: "Handler attempts that threw; the message is retried with backoff (this process)", labelNames: ["subscription", "topic"], registers: r });
  const deadLettered = new Counter({ name: N.pubsubDeadLettered, help: "Messages moved to encore_pubsub_dead_letters after maxRetries (this process)", labelNames: ["subscription", "topic"], registers: r });
  const duration = new Histogram({ name: N.pubsubDuration, help: "Handler duration per message attempt", labelNames: ["subscription"], buckets: DURATION_BUCKETS_S, registers: r });
  const backlogGauge = new Gauge({ name: N.pubsubBacklog, help: "Messages stored for a subscription and not yet acked, incl. in flight and awaiting retry (all processes)", labelNames: ["subscription"], registers: r });
  const inFlight = new Gauge({ name: N.pubsubInFlight, help: "Messages being handled by this process", labelNames: ["subscription"], registers: r });
  const deadLetters = new Gauge({ name: N.pubsubDeadLetters, help: "Rows in encore_pubsub_dead_letters per subscription (all processes)", labelNames: ["subscription"], registers: r });
  const poolTotal = new Gauge({ name: N.poolTotal, help: "Open connections in this process's pool", registers: r });
  const poolIdle = new Gauge({ name: N.poolIdle, help: "Open connections not checked out", registers: r });
  const poolWaiting = new Gauge({ name: N.poolWaiting, help: "Callers queued for a connection (pool exhausted)", registers: r });
  const poolMax = new Gauge({ name: N.poolMax, help: "Configured pool size (DB_POOL_MAX)", registers: r });
  const poolUsage = new Gauge({ name: N.poolUsage, help: "Checked-out connections / pool max (0..1)", registers: r });
  const queuePoolTotal = new Gauge({ name: N.queuePoolTotal, help: "Open connections in this process's pub/sub queue pool (DB_QUEUE_POOL_MAX)", registers: r });
  const queuePoolWaiting = new Gauge({ name: N.queuePoolWaiting, help: "Queue statements waiting for one of the queue pool's connections", registers: r });
  const queryDuration = new Histogram({ name: N.queryDuration, help: "App query duration by query name (first 40 chars of normalised SQL)", labelNames: ["query"], buckets: DURATION_BUCKETS_S, registers: r });
  const httpDuration = new Histogram({ name: N.httpDuration, help: "HTTP request duration by route pattern, method and status", labelNames: ["route", "method", "status"], buckets: DURATION_BUCKETS_S, registers: r });

  observePubSub({
    onProcessed(subscription, topic, durationMs, ok) {
      duration.observe({ subscription }, durationMs / 1000);
      (ok ? processed : errors).inc({ subscription, topic });
    },
    onDeadLetter(subscription, topic) { deadLettered.inc({ subscription, topic }); },
  });
  observeHttp((route, method, status, durationMs) => httpDuration.observe({ route, method, status: String(status) }, durationMs / 1000));
  const names = new Map<string, string>();
  observeQueries((sql, durationMs) => {
    let name = names.get(sql);
    if (name === undefined) {
      name = names.size < MAX_QUERY_NAMES ? queryName(sql) : "other";
      if (names.size < MAX_QUERY_NAMES * 4) names.set(sql, name);
    }
    queryDuration.observe({ query: name }, durationMs / 1000);
  });

  const samplePool = () => {
    const p = poolStats();
    const inUse = p.total - p.idle;
    poolTotal.set(p.total);
    poolIdle.set(p.idle);
    poolWaiting.set(p.waiting);
    poolMax.set(p.max);
    poolUsage.set(p.max > 0 ? inUse / p.max : 0);
    const q = queuePoolStats();
    queuePoolTotal.set(q.total);
    queuePoolWaiting.set(q.waiting);
  };
  const sample = async () => {
    // After pubsub.stop() the pool is about to close; a query now would reopen it.
    if (!pubsub.running) return;
    samplePool();
    for (const s of pubsub.stats()) inFlight.set({ subscription: s.subscription }, s.inFlight);
    const rows = await backlog();
    for (const b of rows) {
      backlogGauge.set({ subscription: b.subscription }, b.queued);
      deadLetters.set({ subscription: b.subscription }, b.deadLetters);
    }
  };
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = sample().catch((err) => {
      process.stderr.write(JSON.stringify({ level: "warn", time: new Date().toISOString(), message: "metrics sample failed", error: (err as Error).message }) + "\n");
    });
  };
  const intervalMs = Number(process.env.METRICS_SAMPLE_INTERVAL_MS ?? 5000);
  const timer = setInterval(tick, intervalMs > 0 ? intervalMs : 5000);
  timer.unref();
  tick();
  // The timer stays (unref'd, idle while pub/sub is stopped) so a host started
  // again in the same process keeps sampling; stopping only waits out a sample
  // in progress so the pool can close.
  started = { stop: () => running };
}

/** Waits out a sample in progress, so the pool can close under it. */
export function stopMetricsBridge(): Promise<void> {
  return started?.stop() ?? Promise.resolve();
}

/** A bounded, literal-free label for a statement: whitespace collapsed, quoted strings and numbers replaced. */
export function queryName(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, " ")
    .replace(/'(?:[^']|'')*'/g, "?")
    .replace(/(?<![$\w])\d+(?:\.\d+)?\b/g, "?")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, QUERY_NAME_CHARS)
    .trim();
}
