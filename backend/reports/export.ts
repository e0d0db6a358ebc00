// CSV export of a property's daily cash book for a range.
import { api, APIError } from "encore.dev/api";
import log from "encore.dev/log";
import type { ServerResponse } from "node:http";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { DB_RETRY_AFTER_SECONDS, translateDbError } from "../shared/db-errors.ts";
import { dailySeries, propertyInfo } from "./queries.ts";
import { rangeSchema } from "./schemas.ts";
import { cashierReport } from "./cashiering.ts";

const HEADER = ["date", "opening_balance", "cash_received", "bank_received", "cash_expenses", "bank_expenses", "closing_balance", "calculated_closing_balance", "discrepancy", "cash_moved", "bank_moved"];

/** Amounts in major units with the currency's own number of decimals (INR 2, JPY 0, KWD 3). */
function majorUnits(currency: string): (minor: number) => string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => (minor / 10 ** digits).toFixed(digits);
}

export function toCsv(rows: Awaited<ReturnType<typeof dailySeries>>, currency = "INR"): string {
  const major = majorUnits(currency);
  const lines = rows.map((r) => [r.date, r.openingBalanceCents, r.cashReceivedCents, r.bankReceivedCents, r.cashExpensesCents, r.bankExpensesCents, r.closingBalanceCents, r.calculatedClosingBalanceCents, r.balanceDiscrepancyCents, r.cashMovedCents, r.bankMovedCents]
    .map((v, i) => (i === 0 ? v : major(v as number))).join(","));
  return [HEADER.join(","), ...lines].join("\r\n") + "\r\n";
}

/** GET /reports/export.csv?propertyId&from&to: the daily rows as CSV (amounts in major units). */
export const exportCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/export.csv" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, from, to } = parseInput(rangeSchema, Object.fromEntries(url.searchParams));
      const auth = caller();
      const p = await propertyInfo(auth, propertyId);
      const body = toCsv(await dailySeries(auth, p, from, to), p.currency);
      const name = `cash-book-${p.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${from}-to-${to}.csv`;
      resp.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "content-length": Buffer.byteLength(body),
      });
      resp.end(body);
    } catch (err) {
      writeError(resp, err);
    }
  },
);

const CASHIER_HEADER = ["business_date", "cashier", "status", "float", "expected", "counted", "over_short", "opened_at", "closed_at", "signed_off_by"];

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
function field(v: string | null): string {
  if (v === null) return "";
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** GET /reports/cashiers.csv?propertyId&from&to: the cashier report's shifts as CSV (amounts in major units). */
export const exportCashiersCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/cashiers.csv" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, from, to } = parseInput(rangeSchema, Object.fromEntries(url.searchParams));
      const auth = caller();
      const p = await propertyInfo(auth, propertyId);
      const major = majorUnits(p.currency);
      const money = (v: number | null) => (v === null ? "" : major(v));
      const report = await cashierReport(auth, propertyId, from, to);
      const lines = report.shifts.map((s) => [
        s.businessDate, field(s.cashier.displayName), s.status, money(s.floatCents), money(s.expectedCents), money(s.countedCents), money(s.overShortCents),
        s.openedAt, s.closedAt ?? "", field(s.signedOffBy?.displayName ?? null),
      ].join(","));
      const body = [CASHIER_HEADER.join(","), ...lines].join("\r\n") + "\r\n";
      resp.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="cashiers-${from}-to-${to}.csv"`,
        "content-length": Buffer.byteLength(body),
      });
      resp.end(body);
    } catch (err) {
      writeError(resp, err);
    }
  },
);

const STATUS: Record<string, number> = {
  invalid_argument: 400, failed_precondition: 400, not_found: 404, permission_denied: 403, unauthenticated: 401,
  aborted: 409, resource_exhausted: 429, unavailable: 503,
};

/** Raw endpoints write their own errors, in Encore's wire format; database failures are translated as everywhere else. */
function writeError(resp: ServerResponse, err: unknown) {
  const translated = translateDbError(err);
  const e = translated instanceof APIError ? translated : APIError.internal("an internal error occurred");
  if (e.code === "internal") log.error(err, "csv export failed");
  const body = JSON.stringify({ code: e.code, message: e.message, details: e.details ?? null });
  const retryAfter = e.code === "unavailable" ? { "retry-after": String(e.details?.retryAfterSeconds ?? DB_RETRY_AFTER_SECONDS) } : {};
  resp.writeHead(STATUS[e.code] ?? 500, { "content-type": "application/json", ...retryAfter });
  resp.end(body);
}
