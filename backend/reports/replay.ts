// Projection replay: rebuilds the daily cash book (daily_cash_balances) for a
// scope from the deltas in the event store, into a temporary shadow table;
// compares it with the live table; and, on request, swaps the scope's rows in
// — all in one transaction. The events service owns the store and hands out
// each property's deltas in pages (events.cashDeltas); they are summed per
// day as the fold sums them (aggregateDeltas) and chained by cash_book_chain
// (migrations/30_cash_book_chain.up.sql), so fold, replay and reconciliation
// share one rule. The calculated closing chains finance's source flows
// (finance.cashSource) the same way, so the discrepancy shows where events
// and ledger disagree.
import { APIError } from "encore.dev/api";
import { auth, events as eventStore, finance } from "~encore/clients";
import { db } from "../../database.ts";
import type { Transaction } from "encore.dev/storage/sqldb";
import { addDays } from "../shared/business-date.ts";
import { CASH_FLOWS, noFlows, type CashFlows } from "../shared/cash-flows.ts";
import type { CashDelta } from "../finance/topics.ts";
import { aggregateDeltas, type CashBookRow as StoredRow } from "./cash-book.ts";

export interface ReplayScope {
  orgId: string;
  /** One property, or every property of the organisation. */
  propertyId?: string | null;
  /** Only rows with balance_date in [from, to] are compared and swapped (history before `from` still feeds the openings). */
  from?: string | null;
  to?: string | null;
  /** Replace the live rows of the scope with the replayed ones. */
  swap?: boolean;
}

/** One day of the cash book. */
export type CashBookRow = Omit<StoredRow, "date">;

export interface ReplayDifference {
  propertyId: string;
  balanceDate: string;
  /** missing: replay has the day, the live table not; extra: the reverse; different: both, with other figures. */
  difference: "missing" | "extra" | "different";
  /** For `different`: the compared columns whose values differ. */
  fields: string[];
  replayed: CashBookRow | null;
  live: CashBookRow | null;
}

export interface ReplayReport {
  orgId: string;
  propertyId: string | null;
  from: string | null;
  to: string | null;
  properties: number;
  eventsRead: number;
  rowsRebuilt: number;
  liveRows: number;
  missing: number;
  extra: number;
  different: number;
  /** The first MAX_REPORTED_DIFFERENCES differences, by property and date. */
  differences: ReplayDifference[];
  swapped: boolean;
}

export interface ReplayProgress { propertyId: string; index: number; total: number; events: number; rows: number }

/** Differences listed in a report; the counts cover all of them. */
export const MAX_REPORTED_DIFFERENCES = 100;

/** The columns replay derives from events and compares with the live table. */
const COMPARED = [
  ["opening_balance_cents", "openingBalanceCents"],
  ["cash_received_cents", "cashReceivedCents"],
  ["bank_received_cents", "bankReceivedCents"],
  ["cash_expenses_cents", "cashExpensesCents"],
  ["bank_expenses_cents", "bankExpensesCents"],
  ["cash_moved_cents", "cashMovedCents"],
  ["bank_moved_cents", "bankMovedCents"],
  ["closing_balance_cents", "closingBalanceCents"],
] as const;

const rowJson = (alias: string) => `json_build_object(
  'openingBalanceCents', ${alias}.opening_balance_cents, 'cashReceivedCents', ${alias}.cash_received_cents,
  'bankReceivedCents', ${alias}.bank_received_cents, 'cashExpensesCents', ${alias}.cash_expenses_cents,
  'bankExpensesCents', ${alias}.bank_expenses_cents, 'cashMovedCents', ${alias}.cash_moved_cents, 'bankMovedCents', ${alias}.bank_moved_cents,
  'closingBalanceCents', ${alias}.closing_balance_cents,
  'calculatedClosingBalanceCents', ${alias}.calculated_closing_balance_cents, 'balanceDiscrepancyCents', ${alias}.balance_discrepancy_cents)`;

