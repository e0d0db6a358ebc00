// A create in one statement (owner: finance): the revenue or expense row, its
// outbox event and its idempotency key, written by one INSERT … WITH … so a
// create is one round trip and one implicit transaction (all three or
// nothing). The statement writes only if the property exists in the caller's
// organisation with the time zone the business date was computed in, and the
// key (when given) was not used before; it answers what it found, so the
// caller can tell which of those stopped it.
//
// The response a retry replays is built here too, from the values the row is
// written with and the creator's display name, so the stored response and the
// one returned are the same JSON, and no read-back is needed.
import type { Queryer } from "../shared/db.ts";
import type { FinanceEvent, TransactionKind, TransactionStatus } from "./topics.ts";
import type { Transaction } from "./transactions.ts";

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

export interface CreateOutcome {
  /** The property's zone in the database; null when the property is not the organisation's. */
  timezone: string | null;
  /** True when the row, its event and its key were written. */
  created: boolean;
  /** The response as stored with the key (or as it would have been). */
  response: Transaction;
}

const ISO_NOW = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// $1 org, $2 property, $3 expected time zone, $4 response without people and times,
// $5 approved at once, $6 creator, $7 idempotency key or null, $8 request hash,
// $9 event, $10 id, $11 amount, $12 payment mode, $13 bank reference, $14 description,
// $15 source or category, $16 business date, $17 status, $18 occurred at (revenues).
const HEAD = `
  WITH p AS (
    SELECT timezone FROM properties WHERE org_id = $1::uuid AND id = $2::uuid
  ), dto AS (
    SELECT $4::jsonb || jsonb_build_object(
             'createdBy', jsonb_build_object('id', u.id, 'displayName', u.display_name),
             'approvedBy', CASE WHEN $5::boolean THEN jsonb_build_object('id', u.id, 'displayName', u.display_name) ELSE 'null'::jsonb END,
             'approvedAt', CASE WHEN $5::boolean THEN to_jsonb(n.at) ELSE 'null'::jsonb END,
             'createdAt', n.at, 'updatedAt', n.at) AS response
      FROM users u, (SELECT ${ISO_NOW} AS at) n
     WHERE u.id = $6::uuid AND u.org_id = $1::uuid
  ), ok AS (
    SELECT 1 FROM p, dto WHERE p.timezone = $3::text
  ), claim AS (
    INSERT INTO idempotency_keys (org_id, key, request_hash, response)
    SELECT $1::uuid, $7::text, $8::bytea, dto.response FROM dto, ok WHERE $7::text IS NOT NULL
    ON CONFLICT (org_id, key) DO NOTHING
    RETURNING 1
  ), ins AS (`;

const TAIL = `
    RETURNING 1
  ), queued AS (
    INSERT INTO finance_outbox (event) SELECT $9::json FROM ins
  )
  SELECT (SELECT timezone FROM p) AS timezone, EXISTS (SELECT FROM ins) AS created, (SELECT response FROM dto) AS response`;

const APPROVAL = `$6::uuid, CASE WHEN $5::boolean THEN $6::uuid END, CASE WHEN $5::boolean THEN now() END`;
const ONLY_IF = `FROM ok WHERE $7::text IS NULL OR EXISTS (SELECT FROM claim)`;

const SQL: Record<TransactionKind, string> = {
  revenue: `${HEAD}
    INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, source, business_date, status,
                          created_by_user_id, approved_by_user_id, approved_at, occurred_at)
    SELECT $10::uuid, $1::uuid, $2::uuid, $11::bigint, $12::text, $13::text, $14::text, $15::text, $16::date, $17::text, ${APPROVAL}, $18::timestamptz
    ${ONLY_IF}${TAIL}`,
  expense: `${HEAD}
    INSERT INTO expenses (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, category, expense_date, status,
                          created_by_user_id, approved_by_user_id, approved_at)
    SELECT $10::uuid, $1::uuid, $2::uuid, $11::bigint, $12::text, $13::text, $14::text, $15::text, $16::date, $17::text, ${APPROVAL}
    ${ONLY_IF}${TAIL}`,
};

/**
 * Writes the row, its event and (with a key) the key and its response in one
 * statement, provided the property's zone is still `timezone`. Writes nothing
 * when the property is missing or its zone differs, or the key exists.
 */
export async function createRow(
  q: Queryer, kind: TransactionKind, row: NewRow, timezone: string, event: FinanceEvent,
  idempotency: { key: string; hash: Buffer } | null,
): Promise<CreateOutcome> {
  const base: Omit<Transaction, "createdBy" | "approvedBy" | "approvedAt" | "createdAt" | "updatedAt"> = {
    id: row.id, kind, propertyId: row.propertyId, amountCents: row.amountCents, paymentMode: row.paymentMode,
    bankReference: row.bankReference, description: row.description,
    source: kind === "revenue" ? row.sourceOrCategory : null, category: kind === "expense" ? row.sourceOrCategory : null,
    occurredAt: row.occurredAt, businessDate: row.businessDate, status: row.status, rejectionReason: null, deleted: false, version: 1,
  };
  const params: unknown[] = [
    row.orgId, row.propertyId, timezone, base, row.approvedByUserId !== null, row.createdByUserId,
    idempotency?.key ?? null, idempotency?.hash ?? null, event,
    row.id, row.amountCents, row.paymentMode, row.bankReference, row.description, row.sourceOrCategory, row.businessDate, row.status,
  ];
  if (kind === "revenue") params.push(row.occurredAt);
  const out = await q.rawQueryRow<CreateOutcome>(SQL[kind], ...(params as never[]));
  return out!;
}
