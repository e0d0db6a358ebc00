// The ledger's rules: who may create, approve, reject, edit and delete what,
// and how each change becomes a row update plus its event in one transaction.
import { v7 as uuidv7 } from "uuid";
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { isManager, requirePropertyAccess, requireRole } from "../shared/authz.ts";
import { businessDateOf, todayIn } from "../shared/business-date.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { Queryer } from "../shared/db.ts";
import { cashDeltas } from "./cash-effect.ts";
import { priorResponse, requestHash } from "./idempotency.ts";
import type { NewRow, PendingCreate } from "./create-row.ts";
import { createBatcher } from "./create-batcher.ts";
import { cachedTimezone, rememberTimezone } from "./timezones.ts";
import { archivedError } from "./archived.ts";
import { newId } from "../shared/ids.ts";
import { sentBackForApproval } from "./approved-edit.ts";
import { assertDatesOpen } from "./day-close.ts";
import { assertNoReversalLinks } from "./reversals.ts";
import { appendOutbox, outboxRelay } from "./outbox.ts";
import type { TransactionEvent, TransactionEventType, TransactionKind, TransactionSnapshot } from "./topics.ts";
import { lockRow, readTransaction, withPeopleNames, withReversals, writeRow, type LockedRow, type Transaction } from "./transactions.ts";
import { propertyFacts } from "./property-facts.ts";
import { userNames } from "./user-names.ts";

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface TransactionInput {
  propertyId: string;
  amountCents: number;
  paymentMode: "cash" | "bank";
  bankReference?: string | null;
  description?: string | null;
  source?: string;
  category?: string;
  occurredAt?: string;
  expenseDate?: string;
}

export type TransactionChanges = Partial<Omit<TransactionInput, "propertyId">> & { expectedVersion?: number; reason?: string | null };

/** The property's zone, from auth's facts (property-facts.ts, cached); a property of another organisation is not found. */
async function timezoneOf(auth: AuthData, propertyId: string): Promise<string> {
  requirePropertyAccess(auth, propertyId);
  const p = await propertyFacts.factOf(auth.orgId, propertyId);
  if (!p) throw APIError.notFound(`property ${propertyId} not found`);
  return p.timezone;
}

/** The business date a revenue's instant or an expense's date falls on, checked against the property's clock. */
function businessDate(kind: TransactionKind, tz: string, occurredAt: string | null | undefined, expenseDate: string | null | undefined, now = new Date()): string {
  if (kind === "revenue") {
    const at = new Date(occurredAt!);
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw APIError.invalidArgument("occurredAt: must not be more than 5 minutes in the future").withDetails({ field: "occurredAt" });
    }
    return businessDateOf(at, tz);
  }
  if (expenseDate! > todayIn(tz, now)) {
    throw APIError.invalidArgument("expenseDate: must not be after today in the property's time zone").withDetails({ field: "expenseDate" });
  }
  return expenseDate!;
}

function snapshotOf(t: Transaction | LockedRow, createdByUserId: string): TransactionSnapshot {
  return {
    amountCents: Number(t.amountCents), paymentMode: t.paymentMode, bankReference: t.bankReference, description: t.description,
    source: t.source, category: t.category, occurredAt: t.occurredAt, businessDate: t.businessDate, status: t.status,
    deleted: t.deleted, rejectionReason: t.rejectionReason, createdByUserId,
    // Only on reversals, so ordinary entries' events keep their shape.
    ...(t.reversesId ? { reversesId: t.reversesId } : {}),
  };
}

function event(type: TransactionEventType, kind: TransactionKind, auth: AuthData, propertyId: string, id: string, version: number,
  before: TransactionSnapshot | null, after: TransactionSnapshot, reason?: string | null): TransactionEvent {
  const changes = before
    ? (Object.keys(after) as (keyof TransactionSnapshot)[])
        .filter((f) => before[f] !== after[f])
        .map((f) => ({ field: f, from: before[f] as string | number | null, to: after[f] as string | number | null }))
    : [];
  return {
    eventId: uuidv7(), type, orgId: auth.orgId, propertyId, kind, transactionId: id, version,
    actorUserId: auth.userID, occurredAt: new Date().toISOString(), deltas: cashDeltas(kind, before, after), transaction: after, changes,
    ...(reason ? { reason } : {}),
  };
}

