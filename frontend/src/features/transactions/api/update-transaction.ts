import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { ExpenseCategory, PaymentMode, RevenueSource, Transaction, TransactionKind } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

export interface TransactionPatch {
  amountCents?: number;
  paymentMode?: PaymentMode;
  bankReference?: string | null;
  description?: string | null;
  source?: RevenueSource;
  category?: ExpenseCategory;
  occurredAt?: string;
  expenseDate?: string;
}

/** Edits a transaction; on an approved one the server records a correcting event. */
export function updateTransaction(kind: TransactionKind, id: string, patch: TransactionPatch): Promise<Transaction> {
  return api.patch<Transaction>(apiPaths.finance.transaction(kind, id), patch);
}

export function useUpdateTransaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, id, patch }: { kind: TransactionKind; id: string; patch: TransactionPatch }) => updateTransaction(kind, id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }),
  });
}
