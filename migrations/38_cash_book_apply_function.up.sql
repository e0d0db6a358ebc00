-- Folding aggregated deltas into the cash book (owner: reports; called only by
-- reports/cash-book.ts applyDeltas, which documents the invariants): rows for
-- new dates and the gaps they open, the deltas added, opening and closing
-- re-chained from the earliest changed date with cash_book_chain (migration 30).
--
-- In a PL/pgSQL function with generic plans (the SET clause), for the reason
-- of migrations 36 and 37: these statements join arrays of organisations to a
-- table hash-partitioned by organisation (migration 21), and sent from the app
-- each was custom-planned over all 16 partitions on every batch (1.4–5.6 ms of
-- planning per call; docs/performance.md). Here each is planned once per
-- connection and pruned per joined row as it runs. One round trip instead of
-- three, too.
--
-- Deltas come as parallel arrays, one element per (organisation, property,
-- date), with the property's opening cash (the chain's base when it starts at
-- the property's first day). Returns the days whose flows the deltas left
-- negative.
CREATE FUNCTION reports_apply_deltas(
  p_org uuid[], p_property uuid[], p_date date[],
  p_cash_in bigint[], p_bank_in bigint[], p_cash_out bigint[], p_bank_out bigint[],
  p_cash_moved bigint[], p_bank_moved bigint[], p_opening bigint[])
RETURNS TABLE (negative_org_id uuid, negative_property_id uuid, negative_date date)
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  -- Carried-forward rows inserted before a delta's date start the re-chain earlier.
  gap_org uuid[];
  gap_property uuid[];
  gap_date date[];
  -- Each re-chained day's opening and closing.
  chain_org uuid[];
  chain_property uuid[];
  chain_date date[];
  chain_opening bigint[];
  chain_closing bigint[];
