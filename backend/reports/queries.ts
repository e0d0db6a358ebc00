// Report reads: daily, monthly, organisation summary, analytics, CSV rows.
// Figures come from the cash book (filtered on balance_date); transaction
// lists, breakdowns and pending counts come from finance (report-source.ts),
// read there on business_date, never on
// DATE(x AT TIME ZONE …). A date with no stored row carries the previous
// closing forward (or the property's opening cash before the first row).
import { createHash } from "node:crypto";
import { bulkhead } from "cockatiel";
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { requirePropertyAccess } from "../shared/authz.ts";
import { finance } from "~encore/clients";
import type { ReportDay, ReportTransaction } from "../finance/report-source.ts";
import { addDays, datesFrom, todayIn } from "../shared/business-date.ts";
import { propertyFacts } from "./property-facts.ts";
import type { PropertyFacts } from "../shared/property-facts.ts";
import { readRange, type CashBookRow } from "./cash-book.ts";
import { readRouter } from "./read-routing.ts";
import { reportsCache } from "./cache.ts";
import { closeStates, type DayCashiering, type DayCloseState } from "./cashiering.ts";
import { dailyBreakdown, discrepancySentence, type CategoryTotal, type SourceTotal } from "./daily-breakdown.ts";
import { envNumber } from "../shared/env.ts";

/**
 * Properties of one summary computed at once: each may need its own query,
 * and an organisation of 250 properties read all at once took every pooled
 * connection from the writes (bench:write with cache warming, docs/performance.md).
 */
const SUMMARY_CONCURRENCY = envNumber("REPORTS_SUMMARY_CONCURRENCY", 8, { integer: true, min: 1 });

export interface PropertyInfo { id: string; name: string; timezone: string; currency: string; openingCashCents: number }

/** A stored (or carried-forward) cash-book row as the API returns it. */
export interface DailyFigures extends CashBookRow {
  hasDiscrepancy: boolean;
}

export type { ReportTransaction };

/**
 * The day's figures, transactions and cashiering (close state, shifts with
 * over/short, movements), cached together: every finance event of the day,
 * closes and shifts included, invalidates it (projection.ts).
 */
export interface DailyReport extends DailyFigures, DayCashiering {
  propertyId: string;
  propertyName: string;
  currency: string;
  timezone: string;
  transactions: ReportTransaction[];
  totals: { cashCents: number; bankCents: number; revenueCents: number; expenseCents: number; pendingCount: number };
  /** Approved revenue of the day by source, every source listed. */
  revenueBySource: SourceTotal[];
  /** Approved expenses of the day by category, every category listed. */
  expensesByCategory: CategoryTotal[];
  /** The discrepancy in a sentence; null when there is none. */
  discrepancyExplanation: string | null;
}

const infoOf = (p: PropertyFacts): PropertyInfo => ({ id: p.id, name: p.name, timezone: p.timezone, currency: p.currency, openingCashCents: p.openingCashCents });

/** The property's name, zone, currency and opening cash, from auth (property-facts.ts, cached); another organisation's is not found. */
export async function propertyInfo(auth: AuthData, propertyId: string): Promise<PropertyInfo> {
  requirePropertyAccess(auth, propertyId);
  const p = await propertyFacts.factOf(auth.orgId, propertyId);
  if (!p) throw APIError.notFound(`property ${propertyId} not found`);
  return infoOf(p);
}

function figures(date: string, row: CashBookRow | undefined, carried: number): DailyFigures {
  const r = row ?? {
    date, openingBalanceCents: carried, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0, cashMovedCents: 0, bankMovedCents: 0,
    closingBalanceCents: carried, calculatedClosingBalanceCents: carried, balanceDiscrepancyCents: 0,
  };
  return {
    date,
    openingBalanceCents: Number(r.openingBalanceCents), cashReceivedCents: Number(r.cashReceivedCents), bankReceivedCents: Number(r.bankReceivedCents),
    cashExpensesCents: Number(r.cashExpensesCents), bankExpensesCents: Number(r.bankExpensesCents),
    cashMovedCents: Number(r.cashMovedCents), bankMovedCents: Number(r.bankMovedCents), closingBalanceCents: Number(r.closingBalanceCents),
    calculatedClosingBalanceCents: Number(r.calculatedClosingBalanceCents), balanceDiscrepancyCents: Number(r.balanceDiscrepancyCents),
    hasDiscrepancy: Number(r.balanceDiscrepancyCents) !== 0,
  };
}

