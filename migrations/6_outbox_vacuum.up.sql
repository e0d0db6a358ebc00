-- The outbox is a queue: rows live for milliseconds. Vacuum it early and
-- unthrottled so the relay's ordered scan does not wade through dead rows.
ALTER TABLE finance_outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