/** A create finding its property's zone changed since it was cached tries again with the new one, this many times at most. */
const CREATE_ATTEMPTS = 3;

/** What a create writes (create-row.ts), its business date computed in `tz`. */
export function pendingCreate(auth: AuthData, kind: TransactionKind, input: TransactionInput, id: string, tz: string,
  idempotency: PendingCreate["idempotency"], creatorName: string): PendingCreate {
  const approver = isManager(auth) ? auth.userID : null;
  const occurredAt = kind === "revenue" ? new Date(input.occurredAt!).toISOString() : null;
  const date = businessDate(kind, tz, input.occurredAt, input.expenseDate);
  const row: NewRow = {
    id, orgId: auth.orgId, propertyId: input.propertyId, amountCents: input.amountCents, paymentMode: input.paymentMode,
    bankReference: input.bankReference ?? null, description: input.description ?? null,
    sourceOrCategory: (kind === "revenue" ? input.source : input.category)!, occurredAt,
    businessDate: date, status: approver ? "approved" : "pending", createdByUserId: auth.userID, approvedByUserId: approver,
  };
  const snapshot: TransactionSnapshot = {
    amountCents: row.amountCents, paymentMode: row.paymentMode, bankReference: row.bankReference, description: row.description,
    source: kind === "revenue" ? row.sourceOrCategory : null, category: kind === "expense" ? row.sourceOrCategory : null,
    occurredAt, businessDate: date, status: row.status, deleted: false, rejectionReason: null, createdByUserId: auth.userID,
  };
  return { kind, row, timezone: tz, creatorName, event: event("transaction.created", kind, auth, input.propertyId, id, 1, null, snapshot), idempotency };
}

/** The hash a key's first request is stored with; a retry must match it. */
export const createRequestHash = (auth: AuthData, kind: TransactionKind, input: TransactionInput) => requestHash({ kind, userId: auth.userID, input });

export async function createTransaction(auth: AuthData, kind: TransactionKind, input: TransactionInput, idempotencyKey?: string): Promise<Transaction> {
  requirePropertyAccess(auth, input.propertyId);
  const idempotency = idempotencyKey ? { key: idempotencyKey, hash: createRequestHash(auth, kind, input) } : null;
  const id = newId();
  // Both cached per process, so a warm create makes no lookup before its batch.
  const creatorName = (await userNames.namesOf(auth.orgId, [auth.userID])).get(auth.userID);
  if (creatorName === undefined) throw new Error(`create of ${kind} ${id}: user ${auth.userID} is not in organisation ${auth.orgId}`);
  return withDbErrors(async () => {
    let tz = cachedTimezone(auth.orgId, input.propertyId) ?? (await propertyFacts.factOf(auth.orgId, input.propertyId))?.timezone ?? null;
    for (let attempt = 1; ; attempt++) {
      if (!tz) throw APIError.notFound(`property ${input.propertyId} not found`);
      const out = await createBatcher.submit(pendingCreate(auth, kind, input, id, tz, idempotency, creatorName));
      rememberTimezone(auth.orgId, input.propertyId, out.timezone);
      if (out.created) return out.response!;
      if (out.archived) {
        // A retry of an entry recorded before the archive still gets its answer.
        const prior = idempotency && await priorResponse<Transaction>(db, auth.orgId, idempotency.key, idempotency.hash);
        if (prior) return prior;
        throw archivedError(input.propertyId);
      }
      if (out.refused) {
        // A closed date refuses new entries, not the replay of one committed before the close.
        const prior = idempotency && await priorResponse<Transaction>(db, auth.orgId, idempotency.key, idempotency.hash);
        if (prior) return prior;
        throw out.refused;
      }
      if (out.timezone === tz) {
        // Property and zone matched, so only a taken key stops the write: replay its response (or, if it vanished meanwhile, create again).
        if (!idempotency) throw new Error(`create of ${kind} ${id} wrote nothing though property ${input.propertyId} matched`);
        const prior = await priorResponse<Transaction>(db, auth.orgId, idempotency.key, idempotency.hash);
        if (prior) return prior;
      }
      if (attempt >= CREATE_ATTEMPTS) throw APIError.unavailable("the property changed while this entry was being recorded; try again");
      tz = out.timezone;
    }
  });
}

