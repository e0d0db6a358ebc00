// The standalone host's own tables for durable pub/sub. They belong to the
// host, not to the app's migrations: under Encore, NSQ or a cloud broker
// holds this state instead.
export const PUBSUB_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS encore_pubsub_subscriptions (
  topic          text NOT NULL,
  subscription   text NOT NULL,
  retention      interval NOT NULL,
  registered_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, subscription)
);
-- A message's body is stored once; each subscription gets a small delivery
-- row. Claims rewrite only the delivery row, so a 1 KB event is not copied
-- (and WAL-logged) again per subscription and per attempt. The body is json,
-- not jsonb: the queue never looks inside it, and json keeps the text as
-- given where jsonb would parse it on publish and print it again on claim.
CREATE TABLE IF NOT EXISTS encore_pubsub_payloads (
  message_id    uuid PRIMARY KEY,
  topic         text NOT NULL,
  payload       json NOT NULL,
  published_at  timestamptz NOT NULL DEFAULT now()
);
DO $$ BEGIN
  -- Databases created before the body became json.
  IF (SELECT data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'encore_pubsub_payloads' AND column_name = 'payload') = 'jsonb' THEN
    ALTER TABLE encore_pubsub_payloads ALTER COLUMN payload TYPE json USING payload::json;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS encore_pubsub_payloads_age_idx ON encore_pubsub_payloads (published_at);
CREATE TABLE IF NOT EXISTS encore_pubsub_messages (
  id            bigserial NOT NULL,
  topic         text NOT NULL,
  subscription  text NOT NULL,
  message_id    uuid NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  visible_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_error    text,
  PRIMARY KEY (subscription, id)
) WITH (fillfactor = 70);
-- The key is (subscription, id), and no index has id alone: a claim walks
-- its own subscription's deliveries in id order, and the planner cannot pick
-- an id-ordered scan that wades through every other subscription's backlog
-- (it did, with a separate claim index). Acks and retries name the
-- subscription too. visible_at and attempts are deliberately not indexed: a
-- claim then updates no indexed column, so PostgreSQL can do it as a HOT
-- update in place (the fillfactor leaves room on each page).
DO $$ BEGIN
  -- Databases created when the key was id alone, beside a (subscription, id) claim index.
  IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
              WHERE c.relname = 'encore_pubsub_messages' AND c.relnamespace = current_schema()::regnamespace
                AND i.indisprimary AND i.indnatts = 1) THEN
    ALTER TABLE encore_pubsub_messages DROP CONSTRAINT encore_pubsub_messages_pkey, ADD PRIMARY KEY (subscription, id);
  END IF;
END $$;
DROP INDEX IF EXISTS encore_pubsub_messages_claim_idx;
-- The process instance whose claim holds a delivery (its seq in
-- encore_pubsub_instances) until it acks, retries or dies; NULL when no one
-- does. Not indexed (claims stay HOT updates): it is only searched when an
-- instance starts or another's heartbeat stopped.
ALTER TABLE encore_pubsub_messages ADD COLUMN IF NOT EXISTS claimed_by integer;
-- One row per running process instance, refreshed every heartbeat. A
-- restarted instance (same instance_id) takes back the deliveries its previous
-- incarnation held at once; any instance releases those of an instance whose
-- heartbeat stopped. Either way a crash costs seconds, not the ack deadline.
CREATE TABLE IF NOT EXISTS encore_pubsub_instances (
  seq           serial PRIMARY KEY,
  instance_id   text NOT NULL UNIQUE,
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS encore_pubsub_messages_message_idx ON encore_pubsub_messages (message_id);
-- Queue tables churn: every row is deleted within moments of its insert. Dead
-- index entries at the head of a subscription's key range slow its full-scan
-- claims (the cursor skips them otherwise) until vacuum removes them, so
-- vacuum these tables early and without throttling.
ALTER TABLE encore_pubsub_messages SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE encore_pubsub_payloads SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
CREATE TABLE IF NOT EXISTS encore_pubsub_dead_letters (
  id            bigint PRIMARY KEY,
  topic         text NOT NULL,
  subscription  text NOT NULL,
  message_id    uuid NOT NULL,
  payload       jsonb NOT NULL,
  attempts      integer NOT NULL,
  last_error    text,
  published_at  timestamptz NOT NULL,
  dead_at       timestamptz NOT NULL DEFAULT now()
);
`;
