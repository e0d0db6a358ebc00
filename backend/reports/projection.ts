// The cash-book projection: folds finance events into daily_cash_balances.
// Handlers join a group commit; each batch records its event ids in
// processed_events and applies the aggregated deltas in one transaction, so a
// redelivered event changes nothing and a crash loses nothing (the handler
// returns only after the commit). After a commit the batch's cache entries
// are invalidated asynchronously and a cash-book notice is published.
import { Subscription } from "encore.dev/pubsub";
import log from "encore.dev/log";
import { db } from "../../database.ts";
import { GroupCommit } from "../shared/group-commit.ts";
import { envNumber } from "../shared/env.ts";
import { readRouter, scopesOf } from "./read-routing.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { financeEvents, type FinanceEvent, type TransactionEvent } from "../finance/topics.ts";
import { aggregateDeltas, applyDeltas } from "./cash-book.ts";
import { cacheInvalidator } from "./cache.ts";
import { cashBookUpdates, type CashBookUpdated } from "./topics.ts";
import { noteTouched } from "./reconcile-schedule.ts";
import { recordFolded } from "./fold-progress.ts";
import { recordProjectionLag } from "../shared/metrics.ts";
import { noteFoldLag } from "../shared/pipeline-pressure.ts";

export const SUBSCRIPTION = "reports-finance-subscriber";

/** Called after each committed batch with the events it applied (benchmarks measure lag with it). */
export const foldListeners: ((applied: FinanceEvent[], committedAtMs: number) => void)[] = [];

/** Day and shift events move no money: the fold counts them (the relay counted them too) and applies nothing. */
const movesMoney = (e: FinanceEvent): e is TransactionEvent => e.kind !== "day" && e.kind !== "shift";

/** The business dates whose report an event changes. */
function datesShown(e: FinanceEvent): string[] {
  if (e.kind === "day") return [e.day.businessDate];
  if (e.kind === "shift") return [e.shift.businessDate];
  return [...e.deltas.map((d) => d.businessDate), e.transaction.businessDate];
}

/** Applies a batch of events exactly once; returns the notices to publish. */
export async function foldEvents(events: FinanceEvent[]): Promise<CashBookUpdated[]> {
  // Sorted ids: two batches holding the same redelivered events lock them in one order (no deadlock).
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()].sort((a, b) => a.eventId.localeCompare(b.eventId));
  await using tx = await db.begin();
  const inserted = await tx.queryAll<{ id: string }>`
    INSERT INTO processed_events (subscription, event_id)
    SELECT ${SUBSCRIPTION}, unnest(${unique.map((e) => e.eventId)}::uuid[])
    ON CONFLICT DO NOTHING RETURNING event_id::text AS id`;
  const freshIds = new Set(inserted.map((r) => r.id));
  const fresh = unique.filter((e) => freshIds.has(e.eventId));
  const applied = fresh.filter(movesMoney);

  const deltas = aggregateDeltas(applied);
  const { negative } = await applyDeltas(tx, deltas);
  // Every fresh event counts, cash or not: unfolded (published − folded) must reach 0.
  await recordFolded(tx, fresh.length);
  // Until the commit's WAL position is known, reads of these scopes skip the replica (read-routing.ts).
  const scopes = scopesOf(applied);
  readRouter.committing(scopes);
  let commitLsn: bigint | null = null;
  try {
    await tx.commit();
  } finally {
    commitLsn = await readRouter.committed(scopes);
  }

  const committedAt = Date.now();
  let newest = -Infinity;
  for (const e of applied) {
    const occurredMs = Date.parse(e.occurredAt);
    recordProjectionLag((committedAt - occurredMs) / 1000);
    newest = Math.max(newest, occurredMs);
  }
  // The newest event, not the oldest: one redelivered after a retry's backoff is old without the fold being behind.
  if (applied.length > 0) noteFoldLag(committedAt - newest, committedAt);
  for (const listener of foldListeners) listener(applied, committedAt);

  // Every fresh event changes what a day's report shows, money or not: a pending
  // entry its transaction list, a close or shift its cashiering part (cached
  // with it, queries.ts dailyReport). So each invalidates its dates and tells
  // the live stream.
  const notices = new Map<string, CashBookUpdated>();
  for (const e of fresh) {
    const k = `${e.orgId}|${e.propertyId}`;
    const n = notices.get(k) ?? { orgId: e.orgId, propertyId: e.propertyId, dates: [], eventIds: [], updatedAt: new Date().toISOString() };
    n.eventIds.push(e.eventId);
    for (const date of datesShown(e)) if (!n.dates.includes(date)) n.dates.push(date);
    notices.set(k, n);
  }
  for (const n of notices.values()) n.dates.sort();
  // The commit's position rides on the version bump to every instance's read routing (cache-l2.ts).
  cacheInvalidator.enqueue([...notices.values()].map((n) => ({ orgId: n.orgId, propertyId: n.propertyId, fromDate: n.dates[0], commitLsn })));
  for (const d of deltas) noteTouched(d.orgId, d.propertyId, d.date);
  for (const n of negative) {
    log.warn("cash book flow went negative; scheduling reconciliation", n);
    noteTouched(n.orgId, n.propertyId, n.date);
  }
  return [...notices.values()];
}

// Deliveries in flight are what a batch can hold: a batch of the subscription's
// maxConcurrency is written as soon as one claim's messages have all arrived,
// instead of waiting out maxWaitMs for more that cannot come.
const MAX_IN_FLIGHT = 500;

const batcher = new GroupCommit<FinanceEvent>(
  async (events) => {
    const notices = await foldEvents(events);
    // The cash book is committed; a lost notice only delays a dashboard
    // refresh, so the batch's messages are acked without waiting for it
    // (publishes keep their call order, so notices still go out in batch order).
    if (notices.length > 0) void cashBookUpdates.publish({ updates: notices }).catch((err) => log.warn(err, "cash-book notice not published"));
  },
  { name: "cash-book fold", maxBatch: envNumber("FOLD_MAX_BATCH", MAX_IN_FLIGHT, { integer: true, min: 1 }), maxWaitMs: envNumber("FOLD_MAX_WAIT_MS", 5), maxPending: 5000 },
);
onShutdown("cash-book-fold", () => batcher.drain());

const _ = new Subscription(financeEvents, "reports-finance-subscriber", {
  handler: (event: FinanceEvent) => batcher.add(event),
  maxConcurrency: 500, // MAX_IN_FLIGHT; Encore's parser needs the literal
  ackDeadline: "30s",
  retryPolicy: { minBackoff: "1s", maxBackoff: "1m", maxRetries: 20 },
});
