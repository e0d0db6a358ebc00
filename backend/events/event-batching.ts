// The event store's group commit: concurrent finance-events handlers share
// one INSERT per batch (see shared/group-commit.ts). Flushes are serial,
// which also keeps live-stream order equal to seq order.
import { db } from "../../database.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { GroupCommit, type GroupCommitOptions } from "../shared/group-commit.ts";
import { announce, insertEvents, type DomainEvent } from "./event-store.ts";
import { notifyFinanceCommitted } from "./live-broadcast.ts";
import { recordBatch, setQueueDepth } from "./metrics.ts";

export const EVENT_STORE_BATCHING: GroupCommitOptions = {
  name: "event store",
  // The subscription's maxConcurrency (subscriptions.ts): no more can be in
  // flight, so a full claim is written at once rather than after maxWaitMs.
  maxBatch: 500,
  maxWaitMs: 5,
  maxPending: 5_000,
  onBatch: recordBatch,
  onDepth: setQueueDepth,
};

/** The store's batch writer: one transaction, one INSERT; duplicates (redeliveries) are skipped. */
export async function writeFinanceBatch(events: DomainEvent[]): Promise<void> {
  // The same event twice in one batch (a redelivery racing the first) is stored once.
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  let inserted: { seq: number; eventId: string }[];
  {
    await using tx = await db.begin();
    inserted = await insertEvents(tx, unique);
    await notifyFinanceCommitted(tx, inserted.map((r) => r.seq));
    await tx.commit();
  }
  announce(unique, inserted);
}

export const eventGroupCommit = new GroupCommit<DomainEvent>(writeFinanceBatch, EVENT_STORE_BATCHING);
onShutdown("events-group-commit", () => eventGroupCommit.drain());
