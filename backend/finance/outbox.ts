// Transactional outbox: a finance change writes its event in the same
// transaction (appendOutbox), and the relay publishes committed events to the
// finance-events topic in id order, deleting them in the same transaction
// that claimed them. A crash after publishing and before the delete
// republishes the batch; consumers dedupe by event id.
import log from "encore.dev/log";
import { db } from "../../database.ts";
import type { Queryer } from "../shared/db.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { financeEvents, type FinanceEvent } from "./topics.ts";
import { recordPublished } from "./pipeline-progress.ts";

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 100;
const ERROR_BACKOFF_MS = 1000;

export async function appendOutbox(q: Queryer, events: FinanceEvent[]): Promise<void> {
  if (events.length === 0) return;
  // The array itself, bound to json: Encore's runtime serialises it (a pre-stringified one would become a JSON string).
  await q.exec`INSERT INTO finance_outbox (event) SELECT json_array_elements(${events}::json)`;
}

class OutboxRelay {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private nudged = false;

  start() {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Called after a commit in this process so the event goes out without waiting for the poll. */
  nudge() {
    if (this.wake) this.wake();
    else this.nudged = true;
  }

  async stop() {
    this.running = false;
    this.nudge();
    await this.done;
    // Publish what is already committed before the process goes away.
    while ((await this.relayBatch().catch(() => 0)) > 0);
  }

  private async loop() {
    while (this.running) {
      let sent = 0;
      try {
        sent = await this.relayBatch();
      } catch (err) {
        log.warn(err, "outbox relay batch failed; retrying");
        await this.sleep(ERROR_BACKOFF_MS);
        continue;
      }
      if (sent < BATCH_SIZE) await this.sleep(IDLE_POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.nudged || !this.running) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => { clearTimeout(t); this.wake = null; this.nudged = false; resolve(); };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Publishes one batch; returns how many events went out. */
  async relayBatch(): Promise<number> {
    await using tx = await db.begin();
    const rows = await tx.queryAll<{ id: number; event: FinanceEvent }>`
      SELECT id, event FROM finance_outbox ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    await Promise.all(rows.map((r) => financeEvents.publish(r.event)));
    await tx.exec`DELETE FROM finance_outbox WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
    await recordPublished(tx, rows.length);
    await tx.commit();
    return rows.length;
  }
}

export const outboxRelay = new OutboxRelay();
outboxRelay.start();
onShutdown("finance-outbox-relay", () => outboxRelay.stop());
