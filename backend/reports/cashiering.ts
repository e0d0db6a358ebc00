// Cashiering figures for reports, read from finance (day closes, shifts, cash
// movements, through its internal endpoints in finance/report-source.ts, names
// filled there): the daily report's close state, shifts and movements, and
// the cashier report per shift and per cashier for a range.
// The daily report's part is cached with the report (queries.ts dailyReport;
// a close or shift event invalidates the day like a cash-book change); the
// Today summary's close states and the cashier report are read fresh.
import { finance } from "~encore/clients";
import type { AuthData } from "../shared/auth-data.ts";
import { requirePropertyAccess } from "../shared/authz.ts";
import type { DayCloseState, MovementLine, ShiftLine } from "../finance/report-source.ts";

export type { DayCloseState, MovementLine, ShiftLine };

export interface DayCashiering { dayClose: DayCloseState; shifts: ShiftLine[]; movements: MovementLine[] }

/**
 * The close state of each (property, date) pair, in the order given: what the
 * Today summary shows beside its (cached) figures, read fresh each time.
 */
export async function closeStates(orgId: string, days: { propertyId: string; date: string }[]): Promise<DayCloseState[]> {
  if (days.length === 0) return [];
  return (await finance.dayCloseStates({ orgId, days })).states;
}

/** Close state, shifts (an open shift's expected cash is shown at its close) and movements of a property's business date. */
export async function dayCashiering(auth: AuthData, propertyId: string, date: string): Promise<DayCashiering> {
  requirePropertyAccess(auth, propertyId);
  const [[dayClose], { shifts, movements }] = await Promise.all([
    closeStates(auth.orgId, [{ propertyId, date }]),
    finance.dayShiftsAndMovements({ orgId: auth.orgId, propertyId, date }),
  ]);
  return { dayClose: dayClose!, shifts, movements };
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
  const { shifts } = await finance.shiftsInRange({ orgId: auth.orgId, propertyId, from, to, userId: auth.role === "staff" ? auth.userID : undefined });
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
