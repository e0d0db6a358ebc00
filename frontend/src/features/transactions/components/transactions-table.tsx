import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Money } from "@/components/money";
import { SelectField } from "@/components/form-fields";
import { EmptyState, InlineError, Loading, errorMessage } from "@/components/status";
import type { Property, SessionUser, Transaction } from "@/lib/api-types";
import { canDelete, canEdit, canReverse } from "@/lib/authorization";
import { formatMoney, localeForCurrency } from "@/lib/money";
import { formatBusinessDate, formatDateTime } from "@/lib/dates";
import { notify } from "@/lib/notifications";
import { useDeleteTransaction } from "@/features/transactions/api/delete-transaction";
import { useTransactions, type TransactionFilters } from "@/features/transactions/api/get-transactions";
import { ReversalNote } from "./reversal-note";
import { ReverseForm } from "./reverse-form";
import { StatusBadge } from "./status-badge";
import { TransactionHistory } from "./transaction-history";
import { TransactionForm, labelFor } from "./transaction-form";

interface Props {
  filters: TransactionFilters;
  properties: Property[];
  user: SessionUser;
  /** Called after an edit or delete, so the route can refresh views of other features. */
  onChanged?: () => void;
}

/** Cursor-paginated list of transactions with edit and delete where the user may. */
export function TransactionsTable({ filters, properties, user, onChanged }: Props) {
  const query = useTransactions(filters);
  const [editing, setEditing] = useState<Transaction | null>(null);
  const [deleting, setDeleting] = useState<Transaction | null>(null);
  const [reversing, setReversing] = useState<Transaction | null>(null);
  const [viewingHistory, setViewingHistory] = useState<Transaction | null>(null);
  const [sort, setSort] = useState<SortKey>("newest");
  const remove = useDeleteTransaction();
  const byId = new Map(properties.map((p) => [p.id, p]));

  if (query.isPending) return <Loading label="Loading transactions…" />;
  if (!query.data) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  const rows = sortRows(query.data.pages.flatMap((p) => p.items), sort);
  if (rows.length === 0) return <EmptyState>No transactions match these filters.</EmptyState>;

  return (
    <>
      <div className="mb-2 flex justify-end">
        <SelectField label="Sort shown entries" value={sort} onChange={(e) => setSort(e.target.value as SortKey)} containerClassName="w-48">
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="largest">Largest amount</option>
          <option value="smallest">Smallest amount</option>
        </SelectField>
      </div>
      {/* Phones and tablets get cards (amount and actions always in view); the table needs a desktop's width. */}
      <ul className="space-y-2 lg:hidden" aria-label="Transactions">
        {rows.map((tx) => {
          const property = byId.get(tx.propertyId);
          const currency = property?.currency ?? "INR";
          const zone = property?.timezone ?? "UTC";
          return (
            <li key={`${tx.kind}-${tx.id}`} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium">
                    <span className={tx.kind === "revenue" ? "text-emerald-800" : "text-rose-800"}>{labelFor(tx.kind)}</span>
                    {" · "}{labelFor(tx.source ?? tx.category ?? "")}
                  </p>
                  <p className="text-xs text-slate-600">
                    {formatBusinessDate(tx.businessDate)}
                    {tx.kind === "revenue" && tx.occurredAt ? ` · ${formatDateTime(tx.occurredAt, zone, localeForCurrency(currency))}` : ""}
                    {" · "}{property?.name ?? "—"}
                  </p>
                </div>
                <p className="shrink-0 text-right font-semibold">
                  <Money cents={tx.kind === "expense" ? -tx.amountCents : tx.amountCents} currency={currency} />
                </p>
              </div>
              {tx.description ? <p className="mt-1 break-words text-slate-700">{tx.description}</p> : null}
              <p className="mt-1 text-xs text-slate-600">
                {labelFor(tx.paymentMode)}{tx.bankReference ? ` · ref ${tx.bankReference}` : ""} · entered by {tx.createdBy.displayName}
              </p>
              <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
                <span>
                  <StatusBadge status={tx.status} />
                  {tx.rejectionReason ? <span className="ml-2 text-xs text-slate-600">{tx.rejectionReason}</span> : null}
                  <ReversalNote tx={tx} currency={currency} />
                </span>
                <RowActions tx={tx} edit={canEdit(user, tx)} remove={canDelete(user, tx)} onEdit={setEditing} onDelete={setDeleting} onReverse={setReversing} onHistory={setViewingHistory} />
              </div>
            </li>
          );
        })}
      </ul>
      <div className="hidden overflow-x-auto lg:block">
        <table className="w-full min-w-[44rem] text-left text-sm">
          <caption className="sr-only">Transactions</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3">Date</th>
              <th scope="col" className="py-2 pr-3">Property</th>
              <th scope="col" className="py-2 pr-3">Kind</th>
              <th scope="col" className="py-2 pr-3">Paid by</th>
              <th scope="col" className="py-2 pr-3 text-right">Amount</th>
              <th scope="col" className="py-2 pr-3">Status</th>
              <th scope="col" className="py-2 pr-3">Entered by</th>
              <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((tx) => {
              const property = byId.get(tx.propertyId);
              const currency = property?.currency ?? "INR";
              const zone = property?.timezone ?? "UTC";
              return (
                <tr key={`${tx.kind}-${tx.id}`} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {formatBusinessDate(tx.businessDate)}
                    {tx.kind === "revenue" && tx.occurredAt ? <div className="text-xs text-slate-500">{formatDateTime(tx.occurredAt, zone, localeForCurrency(currency))}</div> : null}
                  </td>
                  <td className="py-2 pr-3">{property?.name ?? "—"}</td>
                  <td className="py-2 pr-3">
                    <span className={tx.kind === "revenue" ? "text-emerald-800" : "text-rose-800"}>{labelFor(tx.kind)}</span>
                    <div className="text-xs text-slate-500">{labelFor(tx.source ?? tx.category ?? "")}</div>
                    {tx.description ? <div className="max-w-48 truncate text-xs text-slate-500" title={tx.description}>{tx.description}</div> : null}
                  </td>
                  <td className="py-2 pr-3">
                    {labelFor(tx.paymentMode)}
                    {tx.bankReference ? <div className="text-xs text-slate-500">{tx.bankReference}</div> : null}
                  </td>
                  <td className="py-2 pr-3 text-right">
                    <Money cents={tx.kind === "expense" ? -tx.amountCents : tx.amountCents} currency={currency} />
                  </td>
                  <td className="py-2 pr-3">
                    <StatusBadge status={tx.status} />
                    {tx.rejectionReason ? <div className="text-xs text-slate-500">{tx.rejectionReason}</div> : null}
                    <ReversalNote tx={tx} currency={currency} />
                  </td>
                  <td className="py-2 pr-3">{tx.createdBy.displayName}</td>
                  <td className="py-2 whitespace-nowrap">
                    <RowActions tx={tx} edit={canEdit(user, tx)} remove={canDelete(user, tx)} onEdit={setEditing} onDelete={setDeleting} onReverse={setReversing} onHistory={setViewingHistory} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="mt-3 flex items-center justify-between text-sm text-slate-500">
        <span>
          {rows.length} shown
          {shownTotals(rows, byId).map((t) => (
            <span key={t.currency}>
              {" · "}revenue <Money cents={t.revenueCents} currency={t.currency} />, expenses <Money cents={t.expenseCents} currency={t.currency} />
            </span>
          ))}
        </span>
        {query.hasNextPage ? (
          <Button onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage}>
            Load more
          </Button>
        ) : null}
      </div>
      {query.isFetchNextPageError ? <InlineError error={query.error} onRetry={() => void query.fetchNextPage()} /> : null}

      <Dialog open={editing !== null} title={editing ? `Edit ${editing.kind}` : ""} onClose={() => setEditing(null)}>
        {editing ? (
          <>
            {editing.status === "approved" ? (
              <p className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-900">
                This entry is approved. A new amount, payment mode or date needs a reason and sends it back for approval by someone other than you; other changes keep it approved.
              </p>
            ) : null}
            <TransactionForm
              kind={editing.kind}
              properties={properties}
              transaction={editing}
              onCancel={() => setEditing(null)}
              onDone={(saved) => {
                setEditing(null);
                notify(editedMessage(editing, saved, byId.get(saved.propertyId)?.currency ?? "INR"), "success");
                onChanged?.();
              }}
            />
          </>
        ) : null}
      </Dialog>

      <Dialog open={viewingHistory !== null} title={viewingHistory ? `History of this ${viewingHistory.kind}` : ""} onClose={() => setViewingHistory(null)}>
        {viewingHistory ? (
          <>
            <ReversalNote tx={viewingHistory} currency={byId.get(viewingHistory.propertyId)?.currency ?? "INR"} />
            <TransactionHistory tx={viewingHistory} property={byId.get(viewingHistory.propertyId)} />
          </>
        ) : null}
      </Dialog>

      <Dialog open={reversing !== null} title={reversing ? `Reverse ${reversing.kind}` : ""} onClose={() => setReversing(null)}>
        {reversing && byId.get(reversing.propertyId) ? (
          <ReverseForm
            tx={reversing}
            property={byId.get(reversing.propertyId)!}
            onCancel={() => setReversing(null)}
            onDone={(message) => {
              setReversing(null);
              notify(message, "success");
              onChanged?.();
            }}
          />
        ) : null}
      </Dialog>

      <Dialog open={deleting !== null} title="Delete this entry?" onClose={() => setDeleting(null)}>
        {deleting ? (
          <div className="space-y-4 text-sm">
            <p>
              {labelFor(deleting.kind)} of <Money cents={deleting.amountCents} currency={byId.get(deleting.propertyId)?.currency ?? "INR"} /> on {formatBusinessDate(deleting.businessDate)}.
              {deleting.status === "approved" ? " It is approved, so the cash book will change." : ""}
            </p>
            {remove.error ? <p role="alert" className="text-red-700">{errorMessage(remove.error)}</p> : null}
            <div className="flex gap-2">
              <Button
                variant="danger"
                busy={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { kind: deleting.kind, id: deleting.id },
                    {
                      onSuccess: () => {
                        setDeleting(null);
                        notify("Entry deleted.", "success");
                        onChanged?.();
                      },
                    },
                  )
                }
              >
                Delete
              </Button>
              <Button onClick={() => { remove.reset(); setDeleting(null); }}>Cancel</Button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}

/** What the confirmation says after an edit: whether the entry kept its approval or went back for one. */
function editedMessage(before: Transaction, after: Transaction, currency: string): string {
  const what = `${labelFor(after.kind)} ${formatMoney(after.amountCents, currency)}`;
  if (before.status === "approved" && after.status === "pending") return `${what} saved and sent back for approval by someone other than you.`;
  return `${what} saved${after.status === "approved" ? ", still approved" : ""}.`;
}

function RowActions({ tx, edit, remove, onEdit, onDelete, onReverse, onHistory }: {
  tx: Transaction; edit: boolean; remove: boolean; onEdit: (tx: Transaction) => void; onDelete: (tx: Transaction) => void; onReverse: (tx: Transaction) => void; onHistory: (tx: Transaction) => void;
}) {
  const what = `${tx.kind} of ${formatBusinessDate(tx.businessDate)}`;
  return (
    <div className="flex flex-wrap gap-1">
      {edit ? (
        <Button variant="ghost" onClick={() => onEdit(tx)} aria-label={`Edit ${what}`}>
          Edit
        </Button>
      ) : null}
      {remove ? (
        <Button variant="ghost" className="text-red-700" onClick={() => onDelete(tx)} aria-label={`Delete ${what}`}>
          Delete
        </Button>
      ) : null}
      {canReverse(tx) ? (
        <Button variant="ghost" onClick={() => onReverse(tx)} aria-label={`Reverse ${what}`}>
          Reverse
        </Button>
      ) : null}
      <Button variant="ghost" onClick={() => onHistory(tx)} aria-label={`History of ${what}`}>
        History
      </Button>
    </div>
  );
}

/** Totals of the rows on screen, per currency: properties of one organisation may keep different currencies. */
function shownTotals(rows: Transaction[], byId: Map<string, Property>) {
  const totals = new Map<string, { currency: string; revenueCents: number; expenseCents: number }>();
  for (const tx of rows) {
    const currency = byId.get(tx.propertyId)?.currency ?? "INR";
    const t = totals.get(currency) ?? { currency, revenueCents: 0, expenseCents: 0 };
    if (tx.kind === "revenue") t.revenueCents += tx.amountCents;
    else t.expenseCents += tx.amountCents;
    totals.set(currency, t);
  }
  return [...totals.values()];
}

type SortKey = "newest" | "oldest" | "largest" | "smallest";

/** Sorts the loaded entries; the server pages newest first, so "Load more" may add rows anywhere in another order. */
function sortRows(rows: Transaction[], sort: SortKey): Transaction[] {
  if (sort === "newest") return rows;
  const byDate = (a: Transaction, b: Transaction) => a.businessDate.localeCompare(b.businessDate) || a.createdAt.localeCompare(b.createdAt);
  const sorted = [...rows];
  if (sort === "oldest") sorted.sort(byDate);
  else if (sort === "largest") sorted.sort((a, b) => b.amountCents - a.amountCents);
  else sorted.sort((a, b) => a.amountCents - b.amountCents);
  return sorted;
}
