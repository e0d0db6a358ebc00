// @vitest-environment jsdom
// The cash movement and reversal forms: one problem at a time, in the order the form checks them, and one request per submission.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { aProperty, aTransaction } from "@/testing/factories";
import { deferred, json, renderWithApi } from "@/testing/render";
import { MovementForm } from "./movement-form";
import { ReverseForm } from "./reverse-form";

const goa = aProperty();

describe("MovementForm", () => {
  it("asks for the amount first, then a bank deposit's reference, and sends nothing until both are right", async () => {
    const { user, calls } = renderWithApi(<MovementForm properties={[goa]} onDone={vi.fn()} onCancel={vi.fn()} />, () => ({ status: "pending" }));
    await user.selectOptions(screen.getByLabelText("Movement"), "bank_deposit");
    await user.type(screen.getByLabelText("Amount (INR)"), "0");
    await user.click(screen.getByRole("button", { name: "Record movement" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Enter the amount in INR, more than zero.");

    await user.clear(screen.getByLabelText("Amount (INR)"));
    await user.type(screen.getByLabelText("Amount (INR)"), "5000");
    await user.click(screen.getByRole("button", { name: "Record movement" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("A bank deposit needs its deposit slip or transfer reference."));
    expect(calls).toEqual([]);
  });

  it("records the movement once on a double click and says it waits for approval", async () => {
    const answer = deferred<Response>();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<MovementForm properties={[goa]} onDone={onDone} onCancel={vi.fn()} />, () => answer.promise);
    await user.selectOptions(screen.getByLabelText("Movement"), "bank_deposit");
    await user.type(screen.getByLabelText("Amount (INR)"), "5,000.50");
    await user.type(screen.getByLabelText("Bank reference (required)"), "SLIP-7");
    await user.dblClick(screen.getByRole("button", { name: "Record movement" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/finance/movements", body: { propertyId: goa.id, movementType: "bank_deposit", amountCents: 500_050, bankReference: "SLIP-7" } });
    answer.resolve(json(201, { id: "m-1", status: "pending" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith("Movement recorded; it waits for a manager's approval."));
    expect(calls).toHaveLength(1);
  });
});

describe("ReverseForm", () => {
  const tx = aTransaction({ status: "approved", businessDate: "2026-11-25" });

  it("refuses a bad amount before a missing reason", async () => {
    const { user, calls } = renderWithApi(<ReverseForm tx={tx} property={goa} onDone={vi.fn()} onCancel={vi.fn()} />, () => ({ status: "pending" }));
    await user.type(screen.getByLabelText("Amount to reverse (INR; empty for all)"), "1.234");
    await user.type(screen.getByLabelText("Reason"), "   ");
    await user.click(screen.getByRole("button", { name: "Record reversal" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Enter the amount to reverse in INR, or leave it empty for all of it.");
    await user.clear(screen.getByLabelText("Amount to reverse (INR; empty for all)"));
    await user.click(screen.getByRole("button", { name: "Record reversal" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Say why the entry is reversed."));
    expect(calls).toEqual([]);
  });

  it("reverses all that is left when the amount is empty, once on a double click", async () => {
    const answer = deferred<Response>();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<ReverseForm tx={tx} property={goa} onDone={onDone} onCancel={vi.fn()} />, () => answer.promise);
    await user.type(screen.getByLabelText("Reason"), " Guest refund ");
    await user.dblClick(screen.getByRole("button", { name: "Record reversal" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    answer.resolve(json(201, { status: "approved" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith("Reversal recorded."));
    expect(calls).toHaveLength(1);
    expect(calls[0].path).toBe(`/finance/transactions/revenue/${tx.id}/reverse`);
    expect(calls[0].body).toMatchObject({ reason: "Guest refund" });
    expect(calls[0].body).not.toHaveProperty("amountCents");
  });
});
