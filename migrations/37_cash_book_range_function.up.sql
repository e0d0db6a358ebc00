-- A property's cash book for a range of dates and the row before it (what a
-- report carries forward), in one call, with generic plans: the cash book is
-- hash-partitioned by organisation (migration 21), and with PostgreSQL's
-- default a prepared read naming the organisation as a parameter was planned
-- afresh over all 16 partitions on every execution (migration 36 says why;
-- the same treatment as the day read there). Rows come back whole, in date
-- order; reports/cash-book.ts readRange picks its columns and tells the row
-- before the range by its date.
CREATE FUNCTION reports_cash_book_range(p_org uuid, p_property uuid, p_from date, p_to date) RETURNS SETOF daily_cash_balances
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN QUERY (SELECT * FROM daily_cash_balances
                 WHERE org_id = p_org AND property_id = p_property AND balance_date < p_from
                 ORDER BY balance_date DESC LIMIT 1);
  RETURN QUERY SELECT * FROM daily_cash_balances
                WHERE org_id = p_org AND property_id = p_property AND balance_date BETWEEN p_from AND p_to
                ORDER BY balance_date;
END
$$;
