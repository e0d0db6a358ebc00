// SQL for refresh_tokens (owner: auth).
import type { Queryer } from "../shared/db.ts";
import { newId } from "../shared/ids.ts";

export interface StoredRefreshToken {
  id: string;
  familyId: string;
  userId: string;
  orgId: string;
  expired: boolean;
  rotated: boolean;
  revoked: boolean;
}

export async function insertRefreshToken(q: Queryer, t: { hash: Buffer; familyId: string; userId: string; orgId: string; ttlSeconds: number }) {
  await q.exec`
    INSERT INTO refresh_tokens (id, token_hash, family_id, user_id, org_id, expires_at)
    VALUES (${newId()}, ${t.hash}, ${t.familyId}, ${t.userId}, ${t.orgId}, now() + make_interval(secs => ${t.ttlSeconds}))`;
}

/** Locks the token's row so two concurrent refreshes cannot both rotate it. */
export async function lockRefreshToken(q: Queryer, hash: Buffer): Promise<StoredRefreshToken | null> {
  return q.queryRow<StoredRefreshToken>`
    SELECT id, family_id AS "familyId", user_id AS "userId", org_id AS "orgId",
           expires_at <= now() AS expired, rotated_at IS NOT NULL AS rotated, revoked_at IS NOT NULL AS revoked
    FROM refresh_tokens WHERE token_hash = ${hash} FOR UPDATE`;
}

export async function markRotated(q: Queryer, id: string) {
  await q.exec`UPDATE refresh_tokens SET rotated_at = now() WHERE id = ${id}`;
}

export async function revokeFamily(q: Queryer, familyId: string) {
  await q.exec`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ${familyId} AND revoked_at IS NULL`;
}

export async function revokeAllForUser(q: Queryer, userId: string) {
  await q.exec`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`;
}
