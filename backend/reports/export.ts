// CSV exports: a property's daily cash book for a range, and one day's transactions.
import { api, APIError } from "encore.dev/api";
import log from "encore.dev/log";
import type { ServerResponse } from "node:http";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { DB_RETRY_AFTER_SECONDS, translateDbError } from "../shared/db-errors.ts";
import { dailyReport, dailySeries, propertyInfo } from "./queries.ts";
import { dailySchema, rangeSchema } from "./schemas.ts";
import { cashBookCsv, cashierShiftsCsv, dailyTransactionsCsv } from "./csv.ts";
import { cashierReport } from "./cashiering.ts";

/** The cash book for a range as CSV; kept as a function for callers that had it. */
export function toCsv(rows: Awaited<ReturnType<typeof dailySeries>>, property: { name: string; currency: string }): string {
  return cashBookCsv(rows, property);
}

export const fileName = (kind: string, propertyName: string, period: string, ext: string) =>
  `${kind}-${propertyName.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${period}.${ext}`;

export function sendFile(resp: ServerResponse, contentType: string, name: string, body: string | Buffer) {
  resp.writeHead(200, {
    "content-type": contentType,
    "content-disposition": `attachment; filename="${name}"`,
    "content-length": Buffer.byteLength(body),
  });
  resp.end(body);
}

/** GET /reports/export.csv?propertyId&from&to: the daily rows as CSV with property and currency columns and a totals row (amounts in major units). */
export const exportCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/export.csv" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, from, to } = parseInput(rangeSchema, Object.fromEntries(url.searchParams));
      const auth = caller();
      const p = await propertyInfo(auth, propertyId);
      sendFile(resp, "text/csv; charset=utf-8", fileName("cash-book", p.name, `${from}-to-${to}`, "csv"), toCsv(await dailySeries(auth, p, from, to), p));
    } catch (err) {
      writeError(resp, err);
    }
  },
);

/** GET /reports/daily.csv?propertyId&date: the day's transactions as CSV with property and currency columns and a totals row. */
export const exportDailyCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/daily.csv" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, date } = parseInput(dailySchema, Object.fromEntries(url.searchParams));
      const report = await dailyReport(caller(), propertyId, date);
      sendFile(resp, "text/csv; charset=utf-8", fileName("transactions", report.propertyName, date, "csv"), dailyTransactionsCsv(report));
    } catch (err) {
      writeError(resp, err);
    }
  },
);

/** GET /reports/cashiers.csv?propertyId&from&to: the cashier report's shifts as CSV (amounts in major units). */
export const exportCashiersCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/cashiers.csv" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, from, to } = parseInput(rangeSchema, Object.fromEntries(url.searchParams));
      const auth = caller();
      const p = await propertyInfo(auth, propertyId);
      const report = await cashierReport(auth, propertyId, from, to);
      sendFile(resp, "text/csv; charset=utf-8", fileName("cashiers", p.name, `${from}-to-${to}`, "csv"), cashierShiftsCsv(report, p));
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
export function writeError(resp: ServerResponse, err: unknown) {
  const translated = translateDbError(err);
  const e = translated instanceof APIError ? translated : APIError.internal("an internal error occurred");
  if (e.code === "internal") log.error(err, "report download failed");
  const body = JSON.stringify({ code: e.code, message: e.message, details: e.details ?? null });
  const retryAfter = e.code === "unavailable" ? { "retry-after": String(e.details?.retryAfterSeconds ?? DB_RETRY_AFTER_SECONDS) } : {};
  resp.writeHead(STATUS[e.code] ?? 500, { "content-type": "application/json", ...retryAfter });
  resp.end(body);
}
