// An entry's history as people read it: who did what, when, what changed (before → after) and why,
// from the audit trail the events service keeps (GET /events/audit).
import { EmptyState, InlineError, Loading } from "@/components/status";
import type { AuditEntry, Property, Transaction } from "@/lib/api-types";
import { formatBusinessDate, formatDateTime } from "@/lib/dates";
import { formatMoney, localeForCurrency } from "@/lib/money";
import { useTransactionHistory } from "@/features/transactions/api/get-transaction-history";
import { labelFor } from "./transaction-form";

const ACTIONS: Record<AuditEntry["type"], string> = {
  "transaction.created": "Entered",
  "transaction.approved": "Approved",
  "transaction.rejected": "Rejected",
  "transaction.updated": "Changed",
  "transaction.deleted": "Deleted",
};

const FIELD_NAMES: Record<string, string> = {
  amountCents: "Amount",
  paymentMode: "Paid by",
  bankReference: "Bank reference",
  description: "Description",
  source: "Source",
  category: "Category",
  occurredAt: "Received at",
  businessDate: "Business date",
  status: "Status",
  rejectionReason: "Reason for rejecting",
};

/** Fields an approval or rejection always changes; their own line ("Approved by …") already says it. */
const IMPLIED_BY_ACTION: Partial<Record<AuditEntry["type"], string[]>> = {
  "transaction.approved": ["status"],
  "transaction.rejected": ["status", "rejectionReason"],
  "transaction.deleted": ["deleted"],
};

function valueText(field: string, value: string | number | boolean | null, property: Property | undefined): string {
  if (value === null || value === "") return "none";
  const currency = property?.currency ?? "INR";
  const locale = localeForCurrency(currency);
  if (field === "amountCents" && typeof value === "number") return formatMoney(value, currency);
  if (field === "occurredAt" && typeof value === "string") return formatDateTime(value, property?.timezone ?? "UTC", locale);
  if (field === "businessDate" && typeof value === "string") return formatBusinessDate(value, locale);
  if (field === "paymentMode" || field === "status" || field === "source" || field === "category") return labelFor(String(value));
  return String(value);
}

export function TransactionHistory({ tx, property }: { tx: Transaction; property: Property | undefined }) {
  const query = useTransactionHistory(tx.id);
  const zone = property?.timezone ?? "UTC";
  const locale = localeForCurrency(property?.currency ?? "INR");
  if (query.isPending) return <Loading label="Loading the entry's history…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <EmptyState>Nothing recorded yet: a change appears here within a few seconds.</EmptyState>;
  return (
    <ol className="space-y-3 text-sm" aria-label="History, oldest first">
      {query.data.map((entry) => {
        const shown = entry.changes.filter((c) => c.field in FIELD_NAMES && !(IMPLIED_BY_ACTION[entry.type] ?? []).includes(c.field));
        const snapshot = entry.transaction;
        return (
          <li key={entry.eventId} className="rounded-md border border-slate-200 p-3">
            <p>
              <span className="font-medium">{ACTIONS[entry.type] ?? entry.type}</span> by {entry.actor.displayName ?? "a removed user"}
              <span className="text-slate-600"> · {formatDateTime(entry.occurredAt, zone, locale)}</span>
            </p>
            {entry.type === "transaction.created" && snapshot ? (
              <p className="text-slate-700">
                {formatMoney(snapshot.amountCents, property?.currency ?? "INR")}, {labelFor(snapshot.paymentMode)}, {formatBusinessDate(snapshot.businessDate, locale)};{" "}
                {snapshot.status === "approved" ? "approved at once" : "waiting for approval"}
              </p>
            ) : null}
            {shown.length > 0 ? (
              <ul className="mt-1 list-disc pl-5 text-slate-700">
                {shown.map((c) => (
                  <li key={c.field}>
                    {FIELD_NAMES[c.field]}: {valueText(c.field, c.from, property)} → {valueText(c.field, c.to, property)}
                  </li>
                ))}
              </ul>
            ) : null}
            {entry.reason ? <p className="mt-1 text-slate-700">Why: {entry.reason}</p> : null}
            {entry.type === "transaction.rejected" ? (
              <p className="mt-1 text-slate-700">Why: {String(entry.changes.find((c) => c.field === "rejectionReason")?.to ?? "no reason recorded")}</p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
