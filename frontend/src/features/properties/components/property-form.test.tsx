// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { aProperty } from "@/testing/factories";
import { deferred, json, renderWithApi } from "@/testing/render";
import { PropertyForm } from "./property-form";

describe("PropertyForm", () => {
  it("shows every problem at once beside its field and sends nothing", async () => {
    const { user, calls } = renderWithApi(<PropertyForm onDone={vi.fn()} onCancel={vi.fn()} />, () => aProperty());
    await user.clear(screen.getByLabelText("Opening cash (INR)"));
    await user.type(screen.getByLabelText("Opening cash (INR)"), "50.001");
    await user.click(screen.getByRole("button", { name: "Add property" }));
    expect(await screen.findByText("Enter the property's name.")).toBeTruthy();
    expect(screen.getByText("Enter an amount such as 5000.00.")).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it("reads the opening cash in the chosen currency and adds the property once", async () => {
    const answer = deferred<Response>();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<PropertyForm onDone={onDone} onCancel={vi.fn()} />, () => answer.promise);
    await user.type(screen.getByLabelText("Name"), "  Kyoto Inn ");
    await user.selectOptions(screen.getByLabelText("Time zone"), "Asia/Tokyo");
    await user.selectOptions(screen.getByLabelText("Currency"), "JPY");
    await user.clear(screen.getByLabelText("Opening cash (JPY)"));
    await user.type(screen.getByLabelText("Opening cash (JPY)"), "50000");
    await user.dblClick(screen.getByRole("button", { name: "Add property" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/properties", body: { name: "Kyoto Inn", timezone: "Asia/Tokyo", currency: "JPY", openingCashCents: 50_000 } });
    const created = aProperty({ id: "p-kyoto", name: "Kyoto Inn", currency: "JPY", timezone: "Asia/Tokyo", openingCashCents: 50_000 });
    answer.resolve(json(201, created));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(created));
  });

  it("edits a property with its values filled in, and shows the server's field message", async () => {
    const goa = aProperty();
    const { user, calls } = renderWithApi(<PropertyForm property={goa} onDone={vi.fn()} onCancel={vi.fn()} />, () =>
      json(400, { code: "failed_precondition", message: "the currency cannot change once entries exist", details: { field: "currency" } }),
    );
    expect(screen.getByLabelText("Name")).toHaveProperty("value", "Goa Beach Resort");
    expect(screen.getByLabelText("Opening cash (INR)")).toHaveProperty("value", "50000.00");
    await user.selectOptions(screen.getByLabelText("Currency"), "USD");
    await user.click(screen.getByRole("button", { name: "Save property" }));
    expect(await screen.findByText("the currency cannot change once entries exist")).toBeTruthy();
    expect(calls[0]).toMatchObject({ method: "PATCH", path: `/properties/${goa.id}`, body: { currency: "USD", openingCashCents: 5_000_000 } });
  });
});
