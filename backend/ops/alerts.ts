// Alert rules over the metric figures, with these thresholds as defaults
// (pub/sub backlog > 1000, pool usage > 80 %, cache hit rate < 70 %,
// response time > 2 s) plus dead letters > 0. Every threshold is an
// environment variable so an operator (or a test) can tune it without a build.
import { baseline, quantile, type Snapshot } from "./figures.ts";
import type { BreakerState } from "../shared/circuit-breakers.ts";
import { envNumber } from "../shared/env.ts";

export type AlertName = "pubsub_backlog" | "db_pool_usage" | "cache_hit_rate" | "http_p95_latency" | "pubsub_dead_letters" | "circuit_breaker_open";

/** The state of one alert after the latest evaluation. */
export interface AlertState {
  name: AlertName;
  firing: boolean;
  /** The figure compared with the threshold; null when not measurable (no data in the window, or not exported by this host). */
  value: number | null;
  threshold: number;
  /** When the alert started firing (ISO-8601); null while it is not firing. */
  since: string | null;
  description: string;
  /** What crossed the threshold (e.g. which subscription), when firing. */
  detail: string | null;
}

export interface Thresholds {
  pubsubBacklogMax: number;
  poolUsageMax: number;
  cacheHitRateMin: number;
  cacheWindowMs: number;
  cacheMinLookups: number;
  httpP95MaxMs: number;
  httpWindowMs: number;
  httpMinRequests: number;
  deadLettersMax: number;
  breakerOpenMaxS: number;
}

const num = (name: string, fallback: number) => envNumber(name, fallback);

/** Read on every evaluation, so a changed environment (or a test) takes effect without a restart. */
export function thresholds(): Thresholds {
  return {
    pubsubBacklogMax: num("ALERT_PUBSUB_BACKLOG_MAX", 1000),
    poolUsageMax: num("ALERT_DB_POOL_USAGE_MAX", 0.8),
    cacheHitRateMin: num("ALERT_CACHE_HIT_RATE_MIN", 0.7),
    cacheWindowMs: num("ALERT_CACHE_WINDOW_S", 300) * 1000,
    cacheMinLookups: num("ALERT_CACHE_MIN_LOOKUPS", 50),
    httpP95MaxMs: num("ALERT_HTTP_P95_MAX_MS", 2000),
    httpWindowMs: num("ALERT_HTTP_WINDOW_S", 300) * 1000,
    httpMinRequests: num("ALERT_HTTP_MIN_REQUESTS", 20),
    deadLettersMax: num("ALERT_DEAD_LETTERS_MAX", 0),
    breakerOpenMaxS: num("ALERT_BREAKER_OPEN_MAX_S", 0),
  };
}

export const DESCRIPTIONS: Record<AlertName, string> = {
  pubsub_backlog: "Finance events committed but not yet in the cash book (or, where the host reports it, messages waiting for any subscription) exceed the threshold: consumers are not keeping up or are stuck",
  db_pool_usage: "Share of the database pool checked out exceeds the threshold: requests will soon queue for connections",
  cache_hit_rate: "Reports cache hit rate over the window is below the threshold (windows with too few lookups are ignored)",
  http_p95_latency: "95th percentile HTTP response time over the window exceeds the threshold (ms)",
  pubsub_dead_letters: "Messages are in the dead-letter table: their handler failed maxRetries times and they need attention",
  circuit_breaker_open: "A dependency's circuit breaker is open: calls skip it and take their fallback (for the reports cache: L1 and the database; for database-replica: report reads go to the primary). Check the dependency (Redis: REDIS_URL; the replica: DATABASE_REPLICA_URL, docs/operations.md \"Read replica\")",
};

interface Reading { value: number | null; firing: boolean; detail: string | null }

/** Cache hit rate over the window, or null below the minimum number of lookups. */
export function cacheHitRate(now: Snapshot, history: Snapshot[], windowMs: number, minLookups: number): { rate: number | null; lookups: number } {
  const base = baseline(history, now.at, windowMs);
  const hits = now.cache.hits - (base?.cache.hits ?? 0);
  const misses = now.cache.misses - (base?.cache.misses ?? 0);
  const lookups = hits + misses;
  return { rate: lookups > 0 && lookups >= minLookups ? hits / lookups : null, lookups };
}

