// Resolves a verified token's user to AuthData, with a short cache so a busy
// dashboard does not cost a query per request. Role, active flag and
// property access come from the database, not the token, so a change takes
// effect within ACCESS_CACHE_TTL_MS everywhere (at once in this process).
import { LRUCache } from "lru-cache";
import { db } from "../../database.ts";
import type { AuthData } from "./auth-data.ts";
import { loadAccess } from "./users.ts";

const ACCESS_CACHE_TTL_MS = 5_000;
const cache = new LRUCache<string, AuthData | false>({ max: 50_000, ttl: ACCESS_CACHE_TTL_MS });

export async function accessFor(userId: string, orgId: string): Promise<AuthData | null> {
  let entry = cache.get(userId);
  if (entry === undefined) {
    const row = await loadAccess(db, userId);
    entry = row && row.active ? { userID: userId, orgId: row.orgId, role: row.role, propertyIds: row.propertyIds } : false;
    cache.set(userId, entry);
  }
  // A token minted for another organisation than the user's is not honoured.
  if (!entry || entry.orgId !== orgId) return null;
  return entry;
}

/** Called after a change to users, roles or properties in this process. */
export function forgetAccess(): void {
  cache.clear();
}
