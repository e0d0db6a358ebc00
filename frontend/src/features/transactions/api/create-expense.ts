import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { CreateExpenseRequest, Transaction } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

/** `expenseDate` is the business date (YYYY-MM-DD) of the expense. */
export type CreateExpenseInput = CreateExpenseRequest;

export function createExpense(input: CreateExpenseInput, idempotencyKey: string): Promise<Transaction> {
  return api.post<Transaction>(apiPaths.finance.expenses, input, { "Idempotency-Key": idempotencyKey });
}

export function useCreateExpense() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: CreateExpenseInput; idempotencyKey: string }) => createExpense(input, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }),
  });
}
