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

-- Cashier shifts (owner: finance): opened with the float received, closed
-- with the counted cash (a total, or counts by denomination), the expected
-- cash and the over/short computed and kept at close, then signed off by a
-- manager. The entries and movements a cashier records at the property
-- while the shift is open are the shift's (by author and time: the finance
-- rows themselves are not changed).
CREATE TABLE cash_shifts (
  id                     uuid PRIMARY KEY,
  org_id                 uuid NOT NULL,
  property_id            uuid NOT NULL,
  user_id                uuid NOT NULL,
  business_date          date NOT NULL,
  status                 text NOT NULL CHECK (status IN ('open', 'closed', 'signed_off')),
  blind                  boolean NOT NULL DEFAULT false,
  float_cents            bigint NOT NULL CHECK (float_cents >= 0),
  opened_at              timestamptz NOT NULL DEFAULT now(),
  closed_at              timestamptz,
  counted_cents          bigint CHECK (counted_cents >= 0),
  denominations          jsonb,
  expected_cents         bigint,
  over_short_cents       bigint,
  closed_by_user_id      uuid,
  signed_off_by_user_id  uuid,
  signed_off_at          timestamptz,
  note                   text CHECK (length(note) <= 500),
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id),
  CHECK ((status = 'open') = (closed_at IS NULL))
);
-- One open shift per cashier and property.
CREATE UNIQUE INDEX cash_shifts_one_open_idx ON cash_shifts (org_id, property_id, user_id) WHERE status = 'open';
CREATE INDEX cash_shifts_property_date_idx ON cash_shifts (org_id, property_id, business_date);
