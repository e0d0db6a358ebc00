// Cash movements: cash drops and bank deposits (cash out, bank in), float
// top-ups (cash in, bank out) and paid-outs (cash out), which move the cash
// book's cash and bank without entering revenue or expense totals. Same
// maker-checker as revenues and expenses (staff's start pending; a manager
// or admin approves, never their own), the same day-close and editable-window
// checks, and an event on the finance topic for every change.
import { v7 as uuidv7 } from "uuid";
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { isManager, requirePropertyAccess, requireRole } from "../shared/authz.ts";
import { todayIn } from "../shared/business-date.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";
import { cashDeltas, MOVEMENT_EFFECT } from "./cash-effect.ts";
import { archivedError } from "./archived.ts";
import { assertDatesOpen } from "./day-close.ts";
import { appendOutbox, outboxRelay } from "./outbox.ts";
import type { MovementType, TransactionEventType, TransactionSnapshot, TransactionStatus } from "./topics.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { userNames } from "./user-names.ts";
import { propertyFacts } from "./property-facts.ts";

/** A cash movement as the API returns it. */
export interface Movement {
  id: string;
  kind: "movement";
  propertyId: string;
  movementType: MovementType;
  amountCents: number;
  /** The signed effect on cash in hand and on the bank once approved. */
  cashEffectCents: number;
  bankEffectCents: number;
  businessDate: string;
  bankReference: string | null;
  description: string | null;
  status: TransactionStatus;
  rejectionReason: string | null;
  createdBy: { id: string; displayName: string | null };
  approvedBy: { id: string; displayName: string | null } | null;
  approvedAt: string | null;
  createdAt: string;
  version: number;
}

export interface MovementInput {
  propertyId: string;
  movementType: MovementType;
  amountCents: number;
  /** Default: the property's today. */
  date?: string;
  bankReference?: string | null;
  description?: string | null;
}

interface Row { id: string; propertyId: string; movementType: MovementType; amountCents: number; businessDate: string; bankReference: string | null; description: string | null;
  status: TransactionStatus; rejectionReason: string | null; deleted: boolean; createdByUserId: string; version: number }

const COLUMNS = `m.id, 'movement' AS kind, m.property_id AS "propertyId", m.movement_type AS "movementType", m.amount_cents AS "amountCents",
  m.cash_effect_cents AS "cashEffectCents", m.bank_effect_cents AS "bankEffectCents", m.business_date::text AS "businessDate",
  m.bank_reference AS "bankReference", m.description, m.status, m.rejection_reason AS "rejectionReason",
  json_build_object('id', m.created_by_user_id, 'displayName', NULL::text) AS "createdBy",
  CASE WHEN m.approved_by_user_id IS NULL THEN NULL ELSE json_build_object('id', m.approved_by_user_id, 'displayName', NULL::text) END AS "approvedBy",
  ${isoUtc("m.approved_at")} AS "approvedAt", ${isoUtc("m.created_at")} AS "createdAt", m.version`;
const FROM = `cash_movements m`;

/** People's names come from auth (user-names.ts), filled once a write's transaction has committed. */
async function withNames<T extends Movement | Movement[] | null>(orgId: string, m: T): Promise<T> {
  if (m) await userNames.fill(orgId, (Array.isArray(m) ? m : [m]).flatMap((x) => [x.createdBy, x.approvedBy]));
  return m;
}

const numbers = (m: Movement): Movement => ({ ...m, amountCents: Number(m.amountCents), cashEffectCents: Number(m.cashEffectCents), bankEffectCents: Number(m.bankEffectCents) });

async function read(q: Queryer, orgId: string, id: string): Promise<Movement | null> {
  const m = await q.rawQueryRow<Movement>(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL`, orgId, id);
  return m && numbers(m);
}

function snapshot(r: Pick<Row, "amountCents" | "businessDate" | "bankReference" | "description" | "status" | "rejectionReason" | "deleted" | "createdByUserId" | "movementType">): TransactionSnapshot {
  return {
    amountCents: Number(r.amountCents), paymentMode: "cash", bankReference: r.bankReference, description: r.description, source: null, category: null,
    occurredAt: null, businessDate: r.businessDate, status: r.status, deleted: r.deleted, rejectionReason: r.rejectionReason,
    createdByUserId: r.createdByUserId, movementType: r.movementType,
  };
}

async function publish(q: Queryer, auth: AuthData, type: TransactionEventType, r: { id: string; propertyId: string; version: number }, before: TransactionSnapshot | null, after: TransactionSnapshot): Promise<void> {
  const changes = before
    ? (Object.keys(after) as (keyof TransactionSnapshot)[]).filter((f) => before[f] !== after[f])
        .map((f) => ({ field: f, from: (before[f] ?? null) as string | number | null, to: (after[f] ?? null) as string | number | null }))
    : [];
  await appendOutbox(q, [{
    eventId: uuidv7(), type, orgId: auth.orgId, propertyId: r.propertyId, kind: "movement", transactionId: r.id, version: r.version,
    actorUserId: auth.userID, occurredAt: new Date().toISOString(), deltas: cashDeltas("movement", before, after), transaction: after, changes,
  }]);
}

export async function createMovement(auth: AuthData, input: MovementInput): Promise<Movement> {
  requirePropertyAccess(auth, input.propertyId);
  if (input.movementType === "bank_deposit" && !input.bankReference) {
    throw APIError.invalidArgument("bankReference: is required for a bank deposit (the deposit slip or transfer reference)").withDetails({ field: "bankReference" });
  }
  const created = await withDbErrors(async () => {
    await using tx = await db.begin();
    const p = await propertyFacts.factOf(auth.orgId, input.propertyId);
    if (!p) throw APIError.notFound(`property ${input.propertyId} not found`);
    if (p.archived) throw archivedError(input.propertyId);
    const today = todayIn(p.timezone);
    const date = input.date ?? today;
    if (date > today) throw APIError.invalidArgument(`date: must not be after today in the property's time zone (${today})`).withDetails({ field: "date" });
    await assertDatesOpen(tx, auth.orgId, input.propertyId, [date]);
    const approver = isManager(auth) ? auth.userID : null;
    const effect = MOVEMENT_EFFECT[input.movementType];
    const id = newId();
    await tx.exec`
      INSERT INTO cash_movements (id, org_id, property_id, movement_type, amount_cents, cash_effect_cents, bank_effect_cents, business_date,
                                  bank_reference, description, status, created_by_user_id, approved_by_user_id, approved_at)
      VALUES (${id}, ${auth.orgId}, ${input.propertyId}, ${input.movementType}, ${input.amountCents}, ${effect.cash * input.amountCents}, ${effect.bank * input.amountCents},
              ${date}::date, ${input.bankReference ?? null}, ${input.description ?? null}, ${approver ? "approved" : "pending"}, ${auth.userID}, ${approver},
              ${approver ? new Date().toISOString() : null}::timestamptz)`;
    const m = (await read(tx, auth.orgId, id))!;
    await publish(tx, auth, "transaction.created", m, null, snapshot({ ...m, deleted: false, createdByUserId: auth.userID }));
    await tx.commit();
    return m;
  });
  outboxRelay.nudge();
  return withNames(auth.orgId, created);
}

