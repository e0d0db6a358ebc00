// Creates in one statement (owner: finance): each revenue or expense row, its
// outbox event and its idempotency key, written by one INSERT … WITH … so a
// create costs one round trip and one implicit transaction (all or nothing).
// Concurrent creates share that statement (group commit, create-batcher.ts):
// many rows, one round trip, one commit. The batch's day-close check
// (day-close.ts judgeCreates, in the same transaction) has already found each
// create's property in the caller's organisation, open for entries, with the
// time zone its business date was computed in; here only a key used before
// stops a create.
//
// The response a retry replays is built here too, from the values written and
// the creator's display name (from auth, cached: user-names.ts), so the
// stored response and the one returned are the same JSON, and nothing is
// read back.
import type { Queryer } from "../shared/db.ts";
import type { FinanceEvent, TransactionKind, TransactionStatus } from "./topics.ts";
import type { Transaction } from "./transactions.ts";
import { isoUtc } from "../shared/sql-time.ts";

export interface NewRow {
  id: string;
  orgId: string;
  propertyId: string;
  amountCents: number;
  paymentMode: "cash" | "bank";
  bankReference: string | null;
  description: string | null;
  sourceOrCategory: string;
  /** A revenue's instant, as the ISO string (milliseconds, UTC) the response shows; null for an expense. */
  occurredAt: string | null;
  businessDate: string;
  status: TransactionStatus;
  createdByUserId: string;
  /** The creator when they are a manager (approved at once), else null. */
  approvedByUserId: string | null;
}

export interface PendingCreate {
  kind: TransactionKind;
  row: NewRow;
  /** The zone the business date was computed in; nothing is written if the property's differs. */
  timezone: string;
  /** The creator's display name, for the response. */
  creatorName: string;
  event: FinanceEvent;
  idempotency: { key: string; hash: Buffer } | null;
}

export interface CreateOutcome {
  /** The property's zone as the batch found it; null when the property is not the organisation's. */
  timezone: string | null;
  /** True when the row, its event and its key were written. */
  created: boolean;
  /** The response as stored with the key (or as it would have been); null when the statement did not reach the create. */
  response: Transaction | null;
  /** Set when the create was not attempted because its date is closed or outside the editable window (day-close.ts). */
  refused?: Error;
  /** True when the property is archived: it takes no new entries (nothing was written). */
  archived?: boolean;
}

// One JSON array of creates, split by json_to_recordset: one parameter
// whatever the batch size, so the statement is prepared once. Each create's
// response is completed once (c) and every later step reads c or filters by
// a hashed IN: joining CTEs to each other by position made nested loops over
// CTE scans (rows estimated 1), 23,562 comparisons and about 100 ms for a
// batch of 154 (auto_explain in bench:write).
const SQL = `
  WITH x AS (
    SELECT * FROM json_to_recordset($1::json) AS x(
      i int, kind text, id uuid, org_id uuid, property_id uuid, base jsonb, approved boolean, user_id uuid,
      key text, hash text, event json, amount_cents bigint, payment_mode text, bank_reference text, description text,
      source_or_category text, business_date date, status text, occurred_at timestamptz)
  ), n AS (
    SELECT ${isoUtc("now()")} AS at
  ), c AS (
    SELECT x.*, x.base || jsonb_build_object(
             'approvedAt', CASE WHEN x.approved THEN to_jsonb(n.at) ELSE 'null'::jsonb END,
             'createdAt', n.at, 'updatedAt', n.at) AS response
      FROM x CROSS JOIN n
  ), claim AS (
    INSERT INTO idempotency_keys (org_id, key, request_hash, response)
    SELECT org_id, key, decode(hash, 'hex'), response FROM c
     WHERE key IS NOT NULL
    ON CONFLICT (org_id, key) DO NOTHING
    RETURNING org_id, key
  ), go AS (
    SELECT * FROM c
     WHERE key IS NULL OR (org_id, key) IN (SELECT org_id, key FROM claim)
  ), rev AS (
    INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, source, business_date, status,
                          created_by_user_id, approved_by_user_id, approved_at, occurred_at)
    SELECT id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, source_or_category, business_date, status,
           user_id, CASE WHEN approved THEN user_id END, CASE WHEN approved THEN now() END, occurred_at
      FROM go WHERE kind = 'revenue'
    RETURNING id
  ), exp AS (
    INSERT INTO expenses (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, category, expense_date, status,
                          created_by_user_id, approved_by_user_id, approved_at)
    SELECT id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, source_or_category, business_date, status,
           user_id, CASE WHEN approved THEN user_id END, CASE WHEN approved THEN now() END
      FROM go WHERE kind = 'expense'
    RETURNING id
  ), written AS (
    SELECT id FROM rev UNION ALL SELECT id FROM exp
  ), queued AS (
    INSERT INTO finance_outbox (event) SELECT event FROM go WHERE id IN (SELECT id FROM written) ORDER BY i
  )
  SELECT i, id IN (SELECT id FROM written) AS created, response
    FROM c
   ORDER BY i`;

