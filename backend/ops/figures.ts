// Reads the metrics registry into plain figures: what the alert rules and the
// status summary work from. The pipeline's progress and request timings are
// the app's own (any host); host-published series (pub/sub per subscription,
// the pool) may be absent — the Encore runtime exports those itself — and
// then read as null.
import { APP_METRICS as A, HOST_METRICS as H, findMetric } from "../shared/metrics.ts";
import { breakerStates, type BreakerState } from "../shared/circuit-breakers.ts";

export interface SubscriptionFigures {
  subscription: string;
  processed: number;
  errors: number;
  deadLettered: number;
  backlog: number | null;
  inFlight: number | null;
  deadLetters: number | null;
}

/** Cumulative bucket counts of a latency histogram, summed over its series: [upper bound in s, count]. */
export type Buckets = [number, number][];

export interface Snapshot {
  at: number;
  pubsub: SubscriptionFigures[] | null;
  pool: { total: number; idle: number; waiting: number; max: number; usage: number } | null;
  cache: { hits: number; misses: number; entries: number; invalidations: number; invalidationQueueDepth: number };
  corrections: { batches: number; applied: number; errors: number; queueDepth: number };
  /** From the database, all instances: committed-not-published (outbox) and published-not-folded (unfolded) finance events. */
  outbox: { pending: number; oldestAgeSeconds: number; unfolded: number; secondsSinceLastFold: number | null };
  locks: { waiting: number; maxWaitSeconds: number };
  http: { requests: number; buckets: Buckets } | null;
  /** This process's circuit breakers (the reports cache's Redis, ...). */
  breakers: BreakerState[];
}

interface Value { value: number; labels: Record<string, string | number | undefined>; metricName?: string }

async function values(name: string): Promise<Value[] | null> {
  const m = findMetric(name);
  if (!m) return null;
  return (await m.get()).values as Value[];
}

const sum = (vs: Value[] | null, pick: (v: Value) => boolean = () => true) =>
  (vs ?? []).filter(pick).reduce((n, v) => n + v.value, 0);

async function single(name: string): Promise<number | null> {
  const vs = await values(name);
  return vs && vs.length > 0 ? vs[0].value : null;
}

function bySubscription(vs: Value[] | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of vs ?? []) {
    const s = String(v.labels.subscription ?? "");
    out.set(s, (out.get(s) ?? 0) + v.value);
  }
  return out;
}

function histogramBuckets(vs: Value[] | null): { requests: number; buckets: Buckets } | null {
  if (!vs) return null;
  const byLe = new Map<number, number>();
  for (const v of vs) {
    if (!v.metricName?.endsWith("_bucket")) continue;
    const le = v.labels.le === "+Inf" ? Infinity : Number(v.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + v.value);
  }
  const buckets = [...byLe].sort((a, b) => a[0] - b[0]);
  return { requests: buckets.length > 0 ? buckets[buckets.length - 1][1] : 0, buckets };
}

export async function snapshot(now = Date.now()): Promise<Snapshot> {
  const [processed, errors, deadLettered, backlog, inFlight, deadLetters] = await Promise.all(
    [H.pubsubProcessed, H.pubsubErrors, H.pubsubDeadLettered, H.pubsubBacklog, H.pubsubInFlight, H.pubsubDeadLetters].map(values));
  let pubsub: SubscriptionFigures[] | null = null;
  if (processed || backlog) {
    const p = bySubscription(processed), e = bySubscription(errors), d = bySubscription(deadLettered);
    const b = bySubscription(backlog), f = bySubscription(inFlight), dl = bySubscription(deadLetters);
    const names = new Set([...p.keys(), ...b.keys(), ...f.keys()]);
    pubsub = [...names].sort().map((subscription) => ({
      subscription,
      processed: p.get(subscription) ?? 0,
      errors: e.get(subscription) ?? 0,
      deadLettered: d.get(subscription) ?? 0,
      backlog: b.get(subscription) ?? null,
      inFlight: f.get(subscription) ?? null,
      deadLetters: dl.get(subscription) ?? null,
    }));
  }

  const [total, idle, waiting, max, usage] = await Promise.all([H.poolTotal, H.poolIdle, H.poolWaiting, H.poolMax, H.poolUsage].map(single));
  const pool = total === null || max === null ? null : { total, idle: idle ?? 0, waiting: waiting ?? 0, max, usage: usage ?? 0 };

  const cacheRequests = await values(A.cacheRequests);
  const batchSize = await values(A.correctionBatchSize);
  return {
    at: now,
    pubsub,
    pool,
    cache: {
      hits: sum(cacheRequests, (v) => v.labels.result === "hit"),
      misses: sum(cacheRequests, (v) => v.labels.result === "miss"),
      entries: (await single(A.cacheEntries)) ?? 0,
      invalidations: (await single(A.cacheInvalidations)) ?? 0,
      invalidationQueueDepth: (await single(A.invalidationQueueDepth)) ?? 0,
    },
    corrections: {
      batches: sum(batchSize, (v) => v.metricName === `${A.correctionBatchSize}_count`),
      applied: (await single(A.correctionsApplied)) ?? 0,
      errors: (await single(A.correctionErrors)) ?? 0,
      queueDepth: (await single(A.correctionQueueDepth)) ?? 0,
    },
    outbox: {
      pending: (await single(A.outboxPending)) ?? 0,
      oldestAgeSeconds: (await single(A.outboxOldestAge)) ?? 0,
      unfolded: (await single(A.unfolded)) ?? 0,
      secondsSinceLastFold: await single(A.sinceLastFold),
    },
    locks: { waiting: (await single(A.lockWaits)) ?? 0, maxWaitSeconds: (await single(A.lockWaitMax)) ?? 0 },
    http: histogramBuckets(await values(A.requestDuration)),
    breakers: breakerStates(),
  };
}

/** The snapshot to diff against for a window: the oldest one inside it, else the oldest kept. */
export function baseline(history: Snapshot[], now: number, windowMs: number): Snapshot | null {
  for (const s of history) if (s.at >= now - windowMs) return s;
  return history[history.length - 1] ?? null;
}

/** Quantile (0..1) of the observations between two cumulative bucket sets, interpolated as Prometheus' histogram_quantile does; null without observations. */
export function quantile(q: number, now: Buckets, before: Buckets | null): number | null {
  const prev = new Map(before ?? []);
  const diff = now.map(([le, c]) => [le, c - (prev.get(le) ?? 0)] as [number, number]);
  const total = diff.length > 0 ? diff[diff.length - 1][1] : 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerLe = 0, lowerCount = 0;
  for (const [le, count] of diff) {
    if (count >= rank) {
      if (le === Infinity) return lowerLe; // beyond the largest bucket: its bound is the best we know
      return lowerLe + (le - lowerLe) * ((rank - lowerCount) / Math.max(count - lowerCount, 1e-9));
    }
    lowerLe = le;
    lowerCount = count;
  }
  return lowerLe;
}
