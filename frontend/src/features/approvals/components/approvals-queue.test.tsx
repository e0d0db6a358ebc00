// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aProperty, aTransaction, aUser } from "@/testing/factories";
import { renderWithApi } from "@/testing/render";
import { ApprovalsQueue } from "./approvals-queue";

describe("approvals queue", () => {
  it("hides Approve and Reject from the manager who edited an entry's amount, and says why; another manager gets them", async () => {
    const edited = aTransaction({ id: "t-edited", moneyEditedBy: ["u-manager"], lastEditedById: "u-manager" });
    const other = aTransaction({ id: "t-other", amountCents: 99_00 });
    const page = { items: [edited, other], nextCursor: null };
    const manager = aUser({ id: "u-manager", role: "manager" });
    const { unmount } = renderWithApi(<ApprovalsQueue properties={[aProperty()]} user={manager} />, () => page);
    expect((await screen.findAllByText("You edited this amount; another manager must approve it")).length).toBeGreaterThan(0);
    // One entry approvable (cards and table both render it), the edited one not.
    expect(screen.getAllByRole("button", { name: /^Approve revenue/ })).toHaveLength(2);
    expect(screen.getAllByRole("button", { name: /^Reject revenue/ })).toHaveLength(2);
    expect(screen.getAllByLabelText(/^Select revenue/).filter((c) => (c as HTMLInputElement).disabled)).toHaveLength(2);
    unmount();

    renderWithApi(<ApprovalsQueue properties={[aProperty()]} user={aUser({ id: "u-manager-2", role: "manager" })} />, () => page);
    expect(await screen.findAllByRole("button", { name: /^Approve revenue/ })).toHaveLength(4);
    expect(screen.queryByText("You edited this amount; another manager must approve it")).toBeNull();
  });
});
