// Group commit of creates: concurrent revenue and expense creates in this
// process share one statement (create-row.ts), so under load many creates
// cost one round trip and one commit instead of one each. A batch is sent on
// the event-loop turn after its first create arrived (whatever arrived in the
// same turn joins; an idle create waits for nothing), with up to MAX_IN_FLIGHT
// statements running; while they run, the next batch fills.
//
// Failure isolation: a statement that fails writes nothing, and then each of
// its creates is tried again alone, so one bad create (a constraint it
// violates) fails only itself and the others commit. A create is answered
// only after its statement committed; a process that dies after the commit
// and before answering loses nothing: the client's retry with the same
// Idempotency-Key gets the committed row's response.
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { createRows, type CreateOutcome, type PendingCreate } from "./create-row.ts";
import { judgeCreates } from "./day-close.ts";
import { createPauseMs } from "../shared/pipeline-pressure.ts";
import { recordCreatePipelinePause } from "../shared/metrics.ts";
// Imported here also so the relay's shutdown hook is registered first and runs after this drain (hooks run latest first).
import { outboxRelay } from "./outbox.ts";

const MAX_BATCH = 200;
const MAX_IN_FLIGHT = 4;
// Beyond this many waiting, creates are refused (503) rather than growing memory without bound.
const MAX_PENDING = 20_000;

interface Waiter { item: PendingCreate; resolve: (o: CreateOutcome) => void; reject: (err: unknown) => void }

export class CreateBatcher {
  private queue: Waiter[] = [];
  private inFlight = 0;
  private scheduled = false;
  private closed = false;
  private idle: (() => void)[] = [];
  readonly stats = { statements: 0, creates: 0, largestBatch: 0, failedBatches: 0, isolated: 0 };

  constructor(private readonly write: (items: PendingCreate[]) => Promise<CreateOutcome[]>) {}

  submit(item: PendingCreate): Promise<CreateOutcome> {
    if (this.closed) return Promise.reject(APIError.unavailable("the server is shutting down; send the create again"));
    if (this.queue.length >= MAX_PENDING) return Promise.reject(APIError.unavailable(`${this.queue.length} creates are waiting to be written; try again shortly`));
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    // While the cash-book fold here is behind, one batch at a time, each after a pause (shared/pipeline-pressure.ts).
    const pauseMs = this.closed ? 0 : createPauseMs();
    const maxInFlight = pauseMs > 0 ? 1 : MAX_IN_FLIGHT;
    if (this.scheduled || this.inFlight >= maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      while (this.inFlight < maxInFlight && this.queue.length > 0) void this.flush(this.take());
    };
    if (pauseMs === 0) {
      setImmediate(go);
    } else {
      recordCreatePipelinePause(pauseMs / 1000);
      setTimeout(go, pauseMs);
    }
  }

  /** Up to MAX_BATCH waiting creates, never two with the same organisation and key (a later one waits for the next batch and then replays). */
  private take(): Waiter[] {
    const batch: Waiter[] = [];
    const rest: Waiter[] = [];
    const keys = new Set<string>();
    for (const w of this.queue) {
      const k = w.item.idempotency ? `${w.item.row.orgId}|${w.item.idempotency.key}` : null;
      if (batch.length >= MAX_BATCH || (k && keys.has(k))) { rest.push(w); continue; }
      if (k) keys.add(k);
      batch.push(w);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: Waiter[]) {
    this.inFlight++;
    try {
      try {
        const outcomes = await this.write(batch.map((w) => w.item));
        this.stats.statements++;
        this.stats.creates += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        if (outcomes.some((o) => o.created)) outboxRelay.nudge();
        batch.forEach((w, i) => w.resolve(outcomes[i]));
      } catch (err) {
        if (batch.length === 1) {
          batch[0].reject(err);
        } else {
          // Which create failed it is not known: each alone, so only the bad one fails.
          this.stats.failedBatches++;
          await Promise.all(batch.map(async (w) => {
            this.stats.isolated++;
            try {
              const [outcome] = await this.write([w.item]);
              if (outcome.created) outboxRelay.nudge();
              w.resolve(outcome);
            } catch (e) {
              w.reject(e);
            }
          }));
        }
      }
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
      else if (this.inFlight === 0) for (const f of this.idle.splice(0)) f();
    }
  }

  /** Takes no more creates and waits for those already taken to be written and answered. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.inFlight > 0) {
      this.schedule();
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }
}

/**
 * One batch in one transaction: the day-close rule first (its per-property
 * lock, taken FOR KEY SHARE, is what a close waits for, so a create racing a
 * close either commits before the close reads the day or is refused), then
 * the creates on open dates in one statement.
 */
async function writeOpenDates(items: PendingCreate[]): Promise<CreateOutcome[]> {
  await using tx = await db.begin();
  const judged = await judgeCreates(tx, items.map((c) => ({ orgId: c.row.orgId, propertyId: c.row.propertyId, date: c.row.businessDate, timezone: c.timezone })));
  const writable = (k: number) => !judged[k].refusal && !judged[k].archived && judged[k].timezone === items[k].timezone;
  const open = items.filter((_, k) => writable(k));
  const written = open.length > 0 ? await createRows(tx, open) : [];
  await tx.commit();
  let next = 0;
  return items.map((_, k): CreateOutcome => {
    const { refusal, timezone, archived } = judged[k];
    if (refusal) return { timezone, created: false, response: null, refused: refusal };
    if (!writable(k)) return { timezone, created: false, response: null, ...(archived ? { archived: true } : {}) };
    return { timezone, ...written[next++] };
  });
}

export const createBatcher = new CreateBatcher(writeOpenDates);
onShutdown("finance-create-batcher", () => createBatcher.drain());
