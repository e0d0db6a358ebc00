import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { CreateRevenueRequest, Transaction } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

/** `occurredAt` is an ISO instant; its date in the property's zone is the business date. */
export type CreateRevenueInput = CreateRevenueRequest;

/** Records a revenue; the key makes a retried submission of the same form create it once. */
export function createRevenue(input: CreateRevenueInput, idempotencyKey: string): Promise<Transaction> {
  return api.post<Transaction>(apiPaths.finance.revenues, input, { "Idempotency-Key": idempotencyKey });
}

export function useCreateRevenue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: CreateRevenueInput; idempotencyKey: string }) => createRevenue(input, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }),
  });
}
