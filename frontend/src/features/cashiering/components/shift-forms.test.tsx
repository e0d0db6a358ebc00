// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { deferred, json, renderWithApi } from "@/testing/render";
import { useCloseShift, useOpenShift } from "@/features/cashiering/api/shift-actions";
import { CloseShiftForm, OpenShiftForm } from "./shift-forms";

function OpenShift() {
  return <OpenShiftForm propertyId="p-goa" currency="INR" open={useOpenShift()} />;
}
function CloseShift() {
  return <CloseShiftForm shiftId="s-1" currency="INR" closeShift={useCloseShift()} />;
}

describe("shift counts", () => {
  it("opening float: says what is wrong with the amount, then opens once with the float in minor units", async () => {
    const answer = deferred<Response>();
    const { user, calls } = renderWithApi(<OpenShift />, () => answer.promise);
    const float = screen.getByLabelText("Opening float");
    await user.type(float, "10.005");
    await user.click(screen.getByRole("button", { name: "Open shift" }));
    expect(await screen.findByText("Enter the amount in INR, such as 1250.50.")).toBeTruthy();
    expect(calls).toEqual([]);

    await user.clear(float);
    await user.type(float, "1000");
    await user.click(screen.getByLabelText("Blind count"));
    await user.dblClick(screen.getByRole("button", { name: "Open shift" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/finance/shifts", body: { propertyId: "p-goa", floatCents: 100_000, blind: true } });
    answer.resolve(json(201, { id: "s-1" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Open shift" })).toHaveProperty("disabled", false));
    expect(calls).toHaveLength(1);
  });

  it("counted cash: zero is a count; the close sends it once", async () => {
    const answer = deferred<Response>();
    const { user, calls } = renderWithApi(<CloseShift />, () => answer.promise);
    await user.type(screen.getByLabelText("Counted cash"), "abc");
    await user.click(screen.getByRole("button", { name: "Count and close shift" }));
    expect(await screen.findByText("Enter the amount in INR, such as 1250.50.")).toBeTruthy();
    await user.clear(screen.getByLabelText("Counted cash"));
    await user.type(screen.getByLabelText("Counted cash"), "0");
    await user.dblClick(screen.getByRole("button", { name: "Count and close shift" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/finance/shifts/s-1/close", body: { countedCents: 0 } });
    answer.resolve(json(200, { id: "s-1" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Count and close shift" })).toHaveProperty("disabled", false));
    expect(calls).toHaveLength(1);
  });
});
