// What finance's rows say a property's cash book should be: per business
// date, the six flows of its approved, not deleted revenues, expenses
// (signed: a reversal counts negative) and cash movements (their stored
// effect), the SQL form of cash-effect.ts's rule. The reports service
// reconciles and replays against it through the internal endpoint below
// (~encore/clients) instead of reading these tables. Not on a hot path:
// reconciliation calls it once per property checked, replay once per
// property replayed; nothing is cached, the answer must be current.
import { api } from "encore.dev/api";
import { z } from "zod";
import { db } from "../../database.ts";
import { dateSchema, idSchema, parseInput } from "../shared/validation.ts";
import type { Queryer } from "../shared/db.ts";
import { CASH_FLOWS, type CashFlows } from "../shared/cash-flows.ts";

export interface SourceDay extends CashFlows { date: string }

export async function sourceDays(q: Queryer, orgId: string, propertyId: string): Promise<SourceDay[]> {
  const rows = await q.queryAll<SourceDay>`
    WITH entries AS (
      SELECT business_date AS day,
             COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'revenue' AND payment_mode = 'cash'), 0) AS cash_in,
             COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'revenue' AND payment_mode = 'bank'), 0) AS bank_in,
             COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'expense' AND payment_mode = 'cash'), 0) AS cash_out,
             COALESCE(sum(signed_amount_cents) FILTER (WHERE kind = 'expense' AND payment_mode = 'bank'), 0) AS bank_out,
             0::bigint AS cash_moved, 0::bigint AS bank_moved
        FROM finance_transactions
       WHERE org_id = ${orgId} AND property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL
       GROUP BY business_date
      UNION ALL
      SELECT business_date, 0, 0, 0, 0, sum(cash_effect_cents), sum(bank_effect_cents)
        FROM cash_movements
       WHERE org_id = ${orgId} AND property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL
       GROUP BY business_date
    )
    SELECT day::text AS date,
           sum(cash_in)::bigint AS "cashReceivedCents", sum(bank_in)::bigint AS "bankReceivedCents",
           sum(cash_out)::bigint AS "cashExpensesCents", sum(bank_out)::bigint AS "bankExpensesCents",
           sum(cash_moved)::bigint AS "cashMovedCents", sum(bank_moved)::bigint AS "bankMovedCents"
      FROM entries GROUP BY day ORDER BY day`;
  // Numbers, whichever way the driver returns int8: callers bind them back as bigint, which a string cannot be.
  return rows.map((r) => ({ ...r, ...Object.fromEntries(CASH_FLOWS.map((f) => [f, Number(r[f])])) }));
}

/** Whether any of the property's entries or movements changed within the last `seconds`. */
export async function changedWithin(q: Queryer, orgId: string, propertyId: string, seconds: number): Promise<boolean> {
  const row = await q.queryRow<{ x: number }>`
    SELECT 1 AS x FROM finance_transactions
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND updated_at > now() - make_interval(secs => ${seconds})
    UNION ALL
    SELECT 1 FROM cash_movements
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND updated_at > now() - make_interval(secs => ${seconds})
     LIMIT 1`;
  return row !== null;
}

export async function closedDatesFrom(q: Queryer, orgId: string, propertyId: string, from: string): Promise<string[]> {
  const rows = await q.queryAll<{ date: string }>`
    SELECT business_date::text AS date FROM business_day_closes
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND business_date >= ${from}::date ORDER BY business_date`;
  return rows.map((r) => r.date);
}

interface CashSourceRequest {
  orgId: string;
  propertyId: string;
  /** Report whether the source changed within this many seconds (reconciliation's settle window). */
  settleSeconds?: number;
  /** List the closed days from this date on. */
  closedFrom?: string;
}

interface CashSource {
  /** True when an entry or movement changed within settleSeconds (false when not asked). */
  changedRecently: boolean;
  /** Days with approved, not deleted entries or movements, ascending. */
  days: SourceDay[];
  /** Closed business days from closedFrom on (empty when not asked): their figures are frozen. */
  closedDates: string[];
}

const cashSourceInput = z.object({ orgId: idSchema, propertyId: idSchema, settleSeconds: z.number().min(0).optional(), closedFrom: dateSchema.optional() });

/** Internal: a property's cash flows per day as finance's rows give them, for reconciliation and replay. */
export const cashSource = api(
  { expose: false, method: "POST", path: "/finance/internal/cash-source" },
  async (req: CashSourceRequest): Promise<CashSource> => {
    const f = parseInput(cashSourceInput, req);
    const changedRecently = f.settleSeconds === undefined ? false : await changedWithin(db, f.orgId, f.propertyId, f.settleSeconds);
    // A property still changing is not judged, so its flows are not needed.
    const days = changedRecently ? [] : await sourceDays(db, f.orgId, f.propertyId);
    const closedDates = f.closedFrom ? await closedDatesFrom(db, f.orgId, f.propertyId, f.closedFrom) : [];
    return { changedRecently, days, closedDates };
  },
);
