import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { User, UserList } from "@/lib/api-types";

/** Largest page the settings screen asks for. */
const USERS_PAGE_SIZE = 200;

/** Every user of the organisation (follows the cursor). */
export async function getUsers(signal?: AbortSignal): Promise<User[]> {
  const all: User[] = [];
  let cursor: string | null = null;
  do {
    const page: UserList = await api.get<UserList>(apiPaths.users.list, { limit: USERS_PAGE_SIZE, cursor }, signal);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export function getUsersQueryOptions() {
  return queryOptions({ queryKey: ["users"], queryFn: ({ signal }) => getUsers(signal) });
}

export function useUsers() {
  return useQuery(getUsersQueryOptions());
}
