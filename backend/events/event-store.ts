// The event store (table domain_events): append-only, one row per event,
// versioned per aggregate and numbered globally (`seq`) for stream resume.
// Every write goes through insertEvents so the seq-ordering lock and the
// parametrised unnest insert live in one place.
import type { Transaction } from "encore.dev/storage/sqldb";
import { db } from "../../database.ts";
import type { CashDelta, FinanceEvent } from "../finance/topics.ts";
import { liveHub } from "./live-hub.ts";

/**
 * Key of the transaction-level advisory lock every domain_events writer holds
 * while inserting. Sequence values are handed out in lock order and the lock
 * is released at commit, so commits are in seq order: a reader that has seen
 * seq N has seen every event below N (what Last-Event-ID resume relies on).
 */
const SEQ_ORDER_LOCK = 7_340_101_206;

/** At most this many events per append; larger batches are split by callers. */
export const MAX_APPEND_EVENTS = 1000;

/** An event to store. Every id is a UUID string (the aggregate, organisation, property and actor ids are UUIDv7). */
export interface DomainEvent {
  eventId: string;
  aggregateId: string;
  aggregateType: string;
  eventType: string;
  eventData: Record<string, unknown>;
  orgId: string;
  propertyId: string;
  actorUserId: string | null;
  occurredAt: string;
  version: number;
}

/**
 * The stored form of a finance event. The aggregate is what the event is
 * about: an entry (versioned per change), a shift (1 opened, 2 closed, 3
 * signed off) or one day-log entry (a close or a reopen, version 1), so the
 * store's (aggregate, version) uniqueness makes a redelivery of any kind a no-op.
 */
export function fromFinanceEvent(e: FinanceEvent): DomainEvent {
  const aggregateId = e.kind === "day" ? e.logEntryId : e.kind === "shift" ? e.shiftId : e.transactionId;
  return {
    eventId: e.eventId,
    aggregateId,
    aggregateType: e.kind,
    eventType: e.type,
    eventData: e as unknown as Record<string, unknown>,
    orgId: e.orgId,
    propertyId: e.propertyId,
    actorUserId: e.actorUserId,
    occurredAt: e.occurredAt,
    version: e.version,
  };
}

/**
 * Inserts events in one statement inside `tx`, under the seq-order lock. Any
 * conflict (the same event id, or the same aggregate version) skips the row,
 * so a redelivery is a no-op. Returns the rows actually inserted, in seq order.
 */
export async function insertEvents(tx: Transaction, events: DomainEvent[]): Promise<{ seq: number; eventId: string }[]> {
  if (events.length === 0) return [];
  if (events.length > MAX_APPEND_EVENTS) throw new Error(`insertEvents: ${events.length} events exceed the ${MAX_APPEND_EVENTS} per-statement bound`);
  const cols = {
    eventIds: events.map((e) => e.eventId),
    aggregateIds: events.map((e) => e.aggregateId),
    aggregateTypes: events.map((e) => e.aggregateType),
    eventTypes: events.map((e) => e.eventType),
    // One JSON array (bound as a value; the runtime serialises it) rather than a jsonb[]: pg escapes every quote of every array element, which cost more than the insert.
    data: events.map((e) => e.eventData),
    orgIds: events.map((e) => e.orgId),
    propertyIds: events.map((e) => e.propertyId),
    actors: events.map((e) => e.actorUserId),
    occurredAt: events.map((e) => e.occurredAt),
    versions: events.map((e) => e.version),
  };
  await tx.exec`SELECT pg_advisory_xact_lock(${SEQ_ORDER_LOCK}::bigint)`;
  return tx.rawQueryAll<{ seq: number; eventId: string }>(
    `INSERT INTO domain_events (event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version)
     SELECT event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::text[]), jsonb_array_elements($5::jsonb),
                       unnest($6::uuid[]), unnest($7::uuid[]), unnest($8::uuid[]), unnest($9::timestamptz[]), unnest($10::integer[]))
            WITH ORDINALITY AS t(event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version, ord)
      ORDER BY ord
     ON CONFLICT DO NOTHING
     RETURNING seq, event_id AS "eventId"`,
    cols.eventIds, cols.aggregateIds, cols.aggregateTypes, cols.eventTypes, cols.data, cols.orgIds, cols.propertyIds, cols.actors, cols.occurredAt, cols.versions,
  );
}

/** Hands committed events to the in-process live stream, in seq order. */
export function announce(events: DomainEvent[], inserted: { seq: number; eventId: string }[]): void {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  for (const row of [...inserted].sort((a, b) => a.seq - b.seq)) {
    const e = byId.get(row.eventId);
    if (e) liveHub.publishFinance(e.orgId, e.propertyId, row.seq, e.eventData);
  }
}

/** One stored event's cash-book deltas (none for events that move no money). */
export interface StoredDeltas { seq: number; deltas: CashDelta[] }

/** A property's events after `afterSeq`, in seq order, with only their deltas: what replay folds. */
export async function cashDeltasAfter(orgId: string, propertyId: string, afterSeq: number, limit: number): Promise<StoredDeltas[]> {
  return db.queryAll<StoredDeltas>`
    SELECT seq, coalesce(event_data->'deltas', '[]'::jsonb) AS deltas FROM domain_events
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND seq > ${afterSeq}
     ORDER BY seq LIMIT ${limit}`;
}
