-- Everyone who changed an entry's money (amount, payment mode, date), so
-- maker-checker holds for all of them and not only for the last editor: a
-- manager who changed the amount may not approve it after the creator has
-- edited the description. Existing rows start with their last editor, who was
-- already barred from approving them.
ALTER TABLE revenues ADD COLUMN money_edited_by uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE expenses ADD COLUMN money_edited_by uuid[] NOT NULL DEFAULT '{}';
UPDATE revenues SET money_edited_by = ARRAY[last_edited_by_user_id] WHERE last_edited_by_user_id IS NOT NULL;
UPDATE expenses SET money_edited_by = ARRAY[last_edited_by_user_id] WHERE last_edited_by_user_id IS NOT NULL;
