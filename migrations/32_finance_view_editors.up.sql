-- The view gains who edited an entry (owner: finance): the last editor and
-- every user who changed its amount, payment mode or date. The ledger refuses
-- their approval or rejection (finance/ledger.ts assertReviewable), and the
-- dashboard reads the list through this view, so it can hide what the server
-- would refuse. New columns go at the end, so CREATE OR REPLACE keeps
-- everything that reads the old ones (as migration 13 did).
CREATE OR REPLACE VIEW finance_transactions AS
  SELECT 'revenue'::text AS kind, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         source, NULL::text AS category, occurred_at, business_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version,
         reverses_id, reversal_reason, CASE WHEN reverses_id IS NULL THEN amount_cents ELSE -amount_cents END AS signed_amount_cents,
         last_edited_by_user_id, money_edited_by
    FROM revenues
  UNION ALL
  SELECT 'expense'::text, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         NULL::text, category, NULL::timestamptz, expense_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version,
         reverses_id, reversal_reason, CASE WHEN reverses_id IS NULL THEN amount_cents ELSE -amount_cents END,
         last_edited_by_user_id, money_edited_by
    FROM expenses;
