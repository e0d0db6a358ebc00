// PDF downloads of the daily and monthly reports (raw endpoints: the body is binary).
import { api } from "encore.dev/api";
import { db } from "../../database.ts";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { dailyReport, monthlyReport } from "./queries.ts";
import { dailySchema, monthlySchema } from "./schemas.ts";
import { dailyReportPdf, monthlyReportPdf, type Letterhead } from "./pdf.ts";
import { fileName, sendFile, writeError } from "./export.ts";

async function letterhead(orgId: string, propertyName: string, timezone: string): Promise<Letterhead> {
  const org = await db.queryRow<{ name: string }>`SELECT name FROM organizations WHERE id = ${orgId}`;
  return { organizationName: org?.name ?? "", propertyName, timezone, printedAt: new Date() };
}

/** GET /reports/daily.pdf?propertyId&date: the daily report, printable, with sign-off lines. */
export const dailyPdf = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/daily.pdf" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, date } = parseInput(dailySchema, Object.fromEntries(url.searchParams));
      const auth = caller();
      const r = await dailyReport(auth, propertyId, date);
      const pdf = await dailyReportPdf(r, await letterhead(auth.orgId, r.propertyName, r.timezone));
      sendFile(resp, "application/pdf", fileName("daily-report", r.propertyName, date, "pdf"), pdf);
    } catch (err) {
      writeError(resp, err);
    }
  },
);

/** GET /reports/monthly.pdf?propertyId&month: the monthly report, printable, with sign-off lines. */
export const monthlyPdf = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/monthly.pdf" },
  async (req, resp) => {
    try {
      const url = new URL(req.url ?? "", "http://localhost");
      const { propertyId, month } = parseInput(monthlySchema, Object.fromEntries(url.searchParams));
      const auth = caller();
      const r = await monthlyReport(auth, propertyId, month);
      const name = (await db.queryRow<{ name: string }>`SELECT name FROM properties WHERE org_id = ${auth.orgId} AND id = ${propertyId}`)?.name ?? "";
      const pdf = await monthlyReportPdf(r, await letterhead(auth.orgId, name, r.timezone));
      sendFile(resp, "application/pdf", fileName("monthly-report", name, month, "pdf"), pdf);
    } catch (err) {
      writeError(resp, err);
    }
  },
);
