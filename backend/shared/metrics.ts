// The app's metrics, on prom-client so they work on either host. Domain code
// records through the functions below; the ops service exposes the registry.
import { Counter, Gauge, Histogram, Registry, register as defaultRegistry } from "prom-client";

export const registry = new Registry();

/**
 * What GET /metrics shows: the app's series and whatever the host put in
 * prom-client's default registry (the standalone host puts its pub/sub, pool
 * and HTTP series and `encore.dev/metrics` there; under Encore it is empty and
 * Encore exports those itself).
 */
export async function exposition(): Promise<{ text: string; contentType: string }> {
  const merged = Registry.merge([registry, defaultRegistry]);
  return { text: await merged.metrics(), contentType: registry.contentType };
}

/** A series by name, from the app's registry or the host's. */
export function findMetric(name: string) {
  return registry.getSingleMetric(name) ?? defaultRegistry.getSingleMetric(name);
}

const cacheRequests = new Counter({ name: "reports_cache_requests_total", help: "Reports cache lookups by result", labelNames: ["report", "result"] as const, registers: [registry] });
const cacheInvalidations = new Counter({ name: "reports_cache_invalidations_total", help: "Reports cache entries invalidated", registers: [registry] });
export const cacheEntries = new Gauge({ name: "reports_cache_entries", help: "Entries held in the reports cache", registers: [registry] });
const invalidationQueueDepth = new Gauge({ name: "reports_cache_invalidation_queue_depth", help: "Invalidations waiting to be applied", registers: [registry] });

const correctionBatchSize = new Histogram({ name: "reports_correction_batch_size", help: "Corrections per applied batch", buckets: [1, 5, 10, 25, 50, 100], registers: [registry] });
const correctionBatchSeconds = new Histogram({ name: "reports_correction_batch_duration_seconds", help: "Time to apply one correction batch", buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [registry] });
const correctionsApplied = new Counter({ name: "reports_corrections_applied_total", help: "Cash-book rows corrected", registers: [registry] });
const correctionErrors = new Counter({ name: "reports_correction_errors_total", help: "Correction batches that failed (and were retried)", registers: [registry] });
const correctionQueueDepth = new Gauge({ name: "reports_correction_queue_depth", help: "Corrections waiting to be applied", registers: [registry] });

export function recordCacheLookup(report: string, hit: boolean) { cacheRequests.inc({ report, result: hit ? "hit" : "miss" }); }
export function recordCacheInvalidations(n: number) { cacheInvalidations.inc(n); }
export function setInvalidationQueueDepth(n: number) { invalidationQueueDepth.set(n); }
export function recordCorrectionBatch(size: number, durationMs: number, ok: boolean) {
  correctionBatchSize.observe(size);
  correctionBatchSeconds.observe(durationMs / 1000);
  if (ok) correctionsApplied.inc(size);
  else correctionErrors.inc();
}
export function setCorrectionQueueDepth(n: number) { correctionQueueDepth.set(n); }

const projectionLag = new Histogram({
  name: "finance_event_projection_lag_seconds",
  help: "From a finance change's commit to its cash-book batch commit",
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});
/** One observation per applied event. */
export function recordProjectionLag(seconds: number) { projectionLag.observe(seconds); }

const createPipelinePause = new Counter({
  name: "finance_create_pipeline_pause_seconds_total",
  help: "Time create batches waited for the cash-book fold to catch up (backpressure, shared/pipeline-pressure.ts)",
  registers: [registry],
});
export function recordCreatePipelinePause(seconds: number) { createPipelinePause.inc(seconds); }

// ---------------------------------------------------------------------------
// Figures the ops service samples itself (either host): the outbox and lock
// waits. Set from backend/ops/monitor.ts every OPS_DB_SAMPLE_INTERVAL_MS.
const outboxPending = new Gauge({ name: "finance_outbox_pending_events", help: "Finance events committed but not yet published to finance-events", registers: [registry] });
const outboxOldestAge = new Gauge({ name: "finance_outbox_oldest_age_seconds", help: "Age of the oldest unpublished outbox event (0 when empty)", registers: [registry] });
const dbLockWaits = new Gauge({ name: "db_lock_waiting_sessions", help: "Sessions of this database waiting on a lock (pg_stat_activity, sampled)", registers: [registry] });
const dbLockWaitMax = new Gauge({ name: "db_lock_wait_max_seconds", help: "Longest current lock wait in this database (sampled)", registers: [registry] });

const unfolded = new Gauge({ name: "finance_events_unfolded", help: "Finance events published but not yet applied to the cash book (relay count minus fold count, all instances)", registers: [registry] });
const sinceLastFold = new Gauge({ name: "cash_book_seconds_since_last_fold", help: "Seconds since a fold batch last applied an event (any instance)", registers: [registry] });

export function setOutboxBacklog(pending: number, oldestAgeSeconds: number | null) {
  outboxPending.set(pending);
  outboxOldestAge.set(oldestAgeSeconds ?? 0);
}
export function setUnfolded(events: number, secondsSinceLastFold: number | null) {
  unfolded.set(events);
  if (secondsSinceLastFold !== null) sinceLastFold.set(secondsSinceLastFold);
}

// The app's own request timings (backend/shared/request-timings.ts), so the
// latency alert works on any host.
const requestDuration = new Histogram({
  name: "app_request_duration_seconds",
  help: "Typed endpoint handling time, middlewares included, by endpoint and outcome (this process)",
  labelNames: ["endpoint", "outcome"] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers: [registry],
});
export function recordRequest(endpoint: string, outcome: string, seconds: number) {
  requestDuration.observe({ endpoint, outcome }, seconds);
}
export function setDbLockWaits(sessions: number, maxWaitSeconds: number) {
  dbLockWaits.set(sessions);
  dbLockWaitMax.set(maxWaitSeconds);
}

/**
 * Names of the series the standalone host publishes (its interface, as
 * Encore's metric names are Encore's). Under the Encore runtime nothing
 * registers them: pub/sub, pool and HTTP figures come from Encore's own
 * metrics, and readers treat a missing metric as "not available here".
 */
export const HOST_METRICS = {
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
  queryDuration: "db_query_duration_seconds",
  httpDuration: "http_request_duration_seconds",
} as const;

/** Names of the app's own series, for readers such as the ops status summary. */
export const APP_METRICS = {
  cacheRequests: "reports_cache_requests_total",
  cacheInvalidations: "reports_cache_invalidations_total",
  cacheEntries: "reports_cache_entries",
  invalidationQueueDepth: "reports_cache_invalidation_queue_depth",
  correctionBatchSize: "reports_correction_batch_size",
  correctionBatchDuration: "reports_correction_batch_duration_seconds",
  correctionsApplied: "reports_corrections_applied_total",
  correctionErrors: "reports_correction_errors_total",
  correctionQueueDepth: "reports_correction_queue_depth",
  outboxPending: "finance_outbox_pending_events",
  outboxOldestAge: "finance_outbox_oldest_age_seconds",
  unfolded: "finance_events_unfolded",
  sinceLastFold: "cash_book_seconds_since_last_fold",
  requestDuration: "app_request_duration_seconds",
  lockWaits: "db_lock_waiting_sessions",
  lockWaitMax: "db_lock_wait_max_seconds",
  projectionLag: "finance_event_projection_lag_seconds",
} as const;
