import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { splitSubmitError } from "@/lib/form-errors";
import { useSignup, type SignupInput } from "@/features/auth/api/signup";

const FIELDS = ["organizationName", "displayName", "email", "password"] as const;
type Field = (typeof FIELDS)[number];

/** Password rule of the API (min 10 characters). */
const MIN_PASSWORD_LENGTH = 10;

function validate(v: SignupInput): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!v.organizationName.trim()) errors.organizationName = "Enter the name of your hotel group.";
  if (!v.displayName.trim()) errors.displayName = "Enter your name.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) errors.email = "Enter a valid email address.";
  if (v.password.length < MIN_PASSWORD_LENGTH) errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return errors;
}

export function SignUpForm({ onSignedUp }: { onSignedUp: () => void }) {
  const [values, setValues] = useState<SignupInput>({ organizationName: "", displayName: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const mutation = useSignup();
  const server = splitSubmitError(mutation.error, FIELDS);
  const errorFor = (f: Field) => errors[f] ?? (server.field === f ? server.fieldMessage : null);

  const set = (f: Field) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [f]: e.target.value }));
    if (errors[f]) setErrors((x) => ({ ...x, [f]: undefined }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate({ ...values, organizationName: values.organizationName.trim(), displayName: values.displayName.trim(), email: values.email.trim() }, { onSuccess: onSignedUp });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError message={server.formMessage} />
      <TextField label="Organisation name" name="organizationName" autoComplete="organization" required value={values.organizationName} onChange={set("organizationName")} error={errorFor("organizationName")} />
      <TextField label="Your name" name="displayName" autoComplete="name" required value={values.displayName} onChange={set("displayName")} error={errorFor("displayName")} />
      <TextField label="Email" type="email" name="email" autoComplete="email" required value={values.email} onChange={set("email")} error={errorFor("email")} />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={values.password}
        onChange={set("password")}
        error={errorFor("password")}
      />
      <Button type="submit" variant="primary" busy={mutation.isPending} className="w-full">
        Create organisation
      </Button>
    </form>
  );
}
