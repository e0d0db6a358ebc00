// Cashiering figures for reports, read from finance (day closes, shifts, cash
// movements, through its internal endpoints in finance/report-source.ts, names
// filled there): the Today summary's close states and the cashier report per
// shift and per cashier for a range, both read fresh. The daily report's close
// state, shifts and movements come with its entries in one read
// (queries.ts dailyReport, finance.reportDay) and are cached with it (a close
// or shift event invalidates the day like a cash-book change).
import { finance } from "~encore/clients";
import type { AuthData } from "../shared/auth-data.ts";
import { requirePropertyAccess } from "../shared/authz.ts";
import type { DayCloseState, MovementLine, ReportDay, ShiftLine } from "../finance/report-source.ts";

export type { DayCloseState, MovementLine, ShiftLine };

/** The daily report's cashiering part: finance's day read without its entries. */
export type DayCashiering = Omit<ReportDay, "transactions">;

/**
 * The close state of each (property, date) pair, in the order given: what the
 * Today summary shows beside its (cached) figures, read fresh each time.
 */
export async function closeStates(orgId: string, days: { propertyId: string; date: string }[]): Promise<DayCloseState[]> {
  if (days.length === 0) return [];
  return (await finance.dayCloseStates({ orgId, days })).states;
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
