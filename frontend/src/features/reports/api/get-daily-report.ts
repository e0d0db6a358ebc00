import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { DailyReport } from "@/lib/api-types";

export function getDailyReport(propertyId: string, date: string, signal?: AbortSignal): Promise<DailyReport> {
  return api.get<DailyReport>(apiPaths.reports.daily, { propertyId, date }, signal);
}

/** ["daily-report", propertyId] matches every date of that property; ["daily-report"] all of them. */
export function getDailyReportQueryKey(propertyId?: string, date?: string) {
  if (propertyId === undefined) return ["daily-report"] as const;
  return date === undefined ? (["daily-report", propertyId] as const) : (["daily-report", propertyId, date] as const);
}

export function getDailyReportQueryOptions(propertyId: string, date: string) {
  return queryOptions({
    queryKey: getDailyReportQueryKey(propertyId, date),
    queryFn: ({ signal }) => getDailyReport(propertyId, date, signal),
    enabled: Boolean(propertyId && date),
  });
}

export function useDailyReport(propertyId: string, date: string) {
  return useQuery(getDailyReportQueryOptions(propertyId, date));
}
