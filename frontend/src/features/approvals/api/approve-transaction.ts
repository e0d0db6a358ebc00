import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Transaction, TransactionKind } from "@/lib/api-types";
import { getPendingApprovalsQueryKey } from "./get-pending-approvals";

/** The path parameters of an approval; the API types `kind` as a plain string (Encore path parameters), the dashboard only ever sends these two. */
export interface TransactionRef {
  kind: TransactionKind;
  id: string;
}

export function approveTransaction({ kind, id }: TransactionRef): Promise<Transaction> {
  return api.post<Transaction>(apiPaths.finance.approve(kind, id));
}

export function useApproveTransaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: approveTransaction,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getPendingApprovalsQueryKey() }),
  });
}

/** Outcome of approving several at once: each entry succeeds or fails on its own (the dashboard's own tally of one request per entry; no endpoint answers it). */
export interface BulkApproveResult {
  approved: TransactionRef[];
  failed: { ref: TransactionRef; error: unknown }[];
}

/** Number of approvals in flight at once, so a large selection does not flood the server. */
const BULK_CONCURRENCY = 4;

export async function approveTransactions(refs: TransactionRef[]): Promise<BulkApproveResult> {
  const result: BulkApproveResult = { approved: [], failed: [] };
  const queue = [...refs];
  const worker = async () => {
    for (let ref = queue.shift(); ref; ref = queue.shift()) {
      try {
        await approveTransaction(ref);
        result.approved.push(ref);
      } catch (error) {
        result.failed.push({ ref, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, refs.length) }, worker));
  return result;
}

export function useApproveTransactions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: approveTransactions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: getPendingApprovalsQueryKey() }),
  });
}
