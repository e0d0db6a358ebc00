// Cashiering figures for reports, read from finance's tables (day closes,
// shifts, cash movements; people's names from auth, user-names.ts): the daily report's close state, shifts and
// movements, and the cashier report per shift and per cashier for a range.
// The daily report's part is cached with the report (queries.ts dailyReport;
// a close or shift event invalidates the day like a cash-book change); the
// Today summary's close states and the cashier report are read fresh.
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { requirePropertyAccess } from "../shared/authz.ts";
import { isoUtc } from "../shared/sql-time.ts";
import { userNames } from "./user-names.ts";

export interface DayCloseState {
  closed: boolean;
  closedAt: string | null;
  closedBy: { id: string; displayName: string | null } | null;
  forcedReason: string | null;
}

export interface ShiftLine {
  id: string;
  cashier: { id: string; displayName: string | null };
  businessDate: string;
  status: string;
  floatCents: number;
  expectedCents: number | null;
  countedCents: number | null;
  overShortCents: number | null;
  openedAt: string;
  closedAt: string | null;
  signedOffBy: { id: string; displayName: string | null } | null;
}

export interface MovementLine {
  id: string;
  movementType: string;
  amountCents: number;
  cashEffectCents: number;
  bankEffectCents: number;
  status: string;
  description: string | null;
  createdBy: { id: string; displayName: string | null };
}

export interface DayCashiering { dayClose: DayCloseState; shifts: ShiftLine[]; movements: MovementLine[] }

const SHIFT_COLUMNS = `s.id, json_build_object('id', s.user_id, 'displayName', NULL::text) AS cashier, s.business_date::text AS "businessDate",
  s.status, s.float_cents AS "floatCents", s.expected_cents AS "expectedCents", s.counted_cents AS "countedCents", s.over_short_cents AS "overShortCents",
  ${isoUtc("s.opened_at")} AS "openedAt", ${isoUtc("s.closed_at")} AS "closedAt",
  CASE WHEN s.signed_off_by_user_id IS NULL THEN NULL ELSE json_build_object('id', s.signed_off_by_user_id, 'displayName', NULL::text) END AS "signedOffBy"`;
const SHIFT_FROM = `cash_shifts s`;

const num = (v: number | string | null) => (v === null ? null : Number(v));
const shiftNumbers = (s: ShiftLine): ShiftLine => ({
  ...s, floatCents: Number(s.floatCents), expectedCents: num(s.expectedCents), countedCents: num(s.countedCents), overShortCents: num(s.overShortCents),
});

const CLOSE_STATE = `true AS closed, ${isoUtc("c.closed_at")} AS "closedAt",
  json_build_object('id', c.closed_by_user_id, 'displayName', NULL::text) AS "closedBy", c.forced_reason AS "forcedReason"`;
const CLOSE_FROM = `business_day_closes c`;
const NOT_CLOSED: DayCloseState = { closed: false, closedAt: null, closedBy: null, forcedReason: null };

/**
 * The close state of each (property, date) pair, in the order given: what the
 * Today summary shows beside its (cached) figures, read fresh each time.
 */
export async function closeStates(orgId: string, days: { propertyId: string; date: string }[]): Promise<DayCloseState[]> {
  if (days.length === 0) return [];
  const rows = await db.rawQueryAll<DayCloseState & { k: string }>(
    `SELECT c.property_id::text || '|' || c.business_date::text AS k, ${CLOSE_STATE}
       FROM ${CLOSE_FROM} JOIN unnest($2::uuid[], $3::date[]) AS d(p, dt) ON c.property_id = d.p AND c.business_date = d.dt
      WHERE c.org_id = $1`,
    orgId, days.map((d) => d.propertyId), days.map((d) => d.date),
  );
  await userNames.fill(orgId, rows.map((r) => r.closedBy));
  const byKey = new Map(rows.map(({ k, ...state }) => [k, state]));
  return days.map((d) => byKey.get(`${d.propertyId}|${d.date}`) ?? NOT_CLOSED);
}

