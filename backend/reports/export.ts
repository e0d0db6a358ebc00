// Report downloads: the cash book for a range, one day's transactions and the cashier report as CSV (PDFs in pdf-api.ts), on one raw-endpoint handler.
import { api } from "encore.dev/api";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ZodType } from "zod";
import type { AuthData } from "../shared/auth-data.ts";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { writeRawError } from "../shared/raw-errors.ts";
import { dailyReport, dailySeries, propertyInfo } from "./queries.ts";
import { dailySchema, rangeSchema } from "./schemas.ts";
import { cashBookCsv, cashierShiftsCsv, dailyTransactionsCsv } from "./csv.ts";
import { cashierReport } from "./cashiering.ts";

export const fileName = (kind: string, propertyName: string, period: string, ext: string) =>
  `${kind}-${propertyName.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${period}.${ext}`;

export interface Download { contentType: string; name: string; body: string | Buffer }

/**
 * The handler of a raw download endpoint: the query validated by `schema`,
 * the file made by `make` for the signed-in caller, sent as an attachment;
 * any error in Encore's wire format.
 */
export function download<T>(schema: ZodType<T>, make: (input: T, auth: AuthData) => Promise<Download>) {
  return async (req: IncomingMessage, resp: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const file = await make(parseInput(schema, Object.fromEntries(url.searchParams)), caller());
      resp.writeHead(200, {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.name}"`,
        "content-length": Buffer.byteLength(file.body),
      });
      resp.end(file.body);
    } catch (err) {
      writeRawError(resp, err, "report download");
    }
  };
}

const CSV = "text/csv; charset=utf-8";

/** GET /reports/export.csv?propertyId&from&to: the daily rows as CSV with property and currency columns and a totals row (amounts in major units). */
export const exportCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/export.csv" },
  download(rangeSchema, async ({ propertyId, from, to }, auth) => {
    const p = await propertyInfo(auth, propertyId);
    return { contentType: CSV, name: fileName("cash-book", p.name, `${from}-to-${to}`, "csv"), body: cashBookCsv(await dailySeries(auth, p, from, to), p) };
  }),
);

/** GET /reports/daily.csv?propertyId&date: the day's transactions as CSV with property and currency columns and a totals row. */
export const exportDailyCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/daily.csv" },
  download(dailySchema, async ({ propertyId, date }, auth) => {
    const report = await dailyReport(auth, propertyId, date);
    return { contentType: CSV, name: fileName("transactions", report.propertyName, date, "csv"), body: dailyTransactionsCsv(report) };
  }),
);

/** GET /reports/cashiers.csv?propertyId&from&to: the cashier report's shifts as CSV (amounts in major units). */
export const exportCashiersCsv = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/cashiers.csv" },
  download(rangeSchema, async ({ propertyId, from, to }, auth) => {
    const p = await propertyInfo(auth, propertyId);
    const report = await cashierReport(auth, propertyId, from, to);
    return { contentType: CSV, name: fileName("cashiers", p.name, `${from}-to-${to}`, "csv"), body: cashierShiftsCsv(report, p) };
  }),
);
