import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { MovementType, ReportMovement } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

export interface CreateMovementInput {
  propertyId: string;
  movementType: MovementType;
  amountCents: number;
  /** Business date; the property's today when absent. */
  date?: string;
  bankReference?: string;
  description?: string;
}

/** Records a cash drop, bank deposit, float top-up or paid-out: cash and bank move, revenue and expense totals do not. */
export function createMovement(input: CreateMovementInput): Promise<ReportMovement & { businessDate: string }> {
  return api.post(apiPaths.finance.movements, input);
}

export function useCreateMovement() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createMovement, onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }) });
}
