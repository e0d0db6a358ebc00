// SQL for daily_cash_balances (owner: reports): folding deltas into the cash
// book with set-based statements, and reading it back.
//
// Invariants per property: stored dates are contiguous (gaps are filled with
// carried-forward rows); opening(first) = the property's opening cash;
// opening(D) = closing(D-1); closing = opening + cash received − cash expenses
// + cash moved (cash movements: drops, deposits, float top-ups, paid-outs),
// the chain of migrations/30_cash_book_chain.up.sql, which reconciliation and
// replay call too. balance_discrepancy (set by reconciliation) is kept across folds, and
// calculated_closing = closing − discrepancy.
import type { Queryer } from "../shared/db.ts";
import { addFlows, noFlows, type CashFlows } from "../shared/cash-flows.ts";
import type { CashDelta } from "../finance/topics.ts";
import { openingCashOf } from "./opening-cash.ts";

export interface DateDelta extends CashFlows {
  orgId: string;
  propertyId: string;
  date: string;
}

/** The deltas of events summed per (organisation, property, business date): what the fold and replay apply. */
export function aggregateDeltas(events: Iterable<{ orgId: string; propertyId: string; deltas: CashDelta[] }>): DateDelta[] {
  const byKey = new Map<string, DateDelta>();
  for (const e of events) {
    for (const d of e.deltas) {
      const k = `${e.orgId}|${e.propertyId}|${d.businessDate}`;
      byKey.set(k, addFlows(byKey.get(k) ?? { orgId: e.orgId, propertyId: e.propertyId, date: d.businessDate, ...noFlows() }, d));
    }
  }
  return [...byKey.values()];
}

export interface CashBookRow {
  date: string;
  openingBalanceCents: number;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
  /** Net cash movements into (+) or out of (−) the cash in hand, and the bank: neither revenue nor expense. */
  cashMovedCents: number;
  bankMovedCents: number;
  closingBalanceCents: number;
  calculatedClosingBalanceCents: number;
  balanceDiscrepancyCents: number;
}

// The two-key form of advisory locks is a key space of its own (one-key
// locks, such as the event store's seq-order lock, never meet it); this
// first key names the cash book's per-property locks within it.
const PROPERTY_LOCK_CLASS = 1_818_326_603;

/**
 * Serialises cash-book writers per property (folds in several processes,
 * corrections). A property's lock key is a 32-bit hash of its id: two
 * properties may share one, which only serialises them. Keys are taken in
 * key order (not id order), so two writers can never wait for each other.
 */
export async function lockProperties(q: Queryer, propertyIds: string[]): Promise<void> {
  const ids = [...new Set(propertyIds)];
  await q.exec`
    SELECT pg_advisory_xact_lock(${PROPERTY_LOCK_CLASS}::int, k)
      FROM (SELECT DISTINCT hashtext(p::text) AS k FROM unnest(${ids}::uuid[]) AS p) s ORDER BY k`;
}

/**
 * Applies aggregated deltas (one per org/property/date) and re-chains opening
 * and closing from the earliest affected date. Returns the properties whose
 * flows went negative: impossible once every event is in, so a sign of drift
 * (or of an out-of-order delivery still to arrive) for reconciliation to check.
 */
export async function applyDeltas(q: Queryer, deltas: DateDelta[]): Promise<{ negative: { orgId: string; propertyId: string; date: string }[] }> {
  if (deltas.length === 0) return { negative: [] };
  const col = <K extends keyof DateDelta>(k: K) => deltas.map((d) => d[k]);
  const openings = await openingCashOf(deltas);
  await lockProperties(q, deltas.map((d) => d.propertyId));

  // Rows for new dates, and carried-forward rows for any gap they open: from
  // the earliest new date up to the first stored one, and from the last
  // stored one up to the latest new date (stored dates are contiguous).
  const inserted = await q.queryAll<{ orgId: string; propertyId: string; date: string }>`
    WITH d AS (
      SELECT org_id, property_id, min(day) AS min_d, max(day) AS max_d
        FROM unnest(${col("orgId")}::uuid[], ${col("propertyId")}::uuid[], ${col("date")}::date[]) AS t(org_id, property_id, day)
       GROUP BY org_id, property_id
    ), r AS (
      SELECT d.*, b.first_d, b.last_d
        FROM d LEFT JOIN LATERAL (
          SELECT min(balance_date) AS first_d, max(balance_date) AS last_d
            FROM daily_cash_balances x WHERE x.org_id = d.org_id AND x.property_id = d.property_id
        ) b ON true
    )
    INSERT INTO daily_cash_balances (org_id, property_id, balance_date)
    SELECT org_id, property_id, day::date FROM r,
           generate_series(r.min_d, COALESCE(r.first_d - 1, r.max_d), interval '1 day') AS day
    UNION ALL
    SELECT org_id, property_id, day::date FROM r,
           generate_series(r.last_d + 1, r.max_d, interval '1 day') AS day
     WHERE r.last_d IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING org_id AS "orgId", property_id AS "propertyId", balance_date::text AS date`;

  // The flows after the deltas, for the negativity check: rechain below
  // changes only opening and closing, so they are final here (one round trip
  // fewer). Movements may be negative (a drop to the safe), so only the four
  // flows are checked.
  const negative = await q.queryAll<{ orgId: string; propertyId: string; date: string }>`
    WITH u AS (
      UPDATE daily_cash_balances c SET
        cash_received_cents = c.cash_received_cents + t.cash_in,
        bank_received_cents = c.bank_received_cents + t.bank_in,
        cash_expenses_cents = c.cash_expenses_cents + t.cash_out,
        bank_expenses_cents = c.bank_expenses_cents + t.bank_out,
        cash_moved_cents = c.cash_moved_cents + t.cash_moved,
        bank_moved_cents = c.bank_moved_cents + t.bank_moved
      FROM unnest(${col("orgId")}::uuid[], ${col("propertyId")}::uuid[], ${col("date")}::date[],
                  ${col("cashReceivedCents")}::bigint[], ${col("bankReceivedCents")}::bigint[],
                  ${col("cashExpensesCents")}::bigint[], ${col("bankExpensesCents")}::bigint[],
                  ${col("cashMovedCents")}::bigint[], ${col("bankMovedCents")}::bigint[])
           AS t(org_id, property_id, day, cash_in, bank_in, cash_out, bank_out, cash_moved, bank_moved)
      WHERE c.org_id = t.org_id AND c.property_id = t.property_id AND c.balance_date = t.day
      RETURNING c.org_id, c.property_id, c.balance_date, c.cash_received_cents, c.bank_received_cents, c.cash_expenses_cents, c.bank_expenses_cents
    )
    SELECT org_id AS "orgId", property_id AS "propertyId", balance_date::text AS date
      FROM u
     WHERE cash_received_cents < 0 OR bank_received_cents < 0 OR cash_expenses_cents < 0 OR bank_expenses_cents < 0`;

  // Re-chain from the earliest changed date per property: a delta's date, or
  // a carried-forward row inserted before it (a gap after the last stored date).
  await rechain(q, [...deltas, ...inserted].map((d) => ({ orgId: d.orgId, propertyId: d.propertyId, fromDate: d.date })), openings);

  return { negative };
}



