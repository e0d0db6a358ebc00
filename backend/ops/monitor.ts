// The ops service's background loops: evaluates the alert rules every
// ALERT_EVAL_INTERVAL_MS (default 5 s) over a short history of metric
// snapshots, logs every alert that fires or resolves, and every
// OPS_DB_SAMPLE_INTERVAL_MS (default 15 s) samples lock waits and the events
// pipeline's progress (committed, published, folded) from the database. Started when the service loads; stopped on shutdown.
import log from "encore.dev/log";
import { GaugeGroup } from "encore.dev/metrics";
import { db } from "../../database.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { finance, reports } from "~encore/clients";
import { setDbLockWaits, setOutboxBacklog, setUnfolded } from "../shared/metrics.ts";
import { DESCRIPTIONS, evaluate, thresholds, type AlertName, type AlertState } from "./alerts.ts";
import { snapshot, type Snapshot } from "./figures.ts";
import { envNumber } from "../shared/env.ts";

interface AlertLabels { alert: string }

/** 1 while the named alert fires, else 0. Exported: Encore's generated entrypoint imports every metric by name. */
export const alertFiring = new GaugeGroup<AlertLabels>("ops_alert_firing");

// Enough history for the longest window at the evaluation rate, bounded for
// very short intervals (tests): a snapshot is a few hundred bytes.
const MAX_HISTORY = 2000;

const intervalEnv = (name: string, fallback: number) => envNumber(name, fallback, { min: 1 });

class Monitor {
  private history: Snapshot[] = [];
  private readonly states = new Map<AlertName, AlertState>();
  private evalTimer: NodeJS.Timeout | null = null;
  private dbTimer: NodeJS.Timeout | null = null;
  private evaluating: Promise<void> = Promise.resolve();
  private sampling: Promise<void> = Promise.resolve();
  private stopped = false;

  start() {
    if (this.evalTimer) return;
    const evalMs = intervalEnv("ALERT_EVAL_INTERVAL_MS", 5000);
    const dbMs = intervalEnv("OPS_DB_SAMPLE_INTERVAL_MS", 15_000);
    this.evalTimer = setInterval(() => { this.evaluating = this.evaluate(); }, evalMs);
    this.dbTimer = setInterval(() => { this.sampling = this.sampleDatabase(); }, dbMs);
    // Unref'd: monitoring never keeps a process alive on its own.
    this.evalTimer.unref();
    this.dbTimer.unref();
    this.sampling = this.sampleDatabase();
    this.evaluating = this.evaluate();
  }

  async stop() {
    this.stopped = true;
    if (this.evalTimer) clearInterval(this.evalTimer);
    if (this.dbTimer) clearInterval(this.dbTimer);
    await Promise.all([this.evaluating, this.sampling]);
  }

  /** Alerts as of the latest evaluation, in a fixed order. */
  alerts(): AlertState[] {
    const t = thresholds();
    const defaults: Record<AlertName, number> = {
      pubsub_backlog: t.pubsubBacklogMax, db_pool_usage: t.poolUsageMax, cache_hit_rate: t.cacheHitRateMin,
      http_p95_latency: t.httpP95MaxMs, pubsub_dead_letters: t.deadLettersMax, circuit_breaker_open: t.breakerOpenMaxS,
    };
    return (Object.keys(DESCRIPTIONS) as AlertName[]).map((name) => this.states.get(name) ?? {
      name, firing: false, value: null, threshold: defaults[name], since: null, description: DESCRIPTIONS[name], detail: null,
    });
  }

  /** Snapshots kept, oldest first, for windowed figures. */
  snapshots(): Snapshot[] { return this.history; }

  /** One evaluation now; the loop calls it, and so may a caller that cannot wait for the next tick. */
  async evaluate(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = await snapshot();
      const readings = evaluate(now, this.history, thresholds());
      for (const name of Object.keys(readings) as AlertName[]) {
        const r = readings[name];
        const prev = this.states.get(name);
        const since = r.firing ? (prev?.firing ? prev.since : new Date(now.at).toISOString()) : null;
        const state: AlertState = { name, firing: r.firing, value: r.value, threshold: r.threshold, since, description: DESCRIPTIONS[name], detail: r.detail };
        if (r.firing && !prev?.firing) log.warn("alert firing", { alert: name, value: r.value, threshold: r.threshold, detail: r.detail });
        if (!r.firing && prev?.firing) log.info("alert resolved", { alert: name, value: r.value, threshold: r.threshold, firedSince: prev.since });
        this.states.set(name, state);
        alertFiring.with({ alert: name }).set(r.firing ? 1 : 0);
      }
      this.history.push(now);
      const keepMs = Math.max(thresholds().cacheWindowMs, thresholds().httpWindowMs, 60_000) + 60_000;
      while (this.history.length > MAX_HISTORY || (this.history.length > 1 && this.history[0].at < now.at - keepMs)) this.history.shift();
    } catch (err) {
      log.warn(err, "alert evaluation failed");
    }
  }

  private async sampleDatabase(): Promise<void> {
    if (this.stopped) return;
    try {
      const locks = await db.queryRow<{ waiting: number; max_wait: number }>`
        SELECT count(*)::int AS waiting,
               coalesce(extract(epoch FROM max(now() - query_start)), 0)::float8 AS max_wait
          FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      setDbLockWaits(locks?.waiting ?? 0, locks?.max_wait ?? 0);
    } catch (err) {
      log.warn(err, "lock-wait sample failed");
    }
    try {
      // Facts from the services that own them (finance: outbox and relay; reports: fold), so they hold on any host and across instances.
      const [fin, fold] = await Promise.all([finance.pipelineProgress(), reports.foldProgress()]);
      setOutboxBacklog(fin.outboxPending, fin.outboxOldestAgeSeconds);
      setUnfolded(Math.max(0, fin.publishedTotal - fold.foldedTotal), fold.sinceLastFoldSeconds);
    } catch (err) {
      log.warn(err, "pipeline progress sample failed");
    }
  }
}

export const monitor = new Monitor();
monitor.start();
onShutdown("ops-monitor", () => monitor.stop());
