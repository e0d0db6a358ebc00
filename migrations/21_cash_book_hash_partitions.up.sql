-- The cash book, hash-partitioned by organisation into 16 partitions: every
-- report, fold and reconciliation statement names one organisation, so it
-- touches one partition, and each partition's indexes stay a sixteenth of the
-- size. The primary key already leads with org_id (a unique key of a
-- partitioned table must contain the partition key). Existing rows move in
-- this migration's transaction; readers wait on the rename's lock.
ALTER TABLE daily_cash_balances RENAME TO daily_cash_balances_unpartitioned;
ALTER INDEX daily_cash_balances_pkey RENAME TO daily_cash_balances_unpartitioned_pkey;
ALTER INDEX daily_cash_balances_discrepancy_idx RENAME TO daily_cash_balances_unpartitioned_discrepancy_idx;

CREATE TABLE daily_cash_balances (LIKE daily_cash_balances_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  PARTITION BY HASH (org_id);
ALTER TABLE daily_cash_balances ADD CONSTRAINT daily_cash_balances_pkey PRIMARY KEY (org_id, property_id, balance_date);
CREATE INDEX daily_cash_balances_discrepancy_idx ON daily_cash_balances (org_id, property_id, balance_date) WHERE balance_discrepancy_cents <> 0;

DO $$
BEGIN
  FOR r IN 0..15 LOOP
    EXECUTE format('CREATE TABLE daily_cash_balances_p%s PARTITION OF daily_cash_balances FOR VALUES WITH (MODULUS 16, REMAINDER %s)', lpad(r::text, 2, '0'), r);
  END LOOP;
END $$;

INSERT INTO daily_cash_balances SELECT * FROM daily_cash_balances_unpartitioned;
DROP TABLE daily_cash_balances_unpartitioned;
ANALYZE daily_cash_balances;
