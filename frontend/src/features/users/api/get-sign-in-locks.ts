import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { SignInLock, SignInLockList } from "@/lib/api-types";

/** The organisation's sign-in locks, newest first (admin). */
export function getSignInLocks(signal?: AbortSignal): Promise<SignInLock[]> {
  return api.get<SignInLockList>(apiPaths.auth.signInLocks, { limit: 50 }, signal).then((p) => p.items);
}

export function getSignInLocksQueryOptions() {
  return queryOptions({ queryKey: ["sign-in-locks"], queryFn: ({ signal }) => getSignInLocks(signal) });
}

export function useSignInLocks() {
  return useQuery(getSignInLocksQueryOptions());
}
