import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { DailyFigures, MonthlyReport } from "@/lib/api-types";
import { lastNDates, monthOf } from "@/lib/dates";

/** One point of the Today chart, computed here from monthly reports (UI-only: no endpoint answers it). */
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
  return buildClosingSeries(endDate, days, reports.flatMap((r) => r.days));
}

/** The closing of each of the `days` dates ending at `endDate`, carrying the last known closing forward. */
export function buildClosingSeries(endDate: string, days: number, known: Pick<DailyFigures, "date" | "closingBalanceCents">[]): ClosingPoint[] {
  const dates = lastNDates(endDate, days);
  const sorted = [...known].sort((a, b) => a.date.localeCompare(b.date));
  const closingByDate = new Map(sorted.map((d) => [d.date, d.closingBalanceCents]));
  // Seed the carry from the latest known date before the window.
  let carried: number | null = null;
  for (const d of sorted) if (d.date < dates[0]) carried = d.closingBalanceCents;
  return dates.map((date) => {
    const value = closingByDate.get(date);
    if (value !== undefined) carried = value;
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
