// The app's one auth handler and gateway: a bearer access token becomes
// AuthData {userID, orgId, role, propertyIds}.
import { APIError, Gateway, type Header } from "encore.dev/api";
import { authHandler } from "encore.dev/auth";
import type { AuthData } from "../shared/auth-data.ts";
import { verifyAccessToken } from "./tokens.ts";
import { accessFor } from "./access.ts";
import { withDbErrors } from "../shared/db-errors.ts";

interface AuthParams {
  authorization: Header<"Authorization">;
}

export const auth = authHandler<AuthParams, AuthData>(async (params: AuthParams): Promise<AuthData> => {
  const match = /^Bearer\s+(\S+)$/i.exec(params.authorization ?? "");
  if (!match) throw APIError.unauthenticated("expected an Authorization: Bearer <access token> header");
  const claims = await verifyAccessToken(match[1]);
  if (!claims) throw APIError.unauthenticated("the access token is invalid or has expired; refresh it or sign in again");
  // No service middleware wraps the auth handler: a database outage here must be a 503 too, not a 500.
  const data = await withDbErrors(() => accessFor(claims.userId, claims.orgId, claims.issuedAtS ?? 0));
  if (!data) throw APIError.unauthenticated("this session has ended (account inactive or password changed); sign in again");
  return data;
});

export const gateway = new Gateway({ authHandler: auth });
