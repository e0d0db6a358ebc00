import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { DayState } from "@/lib/api-types";

export function getDay(propertyId: string, date: string, signal?: AbortSignal): Promise<DayState> {
  return api.get<DayState>(apiPaths.finance.day(propertyId, date), undefined, signal);
}

/** ["finance-day"] matches every property and date; closing, reopening and shift changes invalidate it. */
export function getDayQueryKey(propertyId?: string, date?: string) {
  return propertyId === undefined ? (["finance-day"] as const) : (["finance-day", propertyId, date ?? ""] as const);
}

export function useDay(propertyId: string, date: string) {
  return useQuery(queryOptions({ queryKey: getDayQueryKey(propertyId, date), queryFn: ({ signal }) => getDay(propertyId, date, signal), enabled: Boolean(propertyId && date) }));
}
