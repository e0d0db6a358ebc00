-- Day close (owner: finance). A closed business date of a property takes no
-- create, edit, approval, rejection or delete dated on it; neither does any
-- date before the property's editable window.

-- Per-property finance settings. The row is also the lock every finance
-- write of the property takes (FOR KEY SHARE) and a close takes exclusively
-- (FOR UPDATE), so a write racing a close either commits before the close
-- reads the day or waits and then sees the day closed.
CREATE TABLE finance_property_settings (
  org_id               uuid NOT NULL,
  property_id          uuid NOT NULL,
  -- How many days before today (in the property's time zone) entries may still be dated or changed.
  editable_days        integer NOT NULL DEFAULT 7 CHECK (editable_days BETWEEN 0 AND 3660),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id   uuid,
  PRIMARY KEY (org_id, property_id),
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id)
);
-- Existing properties get their row now; new ones get it on their first finance write.
INSERT INTO finance_property_settings (org_id, property_id) SELECT org_id, id FROM properties ON CONFLICT DO NOTHING;

-- The closed days, with the figures the source held when the day was closed.
CREATE TABLE business_day_closes (
  org_id                 uuid NOT NULL,
  property_id            uuid NOT NULL,
  business_date          date NOT NULL,
  closed_at              timestamptz NOT NULL DEFAULT now(),
  closed_by_user_id      uuid NOT NULL,
  note                   text CHECK (length(note) <= 500),
  -- Set when the close went ahead over open shifts.
  forced_reason          text CHECK (length(forced_reason) <= 500),
  approved_count         integer NOT NULL,
  cash_received_cents    bigint NOT NULL,
  bank_received_cents    bigint NOT NULL,
  cash_expenses_cents    bigint NOT NULL,
  bank_expenses_cents    bigint NOT NULL,
  PRIMARY KEY (org_id, property_id, business_date),
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id)
);

-- Every close and reopen, kept for good (the audit of who closed or reopened which day, when and why).
CREATE TABLE business_day_log (
  id              uuid PRIMARY KEY,
  org_id          uuid NOT NULL,
  property_id     uuid NOT NULL,
  business_date   date NOT NULL,
  action          text NOT NULL CHECK (action IN ('closed', 'reopened')),
  reason          text CHECK (length(reason) <= 500),
  actor_user_id   uuid NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX business_day_log_property_idx ON business_day_log (org_id, property_id, business_date, at);
