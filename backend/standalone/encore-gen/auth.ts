// Stand-in for the CLI-generated `~encore/auth` (encore.gen/auth/index.ts):
// the authenticated caller's data, from the standalone host's request context.
// tsc resolves ~encore/auth here only when encore.gen/ has not been generated.
import { requestContext } from "../runtime/context.ts";
import type { AuthData as AppAuthData } from "../../auth/auth-data.ts";

export type AuthData = AppAuthData;

export function getAuthData(): AuthData | null {
  const ctx = requestContext.getStore();
  if (!ctx || ctx.type !== "api-call") return null;
  return (ctx.authData as AuthData | null) ?? null;
}
