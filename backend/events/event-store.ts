// The event store (table domain_events): append-only, one row per event,
// versioned per aggregate for optimistic concurrency and numbered globally
// (`seq`) for stream resume. Every write goes through insertEvents so the
// seq-ordering lock and the parametrised unnest insert live in one place.
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { Transaction } from "encore.dev/storage/sqldb";
import type { CashDelta, FinanceEvent } from "../finance/topics.ts";
import { notifyFinanceCommitted } from "./live-broadcast.ts";
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

/** A stored event: its global position and when the store recorded it. */
export interface StoredEvent extends DomainEvent {
  seq: number;
  recordedAt: string;
}

/** Marks the error appendEvents throws when an explicit version already exists. */
export const VERSION_CONFLICT = "version_conflict";

/** APIError `aborted` (409) naming the aggregate and version that already exist. */
export function versionConflictError(aggregateId: string, version: number | null, cause?: Error): APIError {
  const message = version === null
    ? `version conflict on aggregate ${aggregateId}: another writer appended first; reload and retry`
    : `version conflict: aggregate ${aggregateId} already has version ${version}; reload and retry`;
  return APIError.aborted(message, cause).withDetails({ reason: VERSION_CONFLICT, aggregateId, version });
}

export function isVersionConflict(err: unknown): boolean {
  const e = err as { code?: string; details?: { reason?: string } };
  return e?.code === "aborted" && e.details?.reason === VERSION_CONFLICT;
}

export function fromFinanceEvent(e: FinanceEvent): DomainEvent {
  return {
    eventId: e.eventId,
    aggregateId: e.transactionId,
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

export type ConflictMode =
  /** Any conflict (same event id, or same aggregate version) skips the row: redelivery is a no-op. */
  | "skip"
  /** A repeated event id is skipped (idempotent retry); an existing aggregate version is an error. */
  | "fail-on-version";

/**
 * Inserts events in one statement inside `tx`, under the seq-order lock.
 * Returns the rows actually inserted (skipped duplicates are absent), in seq order.
 */
export async function insertEvents(tx: Transaction, events: DomainEvent[], mode: ConflictMode): Promise<{ seq: number; eventId: string }[]> {
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
  // The conflict target comes from this closed map, never from input.
  const onConflict = mode === "skip" ? "ON CONFLICT DO NOTHING" : "ON CONFLICT (event_id) DO NOTHING";
  return tx.rawQueryAll<{ seq: number; eventId: string }>(
    `INSERT INTO domain_events (event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version)
     SELECT event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::text[]), jsonb_array_elements($5::jsonb),
                       unnest($6::uuid[]), unnest($7::uuid[]), unnest($8::uuid[]), unnest($9::timestamptz[]), unnest($10::integer[]))
            WITH ORDINALITY AS t(event_id, aggregate_id, aggregate_type, event_type, event_data, org_id, property_id, actor_user_id, occurred_at, version, ord)
      ORDER BY ord
     ${onConflict}
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

function versionConflict(err: unknown): APIError | null {
  const e = err as { code?: string; constraint?: string; detail?: string };
  if (e?.code !== "23505" || e.constraint !== "domain_events_aggregate_id_version_key") return null;
  // detail: Key (aggregate_id, version)=(0190…-…, 3) already exists.
  const m = /=\(([0-9a-f-]{36}), (\d+)\)/.exec(e.detail ?? "");
  return versionConflictError(m?.[1] ?? "unknown", m ? Number(m[2]) : null, err as Error);
}

/**
 * Appends events with the versions they carry, atomically: all or none.
 * A version that already exists for its aggregate fails the whole append
 * with versionConflictError (APIError `aborted`, details.reason `version_conflict`); re-appending an event id
 * that is already stored is a no-op. Returns the seq of each newly stored event.
 */
export async function appendEvents(events: DomainEvent[]): Promise<{ seq: number; eventId: string }[]> {
  if (events.length === 0) return [];
  if (events.length > MAX_APPEND_EVENTS) throw APIError.invalidArgument(`at most ${MAX_APPEND_EVENTS} events per append`);
  for (const e of events) {
    if (!Number.isInteger(e.version) || e.version < 1) throw APIError.invalidArgument(`event ${e.eventId}: version must be a positive integer`);
  }
  let inserted: { seq: number; eventId: string }[];
  try {
    await using tx = await db.begin();
    inserted = await insertEvents(tx, events, "fail-on-version");
    await notifyFinanceCommitted(tx, inserted.map((r) => r.seq));
    await tx.commit();
  } catch (err) {
    throw versionConflict(err) ?? err;
  }
  announce(events, inserted);
  return inserted;
}

interface EventRow {
  seq: number; eventId: string; aggregateId: string; aggregateType: string; eventType: string; eventData: Record<string, unknown>;
  orgId: string; propertyId: string; actorUserId: string | null; occurredAt: string; recordedAt: string; version: number;
}

/** The aggregate's events with version > fromVersion, in version order (bounded by `limit`). */
export async function getEvents(aggregateId: string, fromVersion = 0, limit = 1000): Promise<StoredEvent[]> {
  return db.queryAll<EventRow>`
    SELECT seq, event_id AS "eventId", aggregate_id AS "aggregateId", aggregate_type AS "aggregateType",
           event_type AS "eventType", event_data AS "eventData", org_id AS "orgId", property_id AS "propertyId",
           actor_user_id AS "actorUserId",
           to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
           to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt", version
      FROM domain_events
     WHERE aggregate_id = ${aggregateId} AND version > ${fromVersion}
     ORDER BY version
     LIMIT ${limit}`;
}

/** The highest version stored for an aggregate (0 when it has none). */
export async function currentVersion(aggregateId: string): Promise<number> {
  const row = await db.queryRow<{ v: number }>`SELECT coalesce(max(version), 0)::int AS v FROM domain_events WHERE aggregate_id = ${aggregateId}`;
  return row!.v;
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
