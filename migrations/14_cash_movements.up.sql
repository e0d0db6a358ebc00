-- Cash movements (owner: finance): money that moves between the cash in hand
-- and the bank (or leaves the drawer) without being revenue or expense: a
-- cash drop or bank deposit (cash out, bank in), a float top-up (cash in,
-- bank out), a paid-out (cash out). Same maker-checker as revenues and
-- expenses; each change is an event on the finance topic.
CREATE TABLE cash_movements (
  id                   uuid PRIMARY KEY,
  org_id               uuid NOT NULL,
  property_id          uuid NOT NULL,
  movement_type        text NOT NULL CHECK (movement_type IN ('cash_drop', 'bank_deposit', 'float_top_up', 'paid_out')),
  amount_cents         bigint NOT NULL CHECK (amount_cents > 0),
  -- What it does to cash in hand and to the bank once approved, signed, as
  -- finance/cash-effect.ts defines it (stored so SQL that recomputes the cash
  -- book from the source never restates that definition).
  cash_effect_cents    bigint NOT NULL CHECK (abs(cash_effect_cents) IN (0, amount_cents)),
  bank_effect_cents    bigint NOT NULL CHECK (abs(bank_effect_cents) IN (0, amount_cents)),
  business_date        date NOT NULL,
  bank_reference       text CHECK (length(bank_reference) <= 100),
  description          text CHECK (length(description) <= 500),
  status               text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_by_user_id   uuid NOT NULL,
  approved_by_user_id  uuid,
  approved_at          timestamptz,
  rejection_reason     text CHECK (length(rejection_reason) <= 500),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  version              integer NOT NULL DEFAULT 1,
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id)
);
CREATE INDEX cash_movements_property_date_idx ON cash_movements (org_id, property_id, business_date, id) WHERE deleted_at IS NULL;

-- The cash book (owner: reports) gains the movements' net effect on cash in
-- hand and on the bank, kept apart from received and expenses so revenue
-- and expense totals never include them. closing = opening + cash received −
-- cash expenses + cash moved. Existing rows had no movements: 0.
ALTER TABLE daily_cash_balances
  ADD COLUMN cash_moved_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN bank_moved_cents bigint NOT NULL DEFAULT 0;
