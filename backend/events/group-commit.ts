// Group commit for the finance-events subscription: Encore hands handlers one
// message at a time, so concurrent handler calls join an in-process batch
// that is written with ONE parametrised INSERT in one transaction. Each caller
// waits for its batch's commit; a failed batch rejects every caller in it, so
// pub/sub redelivers those messages. Flushes are serial (one transaction at a
// time per process), which also keeps live-stream order equal to seq order.
import { APIError } from "encore.dev/api";
import log from "encore.dev/log";
import { db } from "../../database.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { announce, insertEvents, type DomainEvent } from "./event-store.ts";
import { recordBatch, setQueueDepth } from "./metrics.ts";

/** A batch is written once it holds this many events... */
export const MAX_BATCH_EVENTS = 500;
/** ...or this long after its first event arrived, whichever comes first. */
export const FLUSH_INTERVAL_MS = 5;
/** Events waiting beyond this are refused (pub/sub retries them later) instead of growing memory. */
export const MAX_QUEUED_EVENTS = 5_000;

interface Waiter { event: DomainEvent; resolve: () => void; reject: (err: unknown) => void }

export type BatchWriter = (events: DomainEvent[]) => Promise<void>;

export class GroupCommit {
  private queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  readonly stats = { batches: 0, events: 0, failedBatches: 0, largestBatch: 0 };

  constructor(private readonly writeBatch: BatchWriter, private readonly opts = { maxBatch: MAX_BATCH_EVENTS, intervalMs: FLUSH_INTERVAL_MS, maxQueued: MAX_QUEUED_EVENTS }) {}

  /** Resolves once the event is durably stored (or was already); rejects if its batch failed. */
  add(event: DomainEvent): Promise<void> {
    if (this.closed) return Promise.reject(APIError.unavailable("the event store is shutting down; the message will be redelivered"));
    if (this.queue.length >= this.opts.maxQueued) {
      return Promise.reject(APIError.resourceExhausted(`the event store has ${this.queue.length} events waiting; retry later`));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      setQueueDepth(this.queue.length);
      this.schedule();
    });
  }

  get queued(): number {
    return this.queue.length;
  }

  private schedule() {
    // A running flush takes what has queued meanwhile as soon as its transaction ends.
    if (this.flushing) return;
    if (this.queue.length >= this.opts.maxBatch) {
      this.startFlush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (!this.flushing) this.startFlush();
    }, this.opts.intervalMs);
  }

  private startFlush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushAll().finally(() => {
      this.flushing = null;
      // Events that arrived after the loop's last check.
      if (this.queue.length > 0) this.schedule();
    });
  }

  /** Writes batches until the queue is empty; never throws (errors go to the batch's waiters). */
  private async flushAll() {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      setQueueDepth(this.queue.length);
      const started = performance.now();
      try {
        await this.writeBatch(batch.map((w) => w.event));
        this.stats.batches++;
        this.stats.events += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        recordBatch(batch.length, performance.now() - started, true);
        for (const w of batch) w.resolve();
      } catch (err) {
        this.stats.failedBatches++;
        recordBatch(batch.length, performance.now() - started, false);
        log.warn(err, "event store group commit failed; the batch's messages will be redelivered", { events: batch.length });
        for (const w of batch) w.reject(err);
      }
    }
  }

  /** Stops taking events and writes everything already queued. */
  async drain() {
    this.closed = true;
    while (this.flushing || this.queue.length > 0) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }
}

/** The store's batch writer: one transaction, one INSERT; duplicates (redeliveries) are skipped. */
export async function writeFinanceBatch(events: DomainEvent[]): Promise<void> {
  // The same event twice in one batch (a redelivery racing the first) is stored once.
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  let inserted: { seq: number; eventId: string }[];
  {
    await using tx = await db.begin();
    inserted = await insertEvents(tx, unique, "skip");
    await tx.commit();
  }
  announce(unique, inserted);
}

export const eventGroupCommit = new GroupCommit(writeFinanceBatch);
onShutdown("events-group-commit", () => eventGroupCommit.drain());
