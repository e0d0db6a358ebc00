// What the auth handler establishes about a caller; every data access takes
// the organisation from here, never from the request. The handler
// (auth/auth.ts) returns it; it lives in shared/ so every service, and the
// dashboard, imports the type without reaching into auth's folder.
export type Role = "admin" | "manager" | "staff";

/** Ids are UUID strings in lowercase (as PostgreSQL returns them), so they compare with request ids after idSchema. */
export interface AuthData {
  userID: string;
  orgId: string;
  role: Role;
  /** Properties the caller may access: all of the organisation's for admins and managers. */
  propertyIds: string[];
}
