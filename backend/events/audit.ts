// The audit trail, read from domain_events: one transaction's full history in
// version order, or the organisation's activity feed newest first. Every
// query is scoped to the caller's organisation, and to their properties for
// staff.
import { db } from "../../database.ts";
import type { CashDelta, DaySnapshot, ShiftSnapshot, TransactionSnapshot } from "../finance/topics.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { userNames } from "./user-names.ts";

/** Who did what to which transaction, shift or business day, when, and what changed. */
export interface AuditEntry {
  /** Position in the organisation's event stream (the live stream's event id). */
  seq: number;
  eventId: string;
  /** What the event is about: the entry's id; for kind "shift" the shift's; for kind "day" the day-log entry's. */
  transactionId: string;
  /** revenue, expense, movement, shift or day. */
  kind: string;
  type: string;
  version: number;
  propertyId: string;
  actor: { id: string | null; displayName: string | null };
  occurredAt: string;
  recordedAt: string;
  /** For updates: each changed field before and after. */
  changes: { field: string; from: string | number | null; to: string | number | null }[];
  /** The cash-book effect of the change. */
  deltas: CashDelta[];
  /** The transaction as it was after the change (null for shift and day events). */
  transaction: TransactionSnapshot | null;
  /** Shift events: the shift's figures after the step (float, counted, expected, over/short, blind). */
  shift: ShiftSnapshot | null;
  /** Day events: the business date, and for a close the figures it froze. */
  day: DaySnapshot | null;
  /** Why, for a change that needed a reason (an approved entry's money edited, a reversal). */
  reason: string | null;
}

export interface AuditFilter {
  orgId: string;
  /** null: every property of the organisation (managers, admins). */
  propertyIds: string[] | null;
  /** Staff: shift events only of this user's own shifts (the shifts API shows staff only theirs); null for managers and admins. */
  shiftsOf: string | null;
  transactionId?: string;
  propertyId?: string;
  userId?: string;
  type?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Transaction history: the last version seen. Feed: the last seq seen. */
  after?: number;
}

const COLUMNS = `
  e.seq, e.event_id AS "eventId", e.aggregate_id AS "transactionId", e.aggregate_type AS kind,
  e.event_type AS type, e.version, e.property_id AS "propertyId",
  json_build_object('id', e.actor_user_id, 'displayName', NULL::text) AS actor,
  ${isoUtc("e.occurred_at")} AS "occurredAt",
  ${isoUtc("e.recorded_at")} AS "recordedAt",
  coalesce(e.event_data->'changes', '[]'::jsonb) AS changes,
  coalesce(e.event_data->'deltas', '[]'::jsonb) AS deltas,
  e.event_data->'transaction' AS transaction, e.event_data->'shift' AS shift, e.event_data->'day' AS day,
  e.event_data->>'reason' AS reason`;

/** Actors' names come from auth (which owns users), filled after the rows are read. */
async function withActorNames(orgId: string, entries: AuditEntry[]): Promise<AuditEntry[]> {
  await userNames.fill(orgId, entries.map((e) => e.actor));
  return entries;
}

/** One transaction's events in version order, after version `after`. */
export async function transactionHistory(f: AuditFilter & { transactionId: string }): Promise<AuditEntry[]> {
  return withActorNames(f.orgId, await db.rawQueryAll<AuditEntry>(
    `SELECT ${COLUMNS}
       FROM domain_events e
      WHERE e.org_id = $1 AND e.aggregate_id = $2
        AND ($3::uuid[] IS NULL OR e.property_id = ANY($3::uuid[]))
        AND e.version > $4
        AND ($5::uuid IS NULL OR e.property_id = $5)
        AND ($6::uuid IS NULL OR e.actor_user_id = $6)
        AND ($7::text IS NULL OR e.event_type = $7)
        AND ($8::timestamptz IS NULL OR e.occurred_at >= $8)
        AND ($9::timestamptz IS NULL OR e.occurred_at < $9)
        AND ($11::text IS NULL OR e.aggregate_type <> 'shift' OR e.event_data->'shift'->>'cashierUserId' = $11::text)
      ORDER BY e.version
      LIMIT $10`,
    f.orgId, f.transactionId, f.propertyIds, f.after ?? 0, f.propertyId ?? null, f.userId ?? null, f.type ?? null, f.from ?? null, f.to ?? null, f.limit, f.shiftsOf,
  ));
}

/** The organisation's events newest first, before seq `after`. */
export async function activityFeed(f: AuditFilter): Promise<AuditEntry[]> {
  return withActorNames(f.orgId, await db.rawQueryAll<AuditEntry>(
    `SELECT ${COLUMNS}
       FROM domain_events e
      WHERE e.org_id = $1
        AND ($2::uuid[] IS NULL OR e.property_id = ANY($2::uuid[]))
        AND ($3::bigint IS NULL OR e.seq < $3)
        AND ($4::uuid IS NULL OR e.property_id = $4)
        AND ($5::uuid IS NULL OR e.actor_user_id = $5)
        AND ($6::text IS NULL OR e.event_type = $6)
        AND ($7::timestamptz IS NULL OR e.occurred_at >= $7)
        AND ($8::timestamptz IS NULL OR e.occurred_at < $8)
        AND ($10::text IS NULL OR e.aggregate_type <> 'shift' OR e.event_data->'shift'->>'cashierUserId' = $10::text)
      ORDER BY e.seq DESC
      LIMIT $9`,
    f.orgId, f.propertyIds, f.after ?? null, f.propertyId ?? null, f.userId ?? null, f.type ?? null, f.from ?? null, f.to ?? null, f.limit, f.shiftsOf,
  ));
}
