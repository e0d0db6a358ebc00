// What an entry contributes to the cash book, and the deltas a change
// causes: the one definition of a day's flows. Only approved, not deleted
// entries count. A reversal (or refund) counts as the negative of its amount
// in its kind's column. A cash movement is neither revenue nor expense: it
// moves cash in hand and the bank (cashMoved/bankMoved) and nothing else.
import type { CashDelta, EntryKind, MovementType, TransactionSnapshot } from "./topics.ts";
import { addFlows, hasFlows, noFlows, type CashFlows } from "../shared/cash-flows.ts";

type Counted = Pick<TransactionSnapshot, "amountCents" | "paymentMode" | "businessDate" | "status" | "deleted" | "reversesId" | "movementType">;

/** Per unit of a movement's amount: +1 into, −1 out of the cash in hand and the bank. */
export const MOVEMENT_EFFECT: Record<MovementType, { cash: 1 | 0 | -1; bank: 1 | 0 | -1 }> = {
  // Takings leave the drawer for the safe or the bank: the business keeps them, on the bank side.
  cash_drop: { cash: -1, bank: 1 },
  bank_deposit: { cash: -1, bank: 1 },
  // Change for the drawer, drawn from the bank.
  float_top_up: { cash: 1, bank: -1 },
  // Cash paid out of the drawer for something that is not the hotel's expense (a guest's advance, charged to their bill).
  paid_out: { cash: -1, bank: 0 },
};

type Flows = CashFlows & { businessDate: string };

const zero = (businessDate: string): Flows => ({ businessDate, ...noFlows() });

function effect(kind: EntryKind, t: Counted | null): Flows | null {
  if (!t || t.status !== "approved" || t.deleted) return null;
  const d = zero(t.businessDate);
  if (kind === "movement") {
    const m = MOVEMENT_EFFECT[t.movementType!];
    d.cashMovedCents = m.cash * t.amountCents;
    d.bankMovedCents = m.bank * t.amountCents;
    return d;
  }
  const amount = t.reversesId ? -t.amountCents : t.amountCents;
  if (kind === "revenue") d[t.paymentMode === "cash" ? "cashReceivedCents" : "bankReceivedCents"] = amount;
  else d[t.paymentMode === "cash" ? "cashExpensesCents" : "bankExpensesCents"] = amount;
  return d;
}

/** effect(after) − effect(before), one entry per business date that changed. */
export function cashDeltas(kind: EntryKind, before: Counted | null, after: Counted | null): CashDelta[] {
  const byDate = new Map<string, Flows>();
  const add = (d: Flows | null, sign: 1 | -1) => {
    if (!d) return;
    byDate.set(d.businessDate, addFlows(byDate.get(d.businessDate) ?? zero(d.businessDate), d, sign));
  };
  add(effect(kind, before), -1);
  add(effect(kind, after), 1);
  return [...byDate.values()]
    .filter(hasFlows)
    .sort((x, y) => x.businessDate.localeCompare(y.businessDate))
    .map((d) => {
      const { cashMovedCents, bankMovedCents, ...rest } = d;
      // Revenues and expenses never move money: their deltas keep the four flows only.
      return cashMovedCents === 0 && bankMovedCents === 0 ? rest : d;
    });
}
