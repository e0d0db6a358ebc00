import type { TransactionStatus } from "@/lib/api-types";

const STYLES: Record<TransactionStatus, string> = {
  pending: "bg-amber-100 text-amber-900",
  approved: "bg-emerald-100 text-emerald-900",
  rejected: "bg-red-100 text-red-900",
};

export function StatusBadge({ status }: { status: TransactionStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium capitalize ${STYLES[status]}`}>{status}</span>;
}
