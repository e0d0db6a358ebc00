// SQL for revenues and expenses (owner: finance). Table names come from a
// closed map keyed by kind, never from input; values are always parameters.
import type { Queryer } from "../shared/db.ts";
import type { TransactionKind, TransactionSnapshot, TransactionStatus } from "./topics.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { userNames } from "./user-names.ts";

export interface UserRef { id: string; displayName: string }

/** A revenue or expense as the API returns it: the event snapshot's fields plus identity, people and times. */
export interface Transaction extends Omit<TransactionSnapshot, "createdByUserId"> {
  id: string;
  /** Why the reversal was recorded (reversals only). */
  reversalReason?: string | null;
  kind: TransactionKind;
  propertyId: string;
  createdBy: UserRef;
  approvedBy: UserRef | null;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Who last edited it, and everyone who changed its amount, payment mode or date: none of them may approve or reject it (ledger.ts assertReviewable). */
  lastEditedById: string | null;
  moneyEditedBy: string[];
  /** The live (not deleted, not rejected) reversals of an approved entry, oldest first; empty on any other. */
  reversedBy: ReversalRef[];
}

/** A reversal as its original lists it. */
export interface ReversalRef { id: string; businessDate: string; amountCents: number; status: TransactionStatus }

/** The stored row, locked for a change. */
export interface LockedRow extends TransactionSnapshot { id: string; orgId: string; propertyId: string; version: number; approvedByUserId: string | null; lastEditedByUserId: string | null; moneyEditedBy: string[] }

const TABLE: Record<TransactionKind, { table: string; dateColumn: string }> = {
  revenue: { table: "revenues", dateColumn: "business_date" },
  expense: { table: "expenses", dateColumn: "expense_date" },
};


/**
 * What makes a reversal count against its original: not deleted, not rejected. A live reversal is
 * dated on or after its original (reversals.ts refuses earlier), so the original's date bounds the search.
 */
export const LIVE_REVERSAL = ` AND r.deleted_at IS NULL AND r.status <> 'rejected'`;

const DTO_COLUMNS = `
  t.id, t.kind, t.property_id AS "propertyId", t.amount_cents AS "amountCents", t.payment_mode AS "paymentMode",
  t.bank_reference AS "bankReference", t.description, t.source, t.category, ${isoUtc("t.occurred_at")} AS "occurredAt",
  t.business_date::text AS "businessDate", t.status,
  json_build_object('id', t.created_by_user_id, 'displayName', NULL::text) AS "createdBy",
  CASE WHEN t.approved_by_user_id IS NULL THEN NULL ELSE json_build_object('id', t.approved_by_user_id, 'displayName', NULL::text) END AS "approvedBy",
  ${isoUtc("t.approved_at")} AS "approvedAt", t.rejection_reason AS "rejectionReason",
  ${isoUtc("t.created_at")} AS "createdAt", ${isoUtc("t.updated_at")} AS "updatedAt", t.deleted_at IS NOT NULL AS deleted, t.version,
  t.reverses_id AS "reversesId", t.reversal_reason AS "reversalReason",
  t.last_edited_by_user_id AS "lastEditedById", t.money_edited_by::text[] AS "moneyEditedBy", '[]'::json AS "reversedBy"`;

const DTO_FROM = `finance_transactions t`;

/**
 * Fills the people's display names, which auth owns (user-names.ts, cached):
 * one lookup per list at most, made after a write's transaction has
 * committed so no lock waits on it.
 */
export async function withPeopleNames<T extends Transaction | Transaction[]>(orgId: string, t: T): Promise<T> {
  await userNames.fill(orgId, (Array.isArray(t) ? t : [t]).flatMap((x) => [x.createdBy, x.approvedBy]));
  return t;
}

/**
 * Fills the live reversals of the approved originals among `rows`, in one query from the earliest of their
 * dates on. Write paths need not call it: an entry with live reversals is neither approved, rejected, edited
 * nor deleted (reversals.ts assertNoReversalLinks), so what they return has none.
 */
