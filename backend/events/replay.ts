// Projection replay: rebuilds the daily cash book (daily_cash_balances, owned
// by the reports service) for a scope from the deltas stored in
// domain_events, into a temporary shadow table; compares it with the live
// table; and, on request, swaps the scope's rows in — all in one transaction.
// Each property is one set-based statement (running sums over a window), not
// a loop over days or events.
import { APIError } from "encore.dev/api";
import { db } from "../../database.ts";
import type { Transaction } from "encore.dev/storage/sqldb";

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
export interface CashBookRow {
  openingBalanceCents: number;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
  cashMovedCents: number;
  bankMovedCents: number;
  closingBalanceCents: number;
  calculatedClosingBalanceCents: number;
  balanceDiscrepancyCents: number;
}

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

  const properties = await tx.queryAll<{ id: string }>`
    SELECT id FROM properties WHERE org_id = ${scope.orgId} AND (${scope.propertyId ?? null}::uuid IS NULL OR id = ${scope.propertyId ?? null}::uuid) ORDER BY id`;
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
  for (const [index, propertyId] of propertyIds.entries()) {
    const events = await rebuildProperty(tx, scope.orgId, propertyId, from, to);
    eventsRead += events.events;
    rowsRebuilt += events.rows;
    onProgress?.({ propertyId, index: index + 1, total: propertyIds.length, events: events.events, rows: events.rows });
  }

  const differing = COMPARED.map(([c]) => `r.${c} IS DISTINCT FROM l.${c}`).join(" OR ");
  const fieldList = COMPARED.map(([c, f]) => `CASE WHEN r.${c} IS DISTINCT FROM l.${c} THEN '${f}' END`).join(", ");
  await tx.rawExec(
    `CREATE TEMP TABLE cash_book_replay_diff ON COMMIT DROP AS
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

/** Organisations to replay: the one given, or all of them (ids ascending). For the replay script. */
export async function organizationIds(orgId?: string | null): Promise<string[]> {
  const rows = await db.queryAll<{ id: string }>`
    SELECT id FROM organizations WHERE (${orgId ?? null}::uuid IS NULL OR id = ${orgId ?? null}::uuid) ORDER BY id`;
  return rows.map((r) => r.id);
}

/** The organisation a property belongs to, or null. */
export async function organizationOfProperty(propertyId: string): Promise<string | null> {
  const row = await db.queryRow<{ orgId: string }>`SELECT org_id AS "orgId" FROM properties WHERE id = ${propertyId}::uuid`;
  return row?.orgId ?? null;
}

/**
 * Folds one property's events into shadow rows. Flows per date are the sums
 * of the event deltas; every date from the first to the last one any delta
 * touched gets a row; closing(D) = opening cash + Σ(cash in − cash out) up to
 * D, a running sum, and opening(D) = closing(D) − that day's net, which equals
 * closing of the previous stored date. The calculated closing runs the same
 * sum over the source tables (approved, not deleted), so the discrepancy
 * shows where events and ledger disagree.
 */
async function rebuildProperty(tx: Transaction, orgId: string, propertyId: string, from: string | null, to: string | null): Promise<{ events: number; rows: number }> {
  const counted = await tx.queryRow<{ events: number }>`
    SELECT count(*)::int AS events FROM domain_events WHERE org_id = ${orgId} AND property_id = ${propertyId}`;
  const inserted = await tx.queryRow<{ rows: number }>`
    WITH flows AS (
      SELECT (d->>'businessDate')::date AS balance_date,
             sum((d->>'cashReceivedCents')::bigint) AS cr, sum((d->>'bankReceivedCents')::bigint) AS br,
             sum((d->>'cashExpensesCents')::bigint) AS ce, sum((d->>'bankExpensesCents')::bigint) AS be,
             -- Only movements' deltas carry these (and no event from before they existed).
             sum(coalesce((d->>'cashMovedCents')::bigint, 0)) AS cm, sum(coalesce((d->>'bankMovedCents')::bigint, 0)) AS bm
        FROM domain_events e
        CROSS JOIN LATERAL jsonb_array_elements(coalesce(e.event_data->'deltas', '[]'::jsonb)) d
       WHERE e.org_id = ${orgId} AND e.property_id = ${propertyId}
       GROUP BY 1
    ), days AS (
      SELECT g::date AS balance_date
        FROM (SELECT min(balance_date) AS lo, max(balance_date) AS hi FROM flows) b
        CROSS JOIN LATERAL generate_series(b.lo, b.hi, interval '1 day') g
    ), source AS (
      SELECT business_date AS balance_date, sum(CASE WHEN reverses_id IS NULL THEN amount_cents ELSE -amount_cents END) FILTER (WHERE payment_mode = 'cash') AS cash_in, 0::bigint AS cash_out
        FROM revenues WHERE org_id = ${orgId} AND property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL
       GROUP BY 1
      UNION ALL
      SELECT expense_date, 0::bigint, sum(CASE WHEN reverses_id IS NULL THEN amount_cents ELSE -amount_cents END) FILTER (WHERE payment_mode = 'cash')
        FROM expenses WHERE org_id = ${orgId} AND property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL
       GROUP BY 1
      UNION ALL
      -- A movement's stored cash effect counts as cash in (it may be negative).
      SELECT business_date, sum(cash_effect_cents), 0::bigint
        FROM cash_movements WHERE org_id = ${orgId} AND property_id = ${propertyId} AND status = 'approved' AND deleted_at IS NULL
       GROUP BY 1
    ), timeline AS (
      -- book = 0 (source) sorts before book = 1 on the same date, so the source sum includes that date.
      SELECT d.balance_date, 1 AS book, coalesce(f.cr, 0) AS cr, coalesce(f.br, 0) AS br, coalesce(f.ce, 0) AS ce, coalesce(f.be, 0) AS be,
             coalesce(f.cm, 0) AS cm, coalesce(f.bm, 0) AS bm, 0::bigint AS cash_in, 0::bigint AS cash_out
        FROM days d LEFT JOIN flows f USING (balance_date)
      UNION ALL
      SELECT balance_date, 0, 0, 0, 0, 0, 0, 0, coalesce(cash_in, 0), coalesce(cash_out, 0) FROM source
    ), running AS (
      SELECT t.*, sum(t.cr - t.ce + t.cm) OVER w AS net, sum(t.cash_in - t.cash_out) OVER w AS source_net
        FROM timeline t
      WINDOW w AS (ORDER BY t.balance_date, t.book ROWS UNBOUNDED PRECEDING)
    ), ins AS (
      INSERT INTO cash_book_replay (org_id, property_id, balance_date, opening_balance_cents, cash_received_cents, bank_received_cents,
                                    cash_expenses_cents, bank_expenses_cents, cash_moved_cents, bank_moved_cents, closing_balance_cents,
                                    calculated_closing_balance_cents, balance_discrepancy_cents)
      SELECT ${orgId}::uuid, ${propertyId}::uuid, r.balance_date, p.opening_cash_cents + r.net - (r.cr - r.ce + r.cm), r.cr, r.br, r.ce, r.be, r.cm, r.bm,
             p.opening_cash_cents + r.net, p.opening_cash_cents + r.source_net, r.net - r.source_net
        FROM running r
        CROSS JOIN (SELECT opening_cash_cents FROM properties WHERE org_id = ${orgId} AND id = ${propertyId}) p
       WHERE r.book = 1
         AND (${from}::date IS NULL OR r.balance_date >= ${from}::date)
         AND (${to}::date IS NULL OR r.balance_date <= ${to}::date)
      RETURNING 1
    )
    SELECT count(*)::int AS rows FROM ins`;
  return { events: counted!.events, rows: inserted!.rows };
}