/** Locks an entry the caller may see; anything else is "not found". */
async function lockVisible(q: Queryer, auth: AuthData, kind: TransactionKind, id: string): Promise<LockedRow> {
  const row = await lockRow(q, auth.orgId, kind, id);
  if (!row || row.deleted || !auth.propertyIds.includes(row.propertyId)) throw APIError.notFound(`${kind} ${id} not found`);
  return row;
}

async function change(
  auth: AuthData, kind: TransactionKind, id: string, type: TransactionEventType,
  decide: (row: LockedRow, tx: Queryer) => Promise<(TransactionSnapshot & { approvedByUserId: string | null; approve?: boolean; editedByUserId?: string; moneyEdited?: boolean; reason?: string | null }) | null>,
): Promise<Transaction> {
  const updated = await withDbErrors(async () => {
    await using tx = await db.begin();
    const row = await lockVisible(tx, auth, kind, id);
    const next = await decide(row, tx);
    if (next) {
      await assertDatesOpen(tx, auth.orgId, row.propertyId, [row.businessDate, next.businessDate]);
      await writeRow(tx, kind, row, next);
      const before = snapshotOf(row, row.createdByUserId);
      const after: TransactionSnapshot = { ...next, createdByUserId: row.createdByUserId };
      delete (after as Partial<typeof next>).approvedByUserId;
      delete (after as Partial<typeof next>).approve;
      delete (after as Partial<typeof next>).editedByUserId;
      delete (after as Partial<typeof next>).moneyEdited;
      delete (after as Partial<typeof next>).reason;
      await appendOutbox(tx, [event(type, kind, auth, row.propertyId, id, row.version + 1, before, after, next.reason)]);
    }
    const t = (await readTransaction(tx, auth.orgId, kind, id, next?.businessDate ?? row.businessDate))!;
    await tx.commit();
    return { t, changed: next !== null };
  });
  if (updated.changed) outboxRelay.nudge();
  return withPeopleNames(auth.orgId, updated.t);
}

function assertReviewable(auth: AuthData, row: LockedRow, action: "approve" | "reject") {
  requireRole(auth, "admin", "manager");
  if (row.createdByUserId === auth.userID) throw APIError.permissionDenied(`you cannot ${action} an entry you created; another manager must`);
  if (row.moneyEditedBy.includes(auth.userID)) {
    throw APIError.permissionDenied(`you cannot ${action} an entry whose amount, payment mode or date you changed; another manager must`);
  }
  if (row.lastEditedByUserId === auth.userID) throw APIError.permissionDenied(`you cannot ${action} an entry you changed; another manager must`);
  if (row.status !== "pending") throw APIError.failedPrecondition(`only pending entries can be ${action}d; this one is ${row.status}`);
}

export function approve(auth: AuthData, kind: TransactionKind, id: string): Promise<Transaction> {
  return change(auth, kind, id, "transaction.approved", async (row) => {
    assertReviewable(auth, row, "approve");
    return { ...snapshotOf(row, row.createdByUserId), status: "approved", approvedByUserId: auth.userID, approve: true };
  });
}

export function reject(auth: AuthData, kind: TransactionKind, id: string, reason: string): Promise<Transaction> {
  return change(auth, kind, id, "transaction.rejected", async (row) => {
    assertReviewable(auth, row, "reject");
    return { ...snapshotOf(row, row.createdByUserId), status: "rejected", rejectionReason: reason, approvedByUserId: null };
  });
}

