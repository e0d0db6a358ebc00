import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { splitSubmitError } from "@/lib/form-errors";
import { useLogin } from "@/features/auth/api/login";

const FIELDS = ["email", "password"] as const;

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const mutation = useLogin();
  const { field, fieldMessage, formMessage } = splitSubmitError(mutation.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError message={formMessage} />
      <TextField label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={field === "email" ? fieldMessage : null} />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={field === "password" ? fieldMessage : null}
      />
      <Button type="submit" variant="primary" busy={mutation.isPending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
