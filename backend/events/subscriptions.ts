// The events service's subscribers: every finance event into the event store
// (group-committed, idempotent by event id), and cash-book notices from the
// reports service out to the live streams.
import { Subscription } from "encore.dev/pubsub";
import { financeEvents, type FinanceEvent } from "../finance/topics.ts";
import { cashBookUpdates, type CashBookUpdates } from "../reports/topics.ts";
import { fromFinanceEvent } from "./event-store.ts";
import { eventGroupCommit } from "./event-batching.ts";
import { notifyCashbook } from "./live-broadcast.ts";

/** Appends each finance event to domain_events; returns once its batch committed (a redelivery is a no-op). */
const _financeEventsHandler = new Subscription(financeEvents, "finance-events-handler", {
  handler: async (event: FinanceEvent): Promise<void> => {
    await eventGroupCommit.add(fromFinanceEvent(event));
  },
  maxConcurrency: 500,
  ackDeadline: "30s",
  retryPolicy: { minBackoff: "1s", maxBackoff: "1m" },
});

/**
 * Passes the reports service's cash-book notices to the open streams of EVERY instance:
 * this subscription competes across instances, so the one that gets a message notifies
 * them all (live-broadcast.ts) instead of telling only its own streams.
 */
const _cashBookLiveStream = new Subscription(cashBookUpdates, "cash-book-live-stream", {
  handler: async (msg: CashBookUpdates): Promise<void> => {
    await notifyCashbook(msg.updates);
  },
  maxConcurrency: 100,
  ackDeadline: "10s",
});
