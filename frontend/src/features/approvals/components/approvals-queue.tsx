import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, TextAreaField } from "@/components/form-fields";
import { Money } from "@/components/money";
import { EmptyState, InlineError, Loading, errorMessage } from "@/components/status";
import type { Property, SessionUser, Transaction } from "@/lib/api-types";
import { canApprove, reviewBarrier } from "@/lib/authorization";
import { formatMoney, localeForCurrency } from "@/lib/money";
import { businessDateAt, formatBusinessDate, formatDateTime } from "@/lib/dates";
import { splitSubmitError } from "@/lib/form-errors";
import { useSingleSubmit } from "@/lib/form-submit";
import { notify } from "@/lib/notifications";
import { useApproveTransaction, useApproveTransactions } from "@/features/approvals/api/approve-transaction";
import { usePendingApprovals } from "@/features/approvals/api/get-pending-approvals";
import { useRejectTransaction } from "@/features/approvals/api/reject-transaction";

const keyOf = (tx: Pick<Transaction, "kind" | "id">) => `${tx.kind}:${tx.id}`;
const label = (v: string | null | undefined) => (v ?? "").replace(/_/g, " ");

interface Props {
  properties: Property[];
  propertyId?: string;
  user: SessionUser;
  /** Called after an approval or rejection, so the route can refresh views of other features. */
  onChanged?: () => void;
}

/** Entries at least this many times the median of the queue's entries of the same property and kind are flagged. */
const LARGE_FACTOR = 5;
/** The median needs a few entries to mean anything. */
const LARGE_MIN_SAMPLES = 4;

interface Flags { backDated: boolean; large: boolean }

/** Back-dated: its business date is before the day it was entered (in the property's zone). Large: far above its peers in the queue. */
function flagsFor(rows: Transaction[], byId: Map<string, Property>): Map<string, Flags> {
  const groups = new Map<string, number[]>();
  for (const tx of rows) {
    const k = `${tx.propertyId}:${tx.kind}`;
    groups.set(k, [...(groups.get(k) ?? []), tx.amountCents]);
  }
  const medians = new Map<string, number | null>();
  for (const [k, amounts] of groups) {
    const sorted = [...amounts].sort((a, b) => a - b);
    medians.set(k, sorted.length >= LARGE_MIN_SAMPLES ? sorted[Math.floor(sorted.length / 2)] : null);
  }
  const out = new Map<string, Flags>();
  for (const tx of rows) {
    const zone = byId.get(tx.propertyId)?.timezone ?? "UTC";
    const median = medians.get(`${tx.propertyId}:${tx.kind}`);
    out.set(keyOf(tx), {
      backDated: tx.businessDate < businessDateAt(tx.createdAt, zone),
      large: median != null && median > 0 && tx.amountCents >= LARGE_FACTOR * median,
    });
  }
  return out;
}

