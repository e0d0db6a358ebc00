// Resolves a verified token's user to AuthData, with a short cache so a busy
// dashboard does not cost a query per request. Role, active flag and
// property access come from the database, not the token, so a change takes
// effect within ACCESS_CACHE_TTL_MS everywhere (at once in this process).
import { LRUCache } from "lru-cache";
import { db } from "../../database.ts";
import type { AuthData } from "./auth-data.ts";
import { loadAccess } from "./users.ts";

const ACCESS_CACHE_TTL_MS = 5_000;
type Entry = { data: AuthData; tokensValidAfterS: number } | false;
const cache = new LRUCache<string, Entry>({ max: 50_000, ttl: ACCESS_CACHE_TTL_MS });

/** The caller's access for a token issued at `issuedAtS`, or null (inactive, other organisation, or a token from before a password reset). */
export async function accessFor(userId: string, orgId: string, issuedAtS: number): Promise<AuthData | null> {
  let entry = cache.get(userId);
  if (entry === undefined) {
    const row = await loadAccess(db, userId);
    entry = row && row.active
      ? { data: { userID: userId, orgId: row.orgId, role: row.role, propertyIds: row.propertyIds }, tokensValidAfterS: row.tokensValidAfterS }
      : false;
    cache.set(userId, entry);
  }
  // A token minted for another organisation than the user's is not honoured.
  if (!entry || entry.data.orgId !== orgId || issuedAtS < entry.tokensValidAfterS) return null;
  return entry.data;
}

/** Called after a change to users, roles or properties in this process. */
export function forgetAccess(): void {
  cache.clear();
}
