import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { RequestOf, Transaction, TransactionKind } from "@/lib/api-types";
import type { updateTransaction as updateEndpoint } from "@backend/finance/api.ts";
import { getTransactionsQueryKey } from "./get-transactions";

/** The body of PATCH /finance/:kind/:id (kind and id travel in the path). */
export type TransactionPatch = Omit<RequestOf<typeof updateEndpoint>, "kind" | "id">;

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
