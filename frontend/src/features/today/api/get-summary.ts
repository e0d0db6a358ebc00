import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Summary } from "@/lib/api-types";

/** One row per accessible property; without a date each property uses its own today. */
export function getSummary(date: string | undefined, signal?: AbortSignal): Promise<Summary> {
  return api.get<Summary>(apiPaths.reports.summary, { date }, signal);
}

/** ["summary"] matches the summaries of every date. */
export function getSummaryQueryKey(date?: string) {
  return date === undefined ? (["summary"] as const) : (["summary", date] as const);
}

export function getSummaryQueryOptions(date?: string) {
  return queryOptions({ queryKey: getSummaryQueryKey(date ?? "today"), queryFn: ({ signal }) => getSummary(date, signal) });
}

export function useSummary(date?: string) {
  return useQuery(getSummaryQueryOptions(date));
}
