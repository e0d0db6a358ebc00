// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { deferred, json, renderWithApi } from "@/testing/render";
import { useCloseDay } from "@/features/cashiering/api/close-day";
import { useDecideMovement } from "@/features/cashiering/api/decide-movement";
import { useReopenDay } from "@/features/cashiering/api/reopen-day";
import { CloseDayForm, RejectMovementForm, ReopenDayForm } from "./close-day-forms";

const DAY = "2026-11-25";

function RejectMovement({ onDone }: { onDone: () => void }) {
  return <RejectMovementForm movementId="m-1" decide={useDecideMovement()} onCancel={vi.fn()} onDone={onDone} />;
}
function CloseDay({ openShifts }: { openShifts: number }) {
  return <CloseDayForm propertyId="p-goa" date={DAY} openShifts={openShifts} blocked={false} close={useCloseDay()} />;
}
function ReopenDay() {
  return <ReopenDayForm propertyId="p-goa" date={DAY} reopen={useReopenDay()} />;
}

describe("close-day forms", () => {
  it("rejecting a movement: asks why, then sends the reason once and closes", async () => {
    const answer = deferred<Response>();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<RejectMovement onDone={onDone} />, () => answer.promise);
    await user.click(screen.getByRole("button", { name: "Reject" }));
    expect(await screen.findByText("Say why the movement is rejected.")).toBeTruthy();
    expect(calls).toEqual([]);

    await user.type(screen.getByLabelText("Reason to reject"), "  not banked  ");
    await user.dblClick(screen.getByRole("button", { name: "Reject" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/finance/movements/m-1/reject", body: { reason: "not banked" } });
    answer.resolve(json(200, { id: "m-1", status: "rejected" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
  });

  it("closing with shifts open: the reason is required; the close is forced once, with the note", async () => {
    const answer = deferred<Response>();
    const { user, calls } = renderWithApi(<CloseDay openShifts={1} />, () => answer.promise);
    await user.type(screen.getByLabelText("Note"), "quiet day");
    await user.click(screen.getByRole("button", { name: `Close ${DAY}` }));
    expect(await screen.findByText("Say why the day closes with shifts still open.")).toBeTruthy();
    expect(calls).toEqual([]);

    await user.type(screen.getByLabelText("Reason to close with shifts open"), "night auditor off sick");
    await user.dblClick(screen.getByRole("button", { name: `Close ${DAY}` }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: `/finance/days/p-goa/${DAY}/close`, body: { note: "quiet day", force: true, reason: "night auditor off sick" } });
    answer.resolve(json(200, {}));
    await waitFor(() => expect(screen.getByRole("button", { name: `Close ${DAY}` })).toHaveProperty("disabled", false));
    expect(calls).toHaveLength(1);
  });

  it("closing with every shift closed asks for no reason and sends no force", async () => {
    const { user, calls } = renderWithApi(<CloseDay openShifts={0} />, () => ({}));
    expect(screen.queryByLabelText("Reason to close with shifts open")).toBeNull();
    await user.click(screen.getByRole("button", { name: `Close ${DAY}` }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body).toEqual({});
  });

  it("reopening: asks why for the record, then reopens once", async () => {
    const answer = deferred<Response>();
    const { user, calls } = renderWithApi(<ReopenDay />, () => answer.promise);
    await user.type(screen.getByLabelText("Reason to reopen"), "   ");
    await user.click(screen.getByRole("button", { name: `Reopen ${DAY}` }));
    expect(await screen.findByText("Say why the day is reopened, for the record.")).toBeTruthy();
    expect(calls).toEqual([]);

    await user.clear(screen.getByLabelText("Reason to reopen"));
    await user.type(screen.getByLabelText("Reason to reopen"), "late invoice from the laundry");
    await user.dblClick(screen.getByRole("button", { name: `Reopen ${DAY}` }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: `/finance/days/p-goa/${DAY}/reopen`, body: { reason: "late invoice from the laundry" } });
    answer.resolve(json(200, {}));
    await waitFor(() => expect(screen.getByRole("button", { name: `Reopen ${DAY}` })).toHaveProperty("disabled", false));
    expect(calls).toHaveLength(1);
  });
});
