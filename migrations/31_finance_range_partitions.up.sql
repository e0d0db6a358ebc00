-- Revenues and expenses, range-partitioned by business date (revenues.business_date,
-- expenses.expense_date): one partition a calendar quarter (revenues_2026q4 holds
-- 2026-10-01 ..< 2027-01-01), and a DEFAULT partition (revenues_default) for a date
-- no quarter covers yet. Reports, lists and the fold name a date or a date range,
-- so they read only the quarters it spans. Applied to a populated database in this
-- migration's one transaction: the rows are copied into the new tables and the old
-- ones dropped; readers and writers wait on the rename's lock until it commits.
--
-- Keys (a unique index of a partitioned table must contain the partition key):
--   revenues_pkey (id, business_date), expenses_pkey (id, expense_date) — as before
--   (migration 2 put the date in them for this). Uniqueness of id alone rests on
--   UUIDv7 ids; *_id_idx (id) stays a plain index so a lookup by id alone finds its
--   row with one index probe per partition. No other unique index and no foreign
--   key references these tables (reversals point at their original by reverses_id,
--   checked in finance/reversals.ts), so nothing else needed the date added.
--
-- finance_partition_quarter() and finance_maintain_partitions() below are the only
-- code that creates partitions: this migration and the finance maintenance job
-- (finance/partitions.ts) both call them. They take the table, year and quarter as
-- values and build identifiers from a closed list of table names and validated
-- integers only.

DROP VIEW finance_transactions;

ALTER TABLE revenues RENAME TO revenues_unpartitioned;
ALTER INDEX revenues_pkey RENAME TO revenues_unpartitioned_pkey;
ALTER INDEX revenues_id_idx RENAME TO revenues_unpartitioned_id_idx;
ALTER INDEX revenues_property_date_idx RENAME TO revenues_unpartitioned_property_date_idx;
ALTER INDEX revenues_pending_idx RENAME TO revenues_unpartitioned_pending_idx;
ALTER INDEX revenues_reverses_idx RENAME TO revenues_unpartitioned_reverses_idx;
ALTER TABLE expenses RENAME TO expenses_unpartitioned;
ALTER INDEX expenses_pkey RENAME TO expenses_unpartitioned_pkey;
ALTER INDEX expenses_id_idx RENAME TO expenses_unpartitioned_id_idx;
ALTER INDEX expenses_property_date_idx RENAME TO expenses_unpartitioned_property_date_idx;
ALTER INDEX expenses_pending_idx RENAME TO expenses_unpartitioned_pending_idx;
ALTER INDEX expenses_reverses_idx RENAME TO expenses_unpartitioned_reverses_idx;

-- LIKE keeps the column order (so rows copy with SELECT *), defaults, NOT NULLs and CHECKs with their names.
CREATE TABLE revenues (LIKE revenues_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (business_date);
CREATE TABLE expenses (LIKE expenses_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (expense_date);
CREATE TABLE revenues_default PARTITION OF revenues DEFAULT;
CREATE TABLE expenses_default PARTITION OF expenses DEFAULT;

-- Creates p_table's partition for quarter p_quarter of p_year unless it exists,
-- first moving the rows of that quarter out of the DEFAULT partition (a partition
-- cannot be created while the default holds rows of its range). Returns the rows
-- moved, or NULL when the partition already existed. Concurrent inserts of that
-- quarter wait on the default's lock, so none lands in the default mid-move.
CREATE FUNCTION finance_partition_quarter(p_table text, p_year int, p_quarter int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  date_col text;
  part text;
  dflt text := p_table || '_default';
  lo date;
  hi date;
  moved bigint;
BEGIN
  -- Identifiers are built from these three only: a name from the closed list and two range-checked integers.
  date_col := CASE p_table WHEN 'revenues' THEN 'business_date' WHEN 'expenses' THEN 'expense_date' END;
  IF date_col IS NULL THEN
    RAISE EXCEPTION 'finance_partition_quarter: table must be revenues or expenses, not %', p_table USING ERRCODE = '22023';
  END IF;
  IF p_year IS NULL OR p_year NOT BETWEEN 1000 AND 9999 OR p_quarter IS NULL OR p_quarter NOT BETWEEN 1 AND 4 THEN
    RAISE EXCEPTION 'finance_partition_quarter: year must be 1000..9999 and quarter 1..4, got % and %', p_year, p_quarter USING ERRCODE = '22023';
  END IF;
  part := format('%s_%sq%s', p_table, p_year, p_quarter);
  lo := make_date(p_year, 3 * p_quarter - 2, 1);
  hi := (lo + interval '3 months')::date;

  IF EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = p_table::regclass AND c.relname = part AND c.relnamespace = current_schema()::regnamespace) THEN
    RETURN NULL;
  END IF;

  -- Parent first, then its default, the order every statement on the parent takes them in.
  EXECUTE format('LOCK TABLE %I IN SHARE UPDATE EXCLUSIVE MODE', p_table);
  EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', dflt);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, p_table);
  -- The bound as a CHECK lets ATTACH skip its validation scan; dropped once attached (the bound enforces it).
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)', part, part || '_bound', date_col, lo, date_col, hi);
  EXECUTE format('WITH m AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I SELECT * FROM m',
                 dflt, date_col, lo, date_col, hi, part);
  GET DIAGNOSTICS moved = ROW_COUNT;
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', p_table, part, lo, hi);
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part, part || '_bound');
  RETURN moved;
