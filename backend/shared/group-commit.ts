// Group commit: concurrent callers each add an item and await the batch it
// lands in. A batch is flushed when it is full or when its first item has
// waited maxWaitMs; while one flush runs the next batch fills, so batching
// adds no latency when idle and grows with load. A failed flush rejects every
// caller in it (their messages are redelivered). Bounded; drained on stop.
export interface GroupCommitOptions { maxBatch: number; maxWaitMs: number; maxPending: number; name: string }

interface Pending<T> { item: T; resolve: () => void; reject: (e: unknown) => void }

export class GroupCommit<T> {
  private pending: Pending<T>[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly flushFn: (items: T[]) => Promise<void>, readonly opts: GroupCommitOptions) {}

  get depth(): number { return this.pending.length; }

  add(item: T): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`${this.opts.name}: stopped; the message will be redelivered`));
    if (this.pending.length >= this.opts.maxPending) {
      return Promise.reject(new Error(`${this.opts.name}: ${this.pending.length} items pending; back-pressure, retry later`));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.flushing) return; // the running flush loop picks the new items up
    if (this.pending.length >= this.opts.maxBatch) {
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => { this.timer = null; this.startFlush(); }, this.opts.maxWaitMs);
    }
  }

  private startFlush() {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.schedule();
    });
  }

  private async flushLoop() {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.opts.maxBatch);
      try {
        await this.flushFn(batch.map((p) => p.item));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
      // Below a full batch, give concurrent callers the wait window to join the next one.
      if (this.pending.length < this.opts.maxBatch) break;
    }
  }

  /** Flushes everything pending now and waits for it. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  async stop(): Promise<void> {
    await this.drain();
    this.stopped = true;
  }
}
