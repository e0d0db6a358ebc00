// Cashier shifts: a staff member opens a shift at a property with the float
// they received; the cash entries and movements they record there while it
// is open are the shift's (by author and time); closing it records the cash
// counted (a total or counts by denomination), the expected cash (float +
// cash received − cash paid + cash moved in or out, counting entries that are
// not rejected or deleted: the cash changed hands whether or not a manager
// has approved it yet) and the over/short. A blind shift hides the expected
// figure from its cashier until the count is in. A manager signs it off.
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { isManager, requirePropertyAccess, requireRole } from "../shared/authz.ts";
import { todayIn } from "../shared/business-date.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { userNames } from "./user-names.ts";
import { propertyFacts } from "./property-facts.ts";
import { appendOutbox, outboxRelay } from "./outbox.ts";
import type { ShiftEvent, ShiftEventType } from "./topics.ts";

/** Notes and coins in minor units; a currency not listed takes any positive denomination. */
const DENOMINATIONS: Record<string, number[]> = {
  INR: [200_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100],
  GBP: [5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  EUR: [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  USD: [10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 25, 10, 5, 1],
};

export interface Denomination { valueCents: number; count: number }

export interface Shift {
  id: string;
  propertyId: string;
  cashier: { id: string; displayName: string | null };
  businessDate: string;
  status: "open" | "closed" | "signed_off";
  blind: boolean;
  floatCents: number;
  openedAt: string;
  closedAt: string | null;
  /** What the cashier's entries and movements did to the drawer (hidden with the expected figure on a blind shift until counted). */
  cashReceivedCents: number | null;
  cashPaidCents: number | null;
  cashMovedCents: number | null;
  expectedCents: number | null;
  countedCents: number | null;
  denominations: Denomination[] | null;
  /** counted − expected: positive over, negative short. */
  overShortCents: number | null;
  signedOffBy: { id: string; displayName: string | null } | null;
  signedOffAt: string | null;
  note: string | null;
}

interface Drawer { cashReceivedCents: number; cashPaidCents: number; cashMovedCents: number }

const COLUMNS = `s.id, s.property_id AS "propertyId", json_build_object('id', s.user_id, 'displayName', NULL::text) AS cashier,
  s.business_date::text AS "businessDate", s.status, s.blind, s.float_cents AS "floatCents", ${isoUtc("s.opened_at")} AS "openedAt", ${isoUtc("s.closed_at")} AS "closedAt",
  s.expected_cents AS "expectedCents", s.counted_cents AS "countedCents", s.denominations, s.over_short_cents AS "overShortCents",
  CASE WHEN s.signed_off_by_user_id IS NULL THEN NULL ELSE json_build_object('id', s.signed_off_by_user_id, 'displayName', NULL::text) END AS "signedOffBy",
  ${isoUtc("s.signed_off_at")} AS "signedOffAt", s.note, s.user_id AS "userId"`;
const FROM = `cash_shifts s`;

/** Cashiers' and sign-offs' names come from auth (user-names.ts), filled once a step's transaction has committed. */
async function withNames<T extends Shift | Shift[]>(orgId: string, s: T): Promise<T> {
  await userNames.fill(orgId, (Array.isArray(s) ? s : [s]).flatMap((x) => [x.cashier, x.signedOffBy]));
  return s;
}

type Stored = Omit<Shift, keyof Drawer> & { userId: string };

/** The drawer's flows from the cashier's entries and movements at the property while the shift was (or is) open. */
async function drawer(q: Queryer, orgId: string, shiftId: string): Promise<Drawer> {
  const r = await q.queryRow<Drawer>`
    WITH s AS (SELECT org_id, property_id, user_id, opened_at, COALESCE(closed_at, now()) AS until FROM cash_shifts WHERE org_id = ${orgId} AND id = ${shiftId})
    SELECT
      COALESCE((SELECT sum(t.signed_amount_cents) FROM finance_transactions t, s
                 WHERE t.org_id = s.org_id AND t.property_id = s.property_id AND t.created_by_user_id = s.user_id AND t.kind = 'revenue'
                   AND t.payment_mode = 'cash' AND t.status <> 'rejected' AND t.deleted_at IS NULL AND t.created_at BETWEEN s.opened_at AND s.until), 0)::int8 AS "cashReceivedCents",
      COALESCE((SELECT sum(t.signed_amount_cents) FROM finance_transactions t, s
                 WHERE t.org_id = s.org_id AND t.property_id = s.property_id AND t.created_by_user_id = s.user_id AND t.kind = 'expense'
                   AND t.payment_mode = 'cash' AND t.status <> 'rejected' AND t.deleted_at IS NULL AND t.created_at BETWEEN s.opened_at AND s.until), 0)::int8 AS "cashPaidCents",
      COALESCE((SELECT sum(m.cash_effect_cents) FROM cash_movements m, s
                 WHERE m.org_id = s.org_id AND m.property_id = s.property_id AND m.created_by_user_id = s.user_id
                   AND m.status <> 'rejected' AND m.deleted_at IS NULL AND m.created_at BETWEEN s.opened_at AND s.until), 0)::int8 AS "cashMovedCents"`;
  return { cashReceivedCents: Number(r!.cashReceivedCents), cashPaidCents: Number(r!.cashPaidCents), cashMovedCents: Number(r!.cashMovedCents) };
}

const expectedOf = (floatCents: number, d: Drawer) => floatCents + d.cashReceivedCents - d.cashPaidCents + d.cashMovedCents;

async function readStored(q: Queryer, auth: AuthData, id: string, forUpdate = false): Promise<Stored> {
  const s = await q.rawQueryRow<Stored>(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.org_id = $1 AND s.id = $2 ${forUpdate ? "FOR UPDATE OF s" : ""}`, auth.orgId, id);
  if (!s || !auth.propertyIds.includes(s.propertyId)) throw APIError.notFound(`shift ${id} not found`);
  // Staff see their own shifts only.
  if (!isManager(auth) && s.userId !== auth.userID) throw APIError.notFound(`shift ${id} not found`);
  return s;
}

/** The shift as `auth` may see it: a blind shift's cashier sees no expected figure until the count is in. */
async function view(q: Queryer, auth: AuthData, s: Stored): Promise<Shift> {
  const d = await drawer(q, auth.orgId, s.id);
  const hidden = s.blind && s.status === "open" && s.userId === auth.userID;
  const { userId: _u, ...rest } = s;
  return {
    ...rest,
    floatCents: Number(s.floatCents),
    countedCents: s.countedCents === null ? null : Number(s.countedCents),
    overShortCents: s.overShortCents === null ? null : Number(s.overShortCents),
    expectedCents: hidden ? null : s.expectedCents !== null ? Number(s.expectedCents) : expectedOf(Number(s.floatCents), d),
    cashReceivedCents: hidden ? null : d.cashReceivedCents,
    cashPaidCents: hidden ? null : d.cashPaidCents,
    cashMovedCents: hidden ? null : d.cashMovedCents,
  };
}

const VERSION_OF: Record<ShiftEventType, number> = { "shift.opened": 1, "shift.closed": 2, "shift.signed_off": 3 };

/**
 * The shift's step as a finance event, unhidden: the event is the audit
 * record, so a blind shift's expected cash is in it even though its cashier's
 * API view hides it while the shift is open. Written to the outbox in the
 * step's own transaction.
 */
async function recordStep(q: Queryer, auth: AuthData, type: ShiftEventType, s: Stored): Promise<void> {
  const counted = type !== "shift.opened";
  const d = counted ? await drawer(q, auth.orgId, s.id) : null;
  const num = (v: number | null) => (v === null ? null : Number(v));
  const event: ShiftEvent = {
    eventId: newId(), type, orgId: auth.orgId, propertyId: s.propertyId, kind: "shift", shiftId: s.id, version: VERSION_OF[type],
    actorUserId: auth.userID, occurredAt: new Date().toISOString(),
    shift: {
      cashierUserId: s.userId, businessDate: s.businessDate, status: s.status, blind: s.blind, floatCents: Number(s.floatCents),
      cashReceivedCents: d?.cashReceivedCents ?? null, cashPaidCents: d?.cashPaidCents ?? null, cashMovedCents: d?.cashMovedCents ?? null,
      expectedCents: num(s.expectedCents), countedCents: num(s.countedCents), denominations: s.denominations,
      overShortCents: num(s.overShortCents), signedOffByUserId: s.signedOffBy?.id ?? null, note: s.note,
    },
  };
  await appendOutbox(q, [event]);
}

export async function openShift(auth: AuthData, propertyId: string, floatCents: number, blind: boolean): Promise<Shift> {
  requirePropertyAccess(auth, propertyId);
  return withNames(auth.orgId, await withDbErrors(async () => {
    await using tx = await db.begin();
    const p = await propertyFacts.factOf(auth.orgId, propertyId);
    if (!p) throw APIError.notFound(`property ${propertyId} not found`);
    const id = newId();
    const made = await tx.queryRow<{ id: string }>`
      INSERT INTO cash_shifts (id, org_id, property_id, user_id, business_date, status, blind, float_cents)
      VALUES (${id}, ${auth.orgId}, ${propertyId}, ${auth.userID}, ${todayIn(p.timezone)}::date, 'open', ${blind}, ${floatCents})
      ON CONFLICT (org_id, property_id, user_id) WHERE status = 'open' DO NOTHING RETURNING id`;
    if (!made) throw APIError.alreadyExists("you already have an open shift at this property; close it first").withDetails({ reason: "shift_open" });
    const stored = await readStored(tx, auth, id);
    await recordStep(tx, auth, "shift.opened", stored);
    const s = await view(tx, auth, stored);
    await tx.commit();
    outboxRelay.nudge();
    return s;
  }));
}

export interface CloseShiftInput { countedCents?: number; denominations?: Denomination[]; note?: string | null }

/** Closes a shift with its count (its cashier, or a manager): expected and over/short are computed and kept. */
export async function closeShift(auth: AuthData, id: string, input: CloseShiftInput): Promise<Shift> {
  if ((input.countedCents === undefined) === (input.denominations === undefined)) {
    throw APIError.invalidArgument("countedCents: give the counted cash either as countedCents or as denominations, not both or neither").withDetails({ field: "countedCents" });
  }
  return withNames(auth.orgId, await withDbErrors(async () => {
    await using tx = await db.begin();
    const s = await readStored(tx, auth, id, true);
    if (s.userId !== auth.userID && !isManager(auth)) throw APIError.permissionDenied("only the shift's cashier or a manager can close it");
    if (s.status !== "open") throw APIError.failedPrecondition(`this shift is already ${s.status === "closed" ? "closed" : "signed off"}`).withDetails({ reason: "shift_not_open" });
    let counted = input.countedCents;
    if (input.denominations) {
      const facts = await propertyFacts.factOf(auth.orgId, s.propertyId);
      if (!facts) throw APIError.notFound(`shift ${id} not found`);
      const currency = facts.currency;
      const allowed = DENOMINATIONS[currency];
      const bad = input.denominations.find((d) => allowed && !allowed.includes(d.valueCents));
      if (bad) {
        throw APIError.invalidArgument(`denominations: ${bad.valueCents} is not a ${currency} note or coin (in minor units: ${allowed!.join(", ")})`).withDetails({ field: "denominations" });
      }
      counted = input.denominations.reduce((sum, d) => sum + d.valueCents * d.count, 0);
    }
    await tx.exec`UPDATE cash_shifts SET status = 'closed', closed_at = now(), closed_by_user_id = ${auth.userID} WHERE org_id = ${auth.orgId} AND id = ${id}`;
    const d = await drawer(tx, auth.orgId, id);
    const expected = expectedOf(Number(s.floatCents), d);
    await tx.exec`
      UPDATE cash_shifts SET counted_cents = ${counted!}, denominations = ${input.denominations ?? null}::jsonb, expected_cents = ${expected},
             over_short_cents = ${counted! - expected}, note = ${input.note ?? null}
       WHERE org_id = ${auth.orgId} AND id = ${id}`;
    const stored = await readStored(tx, auth, id);
    await recordStep(tx, auth, "shift.closed", stored);
    const out = await view(tx, auth, stored);
    await tx.commit();
    outboxRelay.nudge();
    return out;
  }));
}

/** A manager's sign-off of a closed shift (never their own). */
export async function signOffShift(auth: AuthData, id: string, note?: string | null): Promise<Shift> {
  requireRole(auth, "admin", "manager");
  return withNames(auth.orgId, await withDbErrors(async () => {
    await using tx = await db.begin();
    const s = await readStored(tx, auth, id, true);
    if (s.userId === auth.userID) throw APIError.permissionDenied("you cannot sign off your own shift; another manager must");
    if (s.status !== "closed") throw APIError.failedPrecondition(s.status === "open" ? "the shift is still open: it is counted and closed before sign-off" : "the shift is already signed off").withDetails({ reason: "shift_not_closed" });
    await tx.exec`
      UPDATE cash_shifts SET status = 'signed_off', signed_off_by_user_id = ${auth.userID}, signed_off_at = now(), note = COALESCE(${note ?? null}, note)
       WHERE org_id = ${auth.orgId} AND id = ${id}`;
    const stored = await readStored(tx, auth, id);
    await recordStep(tx, auth, "shift.signed_off", stored);
    const out = await view(tx, auth, stored);
    await tx.commit();
    outboxRelay.nudge();
    return out;
  }));
}

export async function getShift(auth: AuthData, id: string): Promise<Shift> {
  return withNames(auth.orgId, await view(db, auth, await readStored(db, auth, id)));
}

/** Shifts opened at a property in [from, to] (staff: their own), newest first, at most 200; optionally one cashier's. */
export async function listShifts(auth: AuthData, propertyId: string, from: string, to: string, userId?: string): Promise<Shift[]> {
  requirePropertyAccess(auth, propertyId);
  const who = isManager(auth) ? userId ?? null : auth.userID;
  const rows = await db.rawQueryAll<Stored>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE s.org_id = $1 AND s.property_id = $2 AND s.business_date BETWEEN $3::date AND $4::date AND ($5::uuid IS NULL OR s.user_id = $5::uuid)
      ORDER BY s.opened_at DESC LIMIT 200`,
    auth.orgId, propertyId, from, to, who,
  );
  return withNames(auth.orgId, await Promise.all(rows.map((s) => view(db, auth, s))));
}

/** Shifts opened on or before `date` at the property that are still open (a day close refuses while there are any, unless forced). */
export async function openShiftsThrough(q: Queryer, orgId: string, propertyId: string, date: string): Promise<{ id: string; cashier: string | null; businessDate: string }[]> {
  const open = await q.queryAll<{ id: string; userId: string; businessDate: string }>`
    SELECT s.id, s.user_id AS "userId", s.business_date::text AS "businessDate" FROM cash_shifts s
     WHERE s.org_id = ${orgId} AND s.property_id = ${propertyId} AND s.status = 'open' AND s.business_date <= ${date}::date ORDER BY s.opened_at`;
  if (open.length === 0) return [];
  const names = await userNames.namesOf(orgId, open.map((s) => s.userId));
  return open.map((s) => ({ id: s.id, cashier: names.get(s.userId) ?? null, businessDate: s.businessDate }));
}
