import { Money } from "@/components/money";
import type { SummaryItem } from "@/lib/api-types";

const COLUMNS = [
  ["Opening", "openingBalanceCents"],
  ["Cash in", "cashReceivedCents"],
  ["Bank in", "bankReceivedCents"],
  ["Cash out", "cashExpensesCents"],
  ["Bank out", "bankExpensesCents"],
  ["Closing (cash in hand)", "closingBalanceCents"],
] as const;

/** Every property on one table, with totals per currency: amounts in different currencies are never added together. */
export function OrganisationSummaryTable({ items }: { items: SummaryItem[] }) {
  const currencies = [...new Set(items.map((i) => i.currency))].sort();
  const total = (currency: string, key: (typeof COLUMNS)[number][1]) => items.filter((i) => i.currency === currency).reduce((s, i) => s + i[key], 0);
  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="All properties, scrollable">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">Today across properties, with totals per currency</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3">Property</th>
            {COLUMNS.map(([name]) => <th key={name} scope="col" className="py-2 pr-3 text-right">{name}</th>)}
            <th scope="col" className="py-2 text-right">Pending</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.propertyId} className="border-b border-slate-100">
              <th scope="row" className="py-1.5 pr-3 font-medium">{i.propertyName}</th>
              {COLUMNS.map(([name, key]) => <td key={name} className="py-1.5 pr-3 text-right tabular-nums"><Money cents={i[key]} currency={i.currency} /></td>)}
              <td className="py-1.5 text-right tabular-nums">{i.pendingCount}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {currencies.map((c) => (
            <tr key={c} className="border-t-2 border-slate-300 font-semibold">
              <th scope="row" className="py-1.5 pr-3">Total {c}</th>
              {COLUMNS.map(([name, key]) => <td key={name} className="py-1.5 pr-3 text-right tabular-nums"><Money cents={total(c, key)} currency={c} /></td>)}
              <td className="py-1.5 text-right tabular-nums">{items.filter((i) => i.currency === c).reduce((s, i) => s + i.pendingCount, 0)}</td>
            </tr>
          ))}
        </tfoot>
      </table>
    </div>
  );
}
