-- The cash book by date, for warming at start (reports/cache-warming.ts
-- warmAtStart): the properties with a row on the latest dates, read from the
-- end of this index and stopped after a few thousand entries, instead of
-- grouping the whole cash book by property (at 1M organisations and 10M rows:
-- 3.3 s on three processes and 550 MB of temporary files at every start, inside
-- bench:scale's measurement; with this index 2.7 ms, docs/performance.md).
-- balance_date never changes on a row, so the fold's updates stay HOT.
CREATE INDEX daily_cash_balances_date_idx ON daily_cash_balances (balance_date);