/** HTTP p95 in ms over the window, or null below the minimum number of requests or when the host exports no HTTP timings. */
export function httpP95Ms(now: Snapshot, history: Snapshot[], windowMs: number, minRequests: number): number | null {
  if (!now.http) return null;
  const base = baseline(history, now.at, windowMs);
  const requests = now.http.requests - (base?.http?.requests ?? 0);
  if (requests < Math.max(minRequests, 1)) return null;
  const q = quantile(0.95, now.http.buckets, base?.http?.buckets ?? null);
  return q === null ? null : Math.round(q * 1000);
}

/** Breakers of this process away from closed (open, half-open, isolated) for at least `maxS` seconds. */
export function breakersTripped(breakers: BreakerState[], at: number, maxS: number): Reading {
  const tripped = breakers.filter((b) => b.state !== "closed" && b.since !== null && at - Date.parse(b.since) >= maxS * 1000);
  return {
    value: tripped.length,
    firing: tripped.length > 0,
    detail: tripped.length > 0 ? tripped.map((b) => `${b.name} ${b.state} since ${b.since}`).join("; ") : null,
  };
}

export function evaluate(now: Snapshot, history: Snapshot[], t: Thresholds = thresholds()): Record<AlertName, Reading & { threshold: number }> {
  const subs = now.pubsub ?? [];
  // The pipeline's own count (database facts, any host) and, where the host publishes them, each subscription's queue.
  const backlogs = [
    { subscription: "finance events not yet in the cash book", backlog: now.outbox.pending + now.outbox.unfolded as number | null },
    ...subs.filter((s) => s.backlog !== null),
  ];
  const worstBacklog = backlogs.sort((a, b) => b.backlog! - a.backlog!)[0];
  const deadLetters = subs.filter((s) => (s.deadLetters ?? 0) > 0);
  const deadLetterTotal = now.pubsub && subs.some((s) => s.deadLetters !== null) ? subs.reduce((n, s) => n + (s.deadLetters ?? 0), 0) : null;
  const cache = cacheHitRate(now, history, t.cacheWindowMs, t.cacheMinLookups);
  const p95 = httpP95Ms(now, history, t.httpWindowMs, t.httpMinRequests);
  return {
    pubsub_backlog: {
      threshold: t.pubsubBacklogMax,
      value: worstBacklog ? worstBacklog.backlog : null,
      firing: !!worstBacklog && worstBacklog.backlog! > t.pubsubBacklogMax,
      detail: worstBacklog ? `largest backlog: ${worstBacklog.subscription} (${worstBacklog.backlog})` : null,
    },
    db_pool_usage: {
      threshold: t.poolUsageMax,
      value: now.pool ? now.pool.usage : null,
      firing: !!now.pool && now.pool.usage > t.poolUsageMax,
      detail: now.pool ? `${now.pool.total - now.pool.idle} of ${now.pool.max} connections in use, ${now.pool.waiting} waiting` : null,
    },
    cache_hit_rate: {
      threshold: t.cacheHitRateMin,
      value: cache.rate,
      firing: cache.rate !== null && cache.rate < t.cacheHitRateMin,
      detail: `${cache.lookups} lookups in the window`,
    },
    http_p95_latency: {
      threshold: t.httpP95MaxMs,
      value: p95,
      firing: p95 !== null && p95 > t.httpP95MaxMs,
      detail: null,
    },
    circuit_breaker_open: { threshold: t.breakerOpenMaxS, ...breakersTripped(now.breakers, now.at, t.breakerOpenMaxS) },
    pubsub_dead_letters: {
      threshold: t.deadLettersMax,
      value: deadLetterTotal,
      firing: deadLetterTotal !== null && deadLetterTotal > t.deadLettersMax,
      detail: deadLetters.length > 0 ? deadLetters.map((s) => `${s.subscription} (${s.deadLetters})`).join(", ") : null,
    },
  };
}
