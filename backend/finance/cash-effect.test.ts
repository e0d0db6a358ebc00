import { describe, expect, it } from "vitest";
import { cashDeltas } from "./cash-effect.ts";

const t = (over: Partial<Parameters<typeof cashDeltas>[1] & object> = {}) => ({
  amountCents: 1000, paymentMode: "cash" as const, businessDate: "2026-11-01", status: "approved" as const, deleted: false, ...over,
});

describe("cashDeltas", () => {
  it("counts an approved cash revenue as cash received on its date", () => {
    expect(cashDeltas("revenue", t({ status: "pending" }), t())).toEqual([
      { businessDate: "2026-11-01", cashReceivedCents: 1000, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 },
    ]);
  });

  it("gives no deltas for anything not approved", () => {
    expect(cashDeltas("revenue", null, t({ status: "pending" }))).toEqual([]);
    expect(cashDeltas("expense", t({ status: "pending" }), t({ status: "rejected" }))).toEqual([]);
  });

  it("moves an approved entry between dates as −amount on the old and +amount on the new", () => {
    expect(cashDeltas("expense", t({ paymentMode: "bank" }), t({ paymentMode: "bank", businessDate: "2026-10-30", amountCents: 700 }))).toEqual([
      { businessDate: "2026-10-30", cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 700 },
      { businessDate: "2026-11-01", cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: -1000 },
    ]);
  });

  it("nets a payment-mode change on one date", () => {
    expect(cashDeltas("revenue", t(), t({ paymentMode: "bank" }))).toEqual([
      { businessDate: "2026-11-01", cashReceivedCents: -1000, bankReceivedCents: 1000, cashExpensesCents: 0, bankExpensesCents: 0 },
    ]);
  });

  it("reverses an approved entry that is deleted", () => {
    expect(cashDeltas("revenue", t(), t({ deleted: true }))).toEqual([
      { businessDate: "2026-11-01", cashReceivedCents: -1000, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0 },
    ]);
  });

  it("drops an edit that changes nothing countable", () => {
    expect(cashDeltas("revenue", t(), t())).toEqual([]);
  });
});
