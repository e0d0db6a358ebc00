import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { CreateMovementRequest, Movement } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

/** `date` is the business date, the property's today when absent. */
export type CreateMovementInput = CreateMovementRequest;

/** Records a cash drop, bank deposit, float top-up or paid-out: cash and bank move, revenue and expense totals do not. */
export function createMovement(input: CreateMovementInput): Promise<Movement> {
  return api.post(apiPaths.finance.movements, input);
}

export function useCreateMovement() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createMovement, onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }) });
}
