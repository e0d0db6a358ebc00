import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import { getDayQueryKey } from "./get-day";
import type { DayState } from "./types";

export function reopenDay({ propertyId, date, reason }: { propertyId: string; date: string; reason: string }): Promise<DayState> {
  return api.post<DayState>(apiPaths.finance.reopenDay(propertyId, date), { reason });
}

export function useReopenDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reopenDay,
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: getDayQueryKey() }), queryClient.invalidateQueries({ queryKey: ["daily-report"] }), queryClient.invalidateQueries({ queryKey: ["summary"] })]),
  });
}
