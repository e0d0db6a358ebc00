import { Link, useSearchParams } from "react-router";
import { TextField } from "@/components/form-fields";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { PropertySelect } from "@/components/property-select";
import { EmptyState } from "@/components/status";
import { paths } from "@/config/paths";
import { DownloadLink } from "@/features/reports/components/download-link";
import { apiPaths } from "@/config/api-paths";
import { MonthlyReportView } from "@/features/reports/components/monthly-report-view";
import { addDays, formatMonth, monthOf, todayIn } from "@/lib/dates";
import { knownPropertyId } from "@/lib/property-param";
import { useAppContext } from "@/app/layouts/app-layout";
import { Button } from "@/components/button";

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Last day of "YYYY-MM". */
function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return addDays(next, -1);
}

export function MonthlyReportRoute() {
  const { me } = useAppContext();
  const [params, setParams] = useSearchParams();
  const properties = me.properties;
  const property = properties.find((p) => p.id === knownPropertyId(properties, params.get("propertyId"))) ?? properties[0];
  const monthParam = params.get("month") ?? "";
  const month = MONTH_RE.test(monthParam) ? monthParam : property ? monthOf(todayIn(property.timezone)) : "";
  const update = (next: { propertyId?: string; month?: string }) =>
    setParams({ propertyId: next.propertyId ?? property?.id ?? "", month: next.month ?? month }, { replace: true });

  if (!property) {
    return (
      <>
        <PageHeader title="Monthly report" />
        <EmptyState>You do not have access to any property yet.</EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Monthly report"
        description={`${property.name} · ${formatMonth(month)}`}
        actions={
          <>
            <DownloadLink file={{ path: apiPaths.reports.exportCsv, query: { propertyId: property.id, from: `${month}-01`, to: lastDayOf(month) }, fileName: `cash-book-${property.name.replace(/\W+/g, "-")}-${month}.csv`, accept: "text/csv" }}>
              Export CSV
            </DownloadLink>
            <DownloadLink file={{ path: apiPaths.reports.monthlyPdf, query: { propertyId: property.id, month }, fileName: `monthly-report-${property.name.replace(/\W+/g, "-")}-${month}.pdf`, accept: "application/pdf" }}>
              PDF
            </DownloadLink>
            <Button onClick={() => window.print()}>Print</Button>
          </>
        }
      />
      <div className="space-y-4">
        <Panel title="Choose a month" className="print:hidden">
          <div className="flex flex-wrap items-end gap-3">
            <PropertySelect properties={properties} value={property.id} onChange={(propertyId) => update({ propertyId })} containerClassName="min-w-56" />
            <TextField label="Month" type="month" value={month} onChange={(e) => MONTH_RE.test(e.target.value) && update({ month: e.target.value })} hint="YYYY-MM" />
          </div>
        </Panel>
        <Panel title="Days and totals" label="the monthly report">
          <MonthlyReportView
            property={property}
            month={month}
            dailyHref={(date) => `${paths.dailyReport}?propertyId=${encodeURIComponent(property.id)}&date=${date}`}
            renderLink={(href, text) => (
              <Link to={href} className="text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                {text}
              </Link>
            )}
          />
        </Panel>
      </div>
    </>
  );
}
