import { useSearchParams } from "react-router";
import { Button } from "@/components/button";
import { DateField } from "@/components/date-field";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { PropertySelect } from "@/components/property-select";
import { EmptyState } from "@/components/status";
import { DailyReportView } from "@/features/reports/components/daily-report-view";
import { DownloadLink } from "@/features/reports/components/download-link";
import { apiPaths } from "@/config/api-paths";
import { paths } from "@/config/paths";
import { localeForProperty } from "@/lib/date-input";
import { addDays, formatBusinessDate, isIsoDate, todayIn } from "@/lib/dates";
import { knownPropertyId } from "@/lib/property-param";
import { useAppContext } from "@/app/layouts/app-layout";

export function DailyReportRoute() {
  const { me } = useAppContext();
  const [params, setParams] = useSearchParams();
  const properties = me.properties;
  const property = properties.find((p) => p.id === knownPropertyId(properties, params.get("propertyId"))) ?? properties[0];
  const dateParam = params.get("date") ?? "";
  const date = isIsoDate(dateParam) ? dateParam : property ? todayIn(property.timezone) : "";
  const update = (next: { propertyId?: string; date?: string }) =>
    setParams({ propertyId: next.propertyId ?? property?.id ?? "", date: next.date ?? date }, { replace: true });

  if (!property) {
    return (
      <>
        <PageHeader title="Daily report" />
        <EmptyState>You do not have access to any property yet.</EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Daily report"
        description={`${property.name} · ${formatBusinessDate(date)} · ${property.timezone}`}
        actions={
          <>
            <DownloadLink file={{ path: apiPaths.reports.exportCsv, query: { propertyId: property.id, from: date, to: date }, fileName: `cash-book-${property.name.replace(/\W+/g, "-")}-${date}.csv`, accept: "text/csv" }}>
              Export CSV
            </DownloadLink>
            <DownloadLink file={{ path: apiPaths.reports.dailyCsv, query: { propertyId: property.id, date }, fileName: `transactions-${property.name.replace(/\W+/g, "-")}-${date}.csv`, accept: "text/csv" }}>
              Transactions CSV
            </DownloadLink>
            <DownloadLink file={{ path: apiPaths.reports.dailyPdf, query: { propertyId: property.id, date }, fileName: `daily-report-${property.name.replace(/\W+/g, "-")}-${date}.pdf`, accept: "application/pdf" }}>
              PDF
            </DownloadLink>
            <Button onClick={() => window.print()}>Print</Button>
          </>
        }
      />
      <div className="space-y-4">
        <Panel title="Choose a day" className="print:hidden">
          <div className="flex flex-wrap items-end gap-3">
            <PropertySelect properties={properties} value={property.id} onChange={(propertyId) => update({ propertyId })} containerClassName="min-w-56" />
            <DateField label="Date" locale={localeForProperty(property)} value={date} max={todayIn(property.timezone)} onChange={(v) => isIsoDate(v) && update({ date: v })} />
            <Button onClick={() => update({ date: addDays(date, -1) })} aria-label="Previous day">
              ← Previous
            </Button>
            <Button onClick={() => update({ date: addDays(date, 1) })} aria-label="Next day" disabled={date >= todayIn(property.timezone)}>
              Next →
            </Button>
          </div>
        </Panel>
        <Panel title="Cash book" label="the daily report">
          <DailyReportView property={property} date={date} cashieringHref={`${paths.cashiering}?propertyId=${encodeURIComponent(property.id)}&date=${date}`} />
        </Panel>
      </div>
    </>
  );
}
