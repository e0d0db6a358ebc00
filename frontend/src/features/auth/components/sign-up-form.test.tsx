// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { aUser } from "@/testing/factories";
import { deferred, json, renderWithApi } from "@/testing/render";
import { SignUpForm } from "./sign-up-form";

describe("SignUpForm", () => {
  it("shows every problem at once, drops a field's message when it is edited, and sends nothing", async () => {
    const { user, calls } = renderWithApi(<SignUpForm onSignedUp={vi.fn()} />, () => ({}));
    await user.type(screen.getByLabelText("Email"), "nobody");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create organisation" }));
    expect(await screen.findByText("Enter the name of your hotel group.")).toBeTruthy();
    expect(screen.getByText("Enter your name.")).toBeTruthy();
    expect(screen.getByText("Enter a valid email address.")).toBeTruthy();
    expect(screen.getByText("Use at least 10 characters.")).toBeTruthy();
    await user.type(screen.getByLabelText("Your name"), "A");
    expect(screen.queryByText("Enter your name.")).toBeNull();
    expect(screen.getByText("Enter the name of your hotel group.")).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it("sends the trimmed values once on a double click", async () => {
    const answer = deferred<Response>();
    const onSignedUp = vi.fn();
    const { user, calls } = renderWithApi(<SignUpForm onSignedUp={onSignedUp} />, () => answer.promise);
    await user.type(screen.getByLabelText("Organisation name"), " Coast Hotels ");
    await user.type(screen.getByLabelText("Your name"), " Asha ");
    await user.type(screen.getByLabelText("Email"), " asha@example.test ");
    await user.type(screen.getByLabelText("Password"), " a long password ");
    await user.dblClick(screen.getByRole("button", { name: "Create organisation" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/auth/signup", body: { organizationName: "Coast Hotels", displayName: "Asha", email: "asha@example.test", password: " a long password " } });
    answer.resolve(json(201, { accessToken: "a", refreshToken: "r", expiresInSeconds: 900, user: aUser() }));
    await waitFor(() => expect(onSignedUp).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
  });
});
