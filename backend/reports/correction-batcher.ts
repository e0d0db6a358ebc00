// CorrectionBatcher: corrections queue up and are written 100
// at a time with one parametrised UPDATE … FROM unnest(...), on the app's one
// batching primitive (shared/group-commit.ts): when a batch is full, or when
// its first correction has waited min(interval, maxAge). The queue is bounded
// (enqueue waits for room); a failing batch is retried with backoff, and one
// that keeps failing is dropped with a log line — the next reconciliation
// finds those rows again. Shutdown drains it.
//
// A correction only applies to a row unchanged since the reconciler read it
// (same updated_at): a fold in between wins, and the row is checked again later.
import log from "encore.dev/log";
import { db } from "../../database.ts";
import { lockProperties, type CashBookRow } from "./cash-book.ts";
import { recordCorrectionBatch, setCorrectionQueueDepth } from "../shared/metrics.ts";
import { GroupCommit } from "../shared/group-commit.ts";
import { envNumber } from "../shared/env.ts";

/** The true figures of one cash-book row. */
export interface Correction extends Omit<CashBookRow, "calculatedClosingBalanceCents" | "balanceDiscrepancyCents" | "cashMovedCents" | "bankMovedCents"> {
  /** Absent: the row's movement columns are kept. */
  cashMovedCents?: number;
  bankMovedCents?: number;
  orgId: string;
  propertyId: string;
  /**
   * updated_at of the row when it was checked, microsecond exact, as RFC 3339
   * (2026-01-01T00:00:00.123456Z): the only text form Encore's runtime binds
   * to timestamptz (PostgreSQL's own "…+00" is refused).
   */
  expectedUpdatedAt: string;
}

export interface CorrectionBatcherOptions {
  batchSize: number;
  intervalMs: number;
  maxAgeMs: number;
  maxQueue: number;
  retryBackoffMs: number;
}

const env = (name: string, fallback: number) => envNumber(name, fallback, { integer: true, min: 1 });

export const DEFAULT_OPTIONS: CorrectionBatcherOptions = {
  batchSize: 100,
  intervalMs: env("CORRECTION_INTERVAL_MS", 5 * 60_000),
  maxAgeMs: env("CORRECTION_MAX_AGE_MS", 10 * 60_000),
  maxQueue: env("CORRECTION_MAX_QUEUE", 10_000),
  retryBackoffMs: 1000,
};

type Writer = (batch: Correction[]) => Promise<number>;

export class CorrectionBatcher {
  private readonly commit: GroupCommit<Correction>;
  /** The first batch that failed every attempt since the last flush, thrown by flush(). */
  private failure: unknown = null;
  readonly stats = { batches: 0, applied: 0, skippedStale: 0, errors: 0 };

  constructor(readonly opts: CorrectionBatcherOptions = DEFAULT_OPTIONS, private readonly write: Writer = writeCorrections, private readonly attempts = 5) {
    this.commit = new GroupCommit((batch) => this.writeWithRetries(batch), {
      name: "correction batcher",
      maxBatch: opts.batchSize,
      maxWaitMs: Math.min(opts.intervalMs, opts.maxAgeMs),
      // enqueue waits for room below this, so the primitive never has to refuse.
      maxPending: opts.maxQueue,
      onDepth: setCorrectionQueueDepth,
    });
  }

  get depth(): number { return this.commit.depth; }

  /** Queues corrections, waiting for room when the queue is full (back-pressure); resolves once they are queued, not written. */
  async enqueue(items: Correction[]): Promise<void> {
    for (const c of items) {
      while (this.commit.depth >= this.opts.maxQueue) await this.commit.flush();
      this.commit.add(c).catch((err) => { this.failure ??= err; });
    }
  }

  private async writeWithRetries(batch: Correction[]): Promise<void> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.write(batch);
        recordCorrectionBatch(batch.length, performance.now() - started, true);
        this.stats.batches++;
        this.stats.applied += applied;
        this.stats.skippedStale += batch.length - applied;
        return;
      } catch (err) {
        this.stats.errors++;
        recordCorrectionBatch(batch.length, performance.now() - started, false);
        log.warn(err, "correction batch failed; retrying", { attempt, size: batch.length });
        if (attempt >= this.attempts) throw err;
        await new Promise((r) => setTimeout(r, this.opts.retryBackoffMs * attempt));
      }
    }
  }

  /** Writes everything queued; throws the error of a batch that failed every attempt since the last flush. */
  async flush(): Promise<void> {
    await this.commit.flush();
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure;
  }

  async stop(): Promise<void> {
    await this.commit.drain();
    if (this.failure) log.error(this.failure, "corrections left unapplied at shutdown; reconciliation will find them again");
  }
}

/** One statement per batch: returns how many rows were corrected (the rest changed since they were checked). */
export async function writeCorrections(batch: Correction[]): Promise<number> {
  const col = <K extends keyof Correction>(k: K) => batch.map((c) => c[k]);
  await using tx = await db.begin();
  await lockProperties(tx, col("propertyId"));
  const rows = await tx.queryAll`
    UPDATE daily_cash_balances d SET
      opening_balance_cents = c.opening, cash_received_cents = c.cash_in, bank_received_cents = c.bank_in,
      cash_expenses_cents = c.cash_out, bank_expenses_cents = c.bank_out, closing_balance_cents = c.closing,
      cash_moved_cents = COALESCE(c.cash_moved, d.cash_moved_cents), bank_moved_cents = COALESCE(c.bank_moved, d.bank_moved_cents),
      calculated_closing_balance_cents = c.closing, balance_discrepancy_cents = 0, updated_at = clock_timestamp()
    FROM unnest(${col("orgId")}::uuid[], ${col("propertyId")}::uuid[], ${col("date")}::date[],
                ${col("openingBalanceCents")}::bigint[], ${col("cashReceivedCents")}::bigint[], ${col("bankReceivedCents")}::bigint[],
                ${col("cashExpensesCents")}::bigint[], ${col("bankExpensesCents")}::bigint[], ${col("closingBalanceCents")}::bigint[],
                ${col("expectedUpdatedAt")}::timestamptz[],
                ${batch.map((c) => c.cashMovedCents ?? null)}::bigint[], ${batch.map((c) => c.bankMovedCents ?? null)}::bigint[])
         AS c(org_id, property_id, day, opening, cash_in, bank_in, cash_out, bank_out, closing, expected, cash_moved, bank_moved)
    WHERE d.org_id = c.org_id AND d.property_id = c.property_id AND d.balance_date = c.day AND d.updated_at = c.expected
    RETURNING 1`;
  await tx.commit();
  return rows.length;
}
