// CSV as spreadsheets read it (RFC 4180): CRLF lines, fields with commas,
// quotes or line breaks quoted, and text that a spreadsheet would run as a
// formula (=, +, -, @ at the start) prefixed with an apostrophe. Amounts are
// numbers in major units, so they are never prefixed.
import type { DailyFigures, DailyReport, PropertyInfo } from "./queries.ts";
import type { CashierReport } from "./cashiering.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One text field: quoted when needed, neutralised when a spreadsheet would read it as a formula. */
export function textField(value: string | null | undefined): string {
  let v = value ?? "";
  if (FORMULA_START.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Minor units to major units with the currency's own number of decimals (INR 2, JPY 0, KWD 3). */
export function majorUnits(currency: string): (minor: number) => string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => (minor < 0 ? "-" : "") + (Math.abs(minor) / 10 ** digits).toFixed(digits);
}

const lines = (rows: string[][]) => rows.map((r) => r.join(",")).join("\r\n") + "\r\n";

export const CASH_BOOK_HEADER = ["property", "currency", "date", "opening_balance", "cash_received", "bank_received", "cash_expenses", "bank_expenses", "cash_moved", "bank_moved", "closing_balance", "calculated_closing_balance", "discrepancy"];

/**
 * The cash book for a range, one row per date, then a totals row: opening of
 * the first date, sums of money in and out, closing, calculated closing and
 * discrepancy of the last date (balances do not add up across days).
 */
export function cashBookCsv(rows: DailyFigures[], p: Pick<PropertyInfo, "name" | "currency">): string {
  const major = majorUnits(p.currency);
  const sum = (k: keyof DailyFigures) => rows.reduce((s, r) => s + (r[k] as number), 0);
  const last = rows[rows.length - 1];
  const body = rows.map((r) => [textField(p.name), p.currency, r.date, ...[r.openingBalanceCents, r.cashReceivedCents, r.bankReceivedCents, r.cashExpensesCents, r.bankExpensesCents, r.cashMovedCents, r.bankMovedCents, r.closingBalanceCents, r.calculatedClosingBalanceCents, r.balanceDiscrepancyCents].map(major)]);
  const totals = [textField(p.name), p.currency, "Total", ...[rows[0].openingBalanceCents, sum("cashReceivedCents"), sum("bankReceivedCents"), sum("cashExpensesCents"), sum("bankExpensesCents"), sum("cashMovedCents"), sum("bankMovedCents"), last.closingBalanceCents, last.calculatedClosingBalanceCents, last.balanceDiscrepancyCents].map(major)];
  return lines([CASH_BOOK_HEADER, ...body, totals]);
}

export const CASHIER_HEADER = ["property", "currency", "business_date", "cashier", "status", "float", "expected", "counted", "over_short", "opened_at", "closed_at", "signed_off_by"];

/** A range's shifts, one row each: float, expected, counted and over/short in major units (blank while not counted). */
export function cashierShiftsCsv(r: CashierReport, p: Pick<PropertyInfo, "name" | "currency">): string {
  const major = majorUnits(p.currency);
  const money = (v: number | null) => (v === null ? "" : major(v));
  const body = r.shifts.map((s) => [
    textField(p.name), p.currency, s.businessDate, textField(s.cashier.displayName), s.status, money(s.floatCents), money(s.expectedCents),
    money(s.countedCents), money(s.overShortCents), s.openedAt, s.closedAt ?? "", textField(s.signedOffBy?.displayName ?? null),
  ]);
  return lines([CASHIER_HEADER, ...body]);
}

export const TRANSACTIONS_HEADER = ["property", "currency", "business_date", "kind", "source_or_category", "payment_mode", "bank_reference", "description", "status", "entered_by", "received_at", "revenue", "expense"];

/** The day's entries, one row each (pending and rejected ones too, with their status), then the approved totals. */
export function dailyTransactionsCsv(r: DailyReport): string {
  const major = majorUnits(r.currency);
  const body = r.transactions.map((t) => [
    textField(r.propertyName), r.currency, t.businessDate, t.kind, t.source ?? t.category ?? "", t.paymentMode, textField(t.bankReference), textField(t.description),
    t.status, textField(t.createdBy.displayName), t.occurredAt ?? "",
    t.kind === "revenue" ? major(Number(t.amountCents)) : "", t.kind === "expense" ? major(Number(t.amountCents)) : "",
  ]);
  const totals = [textField(r.propertyName), r.currency, r.date, "Total approved", "", "", "", "", "", "", "", major(r.totals.revenueCents), major(r.totals.expenseCents)];
  return lines([TRANSACTIONS_HEADER, ...body, totals]);
}
