import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { paths, safeNext } from "@/config/paths";
import { SignInForm } from "@/features/auth/components/sign-in-form";
import { useSession } from "@/lib/use-session";
import { AuthCard } from "./auth-card";

export function SignInRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = safeNext(params.get("next"));
  if (session) return <Navigate to={next} replace />;
  return (
    <AuthCard title="Sign in" footer={<>New hotel group? <Link className="font-medium text-indigo-700 underline" to={paths.signUp}>Create an organisation</Link></>}>
      {params.get("next") ? <p className="mb-4 text-sm text-slate-600">Please sign in to continue.</p> : null}
      <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
    </AuthCard>
  );
}
