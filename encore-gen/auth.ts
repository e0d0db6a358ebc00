// Stand-in for what the Encore CLI generates as encore.gen/auth/index.ts:
// the app's auth data type over the runtime's getAuthData. When the CLI has
// generated encore.gen/, tsconfig's paths pick that one first.
import { getAuthData as runtimeAuthData } from "encore.dev/internal/codegen/auth";
import type { AuthData as AppAuthData } from "../backend/shared/auth-data.ts";

export type AuthData = AppAuthData;

export function getAuthData(): AuthData | null {
  return runtimeAuthData<AuthData>();
}
