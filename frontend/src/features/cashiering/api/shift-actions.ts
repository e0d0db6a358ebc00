// Opening, closing (with the count) and signing off a shift; each refreshes the day review, which lists the day's shifts.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import { getDayQueryKey } from "./get-day";
import type { CloseShiftRequest, OpenShiftRequest, Shift } from "@/lib/api-types";

export const openShift = (body: OpenShiftRequest) => api.post<Shift>(apiPaths.finance.shifts, body);
export const closeShift = ({ id, ...body }: CloseShiftRequest & { id: string }) => api.post<Shift>(apiPaths.finance.closeShift(id), body);
export const signOffShift = ({ id }: { id: string }) => api.post<Shift>(apiPaths.finance.signOffShift(id), {});

function useShiftMutation<I>(fn: (input: I) => Promise<Shift>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => queryClient.invalidateQueries({ queryKey: getDayQueryKey() }) });
}

export const useOpenShift = () => useShiftMutation(openShift);
export const useCloseShift = () => useShiftMutation(closeShift);
export const useSignOffShift = () => useShiftMutation(signOffShift);
