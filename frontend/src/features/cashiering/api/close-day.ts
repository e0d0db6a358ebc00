import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import { getDayQueryKey } from "./get-day";
import type { DayClose } from "./types";

export interface CloseDayInput { propertyId: string; date: string; note?: string; force?: boolean; reason?: string }

export function closeDay({ propertyId, date, ...body }: CloseDayInput): Promise<{ close: DayClose; alreadyClosed: boolean }> {
  return api.post(apiPaths.finance.closeDay(propertyId, date), body);
}

export function useCloseDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: closeDay,
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: getDayQueryKey() }), queryClient.invalidateQueries({ queryKey: ["daily-report"] }), queryClient.invalidateQueries({ queryKey: ["summary"] })]),
  });
}
