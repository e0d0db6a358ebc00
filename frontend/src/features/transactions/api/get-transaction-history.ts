import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { ApiError, api } from "@/lib/api-client";
import type { AuditEntry, AuditPage } from "@/lib/api-types";
import { getTransactionsQueryKey } from "./get-transactions";

/** The most changes one entry's history shows; an entry with more is a rarity the audit API pages through. */
const HISTORY_LIMIT = 200;

/**
 * One entry's history, oldest first. An entry whose first event has not reached the audit trail
 * yet answers 404: that is an empty history for a moment, not an error.
 */
export async function getTransactionHistory(transactionId: string, signal?: AbortSignal): Promise<AuditEntry[]> {
  try {
    const page = await api.get<AuditPage>(apiPaths.events.audit, { transactionId, limit: HISTORY_LIMIT }, signal);
    return page.items;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

/** Under the transactions key, so every change that makes the lists stale (live events, own edits) refreshes an open history too. */
export function getTransactionHistoryQueryKey(transactionId: string) {
  return [...getTransactionsQueryKey(), "history", transactionId] as const;
}

export function getTransactionHistoryQueryOptions(transactionId: string) {
  return queryOptions({ queryKey: getTransactionHistoryQueryKey(transactionId), queryFn: ({ signal }) => getTransactionHistory(transactionId, signal) });
}

export function useTransactionHistory(transactionId: string) {
  return useQuery(getTransactionHistoryQueryOptions(transactionId));
}
