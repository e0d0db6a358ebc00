-- Reversals and refunds (owner: finance). An approved entry is never edited
-- or deleted once its day is closed; it is corrected by a reversal: a new
-- entry of the same kind that references it, with a reason, on an open date,
-- whose cash effect is the negative of its amount (a refund of a revenue is a
-- reversal of part or all of it). Existing rows are no reversal (NULL).
ALTER TABLE revenues
  ADD COLUMN reverses_id uuid,
  ADD COLUMN reversal_reason text CHECK (length(reversal_reason) <= 500),
  ADD CONSTRAINT revenues_reversal_has_reason CHECK ((reverses_id IS NULL) = (reversal_reason IS NULL));
ALTER TABLE expenses
  ADD COLUMN reverses_id uuid,
  ADD COLUMN reversal_reason text CHECK (length(reversal_reason) <= 500),
  ADD CONSTRAINT expenses_reversal_has_reason CHECK ((reverses_id IS NULL) = (reversal_reason IS NULL));
CREATE INDEX revenues_reverses_idx ON revenues (org_id, reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX expenses_reverses_idx ON expenses (org_id, reverses_id) WHERE reverses_id IS NOT NULL;

-- The view gains the reference, the reason and the signed amount every sum
-- over it uses (a reversal counts negative); new columns go at the end, so
-- CREATE OR REPLACE keeps everything that reads the old ones.
CREATE OR REPLACE VIEW finance_transactions AS
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
