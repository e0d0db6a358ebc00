// Sign-up, login, refresh rotation with reuse detection, logout.
import { randomUUID } from "node:crypto";
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { Queryer } from "../shared/db.ts";
import { withDbErrors } from "../shared/db-errors.ts";
import type { Role } from "../shared/auth-data.ts";
import { insertOrganization } from "./organizations.ts";
import { findLogin, getUser, insertUser, type User } from "./users.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { assertNotThrottled, recordFailure, recordSuccess } from "./login-throttle.ts";
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, hashRefreshToken, newRefreshToken, signAccessToken } from "./tokens.ts";
import { insertRefreshToken, lockRefreshToken, markRotated, revokeFamily } from "./refresh-tokens.ts";

export interface SessionUser { id: string; orgId: string; email: string; displayName: string; role: Role }

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  user: SessionUser;
}

const INVALID_LOGIN = "the email or password is incorrect";

async function issueTokens(q: Queryer, user: User, familyId: string = randomUUID()): Promise<Tokens> {
  const refresh = newRefreshToken();
  await insertRefreshToken(q, { hash: refresh.hash, familyId, userId: user.id, orgId: user.orgId, ttlSeconds: REFRESH_TOKEN_TTL_S });
  return {
    accessToken: await signAccessToken({ userId: user.id, orgId: user.orgId, role: user.role }),
    refreshToken: refresh.token,
    expiresInSeconds: ACCESS_TOKEN_TTL_S,
    user: { id: user.id, orgId: user.orgId, email: user.email, displayName: user.displayName, role: user.role },
  };
}

export async function signup(input: { organizationName: string; email: string; password: string; displayName: string }): Promise<Tokens> {
  const passwordHash = await hashPassword(input.password);
  return withDbErrors(async () => {
    await using tx = await db.begin();
    const org = await insertOrganization(tx, input.organizationName);
    let userId: string;
    try {
      userId = await insertUser(tx, org.id, { email: input.email, displayName: input.displayName, passwordHash, role: "admin" });
    } catch (err) {
      if ((err as { code?: string }).code === "23505") throw APIError.alreadyExists("email: an account with this email already exists").withDetails({ field: "email" });
      throw err;
    }
    const user = (await getUser(tx, org.id, userId))!;
    const tokens = await issueTokens(tx, user);
    await tx.commit();
    return tokens;
  });
}

export async function login(input: { email: string; password: string }, address: string): Promise<Tokens> {
  await assertNotThrottled(db, input.email, address);
  const found = await findLogin(db, input.email);
  const ok = await verifyPassword(found?.passwordHash ?? null, input.password);
  if (!found || !ok || !found.active) {
    await recordFailure(db, input.email, address);
    throw APIError.unauthenticated(INVALID_LOGIN);
  }
  await using tx = await db.begin();
  await recordSuccess(tx, found.id, found.email, address);
  const tokens = await issueTokens(tx, found);
  await tx.commit();
  return tokens;
}

export async function refresh(refreshToken: string): Promise<Tokens> {
  await using tx = await db.begin();
  const stored = await lockRefreshToken(tx, hashRefreshToken(refreshToken));
  if (!stored || stored.revoked || stored.expired) throw APIError.unauthenticated("the refresh token is not valid; sign in again");
  if (stored.rotated) {
    // A rotated token presented again means two parties hold the family: end it for both.
    await revokeFamily(tx, stored.familyId);
    await tx.commit();
    throw APIError.unauthenticated("this refresh token was already used; every session it belonged to has been signed out");
  }
  const user = await getUser(tx, stored.orgId, stored.userId);
  if (!user || !user.active) throw APIError.unauthenticated("this account is no longer active");
  await markRotated(tx, stored.id);
  const tokens = await issueTokens(tx, user, stored.familyId);
  await tx.commit();
  return tokens;
}

export async function logout(refreshToken: string): Promise<void> {
  await using tx = await db.begin();
  const stored = await lockRefreshToken(tx, hashRefreshToken(refreshToken));
  if (stored) await revokeFamily(tx, stored.familyId);
  await tx.commit();
}
