import { Link, Navigate, useNavigate } from "react-router";
import { paths } from "@/config/paths";
import { SignUpForm } from "@/features/auth/components/sign-up-form";
import { useSession } from "@/lib/use-session";
import { AuthCard } from "./auth-card";

export function SignUpRoute() {
  const navigate = useNavigate();
  const session = useSession();
  if (session) return <Navigate to={paths.today} replace />;
  return (
    <AuthCard title="Create your organisation" footer={<>Already registered? <Link className="font-medium text-indigo-700 underline" to={paths.signIn}>Sign in</Link></>}>
      <SignUpForm onSignedUp={() => void navigate(paths.settings, { replace: true, state: { flash: "Welcome! Add your first property to get started." } })} />
    </AuthCard>
  );
}
