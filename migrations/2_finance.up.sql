-- Finance ledger (owner: finance service).
-- Revenue and expense ids come from one sequence so a transaction is
-- identified by its id alone across both tables (lists merge them).
CREATE SEQUENCE finance_transaction_id_seq AS bigint;

-- The primary keys include the business date so the tables can later be
-- range-partitioned by it (a partition key must be part of every unique key).
CREATE TABLE revenues (
  id                   bigint NOT NULL DEFAULT nextval('finance_transaction_id_seq'),
  org_id               bigint NOT NULL,
  property_id          bigint NOT NULL,
  amount_cents         bigint NOT NULL CHECK (amount_cents > 0),
  payment_mode         text NOT NULL CHECK (payment_mode IN ('cash', 'bank')),
  bank_reference       text CHECK (length(bank_reference) <= 100),
  description          text CHECK (length(description) <= 500),
  source               text NOT NULL CHECK (source IN ('room', 'food', 'beverage', 'laundry', 'other')),
  occurred_at          timestamptz NOT NULL,
  business_date        date NOT NULL,
  status               text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_by_user_id   bigint NOT NULL,
  approved_by_user_id  bigint,
  approved_at          timestamptz,
  rejection_reason     text CHECK (length(rejection_reason) <= 500),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  version              integer NOT NULL DEFAULT 1,
  PRIMARY KEY (id, business_date),
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id)
);
CREATE INDEX revenues_id_idx ON revenues (id);
CREATE INDEX revenues_property_date_idx ON revenues (org_id, property_id, business_date, id) WHERE deleted_at IS NULL;
CREATE INDEX revenues_pending_idx ON revenues (org_id, property_id, created_at) WHERE status = 'pending' AND deleted_at IS NULL;

CREATE TABLE expenses (
  id                   bigint NOT NULL DEFAULT nextval('finance_transaction_id_seq'),
  org_id               bigint NOT NULL,
  property_id          bigint NOT NULL,
  amount_cents         bigint NOT NULL CHECK (amount_cents > 0),
  payment_mode         text NOT NULL CHECK (payment_mode IN ('cash', 'bank')),
  bank_reference       text CHECK (length(bank_reference) <= 100),
  description          text CHECK (length(description) <= 500),
  category             text NOT NULL CHECK (category IN ('utilities', 'supplies', 'salaries', 'maintenance', 'food_cost', 'other')),
  expense_date         date NOT NULL,
  status               text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_by_user_id   bigint NOT NULL,
  approved_by_user_id  bigint,
  approved_at          timestamptz,
  rejection_reason     text CHECK (length(rejection_reason) <= 500),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  version              integer NOT NULL DEFAULT 1,
  PRIMARY KEY (id, expense_date),
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id)
);
CREATE INDEX expenses_id_idx ON expenses (id);
CREATE INDEX expenses_property_date_idx ON expenses (org_id, property_id, expense_date, id) WHERE deleted_at IS NULL;
CREATE INDEX expenses_pending_idx ON expenses (org_id, property_id, created_at) WHERE status = 'pending' AND deleted_at IS NULL;

-- Both kinds in one shape, for lists and reports.
CREATE VIEW finance_transactions AS
  SELECT 'revenue'::text AS kind, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         source, NULL::text AS category, occurred_at, business_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version
    FROM revenues
  UNION ALL
  SELECT 'expense'::text, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         NULL::text, category, NULL::timestamptz, expense_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version
    FROM expenses;

-- The first response to a create with an Idempotency-Key, replayed for retries.
CREATE TABLE idempotency_keys (
  org_id        bigint NOT NULL,
  key           text NOT NULL,
  request_hash  bytea NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);

-- Transactional outbox: events written with the change, relayed to the
-- finance-events topic, deleted once published.
CREATE TABLE finance_outbox (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
