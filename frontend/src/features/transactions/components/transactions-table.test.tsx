// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aProperty, aTransaction, aUser } from "@/testing/factories";
import { renderWithApi } from "@/testing/render";
import { TransactionsTable } from "./transactions-table";

const reversal = (id: string, amountCents: number, status: "pending" | "approved" = "approved") => ({ id, businessDate: "2026-11-26", amountCents, status });

describe("transactions table", () => {
  it("offers Reverse only while something is left to reverse, no edit or delete once reversed, and says by which reversals", async () => {
    const items = [
      aTransaction({ id: "t-full", status: "approved", amountCents: 5_000_00, businessDate: "2026-11-20", reversedBy: [reversal("r-1", 2_000_00), reversal("r-2", 3_000_00, "pending")] }),
      aTransaction({ id: "t-part", status: "approved", amountCents: 1_000_00, businessDate: "2026-11-21", reversedBy: [reversal("r-3", 400_00)] }),
    ];
    renderWithApi(<TransactionsTable filters={{}} properties={[aProperty()]} user={aUser({ role: "manager", id: "u-manager" })} />, () => ({ items, nextCursor: null }));
    // Cards and the table both render each entry.
    expect(await screen.findAllByText("Fully reversed by the reversals of ₹2,000.00 on Thu, 26 Nov 2026, ₹3,000.00 on Thu, 26 Nov 2026 (awaiting approval)")).toHaveLength(2);
    expect(screen.getAllByText("Partly reversed (₹400.00 of ₹1,000.00) by the reversal of ₹400.00 on Thu, 26 Nov 2026")).toHaveLength(2);
    expect(screen.queryAllByRole("button", { name: /^Reverse revenue of Fri, 20/ })).toHaveLength(0);
    expect(screen.getAllByRole("button", { name: /^Reverse revenue of Sat, 21/ })).toHaveLength(2);
    // Its reversals count against it, so the server refuses editing or deleting it: neither is offered.
    expect(screen.queryAllByRole("button", { name: /^(Edit|Delete) revenue of (Fri, 20|Sat, 21)/ })).toHaveLength(0);
  });
});
