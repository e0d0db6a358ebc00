// The app's metrics, on prom-client so they work on either host. Domain code
// records through the functions below; the ops service exposes the registry.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export const registry = new Registry();

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
