// Reconciliation: recompute the cash book from approved, not deleted source
// transactions and cash movements (finance's tables), record each row's calculated closing and discrepancy, and
// hand every mismatch to the CorrectionBatcher.
//
// It only judges a property whose source has been still for the settle
// window: a change whose event is still on its way would otherwise be
// "corrected" and then applied again when its event arrives.
import { db } from "../../database.ts";
import { applyDeltas, type DateDelta } from "./cash-book.ts";
import type { Correction, CorrectionBatcher } from "./correction-batcher.ts";

const settleSeconds = () => Number(process.env.RECONCILE_SETTLE_S ?? 30);

export interface ReconcileResult {
  propertyId: string;
  from: string;
  checkedThrough: string | null;
  checked: number;
  mismatches: number;
  skipped: null | "recent-changes";
  /**
   * Mismatches on closed days (finance's business_day_closes): their figures
   * are frozen, so these are reported with their discrepancy, not corrected.
   */
  closedDiscrepancies: { date: string; discrepancyCents: number }[];
}

/**
 * Checks every stored date of the property from `from` on (a discrepancy on a
 * date moves all later closings, so the chain is checked to the end) and
 * queues corrections. `from` should be the earliest date worth checking.
 */
export async function reconcileProperty(orgId: string, propertyId: string, from: string, batcher: CorrectionBatcher): Promise<ReconcileResult> {
  const base: ReconcileResult = { propertyId, from, checkedThrough: null, checked: 0, mismatches: 0, skipped: null, closedDiscrepancies: [] };
  await using tx = await db.begin();
  const recent = await tx.queryRow`
    SELECT 1 AS x FROM finance_transactions
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND updated_at > now() - make_interval(secs => ${settleSeconds()})
    UNION ALL
    SELECT 1 FROM cash_movements
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND updated_at > now() - make_interval(secs => ${settleSeconds()})
     LIMIT 1`;
  if (recent) return { ...base, skipped: "recent-changes" };

  // Source dates with no stored row yet (a lost event): give them rows first.
  const missing = await tx.queryAll<{ date: string }>`
    SELECT DISTINCT t.business_date::text AS date FROM finance_transactions t
     WHERE t.org_id = ${orgId} AND t.property_id = ${propertyId} AND t.status = 'approved' AND t.deleted_at IS NULL
       AND t.business_date >= ${from}::date
       AND NOT EXISTS (SELECT 1 FROM daily_cash_balances c WHERE c.org_id = t.org_id AND c.property_id = t.property_id AND c.balance_date = t.business_date)
    UNION
    SELECT DISTINCT m.business_date::text FROM cash_movements m
     WHERE m.org_id = ${orgId} AND m.property_id = ${propertyId} AND m.status = 'approved' AND m.deleted_at IS NULL
       AND m.business_date >= ${from}::date
       AND NOT EXISTS (SELECT 1 FROM daily_cash_balances c WHERE c.org_id = m.org_id AND c.property_id = m.property_id AND c.balance_date = m.business_date)`;
  if (missing.length) {
    const zero: DateDelta[] = missing.map((m) => ({ orgId, propertyId, date: m.date, cashReceivedCents: 0, bankReceivedCents: 0, cashExpensesCents: 0, bankExpensesCents: 0, cashMovedCents: 0, bankMovedCents: 0 }));
    await applyDeltas(tx, zero);
  }

  // One statement: the true chain from the source, every row's calculated
  // closing and discrepancy set, and the rows that need correcting returned.
  const rows = await tx.queryAll<Correction & { mismatch: boolean }>`
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
    ), src AS (
      SELECT day, sum(cash_in) AS cash_in, sum(bank_in) AS bank_in, sum(cash_out) AS cash_out, sum(bank_out) AS bank_out,
             sum(cash_moved) AS cash_moved, sum(bank_moved) AS bank_moved
        FROM entries GROUP BY day
    ), base AS (
      SELECT p.opening_cash_cents + COALESCE((SELECT sum(cash_in - cash_out + cash_moved) FROM src WHERE day < ${from}::date), 0) AS amount
        FROM properties p WHERE p.org_id = ${orgId} AND p.id = ${propertyId}
    ), truth AS (
      SELECT c.balance_date, c.updated_at,
             COALESCE(s.cash_in, 0)::bigint AS cash_in, COALESCE(s.bank_in, 0)::bigint AS bank_in,
             COALESCE(s.cash_out, 0)::bigint AS cash_out, COALESCE(s.bank_out, 0)::bigint AS bank_out,
             COALESCE(s.cash_moved, 0)::bigint AS cash_moved, COALESCE(s.bank_moved, 0)::bigint AS bank_moved,
             (b.amount + COALESCE(sum(COALESCE(s.cash_in, 0) - COALESCE(s.cash_out, 0) + COALESCE(s.cash_moved, 0)) OVER before_today, 0))::bigint AS opening,
             (b.amount + sum(COALESCE(s.cash_in, 0) - COALESCE(s.cash_out, 0) + COALESCE(s.cash_moved, 0)) OVER through_today)::bigint AS closing
        FROM daily_cash_balances c CROSS JOIN base b
        LEFT JOIN src s ON s.day = c.balance_date
       WHERE c.org_id = ${orgId} AND c.property_id = ${propertyId} AND c.balance_date >= ${from}::date
      WINDOW through_today AS (ORDER BY c.balance_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
             before_today AS (ORDER BY c.balance_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ), marked AS (
      UPDATE daily_cash_balances c SET
        calculated_closing_balance_cents = t.closing,
        balance_discrepancy_cents = c.closing_balance_cents - t.closing,
        updated_at = clock_timestamp()
      FROM truth t
      WHERE c.org_id = ${orgId} AND c.property_id = ${propertyId} AND c.balance_date = t.balance_date
        AND (c.calculated_closing_balance_cents IS DISTINCT FROM t.closing
             OR c.balance_discrepancy_cents <> c.closing_balance_cents - t.closing
             OR (c.opening_balance_cents, c.cash_received_cents, c.bank_received_cents, c.cash_expenses_cents, c.bank_expenses_cents, c.cash_moved_cents, c.bank_moved_cents, c.closing_balance_cents)
                IS DISTINCT FROM (t.opening, t.cash_in, t.bank_in, t.cash_out, t.bank_out, t.cash_moved, t.bank_moved, t.closing))
      RETURNING c.balance_date, c.updated_at,
        (c.opening_balance_cents, c.cash_received_cents, c.bank_received_cents, c.cash_expenses_cents, c.bank_expenses_cents, c.cash_moved_cents, c.bank_moved_cents, c.closing_balance_cents)
          IS DISTINCT FROM (t.opening, t.cash_in, t.bank_in, t.cash_out, t.bank_out, t.cash_moved, t.bank_moved, t.closing) AS mismatch,
        t.opening, t.cash_in, t.bank_in, t.cash_out, t.bank_out, t.cash_moved, t.bank_moved, t.closing
    )
    SELECT ${orgId}::uuid AS "orgId", ${propertyId}::uuid AS "propertyId", m.balance_date::text AS date,
           m.opening AS "openingBalanceCents", m.cash_in AS "cashReceivedCents", m.bank_in AS "bankReceivedCents",
           m.cash_out AS "cashExpensesCents", m.bank_out AS "bankExpensesCents",
           m.cash_moved AS "cashMovedCents", m.bank_moved AS "bankMovedCents", m.closing AS "closingBalanceCents",
           to_char(m.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "expectedUpdatedAt", m.mismatch
      FROM marked m ORDER BY m.balance_date`;
  const span = await tx.queryRow<{ n: number; last: string | null }>`
    SELECT count(*)::int AS n, max(balance_date)::text AS last FROM daily_cash_balances
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND balance_date >= ${from}::date`;
  const closed = new Set((await tx.queryAll<{ date: string }>`
    SELECT business_date::text AS date FROM business_day_closes
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND business_date >= ${from}::date`).map((r) => r.date));
  const frozen = closed.size === 0 ? [] : await tx.queryAll<{ date: string; discrepancyCents: number }>`
    SELECT balance_date::text AS date, balance_discrepancy_cents AS "discrepancyCents" FROM daily_cash_balances
     WHERE org_id = ${orgId} AND property_id = ${propertyId} AND balance_date = ANY(${[...closed]}::date[]) AND balance_discrepancy_cents <> 0
     ORDER BY balance_date`;
  await tx.commit();

  const mismatched = rows.filter((r) => r.mismatch);
  const closedDiscrepancies = [
    ...frozen.map((f) => ({ date: f.date, discrepancyCents: Number(f.discrepancyCents) })),
    // A closed day whose flows differ from the source while its closing agrees is reported too (with 0).
    ...mismatched.filter((r) => closed.has(r.date) && !frozen.some((f) => f.date === r.date)).map((r) => ({ date: r.date, discrepancyCents: 0 })),
  ].sort((x, y) => x.date.localeCompare(y.date));
  // Closed days' figures are frozen: reported above, never corrected.
  const corrections = mismatched.filter((r) => !closed.has(r.date)).map(({ mismatch: _m, ...c }) => c);
  // Rows that only needed their calculated closing refreshed are done; the rest go to the batcher.
  await batcher.enqueue(corrections);
  return { ...base, checkedThrough: span?.last ?? null, checked: span?.n ?? 0, mismatches: corrections.length, closedDiscrepancies };
}
