// Reports endpoints: daily, monthly, summary, analytics, CSV export and
// on-demand reconciliation. Staff see only their properties.
import { api } from "encore.dev/api";
import { caller, requireRole } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import * as q from "./queries.ts";
import { dailySchema, monthlySchema, rangeSchema, reconcileSchema, summarySchema } from "./schemas.ts";
import { reconcileProperty, type ReconcileResult } from "./reconciler.ts";
import { CorrectionBatcher } from "./correction-batcher.ts";
import { cacheInvalidator } from "./cache.ts";
import { readRouter, scopesOf } from "./read-routing.ts";
import { cashierReport, type CashierReport } from "./cashiering.ts";
import { readMarks } from "./read-marks.ts";
import { SUMMARY } from "./cache-warming.ts";

interface DailyRequest { propertyId: string; date: string }
interface MonthlyRequest { propertyId: string; month: string }
interface SummaryRequest { date?: string }
interface RangeRequest { propertyId: string; from: string; to: string }
interface ReconcileResponse extends ReconcileResult { corrected: number }

/** A property's cash book for one business date, with the day's transactions, close state, shifts (over/short) and cash movements. */
export const daily = api(
  { expose: true, auth: true, method: "GET", path: "/reports/daily" },
  async (req: DailyRequest): Promise<q.DailyReport> => {
    const { propertyId, date } = parseInput(dailySchema, req);
    const auth = caller();
    const report = await q.dailyReport(auth, propertyId, date);
    readMarks.note(auth.orgId, propertyId);
    return report;
  },
);

/** Shifts opened at a property in a range (at most 366 days) with per-cashier totals and over/short; staff see their own. */
export const cashiers = api(
  { expose: true, auth: true, method: "GET", path: "/reports/cashiers" },
  async (req: RangeRequest): Promise<CashierReport> => {
    const { propertyId, from, to } = parseInput(rangeSchema, req);
    const auth = caller();
    await q.propertyInfo(auth, propertyId);
    return cashierReport(auth, propertyId, from, to);
  },
);

/** Every day of a month with totals. */
export const monthly = api(
  { expose: true, auth: true, method: "GET", path: "/reports/monthly" },
  async (req: MonthlyRequest): Promise<q.MonthlyReport> => {
    const { propertyId, month } = parseInput(monthlySchema, req);
    return q.monthlyReport(caller(), propertyId, month);
  },
);

/** One row per accessible property for a date (default: each property's today). */
export const summary = api(
  { expose: true, auth: true, method: "GET", path: "/reports/summary" },
  async (req: SummaryRequest): Promise<{ date: string | null; items: q.SummaryRow[] }> => {
    const auth = caller();
    const result = await q.summary(auth, parseInput(summarySchema, req).date);
    readMarks.note(auth.orgId, SUMMARY);
    return result;
  },
);

/** Revenue by source, expenses by category and the daily series for a range (at most 366 days). */
export const analytics = api(
  { expose: true, auth: true, method: "GET", path: "/reports/analytics" },
  async (req: RangeRequest): Promise<q.Analytics> => {
    const { propertyId, from, to } = parseInput(rangeSchema, req);
    return q.analytics(caller(), propertyId, from, to);
  },
);

/**
 * Recomputes a property's cash book from its source transactions from `from`
 * through its last stored date (every closing depends on the days before it)
 * and corrects every mismatch before answering (manager or admin). A property
 * whose entries changed within the settle window answers `skipped`.
 */
export const reconcile = api(
  { expose: true, auth: true, method: "POST", path: "/reports/reconcile" },
  async (req: { propertyId: string; from: string; to?: string }): Promise<ReconcileResponse> => {
    const auth = caller();
    requireRole(auth, "admin", "manager");
    const { propertyId, from } = parseInput(reconcileSchema, req);
    await q.propertyInfo(auth, propertyId);
    // Its own batcher (same writer, same batching) so `corrected` counts this request's rows only.
    const batcher = new CorrectionBatcher();
    const result = await reconcileProperty(auth.orgId, propertyId, from, batcher);
    await batcher.flush();
    if (result.mismatches > 0) {
      // Corrected figures are on the primary only until the replica replays them (read-routing.ts).
      const commitLsn = await readRouter.committed(scopesOf([{ orgId: auth.orgId, propertyId }]));
      cacheInvalidator.enqueue([{ orgId: auth.orgId, propertyId, fromDate: from, commitLsn }]);
    }
    return { ...result, corrected: batcher.stats.applied };
  },
);
