import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { OpsStatus } from "@/lib/api-types";

export type { AttentionItem, OpsAlert, OpsStatus } from "@/lib/api-types";

export function getOpsStatus(signal?: AbortSignal): Promise<OpsStatus> {
  return api.get<OpsStatus>(apiPaths.ops.status, undefined, signal);
}

/** Refresh cadence of the operations screen: figures move quickly and the query is cheap. */
const OPS_REFRESH_MS = 10_000;

export function getOpsStatusQueryOptions() {
  return queryOptions({ queryKey: ["ops-status"], queryFn: ({ signal }) => getOpsStatus(signal), refetchInterval: OPS_REFRESH_MS });
}

export function useOpsStatus() {
  return useQuery(getOpsStatusQueryOptions());
}