/**
 * Recomputes opening and closing of every stored date from `fromDate` on, in
 * one statement: cash_book_chain over the property's rows, based on the
 * closing of the day before (or the property's opening cash, from `openings`).
 */
export async function rechain(q: Queryer, starts: { orgId: string; propertyId: string; fromDate: string }[], openings: ReadonlyMap<string, number>): Promise<void> {
  if (starts.length === 0) return;
  await q.exec`
    WITH s AS (
      SELECT org_id, property_id, min(from_date) AS from_date, min(opening) AS opening
        FROM unnest(${starts.map((s) => s.orgId)}::uuid[], ${starts.map((s) => s.propertyId)}::uuid[], ${starts.map((s) => s.fromDate)}::date[],
                    ${starts.map((s) => openings.get(s.propertyId) ?? 0)}::bigint[])
             AS t(org_id, property_id, from_date, opening)
       GROUP BY org_id, property_id
    ), base AS (
      SELECT s.org_id, s.property_id, s.from_date,
             COALESCE(
               (SELECT p.closing_balance_cents FROM daily_cash_balances p
                 WHERE p.org_id = s.org_id AND p.property_id = s.property_id AND p.balance_date < s.from_date
                 ORDER BY p.balance_date DESC LIMIT 1),
               s.opening) AS base
        FROM s
    ), days AS (
      SELECT b.org_id, b.property_id, b.base,
             array_agg(c.balance_date ORDER BY c.balance_date) AS d, array_agg(c.cash_received_cents ORDER BY c.balance_date) AS ci,
             array_agg(c.cash_expenses_cents ORDER BY c.balance_date) AS ce, array_agg(c.cash_moved_cents ORDER BY c.balance_date) AS cm
        FROM base b
        JOIN daily_cash_balances c ON c.org_id = b.org_id AND c.property_id = b.property_id AND c.balance_date >= b.from_date
       GROUP BY b.org_id, b.property_id, b.base
    ), calc AS (
      SELECT d.org_id, d.property_id, ch.balance_date, ch.opening_balance_cents AS opening, ch.closing_balance_cents AS closing
        FROM days d CROSS JOIN LATERAL cash_book_chain(d.base, d.d, d.ci, d.ce, d.cm) ch
    )
    UPDATE daily_cash_balances c SET
      opening_balance_cents = calc.opening,
      closing_balance_cents = calc.closing,
      calculated_closing_balance_cents = calc.closing - c.balance_discrepancy_cents,
      updated_at = clock_timestamp()
    FROM calc
    WHERE c.org_id = calc.org_id AND c.property_id = calc.property_id AND c.balance_date = calc.balance_date`;
}

const ROW_COLUMNS = `balance_date::text AS date, opening_balance_cents AS "openingBalanceCents",
  cash_received_cents AS "cashReceivedCents", bank_received_cents AS "bankReceivedCents",
  cash_expenses_cents AS "cashExpensesCents", bank_expenses_cents AS "bankExpensesCents",
  cash_moved_cents AS "cashMovedCents", bank_moved_cents AS "bankMovedCents",
  closing_balance_cents AS "closingBalanceCents",
  COALESCE(calculated_closing_balance_cents, closing_balance_cents) AS "calculatedClosingBalanceCents",
  balance_discrepancy_cents AS "balanceDiscrepancyCents"`;

/** Stored rows in [from, to] plus the last stored row before `from` (to carry its closing forward). */
export async function readRange(q: Queryer, orgId: string, propertyId: string, from: string, to: string): Promise<{ before: CashBookRow | null; rows: CashBookRow[] }> {
  // One round trip, planned once per connection (migration 37): the row before `from`, then [from, to].
  const all = await q.rawQueryAll<CashBookRow>(
    `SELECT ${ROW_COLUMNS} FROM reports_cash_book_range($1::uuid, $2::uuid, $3::date, $4::date) AS daily_cash_balances ORDER BY balance_date`,
    orgId, propertyId, from, to,
  );
  const before = all.length > 0 && all[0].date < from ? all[0] : null;
  return { before, rows: before ? all.slice(1) : all };
}