export async function withReversals<T extends Transaction[]>(q: Queryer, orgId: string, rows: T): Promise<T> {
  const originals = rows.filter((t) => t.status === "approved" && !t.reversesId);
  if (originals.length === 0) return rows;
  const from = originals.reduce((min, t) => (t.businessDate < min ? t.businessDate : min), originals[0].businessDate);
  const found = await q.rawQueryAll<ReversalRef & { kind: TransactionKind; reversesId: string }>(
    `SELECT r.kind, r.reverses_id::text AS "reversesId", r.id, r.business_date::text AS "businessDate", r.amount_cents AS "amountCents", r.status
       FROM finance_transactions r
      WHERE r.org_id = $1 AND r.reverses_id = ANY($2::uuid[]) AND r.business_date >= $3::date${LIVE_REVERSAL}
      ORDER BY r.id`,
    orgId, originals.map((t) => t.id), from,
  );
  const byOriginal = new Map(originals.map((t) => [`${t.kind}:${t.id}`, t]));
  for (const { kind, reversesId, ...ref } of found) byOriginal.get(`${kind}:${reversesId}`)?.reversedBy.push({ ...ref, amountCents: Number(ref.amountCents) });
  return rows;
}

/**
 * One entry by id. Pass its business date when the caller knows it (after a
 * lock or an insert): the read then touches one quarter's partition instead of
 * probing every partition's index (docs/architecture.md, "Partitioning").
 */
export async function readTransaction(q: Queryer, orgId: string, kind: TransactionKind, id: string, businessDate?: string): Promise<Transaction | null> {
  // Two texts, not one with "$4 IS NULL OR": a prepared statement's generic plan cannot prune through an OR.
  if (businessDate === undefined) return q.rawQueryRow<Transaction>(`SELECT ${DTO_COLUMNS} FROM ${DTO_FROM} WHERE t.org_id = $1 AND t.kind = $2 AND t.id = $3`, orgId, kind, id);
  return q.rawQueryRow<Transaction>(
    `SELECT ${DTO_COLUMNS} FROM ${DTO_FROM} WHERE t.org_id = $1 AND t.kind = $2 AND t.id = $3 AND t.business_date = $4::date`, orgId, kind, id, businessDate,
  );
}

/** Locks an entry by id alone (the API path carries no date), so it probes each partition's id index once. */
export async function lockRow(q: Queryer, orgId: string, kind: TransactionKind, id: string): Promise<LockedRow | null> {
  const { table, dateColumn } = TABLE[kind];
  return q.rawQueryRow<LockedRow>(
    `SELECT id, org_id AS "orgId", property_id AS "propertyId", amount_cents AS "amountCents",
            payment_mode AS "paymentMode", bank_reference AS "bankReference", description,
            ${kind === "revenue" ? "source" : "NULL::text"} AS source, ${kind === "expense" ? "category" : "NULL::text"} AS category,
            ${kind === "revenue" ? isoUtc("occurred_at") : "NULL::text"} AS "occurredAt", ${dateColumn}::text AS "businessDate",
            status, deleted_at IS NOT NULL AS deleted, rejection_reason AS "rejectionReason",
            created_by_user_id AS "createdByUserId", approved_by_user_id AS "approvedByUserId",
            last_edited_by_user_id AS "lastEditedByUserId", money_edited_by::text[] AS "moneyEditedBy", version,
            reverses_id AS "reversesId"
       FROM ${table} WHERE org_id = $1 AND id = $2 FOR UPDATE`,
    orgId, id,
  );
}

