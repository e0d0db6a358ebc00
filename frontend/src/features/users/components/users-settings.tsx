import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { EmptyState, InlineError, Loading } from "@/components/status";
import type { Property, User } from "@/lib/api-types";
import { notify } from "@/lib/notifications";
import { useUsers } from "@/features/users/api/get-users";
import { ResetPasswordForm, UserForm } from "./user-form";
import { SignInLocks } from "./sign-in-locks";

type Editing = { mode: "new" } | { mode: "edit"; user: User } | { mode: "password"; user: User } | null;

/** Admin list of users: add, change role / properties / active, reset password. */
export function UsersSettings({ properties, currentUserId }: { properties: Property[]; currentUserId: string }) {
  const query = useUsers();
  const [editing, setEditing] = useState<Editing>(null);
  const names = new Map(properties.map((p) => [p.id, p.name]));
  const close = () => setEditing(null);

  return (
    <>
      <div className="mb-3">
        <Button variant="primary" onClick={() => setEditing({ mode: "new" })}>
          Add user
        </Button>
      </div>
      {query.isPending ? (
        <Loading label="Loading users…" />
      ) : query.isError ? (
        <InlineError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState>No users yet.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Users</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3">Role</th>
                <th scope="col" className="py-2 pr-3">Properties</th>
                <th scope="col" className="py-2 pr-3">Status</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((u) => (
                <tr key={u.id} className={`border-b border-slate-100 ${u.active ? "" : "text-slate-400"}`}>
                  <td className="py-2 pr-3">
                    <div className="font-medium">{u.displayName}</div>
                    <div className="text-xs text-slate-600">{u.email}</div>
                  </td>
                  <td className="py-2 pr-3 capitalize">{u.role}</td>
                  <td className="py-2 pr-3">{u.role !== "staff" ? "All" : u.propertyIds.map((id) => names.get(id) ?? "unknown").join(", ") || "—"}</td>
                  <td className="py-2 pr-3">{u.active ? "Active" : "Inactive"}</td>
                  <td className="py-2 whitespace-nowrap text-right">
                    <Button variant="ghost" onClick={() => setEditing({ mode: "edit", user: u })} aria-label={`Edit ${u.displayName}`}>
                      Edit
                    </Button>
                    <Button variant="ghost" onClick={() => setEditing({ mode: "password", user: u })} aria-label={`Reset password of ${u.displayName}`}>
                      Reset password
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.data ? (
        <section aria-labelledby="sign-in-locks" className="mt-6">
          <h3 id="sign-in-locks" className="mb-2 text-sm font-semibold text-slate-900">Sign-in locks</h3>
          <SignInLocks users={query.data} zone={properties[0]?.timezone ?? "UTC"} />
        </section>
      ) : null}
      <Dialog open={editing !== null} title={editing?.mode === "new" ? "Add user" : editing?.mode === "password" ? "Reset password" : "Edit user"} onClose={close}>
        {editing?.mode === "new" ? (
          <UserForm properties={properties} currentUserId={currentUserId} onCancel={close} onDone={(u) => { notify(`Added ${u.displayName}.`, "success"); close(); }} />
        ) : editing?.mode === "edit" ? (
          <UserForm user={editing.user} properties={properties} currentUserId={currentUserId} onCancel={close} onDone={(u) => { notify(`Saved ${u.displayName}.`, "success"); close(); }} />
        ) : editing?.mode === "password" ? (
          <ResetPasswordForm user={editing.user} onCancel={close} onDone={() => { notify(`Password of ${editing.user.displayName} reset.`, "success"); close(); }} />
        ) : null}
      </Dialog>
    </>
  );
}
