// PDF downloads of the daily and monthly reports (raw endpoints: the body is binary).
import { api } from "encore.dev/api";
import { auth } from "~encore/clients";
import { propertyFacts } from "./property-facts.ts";
import { dailyReport, monthlyReport } from "./queries.ts";
import { dailySchema, monthlySchema } from "./schemas.ts";
import { dailyReportPdf, monthlyReportPdf, type Letterhead } from "./pdf.ts";
import { download, fileName } from "./export.ts";

const PDF = "application/pdf";

async function letterhead(orgId: string, propertyName: string, timezone: string): Promise<Letterhead> {
  const { name } = await auth.organizationName({ orgId });
  return { organizationName: name ?? "", propertyName, timezone, printedAt: new Date() };
}

/** GET /reports/daily.pdf?propertyId&date: the daily report, printable, with sign-off lines. */
export const dailyPdf = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/daily.pdf" },
  download(dailySchema, async ({ propertyId, date }, auth) => {
    const r = await dailyReport(auth, propertyId, date);
    const body = await dailyReportPdf(r, await letterhead(auth.orgId, r.propertyName, r.timezone));
    return { contentType: PDF, name: fileName("daily-report", r.propertyName, date, "pdf"), body };
  }),
);

/** GET /reports/monthly.pdf?propertyId&month: the monthly report, printable, with sign-off lines. */
export const monthlyPdf = api.raw(
  { expose: true, auth: true, method: "GET", path: "/reports/monthly.pdf" },
  download(monthlySchema, async ({ propertyId, month }, auth) => {
    const r = await monthlyReport(auth, propertyId, month);
    const name = (await propertyFacts.factOf(auth.orgId, propertyId))?.name ?? "";
    const body = await monthlyReportPdf(r, await letterhead(auth.orgId, name, r.timezone));
    return { contentType: PDF, name: fileName("monthly-report", name, month, "pdf"), body };
  }),
);