END $$;

-- The maintenance job's one call per table: every quarter from the current one to
-- p_ahead quarters ahead, and every quarter that has rows in the DEFAULT partition.
-- Rows whose year is outside 1000..9999 stay in the default (no quarter name fits
-- them) and are counted in left_in_default.
CREATE FUNCTION finance_maintain_partitions(p_table text, p_ahead int, p_today date DEFAULT current_date)
RETURNS TABLE (created int, moved bigint, left_in_default bigint)
LANGUAGE plpgsql AS $$
DECLARE
  date_col text := CASE p_table WHEN 'revenues' THEN 'business_date' WHEN 'expenses' THEN 'expense_date' END;
  q record;
  n bigint;
BEGIN
  IF date_col IS NULL THEN
    RAISE EXCEPTION 'finance_maintain_partitions: table must be revenues or expenses, not %', p_table USING ERRCODE = '22023';
  END IF;
  IF p_ahead IS NULL OR p_ahead NOT BETWEEN 0 AND 40 THEN
    RAISE EXCEPTION 'finance_maintain_partitions: quarters ahead must be 0..40, got %', p_ahead USING ERRCODE = '22023';
  END IF;
  created := 0;
  moved := 0;
  FOR q IN EXECUTE format(
      $q$SELECT DISTINCT extract(year FROM d)::int AS y, extract(quarter FROM d)::int AS qq FROM (
           SELECT (date_trunc('quarter', $1::timestamp) + make_interval(months => 3 * s))::date AS d FROM generate_series(0, $2) AS s
           UNION ALL
           SELECT %I FROM %I WHERE extract(year FROM %I) BETWEEN 1000 AND 9999) x ORDER BY 1, 2$q$,
      date_col, p_table || '_default', date_col)
    USING p_today, p_ahead
  LOOP
    n := finance_partition_quarter(p_table, q.y, q.qq);
    IF n IS NOT NULL THEN
      created := created + 1;
      moved := moved + n;
    END IF;
  END LOOP;
  EXECUTE format('SELECT count(*) FROM %I', p_table || '_default') INTO left_in_default;
  RETURN NEXT;
END $$;

-- The quarters the existing rows span, and the next four, before any row is copied
-- (so no row passes through the default partition).
SELECT finance_partition_quarter('revenues', y, q)
  FROM (SELECT DISTINCT extract(year FROM business_date)::int AS y, extract(quarter FROM business_date)::int AS q FROM revenues_unpartitioned
         WHERE extract(year FROM business_date) BETWEEN 1000 AND 9999) d;
SELECT finance_partition_quarter('expenses', y, q)
  FROM (SELECT DISTINCT extract(year FROM expense_date)::int AS y, extract(quarter FROM expense_date)::int AS q FROM expenses_unpartitioned
         WHERE extract(year FROM expense_date) BETWEEN 1000 AND 9999) d;
SELECT * FROM finance_maintain_partitions('revenues', 4);
SELECT * FROM finance_maintain_partitions('expenses', 4);

INSERT INTO revenues SELECT * FROM revenues_unpartitioned;
INSERT INTO expenses SELECT * FROM expenses_unpartitioned;

-- Keys and indexes as migration 2 (and 13 for reverses) made them, built once on the copied rows.
ALTER TABLE revenues ADD CONSTRAINT revenues_pkey PRIMARY KEY (id, business_date);
CREATE INDEX revenues_id_idx ON revenues (id);
CREATE INDEX revenues_property_date_idx ON revenues (org_id, property_id, business_date, id) WHERE deleted_at IS NULL;
CREATE INDEX revenues_pending_idx ON revenues (org_id, property_id, created_at) WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX revenues_reverses_idx ON revenues (org_id, reverses_id) WHERE reverses_id IS NOT NULL;
ALTER TABLE revenues ADD CONSTRAINT revenues_org_id_property_id_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id);
ALTER TABLE expenses ADD CONSTRAINT expenses_pkey PRIMARY KEY (id, expense_date);
CREATE INDEX expenses_id_idx ON expenses (id);
CREATE INDEX expenses_property_date_idx ON expenses (org_id, property_id, expense_date, id) WHERE deleted_at IS NULL;
CREATE INDEX expenses_pending_idx ON expenses (org_id, property_id, created_at) WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX expenses_reverses_idx ON expenses (org_id, reverses_id) WHERE reverses_id IS NOT NULL;
ALTER TABLE expenses ADD CONSTRAINT expenses_org_id_property_id_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id);

DROP TABLE revenues_unpartitioned;
DROP TABLE expenses_unpartitioned;

-- As migration 13 defined it.
CREATE VIEW finance_transactions AS
  SELECT 'revenue'::text AS kind, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         source, NULL::text AS category, occurred_at, business_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version,
         reverses_id, reversal_reason, CASE WHEN reverses_id IS NULL THEN amount_cents ELSE -amount_cents END AS signed_amount_cents
    FROM revenues
  UNION ALL
  SELECT 'expense'::text, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         NULL::text, category, NULL::timestamptz, expense_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version,
         reverses_id, reversal_reason, CASE WHEN reverses_id IS NULL THEN amount_cents ELSE -amount_cents END
    FROM expenses;

ANALYZE revenues;
ANALYZE expenses;
