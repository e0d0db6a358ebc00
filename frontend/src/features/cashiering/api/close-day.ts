import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import { invalidateDayViews } from "./get-day";
import type { CloseDayRequest, CloseDayResponse } from "@/lib/api-types";

export type CloseDayInput = CloseDayRequest;

export function closeDay({ propertyId, date, ...body }: CloseDayInput): Promise<CloseDayResponse> {
  return api.post(apiPaths.finance.closeDay(propertyId, date), body);
}

export function useCloseDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: closeDay,
    onSettled: () => invalidateDayViews(queryClient),
  });
}
