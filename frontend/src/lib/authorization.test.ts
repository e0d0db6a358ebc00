import { describe, expect, it } from "vitest";
import { aTransaction } from "@/testing/factories";
import type { Transaction } from "./api-types";
import { canApprove, canDelete, canEdit, canModify, canReverse, canUse, reviewBarrier } from "./authorization";

const tx = (status: Transaction["status"], createdById: string) => aTransaction({ status, createdBy: { id: createdById, displayName: "X" } });

describe("authorization", () => {
  it("keeps staff out of settings, operations and approvals", () => {
    expect(canUse("staff", "settings")).toBe(false);
    expect(canUse("staff", "operations")).toBe(false);
    expect(canUse("staff", "approvals")).toBe(false);
    expect(canUse("manager", "approvals")).toBe(true);
    expect(canUse("manager", "settings")).toBe(false);
    expect(canUse("admin", "operations")).toBe(true);
  });

  it("never lets anyone approve their own entry", () => {
    expect(canApprove({ id: "m", role: "manager" }, tx("pending", "m"))).toBe(false);
    expect(canApprove({ id: "m", role: "manager" }, tx("pending", "s"))).toBe(true);
    expect(canApprove({ id: "s2", role: "staff" }, tx("pending", "s"))).toBe(false);
    expect(canApprove({ id: "m", role: "manager" }, tx("approved", "s"))).toBe(false);
  });

  it("keeps the manager who edited an entry (its money above all) from approving it, with the reason shown", () => {
    const m = { id: "m", role: "manager" as const };
    const edited = aTransaction({ moneyEditedBy: ["m"], lastEditedById: "s" });
    expect(canApprove(m, edited)).toBe(false);
    expect(reviewBarrier(m, edited)).toBe("You edited this amount; another manager must approve it");
    expect(canApprove({ id: "m2", role: "manager" }, edited)).toBe(true);
    expect(canApprove(m, aTransaction({ lastEditedById: "m" }))).toBe(false);
  });

  it("offers a reversal only while some of an approved entry is left to reverse", () => {
    const approved = (reversed: number[]) =>
      aTransaction({ status: "approved", amountCents: 5_000, reversedBy: reversed.map((amountCents, i) => ({ id: `r${i}`, businessDate: "2026-11-25", amountCents, status: "approved" })) });
    expect(canReverse(approved([]))).toBe(true);
    expect(canReverse(approved([2_000]))).toBe(true);
    expect(canReverse(approved([2_000, 3_000]))).toBe(false);
    expect(canReverse(aTransaction({ status: "approved", reversesId: "t-0" }))).toBe(false);
  });

  it("lets creators change pending entries and managers change approved ones", () => {
    expect(canModify({ id: "s", role: "staff" }, tx("pending", "s"))).toBe(true);
    expect(canModify({ id: "s", role: "staff" }, tx("approved", "s"))).toBe(false);
    expect(canModify({ id: "m", role: "manager" }, tx("approved", "s"))).toBe(true);
    expect(canModify({ id: "m", role: "admin" }, tx("rejected", "s"))).toBe(false);
  });

  it("offers neither edit nor delete of an entry with live reversals, and no edit of a reversal", () => {
    const m = { id: "m", role: "manager" as const };
    const reversed = aTransaction({ status: "approved", reversedBy: [{ id: "r", businessDate: "2026-11-25", amountCents: 1, status: "pending" }] });
    expect([canEdit(m, reversed), canDelete(m, reversed)]).toEqual([false, false]);
    const reversal = aTransaction({ status: "approved", reversesId: "t-0" });
    expect([canEdit(m, reversal), canDelete(m, reversal)]).toEqual([false, true]);
  });
});
