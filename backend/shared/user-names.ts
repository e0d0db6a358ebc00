// Display names of users (auth owns users) for the lists other services
// show: rows are read without them and the names filled in afterwards, one
// lookup per list for the distinct ids not cached. Each service binds the
// reader to its own `auth.userNames` call (finance/user-names.ts,
// reports/user-names.ts, events/user-names.ts), as an ~encore/clients call
// must sit in the service that makes it.
//
// Cached per process for USER_NAMES_TTL_MS: a renamed user shows under the
// new name within the TTL (docs/architecture.md, "who reads what").
import { LRUCache } from "lru-cache";

export const USER_NAMES_TTL_MS = 30_000;

/** Where the names come from: auth's internal endpoint, through the calling service's client. */
export type UserNamesSource = (orgId: string, userIds: string[]) => Promise<{ id: string; displayName: string }[]>;

/** A user as a list shows them; displayName is null until filled (and stays null for a user auth does not know). */
export interface NamedRef { id: string | null; displayName: string | null }

export interface UserNamesReader {
  /** id → display name for the organisation's users among `userIds`; unknown ids are absent. */
  namesOf(orgId: string, userIds: Iterable<string>): Promise<Map<string, string>>;
  /** Sets displayName on every ref (null and id-less refs skipped); one lookup at most. */
  fill(orgId: string, refs: Iterable<NamedRef | null | undefined>): Promise<void>;
}

export function userNamesReader(source: UserNamesSource, opts: { ttlMs?: number; max?: number } = {}): UserNamesReader {
  // Enough for every active user a busy instance lists; an evicted one costs a place in the next lookup.
  const cache = new LRUCache<string, string>({ max: opts.max ?? 50_000, ttl: opts.ttlMs ?? USER_NAMES_TTL_MS });
  const key = (orgId: string, id: string) => `${orgId}|${id}`;

  async function namesOf(orgId: string, userIds: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const hit = cache.get(key(orgId, id));
      if (hit === undefined) missing.push(id);
      else out.set(id, hit);
    }
    if (missing.length > 0) {
      for (const u of await source(orgId, missing)) {
        cache.set(key(orgId, u.id), u.displayName);
        out.set(u.id, u.displayName);
      }
    }
    return out;
  }

  async function fill(orgId: string, refs: Iterable<NamedRef | null | undefined>): Promise<void> {
    const list = [...refs].filter((r): r is NamedRef & { id: string } => !!r && typeof r.id === "string");
    if (list.length === 0) return;
    const names = await namesOf(orgId, list.map((r) => r.id));
    for (const r of list) r.displayName = names.get(r.id) ?? null;
  }

  return { namesOf, fill };
}
