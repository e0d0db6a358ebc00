-- Event store, live-stream tickets (owner: events service).

-- Every finance event, appended once (event_id) with its per-aggregate
-- version (optimistic concurrency). `seq` is the global, gap-free commit
-- order the live stream resumes from: writers hold a transaction-level
-- advisory lock while inserting, so a larger seq never commits before a
-- smaller one.
CREATE TABLE domain_events (
  seq             bigserial PRIMARY KEY,
  event_id        uuid NOT NULL UNIQUE,
  aggregate_id    bigint NOT NULL,
  aggregate_type  text NOT NULL CHECK (length(aggregate_type) BETWEEN 1 AND 50),
  event_type      text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 100),
  event_data      jsonb NOT NULL,
  org_id          bigint NOT NULL,
  property_id     bigint NOT NULL,
  actor_user_id   bigint,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL CHECK (version > 0),
  UNIQUE (aggregate_id, version)
);
-- Organisation activity feed and stream replay (newest first / after a seq).
CREATE INDEX domain_events_org_seq_idx ON domain_events (org_id, seq);
CREATE INDEX domain_events_org_property_seq_idx ON domain_events (org_id, property_id, seq);
CREATE INDEX domain_events_org_actor_seq_idx ON domain_events (org_id, actor_user_id, seq);

-- Single-use tickets for GET /events/stream (a browser EventSource cannot
-- send an Authorization header, and tokens never go into URLs). Only the
-- SHA-256 of the ticket is stored; redeeming deletes the row.
CREATE TABLE event_stream_tickets (
  ticket_hash   bytea PRIMARY KEY,
  org_id        bigint NOT NULL,
  user_id       bigint NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
  property_ids  bigint[] NOT NULL,
  expires_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_stream_tickets_expires_idx ON event_stream_tickets (expires_at);
