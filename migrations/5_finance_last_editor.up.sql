-- Who last changed an entry's content, so maker-checker also holds for edits:
-- a manager who edits a pending entry may not approve it as well.
ALTER TABLE revenues ADD COLUMN last_edited_by_user_id bigint;
ALTER TABLE expenses ADD COLUMN last_edited_by_user_id bigint;
