-- The outbox holds an event for milliseconds and nothing queries inside it:
-- json stores the text as given, where jsonb would parse it on the way in and
-- print it again on the way out.
ALTER TABLE finance_outbox ALTER COLUMN event TYPE json USING event::json;
