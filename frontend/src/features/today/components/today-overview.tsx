import { lazy, Suspense, type ReactNode } from "react";
import { Link } from "react-router";
import { DayCloseStatus } from "@/components/day-close-status";
import { Money } from "@/components/money";
import { Panel } from "@/components/panel";
import { EmptyState, InlineError, Loading } from "@/components/status";
import type { SummaryItem } from "@/lib/api-types";
import { localeForCurrency } from "@/lib/money";
import { formatBusinessDate, formatDateTime } from "@/lib/dates";
import { useSummary } from "@/features/today/api/get-summary";
import { OrganisationSummaryTable } from "./organisation-summary-table";
// The charts library loads only when a chart is drawn; the figures above it do not wait for it.
const ClosingBalanceChart = lazy(() => import("./closing-balance-chart").then((m) => ({ default: m.ClosingBalanceChart })));

interface Props {
  /** Where "pending" links to (the approvals page for managers, else transactions). */
  pendingHref: (propertyId: string) => string;
  dailyReportHref: (propertyId: string, date: string) => string;
  /** Where the day's close state links to (the Cashiering page for that property and date). */
  cashieringHref: (propertyId: string, date: string) => string;
  /** What to say when the user has no property (admins can add one, others must ask). */
  emptyMessage: ReactNode;
}

/** Today's figures of every accessible property, each in its own panel. */
export function TodayOverview({ pendingHref, dailyReportHref, cashieringHref, emptyMessage }: Props) {
  const query = useSummary();
  if (query.isPending) return <Loading label="Loading today's figures…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} title="Today's figures are unavailable" />;
  if (query.data.items.length === 0) return <EmptyState>{emptyMessage}</EmptyState>;
  return (
    <div className="space-y-4">
    {query.data.items.length > 1 ? (
      <Panel title="All properties" label="the organisation summary">
        <OrganisationSummaryTable items={query.data.items} />
      </Panel>
    ) : null}
    <div className="grid gap-4 lg:grid-cols-2">
      {query.data.items.map((item) => (
        <Panel
          key={item.propertyId}
          title={item.propertyName}
          label={`the figures of ${item.propertyName}`}
          actions={
            <Link className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600" to={dailyReportHref(item.propertyId, item.date)}>
              Daily report
            </Link>
          }
        >
          <PropertyToday item={item} pendingHref={pendingHref(item.propertyId)} cashieringHref={cashieringHref(item.propertyId, item.date)} />
        </Panel>
      ))}
    </div>
    </div>
  );
}

function Figure({ label, cents, currency, strong = false }: { label: string; cents: number; currency: string; strong?: boolean }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className={strong ? "text-lg font-semibold" : "font-medium"}>
        <Money cents={cents} currency={currency} />
      </dd>
    </div>
  );
}

function PropertyToday({ item, pendingHref, cashieringHref }: { item: SummaryItem; pendingHref: string; cashieringHref: string }) {
  const c = item.currency;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {formatBusinessDate(item.date)} · local time {formatDateTime(new Date(), item.timezone, localeForCurrency(item.currency))}
      </p>
      <DayCloseStatus state={item.dayClose} timezone={item.timezone} locale={localeForCurrency(item.currency)} cashieringHref={cashieringHref} />
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        <Figure label="Opening" cents={item.openingBalanceCents} currency={c} />
        <Figure label="Cash in" cents={item.cashReceivedCents} currency={c} />
        <Figure label="Bank in" cents={item.bankReceivedCents} currency={c} />
        <Figure label="Cash out" cents={item.cashExpensesCents} currency={c} />
        <Figure label="Bank out" cents={item.bankExpensesCents} currency={c} />
        {item.cashMovedCents ? <Figure label="Cash moved (drops, top-ups)" cents={item.cashMovedCents} currency={c} /> : null}
        <Figure label="Closing" cents={item.closingBalanceCents} currency={c} strong />
      </dl>
      <p className="text-sm">
        <Link to={pendingHref} className="font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          {item.pendingCount === 0 ? "No entries pending approval" : `${item.pendingCount} ${item.pendingCount === 1 ? "entry" : "entries"} pending approval`}
        </Link>
      </p>
      <Suspense fallback={<Loading label="Loading the chart…" />}>
        <ClosingBalanceChart propertyId={item.propertyId} propertyName={item.propertyName} currency={c} endDate={item.date} />
      </Suspense>
    </div>
  );
}