/** Close state, shifts (an open shift's expected cash is shown at its close) and movements of a property's business date. */
export async function dayCashiering(auth: AuthData, propertyId: string, date: string): Promise<DayCashiering> {
  requirePropertyAccess(auth, propertyId);
  const [close, shifts, movements] = await Promise.all([
    closeStates(auth.orgId, [{ propertyId, date }]).then(([state]) => state),
    db.rawQueryAll<ShiftLine>(
      `SELECT ${SHIFT_COLUMNS} FROM ${SHIFT_FROM} WHERE s.org_id = $1 AND s.property_id = $2 AND s.business_date = $3::date ORDER BY s.opened_at`,
      auth.orgId, propertyId, date,
    ),
    db.queryAll<MovementLine>`
      SELECT m.id, m.movement_type AS "movementType", m.amount_cents AS "amountCents", m.cash_effect_cents AS "cashEffectCents",
             m.bank_effect_cents AS "bankEffectCents", m.status, m.description,
             json_build_object('id', m.created_by_user_id, 'displayName', NULL::text) AS "createdBy"
        FROM cash_movements m
       WHERE m.org_id = ${auth.orgId} AND m.property_id = ${propertyId} AND m.business_date = ${date}::date AND m.deleted_at IS NULL
       ORDER BY m.created_at, m.id`,
  ]);
  await userNames.fill(auth.orgId, [...shifts.flatMap((s) => [s.cashier, s.signedOffBy]), ...movements.map((m) => m.createdBy)]);
  return {
    dayClose: close!,
    shifts: shifts.map(shiftNumbers),
    movements: movements.map((m) => ({ ...m, amountCents: Number(m.amountCents), cashEffectCents: Number(m.cashEffectCents), bankEffectCents: Number(m.bankEffectCents) })),
  };
}

export interface CashierTotals {
  cashier: { id: string; displayName: string | null };
  shifts: number;
  /** Shifts closed (counted); over/short sums cover these. */
  counted: number;
  floatCents: number;
  expectedCents: number;
  countedCents: number;
  overShortCents: number;
}

export interface CashierReport { propertyId: string; from: string; to: string; shifts: ShiftLine[]; cashiers: CashierTotals[] }

/** Every shift opened at the property in [from, to], and per cashier the counted shifts' totals and over/short. */
export async function cashierReport(auth: AuthData, propertyId: string, from: string, to: string): Promise<CashierReport> {
  requirePropertyAccess(auth, propertyId);
  const shifts = (await db.rawQueryAll<ShiftLine>(
    `SELECT ${SHIFT_COLUMNS} FROM ${SHIFT_FROM}
      WHERE s.org_id = $1 AND s.property_id = $2 AND s.business_date BETWEEN $3::date AND $4::date
        AND ($5::uuid IS NULL OR s.user_id = $5::uuid)
      ORDER BY s.business_date, s.opened_at`,
    auth.orgId, propertyId, from, to, auth.role === "staff" ? auth.userID : null,
  )).map(shiftNumbers);
  await userNames.fill(auth.orgId, shifts.flatMap((s) => [s.cashier, s.signedOffBy]));
  const byUser = new Map<string, CashierTotals>();
  for (const s of shifts) {
    const t = byUser.get(s.cashier.id) ?? { cashier: s.cashier, shifts: 0, counted: 0, floatCents: 0, expectedCents: 0, countedCents: 0, overShortCents: 0 };
    t.shifts++;
    t.floatCents += s.floatCents;
    if (s.countedCents !== null) {
      t.counted++;
      t.expectedCents += s.expectedCents ?? 0;
      t.countedCents += s.countedCents;
      t.overShortCents += s.overShortCents ?? 0;
    }
    byUser.set(s.cashier.id, t);
  }
  return { propertyId, from, to, shifts, cashiers: [...byUser.values()].sort((x, y) => (x.cashier.displayName ?? "").localeCompare(y.cashier.displayName ?? "")) };
}
