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
CREATE TABLE IF NOT EXISTS encore_pubsub_messages (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  subscription  text NOT NULL,
  message_id    uuid NOT NULL,
  payload       jsonb NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  visible_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_error    text
);
CREATE INDEX IF NOT EXISTS encore_pubsub_messages_claim_idx ON encore_pubsub_messages (subscription, visible_at, id);
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
