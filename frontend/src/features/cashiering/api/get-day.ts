import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { DayState } from "@/lib/api-types";
import { getDailyReportQueryKey } from "@/features/reports/api/get-daily-report";
import { getSummaryQueryKey } from "@/features/today/api/get-summary";

export function getDay(propertyId: string, date: string, signal?: AbortSignal): Promise<DayState> {
  return api.get<DayState>(apiPaths.finance.day(propertyId, date), undefined, signal);
}

/**
 * ["finance-day", propertyId] matches every date of that property, ["finance-day"] all of them; closing,
 * reopening and shift changes invalidate it, and so does every live finance event of the property
 * (app/live-updates.ts): entries change the review's pending list, figures and shifts' drawers.
 */
export function getDayQueryKey(propertyId?: string, date?: string) {
  if (propertyId === undefined) return ["finance-day"] as const;
  return date === undefined ? (["finance-day", propertyId] as const) : (["finance-day", propertyId, date] as const);
}

export function useDay(propertyId: string, date: string) {
  return useQuery(queryOptions({ queryKey: getDayQueryKey(propertyId, date), queryFn: ({ signal }) => getDay(propertyId, date, signal), enabled: Boolean(propertyId && date) }));
}

/** What a close, a reopen or a decided movement changes: the day's review, the daily reports and the summaries. */
export function invalidateDayViews(queryClient: QueryClient) {
  return Promise.all([getDayQueryKey(), getDailyReportQueryKey(), getSummaryQueryKey()].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