/** Figures for every date in [from, to], carrying closings across dates with no row. */
export async function dailySeries(auth: AuthData, p: PropertyInfo, from: string, to: string): Promise<DailyFigures[]> {
  const { before, rows } = await readRange(await readRouter.readerFor(`${auth.orgId}|${p.id}`), auth.orgId, p.id, from, to);
  const byDate = new Map(rows.map((r) => [r.date, r]));
  let carried = before ? Number(before.closingBalanceCents) : p.openingCashCents;
  const out: DailyFigures[] = [];
  for (const d of datesFrom(from, to)) {
    const f = figures(d, byDate.get(d), carried);
    carried = f.closingBalanceCents;
    out.push(f);
  }
  return out;
}

/** The day's entries, close, shifts and movements, from finance in one read (report-source.ts), on the replica when the read routing allows. */
async function reportDay(orgId: string, propertyId: string, date: string): Promise<ReportDay> {
  const fromReplica = await readRouter.replicaFor(`${orgId}|${propertyId}`);
  return finance.reportDay({ orgId, propertyId, date, fromReplica });
}

export async function dailyReport(auth: AuthData, propertyId: string, date: string): Promise<DailyReport> {
  requirePropertyAccess(auth, propertyId);
  return reportsCache.getOrLoad({ orgId: auth.orgId, propertyId, kind: "daily", period: date }, (r) => date === todayIn(r.timezone), async () => {
    const p = await propertyInfo(auth, propertyId);
    const [[f], { transactions, ...cashiering }] = await Promise.all([dailySeries(auth, p, date, date), reportDay(auth.orgId, propertyId, date)]);
    const counted = transactions.filter((t) => t.status === "approved");
    const sum = (pred: (t: ReportTransaction) => boolean) => counted.filter(pred).reduce((s, t) => s + (t.reversesId ? -1 : 1) * Number(t.amountCents), 0);
    return {
      propertyId, propertyName: p.name, currency: p.currency, timezone: p.timezone, ...f, transactions, ...cashiering,
      ...dailyBreakdown(transactions), discrepancyExplanation: discrepancySentence(f, p.currency),
      totals: {
        cashCents: sum((t) => t.paymentMode === "cash" && t.kind === "revenue") - sum((t) => t.paymentMode === "cash" && t.kind === "expense"),
        bankCents: sum((t) => t.paymentMode === "bank" && t.kind === "revenue") - sum((t) => t.paymentMode === "bank" && t.kind === "expense"),
        revenueCents: sum((t) => t.kind === "revenue"),
        expenseCents: sum((t) => t.kind === "expense"),
        pendingCount: transactions.filter((t) => t.status === "pending").length,
      },
    };
  });
}

export interface MonthlyReport {
  propertyId: string;
  month: string;
  currency: string;
  timezone: string;
  days: DailyFigures[];
  totals: { openingBalanceCents: number; cashReceivedCents: number; bankReceivedCents: number; cashExpensesCents: number; bankExpensesCents: number; cashMovedCents: number; bankMovedCents: number; closingBalanceCents: number };
}

