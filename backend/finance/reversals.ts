// Reversals and refunds: an approved entry is corrected by a new entry of the
// same kind that references it, with a reason, on an open date (today by
// default), never by editing or deleting it once its day is closed. Its cash
// effect is the negative of its amount (cash-effect.ts); a refund is a
// reversal of part of a revenue. The amounts reversed never exceed the
// original: the original's row is locked while the remainder is checked.
import { v7 as uuidv7 } from "uuid";
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { isManager, requirePropertyAccess } from "../shared/authz.ts";
import { businessDateOf, todayIn } from "../shared/business-date.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";
import { cashDeltas } from "./cash-effect.ts";
import { assertDatesOpen } from "./day-close.ts";
import { appendOutbox, outboxRelay } from "./outbox.ts";
import type { TransactionKind, TransactionSnapshot } from "./topics.ts";
import { LIVE_REVERSAL, lockRow, readTransaction, withPeopleNames, type Transaction } from "./transactions.ts";
import { propertyFacts } from "./property-facts.ts";

export interface ReversalInput {
  reason: string;
  /** Default: all that is not reversed yet. */
  amountCents?: number;
  /** Default: the property's today. */
  date?: string;
  /** Default: the original's (a bank revenue may be refunded in cash). */
  paymentMode?: "cash" | "bank";
  bankReference?: string | null;
}

/**
 * Live reversals of an entry (transactions.ts LIVE_REVERSAL) and how much they take
 * back. A live reversal is never edited, and its original is not edited while it
 * lives, so `from` (the original's date) bounds them and prunes the partitions before it.
 */
async function reversedSoFar(q: Queryer, orgId: string, kind: TransactionKind, id: string, from: string): Promise<{ n: number; cents: number }> {
  const r = await q.rawQueryRow<{ n: number; cents: number }>(
    `SELECT count(*)::int AS n, COALESCE(sum(r.amount_cents), 0)::int8 AS cents FROM finance_transactions r
      WHERE r.org_id = $1 AND r.kind = $2 AND r.reverses_id = $3::uuid AND r.business_date >= $4::date${LIVE_REVERSAL}`,
    orgId, kind, id, from,
  );
  return { n: r!.n, cents: Number(r!.cents) };
}

/** Refuses editing or deleting an entry that has live reversals: they would then take back more than it holds. */
export async function assertNotReversed(q: Queryer, orgId: string, kind: TransactionKind, id: string, businessDate: string): Promise<void> {
  const r = await reversedSoFar(q, orgId, kind, id, businessDate);
  if (r.n > 0) {
    throw APIError.failedPrecondition(`this ${kind} has ${r.n} reversal${r.n === 1 ? "" : "s"}; delete or reject ${r.n === 1 ? "it" : "them"} before changing it`)
      .withDetails({ reason: "has_reversals" });
  }
}

/** An instant on `date` in `tz` (noon there, for a revenue reversal dated on a day other than today). */
function instantOn(date: string, tz: string): string {
  const noonUtc = Date.parse(`${date}T12:00:00Z`);
  for (let k = 0; k <= 14; k++) {
    for (const h of k === 0 ? [0] : [-k, k]) {
      const t = new Date(noonUtc + h * 3_600_000);
      if (businessDateOf(t, tz) === date) return t.toISOString();
    }
  }
  throw new Error(`no instant on ${date} in ${tz}`);
}

