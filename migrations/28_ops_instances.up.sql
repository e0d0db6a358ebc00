-- The app's processes, for /ops/status: each writes its row every few
-- seconds (backend/shared/instance-heartbeat.ts through the ops service), and
-- rows silent for an hour are pruned by the same statement. Owned by ops.
CREATE TABLE ops_instances (
  -- A process name (INSTANCE_ID or host:pid:suffix), not one of the app's uuid ids.
  instance text PRIMARY KEY,
  services text[] NOT NULL,
  started_at timestamptz NOT NULL,
  last_heartbeat_at timestamptz NOT NULL DEFAULT now()
);
