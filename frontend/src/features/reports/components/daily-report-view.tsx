import { Money } from "../../../components/money";
import { EmptyState, InlineError, Loading } from "../../../components/status";
import type { Property } from "../../../lib/api-types";
import { formatDateTime } from "../../../lib/dates";
import { formatMoney, localeForCurrency } from "../../../lib/money";
import { useDailyReport } from "../api/get-daily-report";

const label = (v: string | null | undefined) => (v ?? "").replace(/_/g, " ");

/** Figures and transactions of one property's business date; a discrepancy is called out. */
export function DailyReportView({ property, date }: { property: Property; date: string }) {
  const query = useDailyReport(property.id, date);
  const c = property.currency;
  if (query.isPending) return <Loading label="Loading the daily report…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  const rows: [string, number][] = [
    ["Opening balance", r.openingBalanceCents],
    ["Cash received", r.cashReceivedCents],
    ["Bank received", r.bankReceivedCents],
    ["Cash expenses", r.cashExpensesCents],
    ["Bank expenses", r.bankExpensesCents],
    ["Closing balance", r.closingBalanceCents],
    ["Calculated closing balance", r.calculatedClosingBalanceCents],
  ];
  return (
    <div className="space-y-5">
      {r.hasDiscrepancy ? (
        <div role="alert" className="rounded-md border-2 border-red-400 bg-red-50 p-3 text-sm text-red-900">
          <strong>Discrepancy of {formatMoney(r.balanceDiscrepancyCents, c)}.</strong> The stored closing balance differs from the one recalculated from
          approved transactions. Automatic correction will reconcile it; if it persists, check the entries below.
        </div>
      ) : null}
      <table className="w-full max-w-lg text-sm">
        <caption className="sr-only">Cash book figures</caption>
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
          <tr className={r.hasDiscrepancy ? "font-semibold text-red-800" : "text-slate-500"}>
            <th scope="row" className="py-1.5 pr-4 text-left font-normal">Discrepancy</th>
            <td className="py-1.5 text-right"><Money cents={r.balanceDiscrepancyCents} currency={c} /></td>
          </tr>
        </tbody>
      </table>

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-700">Transactions</h3>
        {r.transactions.length === 0 ? (
          <EmptyState>No transactions on this date.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
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
                      {tx.kind} · {label(tx.source ?? tx.category)}
                      {tx.description ? <span className="normal-case text-slate-500"> — {tx.description}</span> : null}
                    </td>
                    <td className="py-1.5 pr-3 capitalize">
                      {tx.paymentMode}
                      {tx.bankReference ? <span className="text-slate-500"> ({tx.bankReference})</span> : null}
                    </td>
                    <td className="py-1.5 pr-3 capitalize">{tx.status}</td>
                    <td className="py-1.5 text-right">
                      <Money cents={tx.kind === "expense" ? -tx.amountCents : tx.amountCents} currency={c} />
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
