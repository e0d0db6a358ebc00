// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { User } from "@/lib/api-types";
import { aProperty } from "@/testing/factories";
import { deferred, json, renderWithApi } from "@/testing/render";
import { ResetPasswordForm, UserForm } from "./user-form";

const goa = aProperty();
const pune = aProperty({ id: "p-pune", name: "Pune Business Hotel" });
const admin: User = { id: "u-admin", orgId: "o-1", email: "admin@example.test", displayName: "Asha Admin", role: "admin", active: true, propertyIds: [], createdAt: "2026-01-01T00:00:00Z" };

describe("UserForm", () => {
  it("shows every problem of a new user at once and sends nothing", async () => {
    const { user, calls } = renderWithApi(<UserForm properties={[goa, pune]} currentUserId="u-admin" onDone={vi.fn()} onCancel={vi.fn()} />, () => admin);
    await user.type(screen.getByLabelText("Email"), "not-an-email");
    await user.type(screen.getByLabelText("Initial password"), "short");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    expect(await screen.findByText("Enter the person's name.")).toBeTruthy();
    expect(screen.getByText("Enter a valid email address.")).toBeTruthy();
    expect(screen.getByText("Use at least 10 characters.")).toBeTruthy();
    expect(screen.getByText("Give access to at least one property.")).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it("creates a staff user with the ticked properties, once on a double click", async () => {
    const answer = deferred<Response>();
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<UserForm properties={[goa, pune]} currentUserId="u-admin" onDone={onDone} onCancel={vi.fn()} />, () => answer.promise);
    await user.type(screen.getByLabelText("Name"), " Sam Staff ");
    await user.type(screen.getByLabelText("Email"), "sam@example.test");
    await user.type(screen.getByLabelText("Initial password"), "a-long-password");
    await user.click(screen.getByLabelText("Pune Business Hotel"));
    await user.dblClick(screen.getByRole("button", { name: "Add user" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/users", body: { email: "sam@example.test", displayName: "Sam Staff", password: "a-long-password", role: "staff", propertyIds: [pune.id] } });
    answer.resolve(json(201, { ...admin, id: "u-sam", role: "staff" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
  });

  it("saves an admin's own record with the role and active flag they cannot change", async () => {
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<UserForm user={admin} properties={[goa]} currentUserId={admin.id} onDone={onDone} onCancel={vi.fn()} />, () => admin);
    expect(screen.getByLabelText("Role")).toHaveProperty("disabled", true);
    await user.clear(screen.getByLabelText("Name"));
    await user.type(screen.getByLabelText("Name"), "Asha A.");
    await user.click(screen.getByRole("button", { name: "Save user" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls[0]).toMatchObject({ method: "PATCH", path: `/users/${admin.id}`, body: { displayName: "Asha A.", role: "admin", propertyIds: [], active: true } });
  });
});

describe("ResetPasswordForm", () => {
  it("refuses a short password, forgets the message on typing, and resets once", async () => {
    const onDone = vi.fn();
    const { user, calls } = renderWithApi(<ResetPasswordForm user={admin} onDone={onDone} onCancel={vi.fn()} />, () => admin);
    const field = screen.getByLabelText("New password for Asha Admin");
    await user.type(field, "short");
    await user.click(screen.getByRole("button", { name: "Reset password" }));
    expect(await screen.findByText("Use at least 10 characters.")).toBeTruthy();
    await user.type(field, "-and-longer");
    expect(screen.queryByText("Use at least 10 characters.")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Reset password" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ password: "short-and-longer" });
  });
});
