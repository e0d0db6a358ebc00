import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Transaction, TransactionKind } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

export interface ReverseInput {
  kind: TransactionKind;
  id: string;
  reason: string;
  /** Part of the entry (a partial refund); all that is left when absent. */
  amountCents?: number;
  /** An open business date; the property's today when absent. */
  date?: string;
}

/** Records a reversal (or refund) of an approved entry: a new entry referencing it that counts negative. */
export function reverseTransaction({ kind, id, ...body }: ReverseInput): Promise<Transaction> {
  return api.post<Transaction>(apiPaths.finance.reverse(kind, id), body);
}

export function useReverseTransaction() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: reverseTransaction, onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }) });
}