function FlagBadges({ flags }: { flags: Flags | undefined }) {
  if (!flags?.backDated && !flags?.large) return null;
  return (
    <span className="ml-1 inline-flex gap-1">
      {flags.backDated ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900" title="Its business date is before the day it was entered">Back-dated</span> : null}
      {flags.large ? <span className="rounded bg-rose-100 px-1.5 py-0.5 text-xs font-medium text-rose-900" title={`At least ${LARGE_FACTOR}× the usual amount in this queue`}>Large</span> : null}
    </span>
  );
}

/**
 * The pending queue: approve one, reject one with a reason, or select several
 * and approve them at once. Keyboard: j / k move between entries, a approves,
 * r rejects, x selects; after a decision focus moves to the next entry.
 */
export function ApprovalsQueue({ properties, propertyId, user, onChanged }: Props) {
  const query = usePendingApprovals(propertyId);
  const approve = useApproveTransaction();
  const approveMany = useApproveTransactions();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rejecting, setRejecting] = useState<Transaction | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const byId = new Map(properties.map((p) => [p.id, p]));
  const rows = query.data ? query.data.pages.flatMap((p) => p.items) : [];
  const rowKeys = rows.map(keyOf).join(",");

  // After a decision the entry leaves the queue: put focus on the one that took its place.
  useEffect(() => {
    if (!focusKey || !listRef.current) return;
    // Cards and table rows both exist; only one layout is displayed at a width.
    const shown = [...listRef.current.querySelectorAll<HTMLElement>("[data-entry]")].filter((el) => el.offsetParent !== null);
    (shown.find((el) => el.dataset.entry === focusKey) ?? shown[0])?.focus();
  }, [focusKey, rowKeys]);

  if (query.isPending) return <Loading label="Loading pending entries…" />;
  if (!query.data) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  const approvable = rows.filter((tx) => canApprove(user, tx));
  const selectedRows = approvable.filter((tx) => selected.has(keyOf(tx)));
  if (rows.length === 0) return <EmptyState>Nothing is waiting for approval.</EmptyState>;
  const flags = flagsFor(rows, byId);

  const toggle = (tx: Transaction) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(keyOf(tx))) next.delete(keyOf(tx));
      else next.add(keyOf(tx));
      return next;
    });
  const allSelected = approvable.length > 0 && selectedRows.length === approvable.length;
  const nextKeyAfter = (tx: Transaction) => {
    const i = rows.findIndex((r) => keyOf(r) === keyOf(tx));
    return rows[i + 1] ? keyOf(rows[i + 1]) : rows[i - 1] ? keyOf(rows[i - 1]) : null;
  };
  const currencyOf = (tx: Transaction) => byId.get(tx.propertyId)?.currency ?? "INR";
  const money = (tx: Transaction) => formatMoney(tx.amountCents, currencyOf(tx));
  const what = (tx: Transaction) => `${tx.kind} of ${formatBusinessDate(tx.businessDate)} by ${tx.createdBy.displayName}`;

  const approveOne = (tx: Transaction) => {
    const next = nextKeyAfter(tx);
    approve.mutate(
      { kind: tx.kind, id: tx.id },
      {
        onSuccess: () => {
          notify(`Approved: ${labelFor(tx.kind)} ${money(tx)} by ${tx.createdBy.displayName}.`, "success");
          setFocusKey(next);
          onChanged?.();
        },
        onError: (e) => notify(errorMessage(e), "error"),
      },
    );
  };

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

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const el = (e.target as HTMLElement).closest<HTMLElement>("[data-entry]");
    if (!el || (e.target as HTMLElement).matches("input[type=text], textarea, select")) return;
    const tx = rows.find((r) => keyOf(r) === el.dataset.entry);
    if (!tx) return;
    const visible = [...listRef.current!.querySelectorAll<HTMLElement>("[data-entry]")].filter((x) => x.offsetParent !== null);
    const i = visible.indexOf(el);
    if (e.key === "j" || e.key === "ArrowDown") visible[i + 1]?.focus();
    else if (e.key === "k" || e.key === "ArrowUp") visible[i - 1]?.focus();
    else if (e.key === "a" && canApprove(user, tx)) approveOne(tx);
    else if (e.key === "r" && canApprove(user, tx)) setRejecting(tx);
    else if (e.key === "x" && canApprove(user, tx)) toggle(tx);
    else return;
    e.preventDefault();
  };

  const actions = (tx: Transaction) =>
    canApprove(user, tx) ? (
      <div className="flex gap-1">
        <Button variant="ghost" aria-label={`Approve ${what(tx)}`} busy={approve.isPending && approve.variables?.id === tx.id} onClick={() => approveOne(tx)}>
          Approve
        </Button>
        <Button variant="ghost" className="text-red-700" aria-label={`Reject ${what(tx)}`} onClick={() => setRejecting(tx)}>
          Reject
        </Button>
      </div>
    ) : (
      <span className="text-xs text-slate-600">{reviewBarrier(user, tx)}</span>
    );
  const checkbox = (tx: Transaction, id: string) => (
    <input
      id={id}
      type="checkbox"
      className="h-4 w-4"
      aria-label={`Select ${what(tx)}`}
      disabled={!canApprove(user, tx)}
      checked={selected.has(keyOf(tx))}
      onChange={() => toggle(tx)}
    />
  );
  // A revenue's time is when the money came in (the form's "Received on"); an expense has only a date, so its entry time.
  const receivedAt = (tx: Transaction) => {
    const at = (instant: string) => formatDateTime(instant, byId.get(tx.propertyId)?.timezone ?? "UTC", localeForCurrency(currencyOf(tx)));
    return tx.kind === "revenue" && tx.occurredAt ? `received ${at(tx.occurredAt)}` : `entered ${at(tx.createdAt)}`;
  };

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <Button variant="primary" disabled={selectedRows.length === 0} busy={approveMany.isPending} onClick={approveSelected}>
          Approve selected ({selectedRows.length})
        </Button>
        {selectedRows.length > 0 ? (
          <span className="text-sm text-slate-700" aria-live="polite">
            Selected total:{" "}
            {selectionTotals(selectedRows, currencyOf).map((t, i) => (
              <span key={t.currency}>{i > 0 ? ", " : ""}<Money cents={t.cents} currency={t.currency} /></span>
            ))}
          </span>
        ) : null}
        <span className="text-sm text-slate-600">You cannot approve entries you made or whose amount you changed.</span>
        <span className="hidden text-xs text-slate-600 lg:inline">Keys: j/k move, a approve, r reject, x select.</span>
      </div>
      <div ref={listRef} onKeyDown={onKeyDown}>
        <ul className="space-y-2 lg:hidden" aria-label="Entries waiting for approval">
          {rows.map((tx) => (
            <li key={keyOf(tx)} data-entry={keyOf(tx)} tabIndex={-1} className="rounded-md border border-slate-200 bg-white p-3 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600">
              <div className="flex items-start justify-between gap-2">
                <div className="flex min-w-0 items-start gap-2">
                  {checkbox(tx, `select-card-${keyOf(tx)}`)}
                  <div className="min-w-0">
                    <p className="font-medium capitalize">{tx.kind} · {label(tx.source ?? tx.category)} · {tx.paymentMode}<FlagBadges flags={flags.get(keyOf(tx))} /></p>
                    <p className="text-xs text-slate-600">
                      <label htmlFor={`select-card-${keyOf(tx)}`}>{formatBusinessDate(tx.businessDate)}</label> · {byId.get(tx.propertyId)?.name ?? "—"}
                    </p>
                  </div>
                </div>
                <p className="shrink-0 font-semibold"><Money cents={tx.amountCents} currency={currencyOf(tx)} /></p>
              </div>
              {tx.description ? <p className="mt-1 break-words text-slate-700">{tx.description}</p> : null}
              <p className="mt-1 text-xs text-slate-600">
                {tx.bankReference ? `Bank ref ${tx.bankReference} · ` : ""}{receivedAt(tx)} · by {tx.createdBy.displayName}
              </p>
              <div className="mt-2 flex justify-end">{actions(tx)}</div>
            </li>
          ))}
        </ul>
        <div className="hidden overflow-x-auto lg:block">
          <table className="w-full min-w-[42rem] text-left text-sm">
            <caption className="sr-only">Entries waiting for approval</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
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
                <th scope="col" className="py-2 pr-3">Bank reference</th>
                <th scope="col" className="py-2 pr-3 text-right">Amount</th>
                <th scope="col" className="py-2 pr-3">Entered by</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((tx) => (
                <tr key={keyOf(tx)} data-entry={keyOf(tx)} tabIndex={-1} className="border-b border-slate-100 align-top focus-visible:outline-2 focus-visible:outline-indigo-600">
                  <td className="py-2 pr-2">{checkbox(tx, `select-${keyOf(tx)}`)}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {/* The date is the checkbox's visible label: clicking it selects the row. */}
                    <label htmlFor={`select-${keyOf(tx)}`}>{formatBusinessDate(tx.businessDate)}</label>
                    <div className="text-xs text-slate-600">{receivedAt(tx)}</div>
                  </td>
                  <td className="py-2 pr-3">{byId.get(tx.propertyId)?.name ?? "—"}</td>
                  <td className="py-2 pr-3">
                    <span className="capitalize">{tx.kind} · {label(tx.source ?? tx.category)} · {tx.paymentMode}</span>
                    <FlagBadges flags={flags.get(keyOf(tx))} />
                    {tx.description ? <div className="text-xs text-slate-600">{tx.description}</div> : null}
                  </td>
                  <td className="py-2 pr-3">{tx.bankReference ?? "—"}</td>
                  <td className="py-2 pr-3 text-right">
                    <Money cents={tx.amountCents} currency={currencyOf(tx)} />
                  </td>
                  <td className="py-2 pr-3">{tx.createdBy.displayName}</td>
                  <td className="py-2 whitespace-nowrap">{actions(tx)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
              setFocusKey(nextKeyAfter(rejecting));
              setRejecting(null);
              onChanged?.();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function selectionTotals(rows: Transaction[], currencyOf: (tx: Transaction) => string) {
  const totals = new Map<string, number>();
  for (const tx of rows) totals.set(currencyOf(tx), (totals.get(currencyOf(tx)) ?? 0) + (tx.kind === "expense" ? -tx.amountCents : tx.amountCents));
  return [...totals].map(([currency, cents]) => ({ currency, cents }));
}

const labelFor = (kind: string) => (kind === "revenue" ? "Revenue" : "Expense");

/** Longest rejection reason accepted here; the server validates too. */
const MAX_REASON_LENGTH = 500;

const rejectSchema = z.object({
  reason: z.string().trim().min(1, "Say why, so the person who entered it can fix it.").max(MAX_REASON_LENGTH, `Keep it under ${MAX_REASON_LENGTH} characters.`),
});

function RejectForm({ tx, onDone, onCancel }: { tx: Transaction; onDone: () => void; onCancel: () => void }) {
  const { register, handleSubmit, clearErrors, formState } = useForm<z.input<typeof rejectSchema>, unknown, z.output<typeof rejectSchema>>({
    defaultValues: { reason: "" },
    resolver: zodResolver(rejectSchema),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const reject = useRejectTransaction();
  const server = splitSubmitError(reject.error, ["reason"]);

  const valid = ({ reason }: z.output<typeof rejectSchema>) =>
    reject.mutate(
      { kind: tx.kind, id: tx.id, reason },
      {
        onSuccess: () => {
          notify(`Rejected: ${labelFor(tx.kind)} of ${formatBusinessDate(tx.businessDate)} by ${tx.createdBy.displayName}.`, "success");
          onDone();
        },
        onSettled: release,
      },
    );

  return (
    <form onSubmit={guard(handleSubmit(valid, release))} noValidate className="space-y-4">
      <FormError message={server.formMessage} />
      <TextAreaField
        label="Reason"
        rows={3}
        required
        autoFocus
        {...register("reason", { onChange: () => clearErrors("reason") })}
        error={formState.errors.reason?.message ?? (server.field === "reason" ? server.fieldMessage : null)}
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
