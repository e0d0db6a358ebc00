import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { splitSubmitError } from "@/lib/form-errors";
import { useSingleSubmit } from "@/lib/form-submit";
import { useSignup } from "@/features/auth/api/signup";

const FIELDS = ["organizationName", "displayName", "email", "password"] as const;
type Field = (typeof FIELDS)[number];

/** Password rule of the API (min 10 characters). */
const MIN_PASSWORD_LENGTH = 10;

export const signUpSchema = z.object({
  organizationName: z.string().trim().min(1, "Enter the name of your hotel group."),
  displayName: z.string().trim().min(1, "Enter your name."),
  email: z.string().trim().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "Enter a valid email address."),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`),
});
type Values = z.input<typeof signUpSchema>;

export function SignUpForm({ onSignedUp }: { onSignedUp: () => void }) {
  const { register, handleSubmit, clearErrors, formState } = useForm<Values, unknown, z.output<typeof signUpSchema>>({
    defaultValues: { organizationName: "", displayName: "", email: "", password: "" },
    resolver: zodResolver(signUpSchema),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const mutation = useSignup();
  const server = splitSubmitError(mutation.error, FIELDS);
  const errorFor = (f: Field) => formState.errors[f]?.message ?? (server.field === f ? server.fieldMessage : null);
  // A field's message goes as soon as it is edited; the others stay until the next submit.
  const field = (f: Field) => register(f, { onChange: () => clearErrors(f) });

  return (
    <form onSubmit={guard(handleSubmit((v) => mutation.mutate(v, { onSuccess: onSignedUp, onSettled: release }), release))} className="space-y-4" noValidate>
      <FormError message={server.formMessage} />
      <TextField label="Organisation name" autoComplete="organization" required {...field("organizationName")} error={errorFor("organizationName")} />
      <TextField label="Your name" autoComplete="name" required {...field("displayName")} error={errorFor("displayName")} />
      <TextField label="Email" type="email" autoComplete="email" required {...field("email")} error={errorFor("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        {...field("password")}
        error={errorFor("password")}
      />
      <Button type="submit" variant="primary" busy={mutation.isPending} className="w-full">
        Create organisation
      </Button>
    </form>
  );
}