/** The response's fields that do not come from the database (its times are added by the statement). */
function baseOf(c: PendingCreate): Omit<Transaction, "approvedAt" | "createdAt" | "updatedAt"> {
  const { kind, row } = c;
  const creator = { id: row.createdByUserId, displayName: c.creatorName };
  return {
    id: row.id, kind, propertyId: row.propertyId, amountCents: row.amountCents, paymentMode: row.paymentMode,
    bankReference: row.bankReference, description: row.description,
    source: kind === "revenue" ? row.sourceOrCategory : null, category: kind === "expense" ? row.sourceOrCategory : null,
    occurredAt: row.occurredAt, businessDate: row.businessDate, status: row.status, rejectionReason: null, deleted: false, version: 1,
    reversesId: null, reversalReason: null, lastEditedById: null, moneyEditedBy: [], reversedBy: [],
    createdBy: creator, approvedBy: row.approvedByUserId ? creator : null,
  };
}

/**
 * Writes every create of `items` (each already judged writable), in one
 * statement, and answers for each (same order) whether it was written: only
 * a key used before stops one. Two creates with the same organisation and key
 * must not share a call (the caller's batcher keeps them apart). A failure of
 * the statement writes none of them.
 */
export async function createRows(q: Queryer, items: PendingCreate[]): Promise<{ created: boolean; response: Transaction }[]> {
  // The event happens when its statement runs, not when its request arrived: a
  // create that waited in the batcher (create-batcher.ts, paused while the fold
  // is behind) would otherwise carry that wait into the fold's lag, which is
  // what decides the pause (shared/pipeline-pressure.ts), and the pause would
  // keep itself going.
  const sentAt = new Date().toISOString();
  for (const c of items) c.event.occurredAt = sentAt;
  const input = items.map((c, i) => ({
    i, kind: c.kind, id: c.row.id, org_id: c.row.orgId, property_id: c.row.propertyId, base: baseOf(c),
    approved: c.row.approvedByUserId !== null, user_id: c.row.createdByUserId,
    key: c.idempotency?.key ?? null, hash: c.idempotency?.hash.toString("hex") ?? null, event: c.event,
    amount_cents: c.row.amountCents, payment_mode: c.row.paymentMode, bank_reference: c.row.bankReference, description: c.row.description,
    source_or_category: c.row.sourceOrCategory, business_date: c.row.businessDate, status: c.row.status, occurred_at: c.row.occurredAt,
  }));
  const rows = await q.rawQueryAll<{ i: number; created: boolean; response: Transaction }>(SQL, input);
  if (rows.length !== items.length) throw new Error(`create statement answered ${rows.length} rows for ${items.length} creates`);
  return rows.map((r) => ({ created: r.created, response: r.response }));
}
