// Which database a report read goes to. Reads of the cash book (reports,
// the organisation summary, analytics, exports) may go to the read replica
// (`replicaDb` in database.ts); writes, the fold and reconciliation always
// use the primary. A read goes to the replica only when
//  - the replica is a standby at all (pg_is_in_recovery(); with no replica
//    configured the replica database is the primary itself, or under the
//    Encore CLI's local infra an empty database that is not in recovery),
//  - its breaker is closed: it answered the last health probe within its
//    timeout and lags the primary by at most REPLICA_MAX_LAG_BYTES, and
//  - it has replayed past the last fold commit that touched the scope (the
//    property, or the organisation's summary "*") on any instance: no stale
//    answer after a write. The position is kept beside the scope's cache
//    version in the cache cluster (cache-l2.ts), so an instance that did not
//    fold sees it as soon as the fold's version bump has landed; this
//    instance's own folds also count from their commit on, before the bump.
// Otherwise the read goes to the primary. The breaker ("database-replica") is
// what /metrics, /ops/status and the circuit_breaker_open alert show.
import { Counter, Gauge } from "prom-client";
import { db, replicaDb } from "../../database.ts";
import { breakerFor } from "../shared/circuit-breakers.ts";
import { envNumber } from "../shared/env.ts";
import { registry } from "../shared/metrics.ts";
import type { Queryer } from "../shared/db.ts";
import { reportsCacheTier } from "./cache.ts";
import type { SharedTier } from "./cache-l2.ts";

const intEnv = (name: string, fallback: number) => envNumber(name, fallback, { integer: true });

const reads = new Counter({
  name: "report_reads_total",
  help: "Report reads by the database that served them (replica or primary) and why a read skipped the replica",
  labelNames: ["target", "reason"] as const,
  registers: [registry],
});
const lagGauge = new Gauge({
  name: "replica_replay_lag_bytes",
  help: "WAL bytes the read replica has yet to replay at the last health probe (-1: unknown or no replica)",
  registers: [registry],
});
lagGauge.set(-1);

