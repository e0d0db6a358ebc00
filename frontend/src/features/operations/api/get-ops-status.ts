import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";

export interface OpsAlert {
  name: string;
  firing: boolean;
  value: number | null;
  threshold: number | null;
  since: string | null;
}

/** One thing an operator acts on (GET /ops/status `attention`). */
export interface AttentionItem {
  name: string;
  title: string;
  value: number | null;
  unit: string;
  needsAction: boolean;
  whatToDo: string;
  runbook: string;
}

/** Operational status; sections beyond `alerts` are rendered generically since their shape may grow. */
export interface OpsStatus {
  alerts?: OpsAlert[];
  attention?: AttentionItem[];
  [section: string]: unknown;
}

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
