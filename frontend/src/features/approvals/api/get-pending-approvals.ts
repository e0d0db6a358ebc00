import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { config } from "@/config/env";
import { api } from "@/lib/api-client";
import type { TransactionList } from "@/lib/api-types";

/** Pending transactions waiting for a manager, optionally of one property. */
export function getPendingApprovals(propertyId: string | undefined, cursor: string | null, signal?: AbortSignal): Promise<TransactionList> {
  return api.get<TransactionList>(apiPaths.finance.transactions, { status: "pending", propertyId, limit: config.pageSize, cursor }, signal);
}

/** ["approvals"] matches the queue of every property. */
export function getPendingApprovalsQueryKey(propertyId?: string) {
  return propertyId === undefined ? (["approvals"] as const) : (["approvals", propertyId] as const);
}

export function getPendingApprovalsQueryOptions(propertyId?: string) {
  return infiniteQueryOptions({
    queryKey: getPendingApprovalsQueryKey(propertyId ?? ""),
    queryFn: ({ pageParam, signal }) => getPendingApprovals(propertyId || undefined, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function usePendingApprovals(propertyId?: string) {
  return useInfiniteQuery(getPendingApprovalsQueryOptions(propertyId));
}
