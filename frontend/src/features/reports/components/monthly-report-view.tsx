import type { ReactNode } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Money } from "@/components/money";
import { EmptyState, InlineError, Loading } from "@/components/status";
import type { Property } from "@/lib/api-types";
import { formatBusinessDate, formatMonth, formatShortDate } from "@/lib/dates";
import { formatMoney, formatMoneyCompact } from "@/lib/money";
import { useMonthlyReport } from "@/features/reports/api/get-monthly-report";

interface Props {
  property: Property;
  month: string;
  dailyHref: (date: string) => string;
  renderLink: (href: string, text: string) => ReactNode;
}

const SERIES = [
  { key: "cashReceivedCents", name: "Cash in", color: "#059669" },
  { key: "bankReceivedCents", name: "Bank in", color: "#0284c7" },
  { key: "cashExpensesCents", name: "Cash out", color: "#e11d48" },
  { key: "bankExpensesCents", name: "Bank out", color: "#d97706" },
] as const;

/** Days of a month with a chart and totals. */
export function MonthlyReportView({ property, month, dailyHref, renderLink }: Props) {
  const query = useMonthlyReport(property.id, month);
  const c = property.currency;
  if (query.isPending) return <Loading label="Loading the monthly report…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  if (r.days.length === 0) return <EmptyState>No cash-book entries in {formatMonth(month)}.</EmptyState>;
  const t = r.totals;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {[
          ["Opening", t.openingBalanceCents],
          ["Cash in", t.cashReceivedCents],
          ["Bank in", t.bankReceivedCents],
          ["Cash out", t.cashExpensesCents],
          ["Bank out", t.bankExpensesCents],
          ["Closing", t.closingBalanceCents],
        ].map(([name, cents]) => (
          <div key={name as string} className="rounded-md bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-500">{name}</dt>
            <dd className="font-semibold"><Money cents={cents as number} currency={c} /></dd>
          </div>
        ))}
      </dl>

      <figure className="h-72 w-full print:hidden" role="img" aria-label={`Daily money in and out for ${formatMonth(month)}, with the closing balance`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={r.days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="date" tickFormatter={(d: string) => formatShortDate(d)} tick={{ fontSize: 11 }} minTickGap={16} />
            {/* Flows and balances differ by orders of magnitude: each gets its own axis. */}
            <YAxis yAxisId="flows" tickFormatter={(v: number) => formatMoneyCompact(v, c)} tick={{ fontSize: 11 }} width={64} />
            <YAxis yAxisId="balance" orientation="right" tickFormatter={(v: number) => formatMoneyCompact(v, c)} tick={{ fontSize: 11 }} width={64} />
            <Tooltip formatter={(v, name) => [formatMoney(Number(v), c), name]} labelFormatter={(d) => formatBusinessDate(String(d))} />
            <Legend />
            {SERIES.map((s) => (
              <Bar key={s.key} yAxisId="flows" dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
            ))}
            <Line yAxisId="balance" type="monotone" dataKey="closingBalanceCents" name="Closing" stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>

      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-right text-sm">
          <caption className="sr-only">Daily figures of {formatMonth(month)}</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 text-left">Date</th>
              <th scope="col" className="py-2 pr-3">Opening</th>
              <th scope="col" className="py-2 pr-3">Cash in</th>
              <th scope="col" className="py-2 pr-3">Bank in</th>
              <th scope="col" className="py-2 pr-3">Cash out</th>
              <th scope="col" className="py-2 pr-3">Bank out</th>
              <th scope="col" className="py-2">Closing</th>
            </tr>
          </thead>
          <tbody>
            {r.days.map((d) => (
              <tr key={d.date} className={`border-b border-slate-100 ${d.hasDiscrepancy ? "bg-red-50 text-red-900" : ""}`}>
                <th scope="row" className="py-1.5 pr-3 text-left font-normal whitespace-nowrap">
                  {renderLink(dailyHref(d.date), formatBusinessDate(d.date))}
                  {d.hasDiscrepancy ? <span className="ml-1 text-xs font-semibold">(discrepancy)</span> : null}
                </th>
                <td className="py-1.5 pr-3"><Money cents={d.openingBalanceCents} currency={c} /></td>
                <td className="py-1.5 pr-3"><Money cents={d.cashReceivedCents} currency={c} /></td>
                <td className="py-1.5 pr-3"><Money cents={d.bankReceivedCents} currency={c} /></td>
                <td className="py-1.5 pr-3"><Money cents={d.cashExpensesCents} currency={c} /></td>
                <td className="py-1.5 pr-3"><Money cents={d.bankExpensesCents} currency={c} /></td>
                <td className="py-1.5 font-medium"><Money cents={d.closingBalanceCents} currency={c} /></td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-300 font-semibold">
            <tr>
              <th scope="row" className="py-2 pr-3 text-left">Totals</th>
              <td className="py-2 pr-3"><Money cents={t.openingBalanceCents} currency={c} /></td>
              <td className="py-2 pr-3"><Money cents={t.cashReceivedCents} currency={c} /></td>
              <td className="py-2 pr-3"><Money cents={t.bankReceivedCents} currency={c} /></td>
              <td className="py-2 pr-3"><Money cents={t.cashExpensesCents} currency={c} /></td>
              <td className="py-2 pr-3"><Money cents={t.bankExpensesCents} currency={c} /></td>
              <td className="py-2"><Money cents={t.closingBalanceCents} currency={c} /></td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