export async function replayCashBook(scope: ReplayScope, onProgress?: (p: ReplayProgress) => void): Promise<ReplayReport> {
  const from = scope.from ?? null;
  const to = scope.to ?? null;
  if (from && to && from > to) throw APIError.invalidArgument("to: must not be before from");

  await using tx = await db.begin();
  const exists = await tx.queryRow<{ ok: boolean }>`SELECT to_regclass('daily_cash_balances') IS NOT NULL AS ok`;
  if (!exists!.ok) throw APIError.failedPrecondition("the cash book (daily_cash_balances) does not exist yet; the reports service's migration has not run");

  const { properties } = await auth.propertyOpeningCash({ orgId: scope.orgId, propertyIds: scope.propertyId ? [scope.propertyId] : undefined });
  if (scope.propertyId && properties.length === 0) throw APIError.notFound(`property ${scope.propertyId} not found`);
  const propertyIds = properties.map((p) => p.id);

  if (scope.swap) {
    // The incremental projection must not write the scope between our read of the live table and the swap.
    await tx.exec`LOCK TABLE daily_cash_balances IN SHARE ROW EXCLUSIVE MODE`;
  }
  await tx.exec`
    CREATE TEMP TABLE cash_book_replay (
      org_id uuid NOT NULL, property_id uuid NOT NULL, balance_date date NOT NULL,
      opening_balance_cents bigint NOT NULL, cash_received_cents bigint NOT NULL, bank_received_cents bigint NOT NULL,
      cash_expenses_cents bigint NOT NULL, bank_expenses_cents bigint NOT NULL, cash_moved_cents bigint NOT NULL, bank_moved_cents bigint NOT NULL,
      closing_balance_cents bigint NOT NULL,
      calculated_closing_balance_cents bigint NOT NULL, balance_discrepancy_cents bigint NOT NULL,
      PRIMARY KEY (property_id, balance_date)
    ) ON COMMIT DROP`;

  let eventsRead = 0;
  let rowsRebuilt = 0;
  for (const [index, { id: propertyId, openingCashCents }] of properties.entries()) {
    const events = await rebuildProperty(tx, scope.orgId, propertyId, Number(openingCashCents), from, to);
    eventsRead += events.events;
    rowsRebuilt += events.rows;
    onProgress?.({ propertyId, index: index + 1, total: propertyIds.length, events: events.events, rows: events.rows });
  }

  const differing = COMPARED.map(([c]) => `r.${c} IS DISTINCT FROM l.${c}`).join(" OR ");
  const fieldList = COMPARED.map(([c, f]) => `CASE WHEN r.${c} IS DISTINCT FROM l.${c} THEN '${f}' END`).join(", ");
  // Created first and filled by INSERT … SELECT: a CREATE TABLE … AS cannot be prepared, so Encore's runtime could not bind its parameters.
  await tx.exec`
    CREATE TEMP TABLE cash_book_replay_diff (
      property_id uuid NOT NULL, balance_date date NOT NULL, difference text NOT NULL, fields text[] NOT NULL, replayed json, live json
    ) ON COMMIT DROP`;
  await tx.rawExec(
    `INSERT INTO cash_book_replay_diff (property_id, balance_date, difference, fields, replayed, live)
     SELECT coalesce(r.property_id, l.property_id) AS property_id, coalesce(r.balance_date, l.balance_date) AS balance_date,
            CASE WHEN l.property_id IS NULL THEN 'missing' WHEN r.property_id IS NULL THEN 'extra' ELSE 'different' END AS difference,
            CASE WHEN l.property_id IS NULL OR r.property_id IS NULL THEN ARRAY[]::text[] ELSE array_remove(ARRAY[${fieldList}], NULL) END AS fields,
            CASE WHEN r.property_id IS NULL THEN NULL ELSE ${rowJson("r")} END AS replayed,
            CASE WHEN l.property_id IS NULL THEN NULL ELSE ${rowJson("l")} END AS live
       FROM cash_book_replay r
       FULL JOIN (SELECT * FROM daily_cash_balances
                   WHERE org_id = $1 AND property_id = ANY($2::uuid[])
                     AND ($3::date IS NULL OR balance_date >= $3) AND ($4::date IS NULL OR balance_date <= $4)) l
         ON l.property_id = r.property_id AND l.balance_date = r.balance_date
      WHERE l.property_id IS NULL OR r.property_id IS NULL OR ${differing}`,
    scope.orgId, propertyIds, from, to,
  );
  const counts = await tx.rawQueryRow<{ missing: number; extra: number; different: number; liveRows: number }>(
    `SELECT count(*) FILTER (WHERE difference = 'missing')::int AS missing,
            count(*) FILTER (WHERE difference = 'extra')::int AS extra,
            count(*) FILTER (WHERE difference = 'different')::int AS different,
            (SELECT count(*)::int FROM daily_cash_balances
              WHERE org_id = $1 AND property_id = ANY($2::uuid[])
                AND ($3::date IS NULL OR balance_date >= $3) AND ($4::date IS NULL OR balance_date <= $4)) AS "liveRows"
       FROM cash_book_replay_diff`,
    scope.orgId, propertyIds, from, to,
  );
  const differences = await tx.queryAll<ReplayDifference>`
    SELECT property_id AS "propertyId", balance_date::text AS "balanceDate", difference, fields, replayed, live
      FROM cash_book_replay_diff ORDER BY property_id, balance_date LIMIT ${MAX_REPORTED_DIFFERENCES}`;

  if (scope.swap) {
    await tx.exec`
      DELETE FROM daily_cash_balances
       WHERE org_id = ${scope.orgId} AND property_id = ANY(${propertyIds}::uuid[])
         AND (${from}::date IS NULL OR balance_date >= ${from}::date) AND (${to}::date IS NULL OR balance_date <= ${to}::date)`;
    await tx.exec`
      INSERT INTO daily_cash_balances (org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, bank_received_cents,
                                       cash_expenses_cents, bank_expenses_cents, cash_moved_cents, bank_moved_cents, closing_balance_cents, calculated_closing_balance_cents,
                                       balance_discrepancy_cents, updated_at)
      SELECT org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, bank_received_cents,
             cash_expenses_cents, bank_expenses_cents, cash_moved_cents, bank_moved_cents, closing_balance_cents, calculated_closing_balance_cents,
             balance_discrepancy_cents, now()
        FROM cash_book_replay`;
  }
  await tx.commit();
  return {
    orgId: scope.orgId, propertyId: scope.propertyId ?? null, from, to, properties: propertyIds.length, eventsRead, rowsRebuilt,
    liveRows: counts!.liveRows, missing: counts!.missing, extra: counts!.extra, different: counts!.different, differences, swapped: scope.swap === true,
  };
}