/** An LSN "X/Y" as one number, to compare positions in the WAL. */
export function lsnValue(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(lsn);
  if (!m) throw new Error(`not a WAL position: "${lsn}"`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

interface Health { replayLsn: bigint; checkedAt: number }

const PENDING = -1n; // a fold is committing: the scope reads from the primary until its LSN is known

export class ReadRouter {
  /** Per "org|property" and "org|*": the WAL position of the last fold commit, or PENDING while one commits. */
  private readonly required = new Map<string, bigint>();
  private pendingCount = new Map<string, number>();
  private health: Health | null = null;
  private probing: Promise<Health | null> | null = null;
  /** null until the first probe: whether the replica database is a standby (false: no replica). */
  private standby: boolean | null = null;
  readonly breaker;

  constructor(
    private readonly primary: Queryer,
    private readonly replica: Queryer,
    /** Where every instance's fold commits leave their positions (the cache cluster). */
    private readonly positions: Pick<SharedTier, "commitPositionOf">,
    readonly opts = { maxLagBytes: intEnv("REPLICA_MAX_LAG_BYTES", 16 * 1024 * 1024), probeEveryMs: intEnv("REPLICA_PROBE_MS", 200) },
  ) {
    this.breaker = breakerFor("database-replica", {
      failures: intEnv("REPLICA_BREAKER_FAILURES", 3) || 1,
      halfOpenAfterMs: intEnv("REPLICA_BREAKER_HALF_OPEN_AFTER_MS", 5_000) || 1,
      callTimeoutMs: intEnv("REPLICA_PROBE_TIMEOUT_MS", 1_000) || 1,
    });
  }

  /** Before a fold commits: its scopes read from the primary until `committed` records the commit's LSN. */
  committing(scopes: string[]): void {
    for (const s of scopes) this.pendingCount.set(s, (this.pendingCount.get(s) ?? 0) + 1);
  }

  /**
   * After the fold's commit (or its failure), the position a replica must reach to serve its scopes;
   * returned for the invalidation to carry to the other instances (null: no replica, nothing to wait for).
   */
  async committed(scopes: string[]): Promise<bigint | null> {
    let lsn: bigint | null = null;
    try {
      if (this.standby !== false) {
        const row = await this.primary.queryRow<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`;
        lsn = lsnValue(row!.lsn);
      }
    } finally {
      for (const s of scopes) {
        if (lsn !== null && lsn > (this.required.get(s) ?? 0n)) this.required.set(s, lsn);
        const n = (this.pendingCount.get(s) ?? 1) - 1;
        if (n <= 0) this.pendingCount.delete(s); else this.pendingCount.set(s, n);
      }
    }
    return lsn;
  }

  /** The database to read `scope` ("org|property" or "org|*") from. Never throws: a failing replica means the primary. */
  async readerFor(scope: string): Promise<Queryer> {
    if (this.noReplica()) { reads.inc({ target: "primary", reason: "no-replica" }); return this.primary; }
    if (this.pendingCount.has(scope)) { reads.inc({ target: "primary", reason: "committing" }); return this.primary; }
    const h = await this.currentHealth();
    if (this.noReplica()) { reads.inc({ target: "primary", reason: "no-replica" }); return this.primary; }
    if (!h) { reads.inc({ target: "primary", reason: "replica-unavailable" }); return this.primary; }
    const [orgId, scopeId] = scope.split("|");
    const shared = await this.positions.commitPositionOf(orgId, scopeId);
    if (shared === null) { reads.inc({ target: "primary", reason: "commit-position-unknown" }); return this.primary; }
    const local = this.required.get(scope) ?? 0n;
    const need = shared > local ? shared : local;
    if (h.replayLsn < need) { reads.inc({ target: "primary", reason: "replica-behind-write" }); return this.primary; }
    reads.inc({ target: "replica", reason: "" });
    return this.replica;
  }

  /** readerFor's choice as a flag, for a read finance makes on reports' behalf (finance/report-source.ts `fromReplica`). */
  async replicaFor(scope: string): Promise<boolean> {
    return (await this.readerFor(scope)) === this.replica;
  }

  /** The replica database is not a standby: there is no replica to route to. */
  private noReplica(): boolean { return this.standby === false; }

  /** The last probe's result if recent, else a new probe (one at a time) through the breaker; null: do not use the replica. */
  private async currentHealth(): Promise<Health | null> {
    if (this.health && Date.now() - this.health.checkedAt < this.opts.probeEveryMs && this.breaker.state === "closed") return this.health;
    this.probing ??= this.breaker.call(() => this.probe(), () => null).then((h) => { this.health = h; return h; }).finally(() => { this.probing = null; });
    return this.probing;
  }

  private async probe(): Promise<Health> {
    const r = await this.replica.queryRow<{ standby: boolean; lsn: string | null }>`
      SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn`;
    if (!r!.standby || r!.lsn === null) {
      this.standby = false;
      lagGauge.set(-1);
      return { replayLsn: 0n, checkedAt: Date.now() };
    }
    this.standby = true;
    const p = await this.primary.queryRow<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`;
    const replayLsn = lsnValue(r!.lsn);
    const lag = lsnValue(p!.lsn) - replayLsn;
    lagGauge.set(Number(lag > 0n ? lag : 0n));
    if (lag > BigInt(this.opts.maxLagBytes)) throw new Error(`read replica lags the primary by ${lag} WAL bytes (bound REPLICA_MAX_LAG_BYTES=${this.opts.maxLagBytes})`);
    return { replayLsn, checkedAt: Date.now() };
  }

  /** Forget probe results (tests, after stopping or starting a replica). */
  reset(): void { this.health = null; this.standby = null; }
}

export const readRouter = new ReadRouter(db, replicaDb, reportsCacheTier);

/** The scopes a fold commit touches: each property and its organisation's summary. */
export function scopesOf(items: { orgId: string; propertyId: string }[]): string[] {
  return [...new Set(items.flatMap((i) => [`${i.orgId}|${i.propertyId}`, `${i.orgId}|*`]))];
}
