// A day's six cash-book flows and how deltas add up: the one summation used
// by finance (the deltas a change causes), the reports fold and replay. The
// chain over days (opening, closing) is SQL, written once in
// migrations/30_cash_book_chain.up.sql.
export const CASH_FLOWS = ["cashReceivedCents", "bankReceivedCents", "cashExpensesCents", "bankExpensesCents", "cashMovedCents", "bankMovedCents"] as const;

export type CashFlows = Record<(typeof CASH_FLOWS)[number], number>;

export const noFlows = (): CashFlows => ({ cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0, cashMovedCents: 0, bankMovedCents: 0 });

/**
 * Adds `sign` × a delta's flows into `acc` and returns it. The moved flows
 * are absent on revenues and expenses (and on every event from before
 * movements existed), so a missing flow counts as 0.
 */
export function addFlows<T extends CashFlows>(acc: T, delta: Partial<CashFlows>, sign: 1 | -1 = 1): T {
  for (const f of CASH_FLOWS) acc[f] += sign * (delta[f] ?? 0);
  return acc;
}

export const hasFlows = (d: Partial<CashFlows>): boolean => CASH_FLOWS.some((f) => (d[f] ?? 0) !== 0);
