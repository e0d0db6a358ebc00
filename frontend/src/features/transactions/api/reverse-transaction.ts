import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { ReverseRequest, ReverseResponse, TransactionKind } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

/** `amountCents` absent reverses all that is left (less is a partial refund); `date` absent is the property's today. */
export type ReverseInput = ReverseRequest & { kind: TransactionKind };

/** Records a reversal (or refund) of an approved entry: a new entry referencing it that counts negative. */
export function reverseTransaction({ kind, id, ...body }: ReverseInput): Promise<ReverseResponse> {
  return api.post<ReverseResponse>(apiPaths.finance.reverse(kind, id), body);
}

export function useReverseTransaction() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: reverseTransaction, onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }) });
}
