// Display names of users (auth owns users) for the lists other services
// show: rows are read without them and the names filled in afterwards, one
// lookup per list for the distinct ids not cached. Each service binds the
// reader to its own `auth.userNames` call (finance/user-names.ts,
// events/user-names.ts), as an ~encore/clients call
// must sit in the service that makes it.
//
// Cached per process for USER_NAMES_TTL_MS: a renamed user shows under the
// new name within the TTL (docs/architecture.md, "who reads what").
import { orgLookupCache } from "./org-lookup-cache.ts";

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

export function userNamesReader(source: UserNamesSource, opts: { ttlMs?: number } = {}): UserNamesReader {
  const cache = orgLookupCache<string>({ ttlMs: opts.ttlMs ?? USER_NAMES_TTL_MS, load: async (orgId, ids) => (await source(orgId, ids)).map((u) => [u.id, u.displayName]) });
  const namesOf = (orgId: string, userIds: Iterable<string>) => cache.get(orgId, userIds);

  async function fill(orgId: string, refs: Iterable<NamedRef | null | undefined>): Promise<void> {
    const list = [...refs].filter((r): r is NamedRef & { id: string } => !!r && typeof r.id === "string");
    if (list.length === 0) return;
    const names = await namesOf(orgId, list.map((r) => r.id));
    for (const r of list) r.displayName = names.get(r.id) ?? null;
  }

  return { namesOf, fill };
}
