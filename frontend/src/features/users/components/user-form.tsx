import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { ROLES, type Property, type Role, type User } from "@/lib/api-types";
import { splitSubmitError } from "@/lib/form-errors";
import { useSingleSubmit } from "@/lib/form-submit";
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

/** What the user form accepts; a new user also needs an email and a password (every rule in one superRefine, so all messages show at once). */
export function userFormSchema(creating: boolean) {
  return z
    .object({ email: z.string(), displayName: z.string(), password: z.string(), role: z.enum(ROLES), propertyIds: z.array(z.string()), active: z.boolean() })
    .superRefine((v, ctx) => {
      const fail = (path: Field, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (!v.displayName.trim()) fail("displayName", "Enter the person's name.");
      if (creating && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) fail("email", "Enter a valid email address.");
      if (creating && v.password.length < MIN_PASSWORD_LENGTH) fail("password", `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
      if (v.role === "staff" && v.propertyIds.length === 0) fail("propertyIds", "Give access to at least one property.");
    });
}
type Values = z.infer<ReturnType<typeof userFormSchema>>;

/** Create a user, or change role, properties and active flag of one. */
export function UserForm({ user, properties, currentUserId, onDone, onCancel }: Props) {
  const { register, handleSubmit, watch, setValue, formState } = useForm<Values>({
    defaultValues: { email: user?.email ?? "", displayName: user?.displayName ?? "", password: "", role: user?.role ?? "staff", propertyIds: user?.propertyIds ?? [], active: user?.active ?? true },
    resolver: zodResolver(userFormSchema(!user)),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const server = splitSubmitError(mutation.error, FIELDS);
  const errorFor = (f: Field) => formState.errors[f]?.message ?? (server.field === f ? server.fieldMessage : null);
  const isSelf = user?.id === currentUserId;
  const [role, propertyIds] = watch(["role", "propertyIds"]);

  const valid = (v: Values) => {
    if (user) {
      update.mutate({ id: user.id, patch: { displayName: v.displayName.trim(), role: v.role, propertyIds: v.propertyIds, active: v.active } }, { onSuccess: onDone, onSettled: release });
    } else {
      create.mutate({ email: v.email.trim(), displayName: v.displayName.trim(), password: v.password, role: v.role, propertyIds: v.propertyIds }, { onSuccess: onDone, onSettled: release });
    }
  };

  const toggleProperty = (id: string) => setValue("propertyIds", propertyIds.includes(id) ? propertyIds.filter((x) => x !== id) : [...propertyIds, id]);

  return (
    <form onSubmit={guard(handleSubmit(valid, release))} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <FormError message={server.formMessage} />
      </div>
      <TextField label="Name" required {...register("displayName")} error={errorFor("displayName")} />
      <TextField label="Email" type="email" required disabled={Boolean(user)} {...register("email")} error={errorFor("email")} />
      {!user ? (
        <TextField
          label="Initial password"
          type="password"
          autoComplete="new-password"
          required
          {...register("password")}
          error={errorFor("password")}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; ask them to change it.`}
        />
      ) : null}
      <SelectField label="Role" disabled={isSelf} {...register("role")} error={errorFor("role")} hint={isSelf ? "You cannot change your own role." : ROLE_HINTS[role]}>
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
          <input type="checkbox" className="h-4 w-4" disabled={isSelf} {...register("active")} />
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

const resetPasswordSchema = z.object({ password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`) });

/** Sets a new password for a user (admins reset forgotten passwords). */
export function ResetPasswordForm({ user, onDone, onCancel }: { user: User; onDone: () => void; onCancel: () => void }) {
  const { register, handleSubmit, clearErrors, formState } = useForm<z.infer<typeof resetPasswordSchema>>({ defaultValues: { password: "" }, resolver: zodResolver(resetPasswordSchema), reValidateMode: "onSubmit" });
  const { guard, release } = useSingleSubmit();
  const update = useUpdateUser();
  const server = splitSubmitError(update.error, ["password"]);
  return (
    <form onSubmit={guard(handleSubmit(({ password }) => update.mutate({ id: user.id, patch: { password } }, { onSuccess: onDone, onSettled: release }), release))} noValidate className="space-y-4">
      <FormError message={server.formMessage} />
      <TextField
        label={`New password for ${user.displayName}`}
        type="password"
        autoComplete="new-password"
        autoFocus
        {...register("password", { onChange: () => clearErrors("password") })}
        error={formState.errors.password?.message ?? (server.field === "password" ? server.fieldMessage : null)}
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
