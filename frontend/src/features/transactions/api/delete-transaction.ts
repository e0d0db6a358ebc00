import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { TransactionKind } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

export function deleteTransaction(kind: TransactionKind, id: string): Promise<unknown> {
  return api.delete(apiPaths.finance.transaction(kind, id));
}

export function useDeleteTransaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, id }: { kind: TransactionKind; id: string }) => deleteTransaction(kind, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getTransactionsQueryKey() }),
  });
}