BEGIN
  -- Rows for new dates, and carried-forward rows for any gap they open: from
  -- the earliest new date up to the first stored one, and from the last
  -- stored one up to the latest new date (stored dates are contiguous).
  WITH d AS (
    SELECT t.org_id, t.property_id, min(t.day) AS min_d, max(t.day) AS max_d
      FROM unnest(p_org, p_property, p_date) AS t(org_id, property_id, day)
     GROUP BY t.org_id, t.property_id
  ), r AS (
    SELECT d.*, b.first_d, b.last_d
      FROM d LEFT JOIN LATERAL (
        SELECT min(x.balance_date) AS first_d, max(x.balance_date) AS last_d
          FROM daily_cash_balances x WHERE x.org_id = d.org_id AND x.property_id = d.property_id
      ) b ON true
  ), ins AS (
    INSERT INTO daily_cash_balances (org_id, property_id, balance_date)
    SELECT r.org_id, r.property_id, day::date FROM r,
           generate_series(r.min_d, COALESCE(r.first_d - 1, r.max_d), interval '1 day') AS day
    UNION ALL
    SELECT r.org_id, r.property_id, day::date FROM r,
           generate_series(r.last_d + 1, r.max_d, interval '1 day') AS day
     WHERE r.last_d IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING daily_cash_balances.org_id, daily_cash_balances.property_id, daily_cash_balances.balance_date
  )
  SELECT array_agg(ins.org_id), array_agg(ins.property_id), array_agg(ins.balance_date)
    INTO gap_org, gap_property, gap_date
    FROM ins;

  -- The flows after the deltas, for the negativity check: the re-chain below
  -- changes only opening and closing. Movements may be negative (a drop to
  -- the safe), so only the four flows are checked.
  RETURN QUERY
    WITH u AS (
      UPDATE daily_cash_balances c SET
        cash_received_cents = c.cash_received_cents + t.cash_in,
        bank_received_cents = c.bank_received_cents + t.bank_in,
        cash_expenses_cents = c.cash_expenses_cents + t.cash_out,
        bank_expenses_cents = c.bank_expenses_cents + t.bank_out,
        cash_moved_cents = c.cash_moved_cents + t.cash_moved,
        bank_moved_cents = c.bank_moved_cents + t.bank_moved
      FROM unnest(p_org, p_property, p_date, p_cash_in, p_bank_in, p_cash_out, p_bank_out, p_cash_moved, p_bank_moved)
           AS t(org_id, property_id, day, cash_in, bank_in, cash_out, bank_out, cash_moved, bank_moved)
      WHERE c.org_id = t.org_id AND c.property_id = t.property_id AND c.balance_date = t.day
      RETURNING c.org_id, c.property_id, c.balance_date, c.cash_received_cents, c.bank_received_cents, c.cash_expenses_cents, c.bank_expenses_cents
    )
    SELECT u.org_id, u.property_id, u.balance_date
      FROM u
     WHERE u.cash_received_cents < 0 OR u.bank_received_cents < 0 OR u.cash_expenses_cents < 0 OR u.bank_expenses_cents < 0;

  -- Re-chain every stored date from the earliest changed one per property (a
  -- delta's date or a gap row before it), based on the closing of the day
  -- before, or the property's opening cash. Computed first, then written
  -- through the primary key from arrays, like the deltas above: joined to
  -- the chain in one statement, the planner took the organisation and
  -- property from the first relation it had and hashed the whole cash book
  -- on them for every batch, and likewise for the days read below as a join
  -- (`balance_date >= from_date` is costed at a third of a property's
  -- history, when it is usually its last day or two): 22–25 ms a batch in
  -- bench:api, 50 properties with a year each (docs/performance.md).
  WITH s AS (
    SELECT t.org_id, t.property_id, min(t.from_date) AS from_date, min(t.opening) AS opening
      FROM (SELECT * FROM unnest(p_org, p_property, p_date, p_opening) AS a(org_id, property_id, from_date, opening)
            UNION ALL
            SELECT g.org_id, g.property_id, g.from_date, NULL::bigint
              FROM unnest(gap_org, gap_property, gap_date) AS g(org_id, property_id, from_date)) t
     GROUP BY t.org_id, t.property_id
  ), base AS (
    SELECT s.org_id, s.property_id, s.from_date,
           COALESCE(
             (SELECT p.closing_balance_cents FROM daily_cash_balances p
               WHERE p.org_id = s.org_id AND p.property_id = s.property_id AND p.balance_date < s.from_date
               ORDER BY p.balance_date DESC LIMIT 1),
             s.opening) AS base
      FROM s
  ), days AS (
    SELECT b.org_id, b.property_id, b.base, x.d, x.ci, x.ce, x.cm
      FROM base b CROSS JOIN LATERAL (
        SELECT array_agg(c.balance_date ORDER BY c.balance_date) AS d, array_agg(c.cash_received_cents ORDER BY c.balance_date) AS ci,
               array_agg(c.cash_expenses_cents ORDER BY c.balance_date) AS ce, array_agg(c.cash_moved_cents ORDER BY c.balance_date) AS cm
          FROM daily_cash_balances c
         WHERE c.org_id = b.org_id AND c.property_id = b.property_id AND c.balance_date >= b.from_date
      ) x
  )
  SELECT array_agg(d.org_id), array_agg(d.property_id), array_agg(ch.balance_date),
         array_agg(ch.opening_balance_cents), array_agg(ch.closing_balance_cents)
    INTO chain_org, chain_property, chain_date, chain_opening, chain_closing
    FROM days d CROSS JOIN LATERAL cash_book_chain(d.base, d.d, d.ci, d.ce, d.cm) ch;

  UPDATE daily_cash_balances c SET
    opening_balance_cents = t.opening,
    closing_balance_cents = t.closing,
    calculated_closing_balance_cents = t.closing - c.balance_discrepancy_cents,
    updated_at = clock_timestamp()
  FROM unnest(chain_org, chain_property, chain_date, chain_opening, chain_closing) AS t(org_id, property_id, day, opening, closing)
  WHERE c.org_id = t.org_id AND c.property_id = t.property_id AND c.balance_date = t.day;
END
$$;
