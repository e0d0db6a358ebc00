// The events service's metrics, registered in the app's shared prom-client registry.
import { Counter, Gauge, Histogram } from "prom-client";
import { registry } from "../shared/metrics.ts";

const batchSize = new Histogram({ name: "events_group_commit_batch_size", help: "Events per group-commit batch", buckets: [1, 10, 50, 100, 250, 500], registers: [registry] });
const batchSeconds = new Histogram({ name: "events_group_commit_duration_seconds", help: "Time to write one group-commit batch", buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [registry] });
const batchFailures = new Counter({ name: "events_group_commit_failures_total", help: "Group-commit batches that failed (their events are redelivered)", registers: [registry] });
const queueDepth = new Gauge({ name: "events_group_commit_queue_depth", help: "Events waiting for the next group commit", registers: [registry] });
const streamConnections = new Gauge({ name: "events_stream_connections", help: "Open live-stream connections in this process", registers: [registry] });
const streamDisconnects = new Counter({ name: "events_stream_forced_disconnects_total", help: "Live-stream connections closed by the server, by reason", labelNames: ["reason"] as const, registers: [registry] });

export function recordBatch(size: number, durationMs: number, ok: boolean) {
  batchSize.observe(size);
  batchSeconds.observe(durationMs / 1000);
  if (!ok) batchFailures.inc();
}
export function setQueueDepth(n: number) { queueDepth.set(n); }
export function setStreamConnections(n: number) { streamConnections.set(n); }
export function recordForcedDisconnect(reason: string) { streamDisconnects.inc({ reason }); }
