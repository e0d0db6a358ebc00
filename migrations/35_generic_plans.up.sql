-- Prepared statements use their generic plan from the first execution on, in
-- every new session of this database. With the default (auto) PostgreSQL costs
-- a generic plan over a partitioned table without the partitions that
-- run-time pruning will remove, so it looks several times dearer than a custom
-- plan and every execution is planned afresh over every partition: a day's
-- entries through finance_transactions (quarter partitions of revenues and
-- expenses) ran at 5,848 statements/s against 96,427 on the unpartitioned
-- schema, and at 42,109/s with generic plans, which prune at executor start
-- (pgbench, docs/performance.md). The app's statements are written to be safe
-- as generic plans (the queue's claim says why it uses = ANY(ARRAY(…))).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_generic_plan', current_database());
END
$$;
