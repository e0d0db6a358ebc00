// Reconciliation: recompute the cash book from approved, not deleted source
// transactions and cash movements (finance's flows per day, from its internal
// cashSource endpoint), chained by cash_book_chain like the fold, record each
// row's calculated closing and discrepancy, and hand every mismatch to the
// CorrectionBatcher.
//
// It only judges a property whose source has been still for the settle
// window: a change whose event is still on its way would otherwise be
// "corrected" and then applied again when its event arrives.
import { finance } from "~encore/clients";
import { db } from "../../database.ts";
import { noFlows } from "../shared/cash-flows.ts";
import { envNumber } from "../shared/env.ts";
import { applyDeltas, type DateDelta } from "./cash-book.ts";
import { openingCashOf } from "./opening-cash.ts";
import type { Correction, CorrectionBatcher } from "./correction-batcher.ts";

const settleSeconds = () => envNumber("RECONCILE_SETTLE_S", 30);

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
  const source = await finance.cashSource({ orgId, propertyId, settleSeconds: settleSeconds(), closedFrom: from });
  if (source.changedRecently) return { ...base, skipped: "recent-changes" };
  // Read fresh: a cached value could be older than the rows it checks.
  const opening = (await openingCashOf([{ orgId, propertyId }], { fresh: true })).get(propertyId) ?? 0;
  const col = <K extends keyof (typeof source.days)[number]>(k: K) => source.days.map((d) => d[k]);

  await using tx = await db.begin();
  // Source dates with no stored row yet (a lost event): give them rows first.
  const missing = await tx.queryAll<{ date: string }>`
    SELECT s.day::text AS date FROM unnest(${col("date")}::date[]) AS s(day)
     WHERE s.day >= ${from}::date
       AND NOT EXISTS (SELECT 1 FROM daily_cash_balances c WHERE c.org_id = ${orgId} AND c.property_id = ${propertyId} AND c.balance_date = s.day)`;
  if (missing.length) {
    const zero: DateDelta[] = missing.map((m) => ({ orgId, propertyId, date: m.date, ...noFlows() }));
    await applyDeltas(tx, zero);
  }

  // One statement: the true chain from the source, every row's calculated
  // closing and discrepancy set, and the rows that need correcting returned.
  const rows = await tx.queryAll<Correction & { mismatch: boolean }>`
    WITH src AS (
      SELECT * FROM unnest(${col("date")}::date[], ${col("cashReceivedCents")}::bigint[], ${col("bankReceivedCents")}::bigint[],
                           ${col("cashExpensesCents")}::bigint[], ${col("bankExpensesCents")}::bigint[],
                           ${col("cashMovedCents")}::bigint[], ${col("bankMovedCents")}::bigint[])
             AS s(day, cash_in, bank_in, cash_out, bank_out, cash_moved, bank_moved)
    ), base AS (
      SELECT (${opening}::bigint + COALESCE((SELECT sum(cash_book_net(cash_in, cash_out, cash_moved)) FROM src WHERE day < ${from}::date), 0))::bigint AS amount
    ), flows AS (
      SELECT c.balance_date, c.updated_at,
             COALESCE(s.cash_in, 0)::bigint AS cash_in, COALESCE(s.bank_in, 0)::bigint AS bank_in,
             COALESCE(s.cash_out, 0)::bigint AS cash_out, COALESCE(s.bank_out, 0)::bigint AS bank_out,
             COALESCE(s.cash_moved, 0)::bigint AS cash_moved, COALESCE(s.bank_moved, 0)::bigint AS bank_moved
        FROM daily_cash_balances c
        LEFT JOIN src s ON s.day = c.balance_date
       WHERE c.org_id = ${orgId} AND c.property_id = ${propertyId} AND c.balance_date >= ${from}::date
    ), chained AS (
      SELECT ch.* FROM base b,
             (SELECT array_agg(balance_date ORDER BY balance_date) AS d, array_agg(cash_in ORDER BY balance_date) AS ci,
                     array_agg(cash_out ORDER BY balance_date) AS ce, array_agg(cash_moved ORDER BY balance_date) AS cm FROM flows) a,
             LATERAL cash_book_chain(b.amount, a.d, a.ci, a.ce, a.cm) ch
    ), truth AS (
      SELECT f.*, ch.opening_balance_cents AS opening, ch.closing_balance_cents AS closing
        FROM flows f JOIN chained ch ON ch.balance_date = f.balance_date
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
  const closed = new Set(source.closedDates);
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
