-- How far the finance-events pipeline has got, as facts in the database so
-- that any host (and any instance) can tell how much is committed but not
-- yet folded into the cash book: the relay counts what it published, the
-- fold counts what it applied, each in the transaction that did it. One row
-- each; an instance's batch holds the row only for its commit.
CREATE TABLE finance_relay_progress (
  only_row          boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  published_total   bigint NOT NULL DEFAULT 0,
  last_published_at timestamptz
);
INSERT INTO finance_relay_progress DEFAULT VALUES;

CREATE TABLE cash_book_fold_progress (
  only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  folded_total    bigint NOT NULL DEFAULT 0,
  last_folded_at  timestamptz
);
INSERT INTO cash_book_fold_progress DEFAULT VALUES;
