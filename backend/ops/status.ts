// The operator's summary behind GET /ops/status: alert states plus the
// process- and cluster-wide figures they are computed from. Infrastructure
// only — subscription names, counts and timings; never an organisation's
// ids, names or amounts.
import { cacheHitRate, httpP95Ms, thresholds, type AlertState } from "./alerts.ts";
import { baseline, snapshot, type Snapshot } from "./figures.ts";
import { monitor } from "./monitor.ts";
import type { BreakerState } from "../shared/circuit-breakers.ts";
import { attention, type AttentionItem } from "./attention.ts";
import { listInstances, type InstanceRow } from "./instances.ts";
import { instanceId } from "../shared/instance-heartbeat.ts";

const THROUGHPUT_WINDOW_MS = 60_000;

export interface SubscriptionStatus {
  subscription: string;
  /** Messages handled successfully by this process since it started. */
  processed: number;
  /** Handler attempts that threw (each is retried) in this process. */
  errors: number;
  /** Messages waiting for the subscription across all processes, incl. in flight; null if not exported. */
  backlog: number | null;
  inFlight: number | null;
  /** Rows in the dead-letter table for this subscription. */
  deadLetters: number | null;
  /** Processed messages per second over the last minute; null until there is a baseline. */
  throughputPerSecond: number | null;
}

export interface OpsStatus {
  checkedAt: string;
  alerts: AlertState[];
  /** available=false: this host does not export pub/sub figures (under Encore, see Encore's metrics). */
  pubsub: { available: boolean; subscriptions: SubscriptionStatus[] };
  cache: { hits: number; misses: number; hitRate: number | null; windowSeconds: number; entries: number; invalidations: number; invalidationQueueDepth: number };
  pool: { total: number; idle: number; waiting: number; max: number; usage: number } | null;
  corrections: { batches: number; applied: number; errors: number; queueDepth: number };
  /** Finance events committed but not published (pending), published but not folded (unfolded); from the database, all instances. */
  outbox: { pending: number; oldestAgeSeconds: number; unfolded: number; secondsSinceLastFold: number | null };
  database: { lockWaits: number; maxLockWaitSeconds: number };
  http: { available: boolean; requests: number | null; p95Ms: number | null; windowSeconds: number };
  /** This process's circuit breakers: closed, open (calls skip the dependency and fall back), half-open or isolated. */
  breakers: BreakerState[];
  /** What an operator acts on, in plain words with units, a one-line what-to-do and the runbook section. */
  attention: AttentionItem[];
  /** The process that answered (everything above but outbox and database is its own, as /metrics is). */
  instanceId: string;
  /** Every process of the app that reported in the last hour, with the services it hosts; a live one is seconds behind. */
  instances: InstanceRow[];
}

export async function opsStatus(): Promise<OpsStatus> {
  const t = thresholds();
  const history = monitor.snapshots();
  const [now, todo, instances] = await Promise.all([snapshot(), attention(), listInstances()]);
  const minuteAgo = baseline(history, now.at, THROUGHPUT_WINDOW_MS);
  const cache = cacheHitRate(now, history, t.cacheWindowMs, 1);
  return {
    checkedAt: new Date(now.at).toISOString(),
    alerts: monitor.alerts(),
    pubsub: {
      available: now.pubsub !== null,
      subscriptions: (now.pubsub ?? []).map((s) => ({
        subscription: s.subscription,
        processed: s.processed,
        errors: s.errors,
        backlog: s.backlog,
        inFlight: s.inFlight,
        deadLetters: s.deadLetters,
        throughputPerSecond: throughput(now, minuteAgo, s.subscription),
      })),
    },
    cache: { ...now.cache, hitRate: cache.rate, windowSeconds: t.cacheWindowMs / 1000 },
    pool: now.pool,
    corrections: now.corrections,
    outbox: now.outbox,
    database: { lockWaits: now.locks.waiting, maxLockWaitSeconds: now.locks.maxWaitSeconds },
    http: {
      available: now.http !== null,
      requests: now.http?.requests ?? null,
      p95Ms: httpP95Ms(now, history, t.httpWindowMs, 1),
      windowSeconds: t.httpWindowMs / 1000,
    },
    breakers: now.breakers,
    attention: todo,
    instanceId,
    instances,
  };
}

function throughput(now: Snapshot, base: Snapshot | null, subscription: string): number | null {
  if (!base) return null;
  const seconds = (now.at - base.at) / 1000;
  if (seconds < 1) return null;
  const before = base.pubsub?.find((s) => s.subscription === subscription)?.processed ?? 0;
  const after = now.pubsub?.find((s) => s.subscription === subscription)?.processed ?? 0;
  return Math.round(((after - before) / seconds) * 100) / 100;
}
