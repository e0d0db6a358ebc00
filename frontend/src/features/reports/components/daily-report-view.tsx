import { DayCloseStatus } from "@/components/day-close-status";
import { Money } from "@/components/money";
import { EmptyState, InlineError, Loading } from "@/components/status";
import type { Property } from "@/lib/api-types";
import { formatDateTime } from "@/lib/dates";
import { formatMoney, localeForCurrency } from "@/lib/money";
import { useDailyReport } from "@/features/reports/api/get-daily-report";

const label = (v: string | null | undefined) => (v ?? "").replace(/_/g, " ");

/** Figures and transactions of one property's business date; a discrepancy is called out. */
export function DailyReportView({ property, date, cashieringHref }: { property: Property; date: string; cashieringHref: string }) {
  const query = useDailyReport(property.id, date);
  const c = property.currency;
  if (query.isPending) return <Loading label="Loading the daily report…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  const cash: [string, number][] = [
    ["Opening balance", r.openingBalanceCents],
    ["Cash received", r.cashReceivedCents],
    ["Cash expenses", r.cashExpensesCents],
    ...(r.cashMovedCents ? [["Cash moved (drops, deposits, top-ups, paid-outs)", r.cashMovedCents] as [string, number]] : []),
    ["Closing balance", r.closingBalanceCents],
    ["Calculated closing balance", r.calculatedClosingBalanceCents],
  ];
  const bank: [string, number][] = [
    ["Bank received", r.bankReceivedCents],
    ["Bank expenses", r.bankExpensesCents],
    ...(r.bankMovedCents ? [["Bank moved (deposits in, top-ups out)", r.bankMovedCents] as [string, number]] : []),
  ];
  const figureTable = (title: string, note: string, rows: [string, number][], withDiscrepancy: boolean) => (
    <table className="w-full text-sm">
      <caption className="mb-1 text-left text-sm font-semibold text-slate-800">
        {title} <span className="font-normal text-slate-600">— {note}</span>
      </caption>
      <tbody>
        {rows.map(([name, cents]) => {
          const flagged = r.hasDiscrepancy && (name === "Closing balance" || name === "Calculated closing balance");
          return (
            <tr key={name} className={`border-b border-slate-100 ${flagged ? "bg-red-50 font-semibold text-red-900" : ""}`}>
              <th scope="row" className="py-1.5 pr-4 text-left font-normal">{name}</th>
              <td className="py-1.5 text-right"><Money cents={cents} currency={c} /></td>
            </tr>
          );
        })}
        {withDiscrepancy ? (
          <tr className={r.hasDiscrepancy ? "font-semibold text-red-800" : "text-slate-600"}>
            <th scope="row" className="py-1.5 pr-4 text-left font-normal">Discrepancy</th>
            <td className="py-1.5 text-right"><Money cents={r.balanceDiscrepancyCents} currency={c} /></td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
  const breakdown = (title: string, items: { label: string; amountCents: number; count: number }[] | undefined) =>
    items ? (
      <table className="w-full text-sm">
        <caption className="mb-1 text-left text-sm font-semibold text-slate-800">{title}</caption>
        <tbody>
          {items.map((i) => (
            <tr key={i.label} className={`border-b border-slate-100 ${i.count === 0 ? "text-slate-600" : ""}`}>
              <th scope="row" className="py-1.5 pr-4 text-left font-normal capitalize">{label(i.label)} <span className="text-xs text-slate-600">({i.count})</span></th>
              <td className="py-1.5 text-right"><Money cents={i.amountCents} currency={c} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null;
  return (
    <div className="space-y-5">
      <DayCloseStatus state={r.dayClose} timezone={property.timezone} locale={localeForCurrency(c)} cashieringHref={cashieringHref} />
      {r.hasDiscrepancy ? (
        <div role="alert" className="rounded-md border-2 border-red-400 bg-red-50 p-3 text-sm text-red-900">
          <strong>Discrepancy of {formatMoney(r.balanceDiscrepancyCents, c)}.</strong>{" "}
          {r.discrepancyExplanation ?? "The stored closing balance differs from the one recalculated from approved transactions. Automatic correction will reconcile it; if it persists, check the entries below."}
        </div>
      ) : null}
      <div className="grid gap-5 md:grid-cols-2">
        {figureTable("Cash in hand", "money in the till", cash, true)}
        {figureTable("Bank", "card, UPI and transfers; not cash in hand", bank, false)}
        {breakdown("Revenue by source (approved)", r.revenueBySource?.map((s) => ({ label: s.source, amountCents: s.amountCents, count: s.count })))}
        {breakdown("Expenses by category (approved)", r.expensesByCategory?.map((e) => ({ label: e.category, amountCents: e.amountCents, count: e.count })))}
      </div>

      {r.shifts && r.shifts.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <caption className="mb-1 text-left text-sm font-semibold text-slate-800">Shifts</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3">Cashier</th>
                <th scope="col" className="py-2 pr-3">Status</th>
                <th scope="col" className="py-2 pr-3 text-right">Float</th>
                <th scope="col" className="py-2 pr-3 text-right">Expected</th>
                <th scope="col" className="py-2 pr-3 text-right">Counted</th>
                <th scope="col" className="py-2 text-right">Over / short</th>
              </tr>
            </thead>
            <tbody>
              {r.shifts.map((s) => (
                <tr key={s.id} className="border-b border-slate-100">
                  <td className="py-1.5 pr-3">{s.cashier.displayName ?? "—"}</td>
                  <td className="py-1.5 pr-3">{label(s.status)}{s.signedOffBy ? ` by ${s.signedOffBy.displayName ?? "a manager"}` : ""}</td>
                  <td className="py-1.5 pr-3 text-right"><Money cents={s.floatCents} currency={c} /></td>
                  <td className="py-1.5 pr-3 text-right">{s.expectedCents === null ? "—" : <Money cents={s.expectedCents} currency={c} />}</td>
                  <td className="py-1.5 pr-3 text-right">{s.countedCents === null ? "—" : <Money cents={s.countedCents} currency={c} />}</td>
                  <td className={`py-1.5 text-right ${s.overShortCents && s.overShortCents < 0 ? "font-semibold text-red-800" : ""}`}>
                    {s.overShortCents === null ? "—" : <Money cents={s.overShortCents} currency={c} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {r.movements && r.movements.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <caption className="mb-1 text-left text-sm font-semibold text-slate-800">
              Cash movements <span className="font-normal text-slate-600">— neither revenue nor expense</span>
            </caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3">Movement</th>
                <th scope="col" className="py-2 pr-3">By</th>
                <th scope="col" className="py-2 pr-3">Status</th>
                <th scope="col" className="py-2 pr-3 text-right">Cash</th>
                <th scope="col" className="py-2 text-right">Bank</th>
              </tr>
            </thead>
            <tbody>
              {r.movements.map((m) => (
                <tr key={m.id} className="border-b border-slate-100">
                  <td className="py-1.5 pr-3 capitalize">
                    {label(m.movementType)}
                    {m.description ? <span className="normal-case text-slate-600"> — {m.description}</span> : null}
                  </td>
                  <td className="py-1.5 pr-3">{m.createdBy.displayName ?? "—"}</td>
                  <td className="py-1.5 pr-3 capitalize">{m.status}</td>
                  <td className="py-1.5 pr-3 text-right"><Money cents={m.cashEffectCents} currency={c} /></td>
                  <td className="py-1.5 text-right"><Money cents={m.bankEffectCents} currency={c} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-700">Transactions</h3>
        {r.transactions.length === 0 ? (
          <EmptyState>No transactions on this date.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3">Time</th>
                  <th scope="col" className="py-2 pr-3">Entry</th>
                  <th scope="col" className="py-2 pr-3">Paid by</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 text-right">Amount</th>
                </tr>
              </thead>
              <tbody>
                {r.transactions.map((tx) => (
                  <tr key={`${tx.kind}-${tx.id}`} className="border-b border-slate-100">
                    <td className="py-1.5 pr-3 whitespace-nowrap">{tx.occurredAt ? formatDateTime(tx.occurredAt, property.timezone, localeForCurrency(property.currency)) : "—"}</td>
                    <td className="py-1.5 pr-3 capitalize">
                      {tx.reversesId ? "reversal of " : ""}{tx.kind} · {label(tx.source ?? tx.category)}
                      {tx.description ? <span className="normal-case text-slate-600"> — {tx.description}</span> : null}
                    </td>
                    <td className="py-1.5 pr-3 capitalize">
                      {tx.paymentMode}
                      {tx.bankReference ? <span className="text-slate-600"> ({tx.bankReference})</span> : null}
                    </td>
                    <td className="py-1.5 pr-3 capitalize">{tx.status}</td>
                    <td className="py-1.5 text-right">
                      <Money cents={(tx.kind === "expense" ? -1 : 1) * (tx.reversesId ? -1 : 1) * tx.amountCents} currency={c} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
