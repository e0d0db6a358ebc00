import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { MonthlyReport } from "@/lib/api-types";

export function getMonthlyReport(propertyId: string, month: string, signal?: AbortSignal): Promise<MonthlyReport> {
  return api.get<MonthlyReport>(apiPaths.reports.monthly, { propertyId, month }, signal);
}

/** ["monthly-report", propertyId] matches every month of that property. */
export function getMonthlyReportQueryKey(propertyId?: string, month?: string) {
  if (propertyId === undefined) return ["monthly-report"] as const;
  return month === undefined ? (["monthly-report", propertyId] as const) : (["monthly-report", propertyId, month] as const);
}

export function getMonthlyReportQueryOptions(propertyId: string, month: string) {
  return queryOptions({
    queryKey: getMonthlyReportQueryKey(propertyId, month),
    queryFn: ({ signal }) => getMonthlyReport(propertyId, month, signal),
    enabled: Boolean(propertyId && month),
  });
}

export function useMonthlyReport(propertyId: string, month: string) {
  return useQuery(getMonthlyReportQueryOptions(propertyId, month));
}
