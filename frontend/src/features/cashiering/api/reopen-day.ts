import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import { invalidateDayViews } from "./get-day";
import type { DayState, RequestOf } from "@/lib/api-types";
import type { reopenDay as reopenDayEndpoint } from "@backend/finance/days-api.ts";

export function reopenDay({ propertyId, date, reason }: RequestOf<typeof reopenDayEndpoint>): Promise<DayState> {
  return api.post<DayState>(apiPaths.finance.reopenDay(propertyId, date), { reason });
}

export function useReopenDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reopenDay,
    onSettled: () => invalidateDayViews(queryClient),
  });
}
