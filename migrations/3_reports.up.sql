-- The daily cash book (owner: reports service). The primary key leads with
-- org_id so the table can later be hash-partitioned by it.
CREATE TABLE daily_cash_balances (
  org_id                            bigint NOT NULL,
  property_id                       bigint NOT NULL,
  balance_date                      date NOT NULL,
  opening_balance_cents             bigint NOT NULL DEFAULT 0,
  cash_received_cents               bigint NOT NULL DEFAULT 0,
  bank_received_cents               bigint NOT NULL DEFAULT 0,
  cash_expenses_cents               bigint NOT NULL DEFAULT 0,
  bank_expenses_cents               bigint NOT NULL DEFAULT 0,
  closing_balance_cents             bigint NOT NULL DEFAULT 0,
  calculated_closing_balance_cents  bigint,
  balance_discrepancy_cents         bigint NOT NULL DEFAULT 0,
  updated_at                        timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (org_id, property_id, balance_date)
);
CREATE INDEX daily_cash_balances_discrepancy_idx ON daily_cash_balances (org_id, property_id, balance_date) WHERE balance_discrepancy_cents <> 0;

-- Events a subscriber has applied, recorded in the same transaction as their
-- effect: a redelivery finds its id here and changes nothing.
CREATE TABLE processed_events (
  subscription  text NOT NULL,
  event_id      uuid NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscription, event_id)
);
CREATE INDEX processed_events_age_idx ON processed_events (processed_at);
