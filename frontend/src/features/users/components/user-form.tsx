import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { ROLES, type Property, type Role, type User } from "@/lib/api-types";
import { splitSubmitError } from "@/lib/form-errors";
import { useCreateUser } from "@/features/users/api/create-user";
import { useUpdateUser } from "@/features/users/api/update-user";

const FIELDS = ["email", "displayName", "password", "role", "propertyIds", "active"] as const;
type Field = (typeof FIELDS)[number];

/** Password rule of the API (min 10 characters). */
export const MIN_PASSWORD_LENGTH = 10;

const ROLE_HINTS: Record<Role, string> = {
  admin: "Everything, including settings and operations.",
  manager: "Approves entries and reads reports of every property.",
  staff: "Records revenues and expenses at their properties.",
};

interface Props {
  user?: User;
  properties: Property[];
  currentUserId: string;
  onDone: (u: User) => void;
  onCancel: () => void;
}

/** Create a user, or change role, properties and active flag of one. */
export function UserForm({ user, properties, currentUserId, onDone, onCancel }: Props) {
  const [email, setEmail] = useState(user?.email ?? "");
  const [displayName, setDisplayName] = useState(user?.displayName ?? "");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>(user?.role ?? "staff");
  const [propertyIds, setPropertyIds] = useState<string[]>(user?.propertyIds ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const server = splitSubmitError(mutation.error, FIELDS);
  const errorFor = (f: Field) => errors[f] ?? (server.field === f ? server.fieldMessage : null);
  const isSelf = user?.id === currentUserId;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!displayName.trim()) found.displayName = "Enter the person's name.";
    if (!user && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.email = "Enter a valid email address.";
    if (!user && password.length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (role === "staff" && propertyIds.length === 0) found.propertyIds = "Give access to at least one property.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (user) {
      update.mutate({ id: user.id, patch: { displayName: displayName.trim(), role, propertyIds, active } }, { onSuccess: onDone });
    } else {
      create.mutate({ email: email.trim(), displayName: displayName.trim(), password, role, propertyIds }, { onSuccess: onDone });
    }
  };

  const toggleProperty = (id: string) => setPropertyIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <FormError message={server.formMessage} />
      </div>
      <TextField label="Name" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={errorFor("displayName")} />
      <TextField label="Email" type="email" required disabled={Boolean(user)} value={email} onChange={(e) => setEmail(e.target.value)} error={errorFor("email")} />
      {!user ? (
        <TextField
          label="Initial password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errorFor("password")}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; ask them to change it.`}
        />
      ) : null}
      <SelectField label="Role" value={role} disabled={isSelf} onChange={(e) => setRole(e.target.value as Role)} error={errorFor("role")} hint={isSelf ? "You cannot change your own role." : ROLE_HINTS[role]}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r[0].toUpperCase() + r.slice(1)}
          </option>
        ))}
      </SelectField>
      <fieldset className="sm:col-span-2" aria-describedby={errorFor("propertyIds") ? "user-properties-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">Properties</legend>
        {/* Only staff are limited to assigned properties; admins and managers see every property (the API agrees). */}
        {role !== "staff" ? (
          <p className="text-xs text-slate-500">{role === "admin" ? "Admins" : "Managers"} can access every property.</p>
        ) : (
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {properties.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="h-4 w-4" checked={propertyIds.includes(p.id)} onChange={() => toggleProperty(p.id)} />
                {p.name}
              </label>
            ))}
          </div>
        )}
        {errorFor("propertyIds") ? (
          <p id="user-properties-error" className="mt-1 text-xs font-medium text-red-700">
            {errorFor("propertyIds")}
          </p>
        ) : null}
      </fieldset>
      {user ? (
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" className="h-4 w-4" checked={active} disabled={isSelf} onChange={(e) => setActive(e.target.checked)} />
          Active (inactive users cannot sign in)
        </label>
      ) : null}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          {user ? "Save user" : "Add user"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

/** Sets a new password for a user (admins reset forgotten passwords). */
export function ResetPasswordForm({ user, onDone, onCancel }: { user: User; onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateUser();
  const server = splitSubmitError(update.error, ["password"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) return setError(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    update.mutate({ id: user.id, patch: { password } }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={server.formMessage} />
      <TextField
        label={`New password for ${user.displayName}`}
        type="password"
        autoComplete="new-password"
        autoFocus
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
          setError(null);
        }}
        error={error ?? (server.field === "password" ? server.fieldMessage : null)}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={update.isPending}>
          Reset password
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
