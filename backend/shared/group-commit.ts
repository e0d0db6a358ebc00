// Group commit: Encore hands subscription handlers one message at a time, so
// concurrent handler calls each add their item and await the batch it lands
// in. A batch is written when it is full or when its first item has waited
// maxWaitMs; while one batch is written the next fills, so batching adds no
// latency when idle and grows with load. Each caller resolves only after its
// batch committed; a failed batch rejects every caller in it (their messages
// are redelivered). Flushes are serial per instance. Bounded; drained on stop.
import { APIError } from "encore.dev/api";
import log from "encore.dev/log";

export interface GroupCommitOptions {
  name: string;
  /** A batch is written once it holds this many items... */
  maxBatch: number;
  /** ...or this long after its first item arrived. */
  maxWaitMs: number;
  /** Items waiting beyond this are refused (pub/sub retries them later) instead of growing memory. */
  maxPending: number;
  /** Called after each batch, for metrics. */
  onBatch?: (size: number, durationMs: number, ok: boolean) => void;
  /** Called whenever the number of waiting items changes, for metrics. */
  onDepth?: (depth: number) => void;
}

interface Waiter<T> { item: T; resolve: () => void; reject: (err: unknown) => void }

export class GroupCommit<T> {
  private queue: Waiter<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  readonly stats = { batches: 0, items: 0, failedBatches: 0, largestBatch: 0 };

  constructor(private readonly writeBatch: (items: T[]) => Promise<void>, readonly opts: GroupCommitOptions) {}

  get depth(): number { return this.queue.length; }

  /** Resolves once the item's batch has committed; rejects if it failed. */
  add(item: T): Promise<void> {
    if (this.closed) return Promise.reject(APIError.unavailable(`${this.opts.name} is shutting down; the message will be redelivered`));
    if (this.queue.length >= this.opts.maxPending) {
      return Promise.reject(APIError.resourceExhausted(`${this.opts.name} has ${this.queue.length} items waiting; retry later`));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.opts.onDepth?.(this.queue.length);
      this.schedule();
    });
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
    }, this.opts.maxWaitMs);
  }

  private startFlush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushAll().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.schedule();
    });
  }

  /** Writes batches until the queue is empty; never throws (errors go to the batch's waiters). */
  private async flushAll() {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.opts.onDepth?.(this.queue.length);
      const started = performance.now();
      try {
        await this.writeBatch(batch.map((w) => w.item));
        this.stats.batches++;
        this.stats.items += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        this.opts.onBatch?.(batch.length, performance.now() - started, true);
        for (const w of batch) w.resolve();
      } catch (err) {
        this.stats.failedBatches++;
        this.opts.onBatch?.(batch.length, performance.now() - started, false);
        log.warn(err, `${this.opts.name}: batch failed; its messages will be redelivered`, { items: batch.length });
        for (const w of batch) w.reject(err);
      }
    }
  }

  /** Writes everything queued now, without waiting for a batch to fill or its time; resolves when the queue is empty. */
  async flush(): Promise<void> {
    while (this.flushing || this.queue.length > 0) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  /** Stops taking items and writes everything already queued. */
  async drain(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