/** Records a reversal of an approved entry. Staff's start pending; a manager's or admin's are approved at once (as their entries are). */
export async function reverse(auth: AuthData, kind: TransactionKind, id: string, input: ReversalInput): Promise<Transaction> {
  const result = await withDbErrors(async () => {
    await using tx = await db.begin();
    const original = await lockRow(tx, auth.orgId, kind, id);
    if (!original || original.deleted || !auth.propertyIds.includes(original.propertyId)) throw APIError.notFound(`${kind} ${id} not found`);
    requirePropertyAccess(auth, original.propertyId);
    if (original.reversesId) throw APIError.failedPrecondition("a reversal cannot itself be reversed; delete it while its day is open, or reverse the original entry again").withDetails({ reason: "is_reversal" });
    if (original.status !== "approved") {
      throw APIError.failedPrecondition(`only an approved entry is reversed; this one is ${original.status} (${original.status === "pending" ? "edit, reject or delete it instead" : "it never counted"})`).withDetails({ reason: "not_approved" });
    }
    const facts = await propertyFacts.factOf(auth.orgId, original.propertyId);
    if (!facts) throw APIError.notFound(`${kind} ${id} not found`);
    const tz = facts.timezone;
    const today = todayIn(tz);
    const date = input.date ?? today;
    if (date > today) throw APIError.invalidArgument(`date: must not be after today in the property's time zone (${today})`).withDetails({ field: "date" });
    if (date < original.businessDate) throw APIError.invalidArgument(`date: a reversal cannot be dated before the entry it reverses (${original.businessDate})`).withDetails({ field: "date" });
    const done = await reversedSoFar(tx, auth.orgId, kind, id, original.businessDate);
    const remaining = Number(original.amountCents) - done.cents;
    const amount = input.amountCents ?? remaining;
    if (remaining <= 0) throw APIError.failedPrecondition(`this ${kind} is already fully reversed`).withDetails({ reason: "fully_reversed" });
    if (amount > remaining) {
      throw APIError.invalidArgument(`amountCents: at most ${remaining} of this ${kind}'s ${original.amountCents} is left to reverse`).withDetails({ field: "amountCents", remainingCents: remaining });
    }
    const paymentMode = input.paymentMode ?? original.paymentMode;
    const bankReference = input.bankReference !== undefined ? input.bankReference : paymentMode === original.paymentMode ? original.bankReference : null;
    if (paymentMode === "bank" && !bankReference) throw APIError.invalidArgument("bankReference: is required for bank payments").withDetails({ field: "bankReference" });
    await assertDatesOpen(tx, auth.orgId, original.propertyId, [date]);

    const approver = isManager(auth) ? auth.userID : null;
    const newRowId = newId();
    const description = `Reversal of ${kind} ${id}`;
    if (kind === "revenue") {
      await tx.exec`
        INSERT INTO revenues (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, source, occurred_at, business_date,
                              status, created_by_user_id, approved_by_user_id, approved_at, reverses_id, reversal_reason)
        VALUES (${newRowId}, ${auth.orgId}, ${original.propertyId}, ${amount}, ${paymentMode}, ${bankReference}, ${description}, ${original.source},
                ${date === today ? new Date().toISOString() : instantOn(date, tz)}::timestamptz, ${date}::date,
                ${approver ? "approved" : "pending"}, ${auth.userID}, ${approver}, ${approver ? new Date().toISOString() : null}::timestamptz, ${id}::uuid, ${input.reason})`;
    } else {
      await tx.exec`
        INSERT INTO expenses (id, org_id, property_id, amount_cents, payment_mode, bank_reference, description, category, expense_date,
                              status, created_by_user_id, approved_by_user_id, approved_at, reverses_id, reversal_reason)
        VALUES (${newRowId}, ${auth.orgId}, ${original.propertyId}, ${amount}, ${paymentMode}, ${bankReference}, ${description}, ${original.category},
                ${date}::date, ${approver ? "approved" : "pending"}, ${auth.userID}, ${approver}, ${approver ? new Date().toISOString() : null}::timestamptz, ${id}::uuid, ${input.reason})`;
    }
    const created = (await readTransaction(tx, auth.orgId, kind, newRowId, date))!;
    const snapshot: TransactionSnapshot = {
      amountCents: Number(created.amountCents), paymentMode: created.paymentMode, bankReference: created.bankReference, description: created.description,
      source: created.source, category: created.category, occurredAt: created.occurredAt, businessDate: created.businessDate, status: created.status,
      deleted: false, rejectionReason: null, createdByUserId: auth.userID, reversesId: id,
    };
    await appendOutbox(tx, [{
      eventId: uuidv7(), type: "transaction.created", orgId: auth.orgId, propertyId: original.propertyId, kind, transactionId: newRowId, version: created.version,
      actorUserId: auth.userID, occurredAt: new Date().toISOString(), deltas: cashDeltas(kind, null, snapshot), transaction: snapshot, changes: [], reason: input.reason,
    }]);
    await tx.commit();
    return created;
  });
  outboxRelay.nudge();
  return withPeopleNames(auth.orgId, result);
}

/** What the ledger checks before an edit or delete: a reversal is not edited (delete it and record another), and a reversed entry is neither edited nor deleted. */
export async function assertNoReversalLinks(q: Queryer, orgId: string, kind: TransactionKind, row: { id: string; businessDate: string; reversesId?: string | null }, action: "edit" | "delete"): Promise<void> {
  if (row.reversesId && action === "edit") {
    throw APIError.failedPrecondition("a reversal cannot be edited; delete it while its day is open and record a new one").withDetails({ reason: "is_reversal" });
  }
  await assertNotReversed(q, orgId, kind, row.id, row.businessDate);
}