/** Writes the new state of a locked row and bumps its version; the row's stored date prunes to its partition (a new date in another quarter moves the row there). */
export async function writeRow(
  q: Queryer, kind: TransactionKind, row: LockedRow,
  next: TransactionSnapshot & { approvedByUserId: string | null; approve?: boolean; editedByUserId?: string; moneyEdited?: boolean },
): Promise<void> {
  const common = [
    row.orgId, row.id, next.amountCents, next.paymentMode, next.bankReference, next.description, next.status, next.businessDate,
    next.rejectionReason, next.approvedByUserId, next.approve ?? false, next.deleted, next.editedByUserId ?? null,
    next.moneyEdited && next.editedByUserId ? next.editedByUserId : null, row.businessDate,
  ];
  const shared = `amount_cents = $3, payment_mode = $4, bank_reference = $5, description = $6, status = $7,
    rejection_reason = $9, approved_by_user_id = $10,
    approved_at = CASE WHEN $11::boolean THEN now() WHEN $10::uuid IS NULL THEN NULL ELSE approved_at END,
    deleted_at = CASE WHEN $12::boolean THEN COALESCE(deleted_at, now()) ELSE NULL END,
    last_edited_by_user_id = COALESCE($13::uuid, last_edited_by_user_id),
    money_edited_by = CASE WHEN $14::uuid IS NULL OR $14::uuid = ANY(money_edited_by) THEN money_edited_by ELSE array_append(money_edited_by, $14::uuid) END,
    updated_at = now(), version = version + 1`;
  if (kind === "revenue") {
    await q.rawExec(
      `UPDATE revenues SET ${shared}, business_date = $8::date, source = $16, occurred_at = $17::timestamptz WHERE org_id = $1 AND id = $2 AND business_date = $15::date`,
      ...common, next.source, next.occurredAt,
    );
  } else {
    await q.rawExec(`UPDATE expenses SET ${shared}, expense_date = $8::date, category = $16 WHERE org_id = $1 AND id = $2 AND expense_date = $15::date`, ...common, next.category);
  }
}

export interface ListFilter {
  orgId: string;
  propertyIds: string[];
  kind?: TransactionKind;
  status?: TransactionStatus;
  from?: string;
  to?: string;
  paymentMode?: "cash" | "bank";
  category?: string;
  createdBy?: string;
  q?: string;
  limit: number;
  cursor?: { businessDate: string; id: string };
}

/** A search as a LIKE pattern (its own %, _ and \ taken literally), and as an amount when it reads as one. */
function searchTerms(q: string | undefined): { pattern: string | null; amountCents: number | null } {
  if (!q) return { pattern: null, amountCents: null };
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const amount = /^\d{1,13}(\.\d{1,2})?$/.test(q.replace(/,/g, "")) ? Math.round(Number(q.replace(/,/g, "")) * 100) : null;
  return { pattern, amountCents: amount };
}

/**
 * Newest business date first, then newest id (UUIDv7: creation order); keyset pagination on (business_date, id).
 * from/to and the cursor's date prune the quarters outside them, in custom and generic plans alike:
 * an absent bound is ±infinity rather than "$n IS NULL OR", which a generic plan cannot prune
 * through, and the cursor's date is a plain bound too, as pruning does not read a row comparison.
 * With none of them every quarter is opened, each index read stopping after the page.
 */
export async function listTransactions(q: Queryer, f: ListFilter): Promise<Transaction[]> {
  const terms = searchTerms(f.q);
  return withPeopleNames(f.orgId, await withReversals(q, f.orgId, await q.rawQueryAll<Transaction>(
    `SELECT ${DTO_COLUMNS} FROM ${DTO_FROM}
      WHERE t.org_id = $1 AND t.property_id = ANY($2::uuid[]) AND t.deleted_at IS NULL
        AND ($3::text IS NULL OR t.kind = $3)
        AND ($4::text IS NULL OR t.status = $4)
        AND t.business_date >= COALESCE($5::date, '-infinity'::date)
        AND t.business_date <= LEAST(COALESCE($6::date, 'infinity'::date), COALESCE($7::date, 'infinity'::date))
        AND ($7::date IS NULL OR (t.business_date, t.id) < ($7::date, $8::uuid))
        AND ($10::text IS NULL OR t.payment_mode = $10)
        AND ($11::text IS NULL OR COALESCE(t.source, t.category) = $11)
        AND ($12::uuid IS NULL OR t.created_by_user_id = $12)
        AND ($13::text IS NULL OR t.bank_reference ILIKE $13 OR t.description ILIKE $13 OR t.amount_cents = $14::bigint)
      ORDER BY t.business_date DESC, t.id DESC
      LIMIT $9`,
    f.orgId, f.propertyIds, f.kind ?? null, f.status ?? null, f.from ?? null, f.to ?? null,
    f.cursor?.businessDate ?? null, f.cursor?.id ?? null, f.limit,
    f.paymentMode ?? null, f.category ?? null, f.createdBy ?? null, terms.pattern, terms.amountCents,
  )));
}
