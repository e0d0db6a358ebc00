// What a transaction contributes to the cash book, and the deltas a change
// causes. Only approved, not deleted transactions count; a reversal (or
// refund) counts as the negative of its amount in its kind's column.
import type { CashDelta, TransactionKind, TransactionSnapshot } from "./topics.ts";

type Counted = Pick<TransactionSnapshot, "amountCents" | "paymentMode" | "businessDate" | "status" | "deleted" | "reversesId">;

function effect(kind: TransactionKind, t: Counted | null): CashDelta | null {
  if (!t || t.status !== "approved" || t.deleted) return null;
  const d: CashDelta = { businessDate: t.businessDate, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 };
  const amount = t.reversesId ? -t.amountCents : t.amountCents;
  if (kind === "revenue") d[t.paymentMode === "cash" ? "cashReceivedCents" : "bankReceivedCents"] = amount;
  else d[t.paymentMode === "cash" ? "cashExpensesCents" : "bankExpensesCents"] = amount;
  return d;
}

const FLOWS = ["cashReceivedCents", "bankReceivedCents", "cashExpensesCents", "bankExpensesCents"] as const;

/** effect(after) − effect(before), one entry per business date that changed. */
export function cashDeltas(kind: TransactionKind, before: Counted | null, after: Counted | null): CashDelta[] {
  const byDate = new Map<string, CashDelta>();
  const add = (d: CashDelta | null, sign: 1 | -1) => {
    if (!d) return;
    const acc = byDate.get(d.businessDate) ?? { businessDate: d.businessDate, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 };
    for (const f of FLOWS) acc[f] += sign * d[f];
    byDate.set(d.businessDate, acc);
  };
  add(effect(kind, before), -1);
  add(effect(kind, after), 1);
  return [...byDate.values()]
    .filter((d) => FLOWS.some((f) => d[f] !== 0))
    .sort((x, y) => x.businessDate.localeCompare(y.businessDate));
}