/** Parallel arrays of days and their flows, as cash_book_chain and unnest take them. */
function columns(days: (CashFlows & { date: string })[]) {
  return { dates: days.map((d) => d.date), ...Object.fromEntries(CASH_FLOWS.map((f) => [f, days.map((d) => d[f])])) as Record<keyof CashFlows, number[]> };
}

/**
 * Folds one property's events into shadow rows. Flows per date are the sums
 * of the event deltas; every date from the first to the last one any delta
 * touched gets a row, chained from the opening cash. The calculated closing
 * of a date is the chain over finance's source flows up to it.
 */
async function rebuildProperty(tx: Transaction, orgId: string, propertyId: string, opening: number, from: string | null, to: string | null): Promise<{ events: number; rows: number }> {
  let events = 0;
  const stored: { orgId: string; propertyId: string; deltas: CashDelta[] }[] = [];
  for (let afterSeq: number | null = 0; afterSeq !== null;) {
    const page = await eventStore.cashDeltas({ orgId, propertyId, afterSeq });
    events += page.events.length;
    for (const e of page.events) stored.push({ orgId, propertyId, deltas: e.deltas });
    afterSeq = page.nextAfterSeq;
  }
  const byDate = new Map(aggregateDeltas(stored).map((d) => [d.date, d]));
  const dates = [...byDate.keys()].sort();
  const days: (CashFlows & { date: string })[] = [];
  if (dates.length > 0) {
    for (let d = dates[0]; d <= dates[dates.length - 1]; d = addDays(d, 1)) {
      const f = byDate.get(d);
      days.push({ ...(f ?? noFlows()), date: d });
    }
  }
  const book = columns(days);
  const source = columns((await finance.cashSource({ orgId, propertyId })).days);
  const inserted = await tx.queryRow<{ rows: number }>`
    WITH flows AS (
      SELECT * FROM unnest(${book.dates}::date[], ${book.cashReceivedCents}::bigint[], ${book.bankReceivedCents}::bigint[],
                           ${book.cashExpensesCents}::bigint[], ${book.bankExpensesCents}::bigint[],
                           ${book.cashMovedCents}::bigint[], ${book.bankMovedCents}::bigint[])
             AS f(balance_date, cr, br, ce, be, cm, bm)
    ), chain AS (
      SELECT * FROM cash_book_chain(${opening}::bigint, ${book.dates}::date[], ${book.cashReceivedCents}::bigint[], ${book.cashExpensesCents}::bigint[], ${book.cashMovedCents}::bigint[])
    ), source AS (
      SELECT * FROM cash_book_chain(${opening}::bigint, ${source.dates}::date[], ${source.cashReceivedCents}::bigint[], ${source.cashExpensesCents}::bigint[], ${source.cashMovedCents}::bigint[])
    ), ins AS (
      INSERT INTO cash_book_replay (org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, bank_received_cents,
                                    cash_expenses_cents, bank_expenses_cents, cash_moved_cents, bank_moved_cents, closing_balance_cents,
                                    calculated_closing_balance_cents, balance_discrepancy_cents)
      SELECT ${orgId}::uuid, ${propertyId}::uuid, f.balance_date, c.opening_balance_cents, f.cr, f.br, f.ce, f.be, f.cm, f.bm,
             c.closing_balance_cents, calc.closing, c.closing_balance_cents - calc.closing
        FROM flows f
        JOIN chain c USING (balance_date)
        CROSS JOIN LATERAL (
          SELECT COALESCE((SELECT s.closing_balance_cents FROM source s WHERE s.balance_date <= f.balance_date ORDER BY s.balance_date DESC LIMIT 1),
                          ${opening}::bigint) AS closing
        ) calc
       WHERE (${from}::date IS NULL OR f.balance_date >= ${from}::date)
         AND (${to}::date IS NULL OR f.balance_date <= ${to}::date)
      RETURNING 1
    )
    SELECT count(*)::int AS rows FROM ins`;
  return { events, rows: inserted!.rows };
}