/** Pending: its creator or a manager. Approved: a manager only, recorded as a correcting event. Rejected: final. */
function assertEditable(auth: AuthData, row: LockedRow, expectedVersion?: number) {
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw APIError.aborted(`this entry changed since you loaded it (version ${row.version}, you had ${expectedVersion}); reload and try again`);
  }
  if (row.status === "rejected") throw APIError.failedPrecondition("a rejected entry cannot be changed; record a new one");
  if (row.status === "approved" && !isManager(auth)) throw APIError.permissionDenied("only a manager can change an approved entry");
  if (row.status === "pending" && !isManager(auth) && row.createdByUserId !== auth.userID) {
    throw APIError.permissionDenied("only its creator or a manager can change a pending entry");
  }
}

/** The fields whose change alters what an entry does to the books: whoever changes one may not also approve it. */
const MONEY_FIELDS = ["amountCents", "paymentMode", "businessDate", "occurredAt"] as const satisfies readonly (keyof TransactionSnapshot)[];

export function edit(auth: AuthData, kind: TransactionKind, id: string, changes: TransactionChanges): Promise<Transaction> {
  return change(auth, kind, id, "transaction.updated", async (row, tx) => {
    assertEditable(auth, row, changes.expectedVersion);
    await assertNoReversalLinks(tx, auth.orgId, kind, row, "edit");
    const before = snapshotOf(row, row.createdByUserId);
    const occurredAt = kind === "revenue" ? changes.occurredAt ?? row.occurredAt : null;
    const dateMoved = kind === "revenue" ? changes.occurredAt !== undefined : changes.expenseDate !== undefined;
    // On the transaction's connection: holding one connection while waiting for another starves the pool under load.
    const tz = dateMoved ? await timezoneOf(auth, row.propertyId) : "";
    const next: TransactionSnapshot = {
      ...before,
      amountCents: changes.amountCents ?? before.amountCents,
      paymentMode: changes.paymentMode ?? before.paymentMode,
      bankReference: changes.bankReference !== undefined ? changes.bankReference : before.bankReference,
      description: changes.description !== undefined ? changes.description : before.description,
      source: kind === "revenue" ? changes.source ?? before.source : null,
      category: kind === "expense" ? changes.category ?? before.category : null,
      occurredAt: occurredAt ? new Date(occurredAt).toISOString() : null,
      businessDate: dateMoved ? businessDate(kind, tz, occurredAt, changes.expenseDate) : before.businessDate,
    };
    if (next.paymentMode === "bank" && !next.bankReference) {
      throw APIError.invalidArgument("bankReference: is required for bank payments").withDetails({ field: "bankReference" });
    }
    const changed = (Object.keys(next) as (keyof TransactionSnapshot)[]).some((f) => next[f] !== before[f]);
    const moneyEdited = MONEY_FIELDS.some((f) => next[f] !== before[f]);
    if (!changed) return null;
    if (row.status === "approved" && moneyEdited) return sentBackForApproval(next, changes.reason, auth.userID);
    return { ...next, approvedByUserId: row.approvedByUserId, editedByUserId: auth.userID, moneyEdited, reason: changes.reason ?? null };
  });
}

export function remove(auth: AuthData, kind: TransactionKind, id: string, expectedVersion?: number): Promise<Transaction> {
  return change(auth, kind, id, "transaction.deleted", async (row, tx) => {
    assertEditable(auth, row, expectedVersion);
    await assertNoReversalLinks(tx, auth.orgId, kind, row, "delete");
    return { ...snapshotOf(row, row.createdByUserId), deleted: true, approvedByUserId: row.approvedByUserId };
  });
}

export async function getTransaction(auth: AuthData, kind: TransactionKind, id: string): Promise<Transaction> {
  const t = await readTransaction(db, auth.orgId, kind, id);
  if (!t || t.deleted || !auth.propertyIds.includes(t.propertyId)) throw APIError.notFound(`${kind} ${id} not found`);
  await withReversals(db, auth.orgId, [t]);
  return withPeopleNames(auth.orgId, t);
}
