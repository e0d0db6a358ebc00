import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Me } from "@/lib/api-types";

/** The signed-in user, their organisation and the properties they may access. */
export function getMe(signal?: AbortSignal): Promise<Me> {
  return api.get<Me>(apiPaths.auth.me, undefined, signal);
}

export function getMeQueryOptions() {
  return queryOptions({ queryKey: ["me"], queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });
}

export function useMe(enabled = true) {
  return useQuery({ ...getMeQueryOptions(), enabled });
}
