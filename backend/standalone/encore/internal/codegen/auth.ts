// Standalone `encore.dev/internal/codegen/auth`: what the CLI-generated
// `~encore/auth` calls. The caller's auth data comes from the request (or
// message) context the host runs every handler in.
import { requestContext } from "../../../runtime/context.ts";

export function getAuthData<T>(): T | null {
  const ctx = requestContext.getStore();
  if (!ctx || ctx.type !== "api-call") return null;
  return (ctx.authData as T | null) ?? null;
}
