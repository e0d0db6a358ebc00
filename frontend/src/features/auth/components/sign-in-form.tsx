import { useForm } from "react-hook-form";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { splitSubmitError } from "@/lib/form-errors";
import { useSingleSubmit } from "@/lib/form-submit";
import { useLogin, type LoginInput } from "@/features/auth/api/login";

const FIELDS = ["email", "password"] as const;

/** No client rules: the server's answer (a wrong password, a throttle) is the only message, so no schema. */
export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { register, handleSubmit } = useForm<LoginInput>({ defaultValues: { email: "", password: "" } });
  const { guard, release } = useSingleSubmit();
  const mutation = useLogin();
  const { field, fieldMessage, formMessage } = splitSubmitError(mutation.error, FIELDS);

  return (
    <form onSubmit={guard(handleSubmit(({ email, password }) => mutation.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn, onSettled: release }), release))} className="space-y-4" noValidate>
      <FormError message={formMessage} />
      <TextField label="Email" type="email" autoComplete="username" required {...register("email")} error={field === "email" ? fieldMessage : null} />
      <TextField label="Password" type="password" autoComplete="current-password" required {...register("password")} error={field === "password" ? fieldMessage : null} />
      <Button type="submit" variant="primary" busy={mutation.isPending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
