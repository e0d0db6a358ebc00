import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "../../../config/api-paths";
import { api } from "../../../lib/api-client";
import type { MonthlyReport } from "../../../lib/api-types";
import { lastNDates, monthOf } from "../../../lib/dates";

export interface ClosingPoint {
  date: string;
  closingBalanceCents: number | null;
}

/**
 * Closing balance of each of the `days` (≤ 31) dates ending at `endDate`, from the monthly
 * reports of the months they span. A date without a stored row closes at the previous
 * day's closing (opening(D) = closing(D-1)); dates before any data are null.
 */
export async function getClosingHistory(propertyId: string, endDate: string, days: number, signal?: AbortSignal): Promise<ClosingPoint[]> {
  const dates = lastNDates(endDate, days);
  const months = [...new Set(dates.map(monthOf))];
  const reports = await Promise.all(months.map((month) => api.get<MonthlyReport>(apiPaths.reports.monthly, { propertyId, month }, signal)));
  const closingByDate = new Map<string, number>();
  for (const r of reports) for (const d of r.days) closingByDate.set(d.date, d.closingBalanceCents);
  let carried: number | null = null;
  // Seed the carry from the latest known date before the window.
  for (const [date, closing] of [...closingByDate].sort(([a], [b]) => a.localeCompare(b))) {
    if (date < dates[0]) carried = closing;
  }
  return dates.map((date) => {
    const known = closingByDate.get(date);
    if (known !== undefined) carried = known;
    return { date, closingBalanceCents: carried };
  });
}

/** ["closing-history", propertyId] matches every window of that property. */
export function getClosingHistoryQueryKey(propertyId?: string, endDate?: string) {
  if (propertyId === undefined) return ["closing-history"] as const;
  return endDate === undefined ? (["closing-history", propertyId] as const) : (["closing-history", propertyId, endDate] as const);
}

export function getClosingHistoryQueryOptions(propertyId: string, endDate: string, days = 30) {
  return queryOptions({
    queryKey: getClosingHistoryQueryKey(propertyId, endDate),
    queryFn: ({ signal }) => getClosingHistory(propertyId, endDate, days, signal),
    staleTime: 60_000,
  });
}

export function useClosingHistory(propertyId: string, endDate: string, days = 30) {
  return useQuery(getClosingHistoryQueryOptions(propertyId, endDate, days));
}
