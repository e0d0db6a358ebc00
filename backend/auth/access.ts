// Resolves a verified token's user to AuthData, with a short cache so a busy
// dashboard does not cost a query per request. Role, active flag and
// property access come from the database, not the token, so a change takes
// effect within ACCESS_CACHE_TTL_MS everywhere (at once in this process).
import { LRUCache } from "lru-cache";
import { db } from "../../database.ts";
import type { AuthData } from "../shared/auth-data.ts";
import { loadAccess } from "./users.ts";

const ACCESS_CACHE_TTL_MS = 5_000;
type Entry = { data: AuthData; tokensValidAfterS: number } | false;
const cache = new LRUCache<string, Entry>({ max: 50_000, ttl: ACCESS_CACHE_TTL_MS });

// One query per user per expiry, however many requests miss at once: without
// this, every request of a busy user arriving in the moment its entry expired
// queued its own identical query for a pooled connection (bench:write at 200
// connections: about 30 per user and expiry, behind the creates).
const loading = new Map<string, Promise<Entry>>();
// Bumped by forgetAccess, so a load that started before a change never stores what it read.
let generation = 0;

function load(userId: string): Promise<Entry> {
  let pending = loading.get(userId);
  if (!pending) {
    const started = generation;
    const p: Promise<Entry> = loadAccess(db, userId).then((row) => {
      const entry: Entry = row && row.active
        ? { data: { userID: userId, orgId: row.orgId, role: row.role, propertyIds: row.propertyIds }, tokensValidAfterS: row.tokensValidAfterS }
        : false;
      if (started === generation) cache.set(userId, entry);
      return entry;
    }).finally(() => { if (loading.get(userId) === p) loading.delete(userId); });
    loading.set(userId, p);
    pending = p;
  }
  return pending;
}

/** The caller's access for a token issued at `issuedAtS`, or null (inactive, other organisation, or a token from before a password reset). */
export async function accessFor(userId: string, orgId: string, issuedAtS: number): Promise<AuthData | null> {
  const entry = cache.get(userId) ?? await load(userId);
  // A token minted for another organisation than the user's is not honoured.
  if (!entry || entry.data.orgId !== orgId || issuedAtS < entry.tokensValidAfterS) return null;
  return entry.data;
}

/** Called after a change to users, roles or properties in this process. */
export function forgetAccess(): void {
  generation++;
  loading.clear();
  cache.clear();
}
