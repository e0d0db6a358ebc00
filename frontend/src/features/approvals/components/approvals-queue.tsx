import { useState, type FormEvent } from "react";
import { Button } from "../../../components/button";
import { Dialog } from "../../../components/dialog";
import { FormError, TextAreaField } from "../../../components/form-fields";
import { Money } from "../../../components/money";
import { EmptyState, InlineError, Loading, errorMessage } from "../../../components/status";
import type { Property, SessionUser, Transaction } from "../../../lib/api-types";
import { canApprove } from "../../../lib/authorization";
import { localeForCurrency } from "../../../lib/money";
import { formatBusinessDate, formatDateTime } from "../../../lib/dates";
import { splitSubmitError } from "../../../lib/form-errors";
import { notify } from "../../../lib/notifications";
import { useApproveTransaction, useApproveTransactions } from "../api/approve-transaction";
import { usePendingApprovals } from "../api/get-pending-approvals";
import { useRejectTransaction } from "../api/reject-transaction";

const keyOf = (tx: Pick<Transaction, "kind" | "id">) => `${tx.kind}:${tx.id}`;
const label = (v: string | null | undefined) => (v ?? "").replace(/_/g, " ");

interface Props {
  properties: Property[];
  propertyId?: string;
  user: SessionUser;
  /** Called after an approval or rejection, so the route can refresh views of other features. */
  onChanged?: () => void;
}

/** The pending queue: approve one, reject one with a reason, or select several and approve them at once. */
export function ApprovalsQueue({ properties, propertyId, user, onChanged }: Props) {
  const query = usePendingApprovals(propertyId);
  const approve = useApproveTransaction();
  const approveMany = useApproveTransactions();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rejecting, setRejecting] = useState<Transaction | null>(null);
  const byId = new Map(properties.map((p) => [p.id, p]));

  if (query.isPending) return <Loading label="Loading pending entries…" />;
  if (!query.data) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  const rows = query.data.pages.flatMap((p) => p.items);
  const approvable = rows.filter((tx) => canApprove(user, tx));
  const selectedRows = approvable.filter((tx) => selected.has(keyOf(tx)));
  if (rows.length === 0) return <EmptyState>Nothing is waiting for approval.</EmptyState>;

  const toggle = (tx: Transaction) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(keyOf(tx))) next.delete(keyOf(tx));
      else next.add(keyOf(tx));
      return next;
    });
  const allSelected = approvable.length > 0 && selectedRows.length === approvable.length;

  const approveSelected = () =>
    approveMany.mutate(
      selectedRows.map((tx) => ({ kind: tx.kind, id: tx.id })),
      {
        onSuccess: ({ approved, failed }) => {
          onChanged?.();
          setSelected(new Set(failed.map((f) => keyOf(f.ref))));
          if (approved.length) notify(`Approved ${approved.length} ${approved.length === 1 ? "entry" : "entries"}.`, "success");
          if (failed.length) notify(`${failed.length} could not be approved: ${errorMessage(failed[0].error)}`, "error");
        },
      },
    );

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <Button variant="primary" disabled={selectedRows.length === 0} busy={approveMany.isPending} onClick={approveSelected}>
          Approve selected ({selectedRows.length})
        </Button>
        <span className="text-sm text-slate-500">You cannot approve entries you made yourself.</span>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[42rem] text-left text-sm">
          <caption className="sr-only">Entries waiting for approval</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="w-12 py-2 pr-2">
                <label className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    aria-label="Select all entries I can approve"
                    className="h-4 w-4"
                    checked={allSelected}
                    disabled={approvable.length === 0}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(approvable.map(keyOf)))}
                  />
                  All
                </label>
              </th>
              <th scope="col" className="py-2 pr-3">Date</th>
              <th scope="col" className="py-2 pr-3">Property</th>
              <th scope="col" className="py-2 pr-3">Entry</th>
              <th scope="col" className="py-2 pr-3 text-right">Amount</th>
              <th scope="col" className="py-2 pr-3">Entered by</th>
              <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((tx) => {
              const property = byId.get(tx.propertyId);
              const mayApprove = canApprove(user, tx);
              const what = `${tx.kind} of ${formatBusinessDate(tx.businessDate)} by ${tx.createdBy.displayName}`;
              return (
                <tr key={keyOf(tx)} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-2">
                    <input
                      id={`select-${keyOf(tx)}`}
                      type="checkbox"
                      className="h-4 w-4"
                      aria-label={`Select ${what}`}
                      disabled={!mayApprove}
                      checked={selected.has(keyOf(tx))}
                      onChange={() => toggle(tx)}
                    />
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {/* The date is the checkbox's visible label: clicking it selects the row. */}
                    <label htmlFor={`select-${keyOf(tx)}`}>{formatBusinessDate(tx.businessDate)}</label>
                    <div className="text-xs text-slate-500">{formatDateTime(tx.createdAt, property?.timezone ?? "UTC", localeForCurrency(property?.currency ?? ""))}</div>
                  </td>
                  <td className="py-2 pr-3">{property?.name ?? "—"}</td>
                  <td className="py-2 pr-3 capitalize">
                    {tx.kind} · {label(tx.source ?? tx.category)} · {tx.paymentMode}
                    {tx.description ? <div className="text-xs normal-case text-slate-500">{tx.description}</div> : null}
                  </td>
                  <td className="py-2 pr-3 text-right">
                    <Money cents={tx.amountCents} currency={property?.currency ?? "INR"} />
                  </td>
                  <td className="py-2 pr-3">{tx.createdBy.displayName}</td>
                  <td className="py-2 whitespace-nowrap">
                    {mayApprove ? (
                      <div className="flex gap-1">
                        <Button
                          variant="ghost"
                          aria-label={`Approve ${what}`}
                          busy={approve.isPending && approve.variables?.id === tx.id}
                          onClick={() =>
                            approve.mutate(
                              { kind: tx.kind, id: tx.id },
                              {
                                onSuccess: () => {
                                  notify("Approved.", "success");
                                  onChanged?.();
                                },
                                onError: (e) => notify(errorMessage(e), "error"),
                              },
                            )
                          }
                        >
                          Approve
                        </Button>
                        <Button variant="ghost" className="text-red-700" aria-label={`Reject ${what}`} onClick={() => setRejecting(tx)}>
                          Reject
                        </Button>
                      </div>
                    ) : (
                      <span className="text-xs text-slate-500">Your entry</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {query.hasNextPage ? (
        <div className="mt-3">
          <Button onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      ) : null}
      <Dialog open={rejecting !== null} title="Reject entry" onClose={() => setRejecting(null)}>
        {rejecting ? (
          <RejectForm
            tx={rejecting}
            onCancel={() => setRejecting(null)}
            onDone={() => {
              setRejecting(null);
              onChanged?.();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

/** Longest rejection reason accepted here; the server validates too. */
const MAX_REASON_LENGTH = 500;

function RejectForm({ tx, onDone, onCancel }: { tx: Transaction; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reject = useRejectTransaction();
  const server = splitSubmitError(reject.error, ["reason"]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) return setError("Say why, so the person who entered it can fix it.");
    if (trimmed.length > MAX_REASON_LENGTH) return setError(`Keep it under ${MAX_REASON_LENGTH} characters.`);
    reject.mutate(
      { kind: tx.kind, id: tx.id, reason: trimmed },
      {
        onSuccess: () => {
          notify("Rejected.", "success");
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={server.formMessage} />
      <TextAreaField
        label="Reason"
        rows={3}
        required
        autoFocus
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        error={error ?? (server.field === "reason" ? server.fieldMessage : null)}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" busy={reject.isPending}>
          Reject
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
