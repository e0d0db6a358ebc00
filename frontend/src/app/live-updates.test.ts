// Which queries a live finance event makes stale: a day close or shift step of a property refreshes that
// property's Cashiering day review (close state, shift list) along with its reports, and no other property's.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { InvalidationBatch, invalidateFinanceViews } from "./live-updates";
import { getDayQueryKey } from "@/features/cashiering/api/get-day";
import { getDailyReportQueryKey } from "@/features/reports/api/get-daily-report";

const DATE = "2026-12-02";

describe("live invalidations", () => {
  let client: QueryClient;
  const stale = (key: QueryKey) => client.getQueryState(key)?.isInvalidated ?? false;

  beforeEach(() => {
    vi.useFakeTimers();
    client = new QueryClient();
    for (const p of ["p1", "p2"]) {
      client.setQueryData(getDayQueryKey(p, DATE), { state: "open" });
      client.setQueryData(getDailyReportQueryKey(p, DATE), {});
    }
  });
  afterEach(() => {
    vi.useRealTimers();
    client.clear();
  });

  it("marks the event's property's day review and daily report stale after the flush interval, and only that property's", () => {
    const batch = new InvalidationBatch(client);
    // What the stream hands onFinance for a day.closed or shift.closed of p1.
    batch.add("p1", true);
    expect(stale(getDayQueryKey("p1", DATE))).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(stale(getDayQueryKey("p1", DATE))).toBe(true);
    expect(stale(getDailyReportQueryKey("p1", DATE))).toBe(true);
    expect(stale(getDayQueryKey("p2", DATE))).toBe(false);
    expect(stale(getDailyReportQueryKey("p2", DATE))).toBe(false);
    batch.dispose();
  });

  it("a resync marks every property's day review stale", () => {
    invalidateFinanceViews(client);
    expect(stale(getDayQueryKey("p1", DATE))).toBe(true);
    expect(stale(getDayQueryKey("p2", DATE))).toBe(true);
  });
});