export async function monthlyReport(auth: AuthData, propertyId: string, month: string): Promise<MonthlyReport> {
  requirePropertyAccess(auth, propertyId);
  const from = `${month}-01`;
  const monthEnd = addDays(`${addDays(from, 31).slice(0, 7)}-01`, -1);
  return reportsCache.getOrLoad({ orgId: auth.orgId, propertyId, kind: "monthly", period: month }, (r) => todayIn(r.timezone).startsWith(month), async () => {
    const p = await propertyInfo(auth, propertyId);
    // Days that have not happened yet in the property's time zone are not reported.
    const today = todayIn(p.timezone);
    if (from > today) throw APIError.invalidArgument(`month: ${month} has not started yet in ${p.timezone}`).withDetails({ field: "month" });
    const days = await dailySeries(auth, p, from, monthEnd < today ? monthEnd : today);
    const total = (k: keyof DailyFigures) => days.reduce((s, d) => s + (d[k] as number), 0);
    return {
      propertyId, month, currency: p.currency, timezone: p.timezone, days,
      totals: {
        openingBalanceCents: days[0].openingBalanceCents,
        cashReceivedCents: total("cashReceivedCents"), bankReceivedCents: total("bankReceivedCents"),
        cashExpensesCents: total("cashExpensesCents"), bankExpensesCents: total("bankExpensesCents"),
        cashMovedCents: total("cashMovedCents"), bankMovedCents: total("bankMovedCents"),
        closingBalanceCents: days[days.length - 1].closingBalanceCents,
      },
    };
  });
}

export interface SummaryRow extends DailyFigures {
  propertyId: string; propertyName: string; currency: string; timezone: string; pendingCount: number;
  /** Whether a manager has closed the row's business date (read fresh, not cached: a close changes no figure). */
  dayClose: DayCloseState;
}

/** One row per accessible property for `date`, or for each property's own today. */
export async function summary(auth: AuthData, date?: string): Promise<{ date: string | null; items: SummaryRow[] }> {
  const access = createHash("sha1").update(auth.propertyIds.join(",")).digest("base64url").slice(0, 12);
  const period = `${date ?? "today"}~${access}`;
  // "Today" differs per time zone and changes at each property's midnight: keep it briefly.
  const figures = await reportsCache.getOrLoad({ orgId: auth.orgId, propertyId: "*", kind: "summary", period }, true, async () => {
    const fromReplica = await readRouter.replicaFor(`${auth.orgId}|*`);
    const [facts, { counts }] = await Promise.all([
      propertyFacts.factsOf(auth.orgId, auth.propertyIds),
      finance.pendingCounts({ orgId: auth.orgId, propertyIds: auth.propertyIds, fromReplica }),
    ]);
    const pendingOf = new Map(counts.map((r) => [r.propertyId, r.pending]));
    const props = [...facts.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((p) => ({ ...infoOf(p), pendingCount: pendingOf.get(p.id) ?? 0 }));
    const limit = bulkhead(SUMMARY_CONCURRENCY, Infinity);
    const items = await Promise.all(props.map((p) => limit.execute(async () => {
      const d = date ?? todayIn(p.timezone);
      const [f] = await dailySeries(auth, p, d, d);
      return { propertyId: p.id, propertyName: p.name, currency: p.currency, timezone: p.timezone, pendingCount: p.pendingCount, ...f };
    })));
    return { date: date ?? null, items };
  });
  const closes = await closeStates(auth.orgId, figures.items.map((i) => ({ propertyId: i.propertyId, date: i.date })));
  return { date: figures.date, items: figures.items.map((i, n) => ({ ...i, dayClose: closes[n]! })) };
}

export interface Analytics {
  propertyId: string;
  from: string;
  to: string;
  revenueBySource: { source: string; amountCents: number; count: number }[];
  expensesByCategory: { category: string; amountCents: number; count: number }[];
  daily: DailyFigures[];
}

export async function analytics(auth: AuthData, propertyId: string, from: string, to: string): Promise<Analytics> {
  const p = await propertyInfo(auth, propertyId);
  const fromReplica = await readRouter.replicaFor(`${auth.orgId}|${propertyId}`);
  const [{ rows: breakdown }, daily] = await Promise.all([
    finance.reportBreakdown({ orgId: auth.orgId, propertyId, from, to, fromReplica }),
    dailySeries(auth, p, from, to),
  ]);
  return {
    propertyId, from, to, daily,
    revenueBySource: breakdown.filter((b) => b.kind === "revenue").map((b) => ({ source: b.label, amountCents: Number(b.amountCents), count: b.count })),
    expensesByCategory: breakdown.filter((b) => b.kind === "expense").map((b) => ({ category: b.label, amountCents: Number(b.amountCents), count: b.count })),
  };
}
