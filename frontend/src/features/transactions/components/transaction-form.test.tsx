// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { aProperty, aTransaction } from "@/testing/factories";
import { deferred, json, renderWithApi } from "@/testing/render";
import { TransactionForm } from "./transaction-form";

const goa = aProperty();
const pune = aProperty({ id: "p-pune", name: "Pune Business Hotel" });

describe("TransactionForm", () => {
  it("shows each problem beside its field, focuses the first, and sends nothing", async () => {
    const { user, calls } = renderWithApi(<TransactionForm kind="revenue" properties={[goa]} onDone={vi.fn()} />, () => aTransaction());
    const amount = screen.getByLabelText("Amount (INR)");
    expect(document.activeElement).toBe(amount);
    await user.selectOptions(screen.getByLabelText("Paid by"), "bank");
    await user.type(amount, "12.345");
    await user.click(screen.getByRole("button", { name: "Add revenue" }));

    expect(await screen.findByText("Enter an amount such as 1250.50 (no more decimals than the currency has).")).toBeTruthy();
    expect(screen.getByText("Bank payments need a reference (card slip, UPI or transfer id).")).toBeTruthy();
    expect(document.activeElement).toBe(amount);
    expect(amount.getAttribute("aria-invalid")).toBe("true");
    expect(calls).toEqual([]);

    // Editing a field takes its message away; the other stays until the next submit.
    await user.clear(amount);
    expect(screen.queryByText(/Enter an amount such as/)).toBeNull();
    expect(screen.getByText(/Bank payments need a reference/)).toBeTruthy();
    await user.type(amount, "0");
    await user.click(screen.getByRole("button", { name: "Add revenue" }));
    expect(await screen.findByText("The amount must be greater than zero.")).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it("asks for a property when there is a choice, and the description stays under 500 characters", async () => {
    const { user, calls } = renderWithApi(<TransactionForm kind="expense" properties={[goa, pune]} onDone={vi.fn()} />, () => aTransaction());
    const property = screen.getByLabelText("Property");
    expect(document.activeElement).toBe(property);
    await user.type(screen.getByLabelText("Amount"), "100");
    await user.click(screen.getByLabelText("Description (optional)"));
    await user.paste("x".repeat(501));
    await user.click(screen.getByRole("button", { name: "Add expense" }));
    expect(await screen.findByText("Choose a property.")).toBeTruthy();
    expect(screen.getByText("Keep it under 500 characters.")).toBeTruthy();
    expect(document.activeElement).toBe(property);
    expect(calls).toEqual([]);
  });

  it("submits once on a double click, with one idempotency key", async () => {
    const answer = deferred<Response>();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<TransactionForm kind="revenue" properties={[goa]} onDone={onDone} />, () => answer.promise);
    await user.type(screen.getByLabelText("Amount (INR)"), "1250.50");
    await user.dblClick(screen.getByRole("button", { name: "Add revenue" }));
    await user.click(screen.getByRole("button", { name: "Add revenue" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/finance/revenues", body: { propertyId: goa.id, amountCents: 125_050, paymentMode: "cash", source: "room" } });
    expect(calls[0].headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);

    answer.resolve(json(201, aTransaction({ amountCents: 125_050 })));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
  });

  it("puts the server's message beside the field it names", async () => {
    const { user } = renderWithApi(<TransactionForm kind="revenue" properties={[goa]} onDone={vi.fn()} />, () =>
      json(400, { code: "invalid_argument", message: "amountCents: is above the maximum allowed amount", details: { field: "amountCents" } }),
    );
    await user.type(screen.getByLabelText("Amount (INR)"), "2000000000");
    await user.click(screen.getByRole("button", { name: "Add revenue" }));
    expect(await screen.findByText("Is above the maximum allowed amount")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Add revenue" })).toHaveProperty("disabled", false);
  });

  it("asks for a reason when an approved entry's money changes, and sends only what changed", async () => {
    const approved = aTransaction({ status: "approved", amountCents: 125_050 });
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<TransactionForm kind="revenue" properties={[goa]} transaction={approved} onDone={onDone} />, () => approved);
    expect(screen.queryByLabelText("Reason for the change")).toBeNull();
    const amount = screen.getByLabelText("Amount (INR)");
    await user.clear(amount);
    await user.type(amount, "1300");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Say why it changes: the entry goes back for approval by someone other than you.")).toBeTruthy();
    expect(calls).toEqual([]);
    await user.type(screen.getByLabelText("Reason for the change"), " Wrong room rate ");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls[0]).toMatchObject({ method: "PATCH", body: { amountCents: 130_000, reason: "Wrong room rate" } });
    expect(calls[0].body).not.toHaveProperty("occurredAt");
  });

  it("Save and add another keeps property, payment mode and date, clears the rest and refocuses the amount", async () => {
    const onSavedAndNext = vi.fn();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(
      <TransactionForm kind="expense" properties={[goa, pune]} defaultPropertyId={pune.id} onDone={onDone} onSavedAndNext={onSavedAndNext} />,
      (call) => aTransaction({ kind: "expense", propertyId: pune.id, amountCents: (call.body as { amountCents: number }).amountCents }),
    );
    const amount = screen.getByLabelText("Amount (INR)");
    expect(document.activeElement).toBe(amount);
    await user.type(amount, "99.50");
    await user.selectOptions(screen.getByLabelText("Paid by"), "bank");
    await user.type(screen.getByLabelText("Bank reference"), "UPI-42");
    await user.selectOptions(screen.getByLabelText("Category"), "utilities");
    const date = screen.getByLabelText("Expense date");
    await user.clear(date);
    await user.type(date, "03/11/2026");
    await user.type(screen.getByLabelText("Description (optional)"), "Power bill");
    await user.click(screen.getByRole("button", { name: "Save and add another" }));

    await waitFor(() => expect(onSavedAndNext).toHaveBeenCalledTimes(1));
    expect(onDone).not.toHaveBeenCalled();
    expect(calls[0].body).toMatchObject({ propertyId: pune.id, amountCents: 9_950, paymentMode: "bank", bankReference: "UPI-42", category: "utilities", expenseDate: "2026-11-03", description: "Power bill" });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Amount (INR)")));
    expect(screen.getByLabelText("Amount (INR)")).toHaveProperty("value", "");
    expect(screen.getByLabelText("Property")).toHaveProperty("value", pune.id);
    expect(screen.getByLabelText("Paid by")).toHaveProperty("value", "bank");
    expect(screen.getByLabelText("Bank reference")).toHaveProperty("value", "");
    expect(screen.getByLabelText("Description (optional)")).toHaveProperty("value", "");
    expect(screen.getByLabelText("Expense date")).toHaveProperty("value", "03/11/2026");

    // The next entry is a new submission: a new idempotency key.
    await user.type(screen.getByLabelText("Amount (INR)"), "10");
    await user.type(screen.getByLabelText("Bank reference"), "UPI-43");
    await user.click(screen.getByRole("button", { name: "Save and add another" }));
    await waitFor(() => expect(onSavedAndNext).toHaveBeenCalledTimes(2));
    expect(calls[1].body).toMatchObject({ propertyId: pune.id, amountCents: 1_000, expenseDate: "2026-11-03" });
    expect(calls[1].headers["Idempotency-Key"]).not.toBe(calls[0].headers["Idempotency-Key"]);
  });
});
