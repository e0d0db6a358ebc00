// Wires the live event stream to the feature queries it makes stale. Lives in app/ because it
// composes several features' query keys (features never import each other).
import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { getPendingApprovalsQueryKey } from "@/features/approvals/api/get-pending-approvals";
import { getDayQueryKey } from "@/features/cashiering/api/get-day";
import { getDailyReportQueryKey } from "@/features/reports/api/get-daily-report";
import { getMonthlyReportQueryKey } from "@/features/reports/api/get-monthly-report";
import { getClosingHistoryQueryKey } from "@/features/today/api/get-closing-history";
import { getSummaryQueryKey } from "@/features/today/api/get-summary";
import { getTransactionsQueryKey } from "@/features/transactions/api/get-transactions";
import { connectLiveUpdates, type LiveStatus } from "@/lib/event-stream";

/**
 * Events can arrive by the thousand; invalidations are coalesced and flushed at most this often,
 * so a busy organisation does not make the dashboard refetch continuously.
 */
const FLUSH_INTERVAL_MS = 750;

/** Coalesces the stream's events into query invalidations (exported for its test). */
export class InvalidationBatch {
  private finance = false;
  private readonly properties = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly queryClient: QueryClient) {}

  add(propertyId: string | undefined, finance: boolean): void {
    if (propertyId) this.properties.add(propertyId);
    this.finance ||= finance;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  flush(): void {
    this.timer = undefined;
    const keys: QueryKey[] = [getSummaryQueryKey()];
    if (this.finance) keys.push(getTransactionsQueryKey(), getPendingApprovalsQueryKey());
    // Cashiering's day review (close state, pending, shifts) changes with every finance event of its property, day and shift events included.
    for (const id of this.properties) keys.push(getDailyReportQueryKey(id), getMonthlyReportQueryKey(id), getClosingHistoryQueryKey(id), getDayQueryKey(id));
    this.finance = false;
    this.properties.clear();
    for (const queryKey of keys) void this.queryClient.invalidateQueries({ queryKey });
  }

  resyncAll(): void {
    invalidateFinanceViews(this.queryClient);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** Marks every view derived from transactions, day closes and shifts stale (lists, queue, today, reports, cashiering). */
export function invalidateFinanceViews(queryClient: QueryClient): void {
  for (const queryKey of [getSummaryQueryKey(), getTransactionsQueryKey(), getPendingApprovalsQueryKey(), getDailyReportQueryKey(), getMonthlyReportQueryKey(), getClosingHistoryQueryKey(), getDayQueryKey()]) {
    void queryClient.invalidateQueries({ queryKey });
  }
}

/**
 * For pages whose own change affects other features' views (an approval changes Today's pending
 * count): refresh them right away instead of waiting for the event to come back on the stream.
 */
export function useInvalidateFinanceViews(): () => void {
  const queryClient = useQueryClient();
  return () => invalidateFinanceViews(queryClient);
}

/** Subscribes to the organisation's event stream while signed in; returns the connection state. */
export function useLiveUpdates(enabled: boolean): LiveStatus | null {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const batch = new InvalidationBatch(queryClient);
    const stop = connectLiveUpdates({
      onFinance: (e) => batch.add(e.propertyId, true),
      onCashbook: (e) => batch.add(e.propertyId, false),
      onResync: () => batch.resyncAll(),
      onStatus: setStatus,
    });
    return () => {
      stop();
      batch.dispose();
    };
  }, [enabled, queryClient]);
  return status;
}
