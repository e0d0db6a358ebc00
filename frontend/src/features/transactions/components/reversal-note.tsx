// What a reversed entry's row says about it: fully or partly reversed, and by which entries (their date,
// amount and, if not yet approved, that they wait), so nobody tries to reverse it again.
import type { Transaction } from "@/lib/api-types";
import { reversedCents } from "@/lib/authorization";
import { formatBusinessDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

export function ReversalNote({ tx, currency }: { tx: Transaction; currency: string }) {
  if (tx.reversedBy.length === 0) return null;
  const taken = reversedCents(tx);
  const by = tx.reversedBy
    .map((r) => `${formatMoney(r.amountCents, currency)} on ${formatBusinessDate(r.businessDate)}${r.status === "pending" ? " (awaiting approval)" : ""}`)
    .join(", ");
  const head = taken >= tx.amountCents ? "Fully reversed" : `Partly reversed (${formatMoney(taken, currency)} of ${formatMoney(tx.amountCents, currency)})`;
  return <div className="text-xs text-slate-600">{head} by the {tx.reversedBy.length === 1 ? "reversal" : "reversals"} of {by}</div>;
}
