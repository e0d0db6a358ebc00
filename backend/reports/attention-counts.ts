// What the operator's attention list (ops/attention.ts) counts from the cash
// book, across every organisation: no tenant's ids or amounts leave here.
// Read through the internal endpoint (~encore/clients), not from the table;
// the count uses the partial index on days with a discrepancy.
import { api } from "encore.dev/api";
import { db } from "../../database.ts";

interface DiscrepancyCount { days: number }

/** Internal: cash-book days whose closing balance differs from their approved entries. */
export const discrepancyDayCount = api(
  { expose: false, method: "POST", path: "/reports/internal/discrepancy-day-count" },
  async (): Promise<DiscrepancyCount> => {
    return (await db.queryRow<DiscrepancyCount>`SELECT count(*)::int AS days FROM daily_cash_balances WHERE balance_discrepancy_cents <> 0`)!;
  },
);
