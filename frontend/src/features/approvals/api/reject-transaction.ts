import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { RejectResponse, TransactionKind } from "@/lib/api-types";
import { getPendingApprovalsQueryKey } from "./get-pending-approvals";

/** The path parameters and body of a rejection; `kind` narrowed as in TransactionRef. */
export interface RejectInput {
  kind: TransactionKind;
  id: string;
  reason: string;
}

export function rejectTransaction({ kind, id, reason }: RejectInput): Promise<RejectResponse> {
  return api.post<RejectResponse>(apiPaths.finance.reject(kind, id), { reason });
}

export function useRejectTransaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rejectTransaction,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getPendingApprovalsQueryKey() }),
  });
}
