// Authorisation helpers every service uses: who is calling, what role, which
// properties. The organisation always comes from the verified token.
import { APIError } from "encore.dev/api";
import { getAuthData } from "~encore/auth";
import type { AuthData, Role } from "./auth-data.ts";

export function caller(): AuthData {
  const auth = getAuthData();
  if (!auth) throw APIError.unauthenticated("sign in first");
  return auth;
}

export function requireRole(auth: AuthData, ...roles: Role[]): void {
  if (!roles.includes(auth.role)) {
    throw APIError.permissionDenied(`this needs the ${roles.join(" or ")} role; you are ${auth.role}`);
  }
}

export function isManager(auth: AuthData): boolean {
  return auth.role === "admin" || auth.role === "manager";
}

/** A property outside the caller's reach is reported as missing, so ids of other tenants leak nothing. */
export function requirePropertyAccess(auth: AuthData, propertyId: string): void {
  if (!auth.propertyIds.includes(propertyId)) throw APIError.notFound(`property ${propertyId} not found`);
}
