// What a day's approved entries add up to by revenue source and by expense
// category, and the discrepancy in words: computed here once, so the JSON
// report, the PDF and the dashboard say the same thing.
import type { ReportTransaction } from "./queries.ts";

export interface SourceTotal { source: string; amountCents: number; count: number }
export interface CategoryTotal { category: string; amountCents: number; count: number }

export const REVENUE_SOURCES = ["room", "food", "beverage", "laundry", "other"] as const;
export const EXPENSE_CATEGORIES = ["utilities", "supplies", "salaries", "maintenance", "food_cost", "other"] as const;

/** Totals of approved entries, every source and category listed (zero when none), in a fixed order. */
export function dailyBreakdown(transactions: ReportTransaction[]): { revenueBySource: SourceTotal[]; expensesByCategory: CategoryTotal[] } {
  const approved = transactions.filter((t) => t.status === "approved");
  const total = (kind: "revenue" | "expense", label: string) => {
    const rows = approved.filter((t) => t.kind === kind && (kind === "revenue" ? t.source : t.category) === label);
    return { amountCents: rows.reduce((s, t) => s + Number(t.amountCents), 0), count: rows.length };
  };
  return {
    revenueBySource: REVENUE_SOURCES.map((source) => ({ source, ...total("revenue", source) })),
    expensesByCategory: EXPENSE_CATEGORIES.map((category) => ({ category, ...total("expense", category) })),
  };
}

/** Amount in major units with the currency's code and grouping (lakh grouping for INR): "INR 1,25,000.50". */
export function formatAmount(cents: number, currency: string): string {
  const locale = currency === "INR" ? "en-IN" : "en-GB";
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(cents) / 10 ** digits);
  return `${currency} ${cents < 0 ? "-" : ""}${n}`;
}

/**
 * The discrepancy in a sentence a manager can act on, or null when the stored
 * closing agrees with the one recomputed from the approved entries.
 */
export function discrepancySentence(f: { closingBalanceCents: number; calculatedClosingBalanceCents: number; balanceDiscrepancyCents: number }, currency: string): string | null {
  const d = f.balanceDiscrepancyCents;
  if (d === 0) return null;
  return `The cash book's closing balance (${formatAmount(f.closingBalanceCents, currency)}) is ${formatAmount(Math.abs(d), currency)} ` +
    `${d > 0 ? "more" : "less"} than the approved entries add up to (${formatAmount(f.calculatedClosingBalanceCents, currency)}). ` +
    "Automatic correction usually fixes this within minutes; if it stays, run Reconcile for this date.";
}
