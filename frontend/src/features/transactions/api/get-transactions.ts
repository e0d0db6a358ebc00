import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { config } from "@/config/env";
import { api } from "@/lib/api-client";
import type { TransactionKind, TransactionList, TransactionStatus } from "@/lib/api-types";

export interface TransactionFilters {
  propertyId?: string;
  kind?: TransactionKind;
  status?: TransactionStatus;
  /** Business dates, inclusive. */
  from?: string;
  to?: string;
  paymentMode?: "cash" | "bank";
  /** A revenue source or an expense category. */
  category?: string;
  /** Id of the user who entered it. */
  createdBy?: string;
  /** Text in the bank reference or description, or an amount such as 1250.50. */
  q?: string;
}

function clean(filters: TransactionFilters): TransactionFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== "")) as TransactionFilters;
}

export function getTransactions(filters: TransactionFilters, cursor: string | null, signal?: AbortSignal): Promise<TransactionList> {
  return api.get<TransactionList>(apiPaths.finance.transactions, { ...clean(filters), limit: config.pageSize, cursor }, signal);
}

/** ["transactions"] matches every filtered list; pass filters for one list (or a property's lists). */
export function getTransactionsQueryKey(filters?: TransactionFilters) {
  return filters ? (["transactions", clean(filters)] as const) : (["transactions"] as const);
}

export function getTransactionsQueryOptions(filters: TransactionFilters) {
  return infiniteQueryOptions({
    queryKey: getTransactionsQueryKey(filters),
    queryFn: ({ pageParam, signal }) => getTransactions(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTransactions(filters: TransactionFilters) {
  return useInfiniteQuery(getTransactionsQueryOptions(filters));
}
