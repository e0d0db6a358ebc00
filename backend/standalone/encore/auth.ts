// Standalone `encore.dev/auth`: registers the app's one auth handler.
import { registry } from "../runtime/registry.ts";
import { headerFieldsOfCaller } from "../runtime/header-fields.ts";

export function authHandler<Params extends object, AuthData extends { userID: string }>(
  fn: (params: Params) => Promise<AuthData | null>,
) {
  if (registry.authHandler) throw new Error("encore: only one authHandler may be declared per app");
  registry.authHandler = { handler: fn as never, headerFields: headerFieldsOfCaller() };
  return fn;
}