async function lock(q: Queryer, auth: AuthData, id: string): Promise<Row> {
  const r = await q.queryRow<Row>`
    SELECT id, property_id AS "propertyId", movement_type AS "movementType", amount_cents AS "amountCents", business_date::text AS "businessDate",
           bank_reference AS "bankReference", description, status, rejection_reason AS "rejectionReason", deleted_at IS NOT NULL AS deleted,
           created_by_user_id AS "createdByUserId", version
      FROM cash_movements WHERE org_id = ${auth.orgId} AND id = ${id} FOR UPDATE`;
  if (!r || r.deleted || !auth.propertyIds.includes(r.propertyId)) throw APIError.notFound(`movement ${id} not found`);
  return r;
}

async function change(auth: AuthData, id: string, type: TransactionEventType, decide: (r: Row) => Row & { approvedByUserId?: string | null }): Promise<Movement | null> {
  const result = await withDbErrors(async () => {
    await using tx = await db.begin();
    const row = await lock(tx, auth, id);
    const next = decide(row);
    await assertDatesOpen(tx, auth.orgId, row.propertyId, [row.businessDate]);
    const approving = type === "transaction.approved";
    await tx.exec`
      UPDATE cash_movements SET status = ${next.status}, rejection_reason = ${next.rejectionReason},
             approved_by_user_id = CASE WHEN ${approving}::boolean THEN ${auth.userID}::uuid ELSE approved_by_user_id END,
             approved_at = CASE WHEN ${approving}::boolean THEN now() ELSE approved_at END,
             deleted_at = CASE WHEN ${next.deleted}::boolean THEN now() ELSE NULL END,
             updated_at = now(), version = version + 1
       WHERE org_id = ${auth.orgId} AND id = ${id}`;
    await publish(tx, auth, type, { id, propertyId: row.propertyId, version: row.version + 1 }, snapshot(row), snapshot(next));
    const m = await read(tx, auth.orgId, id);
    await tx.commit();
    return m;
  });
  outboxRelay.nudge();
  return withNames(auth.orgId, result);
}

function assertReviewable(auth: AuthData, r: Row, action: "approve" | "reject") {
  requireRole(auth, "admin", "manager");
  if (r.createdByUserId === auth.userID) throw APIError.permissionDenied(`you cannot ${action} a movement you recorded; another manager must`);
  if (r.status !== "pending") throw APIError.failedPrecondition(`only pending movements can be ${action === "approve" ? "approved" : "rejected"}; this one is ${r.status}`);
}

export async function approveMovement(auth: AuthData, id: string): Promise<Movement> {
  return (await change(auth, id, "transaction.approved", (r) => { assertReviewable(auth, r, "approve"); return { ...r, status: "approved" }; }))!;
}

export async function rejectMovement(auth: AuthData, id: string, reason: string): Promise<Movement> {
  return (await change(auth, id, "transaction.rejected", (r) => { assertReviewable(auth, r, "reject"); return { ...r, status: "rejected", rejectionReason: reason }; }))!;
}

/** Pending: its creator or a manager. Approved: a manager (while its day is open). Rejected: kept as it is. */
export async function deleteMovement(auth: AuthData, id: string): Promise<void> {
  await change(auth, id, "transaction.deleted", (r) => {
    if (r.status === "rejected") throw APIError.failedPrecondition("a rejected movement cannot be changed");
    if (r.status === "approved" && !isManager(auth)) throw APIError.permissionDenied("only a manager can delete an approved movement");
    if (r.status === "pending" && !isManager(auth) && r.createdByUserId !== auth.userID) throw APIError.permissionDenied("only its creator or a manager can delete a pending movement");
    return { ...r, deleted: true };
  });
}

export async function listMovements(auth: AuthData, propertyId: string, from: string, to: string): Promise<Movement[]> {
  requirePropertyAccess(auth, propertyId);
  const rows = await db.rawQueryAll<Movement>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE m.org_id = $1 AND m.property_id = $2 AND m.business_date BETWEEN $3::date AND $4::date AND m.deleted_at IS NULL
      ORDER BY m.business_date DESC, m.id DESC LIMIT 500`,
    auth.orgId, propertyId, from, to,
  );
  return withNames(auth.orgId, rows.map(numbers));
}
