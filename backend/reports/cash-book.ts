// SQL for daily_cash_balances (owner: reports): folding deltas into the cash
// book with set-based statements (in reports_apply_deltas, migration 38), and
// reading it back.
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
 * and closing from the earliest affected date, in one call of
 * reports_apply_deltas (migrations/38_cash_book_apply_function.up.sql: rows
 * for new dates and the gaps they open, the deltas, the chain). Returns the
 * properties whose flows went negative: impossible once every event is in, so
 * a sign of drift (or of an out-of-order delivery still to arrive) for
 * reconciliation to check.
 */
export async function applyDeltas(q: Queryer, deltas: DateDelta[]): Promise<{ negative: { orgId: string; propertyId: string; date: string }[] }> {
  if (deltas.length === 0) return { negative: [] };
  const col = <K extends keyof DateDelta>(k: K) => deltas.map((d) => d[k]);
  const openings = await openingCashOf(deltas);
  await lockProperties(q, col("propertyId"));
  const negative = await q.queryAll<{ orgId: string; propertyId: string; date: string }>`
    SELECT negative_org_id AS "orgId", negative_property_id AS "propertyId", negative_date::text AS date
      FROM reports_apply_deltas(${col("orgId")}::uuid[], ${col("propertyId")}::uuid[], ${col("date")}::date[],
                                ${col("cashReceivedCents")}::bigint[], ${col("bankReceivedCents")}::bigint[],
                                ${col("cashExpensesCents")}::bigint[], ${col("bankExpensesCents")}::bigint[],
                                ${col("cashMovedCents")}::bigint[], ${col("bankMovedCents")}::bigint[],
                                ${deltas.map((d) => openings.get(d.propertyId) ?? 0)}::bigint[])`;
  return { negative };
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
