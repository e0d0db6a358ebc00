import { describe, expect, it } from "vitest";
import { aTransaction } from "@/testing/factories";
import type { Transaction } from "./api-types";
import { canApprove, canModify, canUse } from "./authorization";

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

  it("lets creators change pending entries and managers change approved ones", () => {
    expect(canModify({ id: "s", role: "staff" }, tx("pending", "s"))).toBe(true);
    expect(canModify({ id: "s", role: "staff" }, tx("approved", "s"))).toBe(false);
    expect(canModify({ id: "m", role: "manager" }, tx("approved", "s"))).toBe(true);
    expect(canModify({ id: "m", role: "admin" }, tx("rejected", "s"))).toBe(false);
  });
});
