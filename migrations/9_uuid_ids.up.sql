-- Every id becomes a uuid (time-ordered UUIDv7), converted in place.
--
-- Why: Encore's runtime binds a parameter by the type PostgreSQL infers for
-- it and refuses a JS string for int8, while the API (and every caller)
-- carries ids as strings. A string binds to uuid. New rows get their ids from
-- the app (backend/shared/ids.ts, the `uuid` package's v7) and no id column
-- has a DEFAULT: an INSERT that forgets its id fails on NOT NULL instead of
-- quietly getting an id from somewhere else. The UUIDv7 function below exists
-- only for this backfill and lives in pg_temp, so it leaves nothing behind
-- (and cannot clash with PostgreSQL 18's built-in uuidv7()).
--
-- What happens to existing data:
--  * Converted: every id and every reference to one, in organizations,
--    properties, users, user_properties, refresh_tokens (so sessions survive:
--    a dashboard whose access token still carries the old ids gets a 401,
--    refreshes, and carries on), revenues, expenses, idempotency_keys,
--    daily_cash_balances and domain_events — and the ids inside JSON: event
--    store payloads (FinanceEvents; payloads of another shape are left as
--    they are), outbox events, and the responses idempotency keys replay.
--  * Idempotency keys are converted, not cleared: a cleared key would let a
--    client that retries a create (with the same key, after re-reading the
--    new ids) record the transaction twice. Their request hashes were taken
--    over the old ids, so such a retry now gets 409 rather than the replay —
--    never a duplicate. A stored response that is a JSON string (what
--    binding JSON.stringify(...) to jsonb under Encore produces) is unwrapped
--    into the object it should have been.
--  * processed_events is kept as it is: it holds event ids, which were UUIDs
--    already; clearing it would let a redelivered event be applied twice.
--  * Cleared: event_stream_tickets (single-use, 30-second tickets; a
--    dashboard asks for a new one when its stream reconnects).
--  * The standalone host's queue (encore_pubsub_*, in this database only
--    when the app runs on that host) is converted when present, so events
--    published but not yet delivered are not dead-lettered for carrying old
--    ids. A broker outside the database (Encore's NSQ, GCP Pub/Sub, SNS/SQS)
--    cannot be rewritten here: stop writes and let the outbox and the
--    subscriptions drain before deploying this migration (docs/operations.md).
--
-- Order is kept: ids are assigned in the order of the old ids (revenues and
-- expenses shared one sequence and keep one order), from each row's
-- created_at in milliseconds, with a 12-bit counter in rand_a (RFC 9562
-- §6.2, method 1) for rows of the same millisecond (rows inserted by one
-- transaction share created_at). Keyset pagination on (business_date, id)
-- and every ORDER BY id therefore list rows as before.
--
-- The statements run in one transaction (the standalone runner's; under
-- Encore, golang-migrate sends the file as one multi-statement query, which
-- PostgreSQL runs as one implicit transaction): a failure leaves the
-- database at migration 8. Every converted table is rewritten once; 200,000
-- revenues plus 200,000 events took about 25 s on a busy 2-core machine.

-- 1. Helpers, all in pg_temp (this session only). Large tables are
-- converted with plain expressions and index lookups, not per-row function
-- calls: SQL functions below are simple expressions the planner inlines.

-- A UUIDv7 from k = unix milliseconds * 4096 + a 12-bit counter (rand_a); the
-- remaining 62 bits and the variant come from gen_random_uuid().
CREATE FUNCTION pg_temp.uuidv7_at(k bigint) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_byte(set_byte(
           overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(k >> 12) FROM 3 FOR 6) FROM 1 FOR 6),  -- unix_ts_ms, 48 bits
           6, 112 | ((k >> 8) & 15)::int),  -- version 7, then the counter's high 4 bits
           7, (k & 255)::int),              -- the counter's low 8 bits
         'hex')::uuid
$$;

CREATE FUNCTION pg_temp.epoch_ms(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT floor(extract(epoch FROM t) * 1000)::bigint
$$;

-- Old id -> new id, one table per kind of entity.
CREATE TABLE pg_temp.org_ids (old_id bigint PRIMARY KEY, new_id uuid NOT NULL UNIQUE);
CREATE TABLE pg_temp.property_ids (old_id bigint PRIMARY KEY, new_id uuid NOT NULL UNIQUE);
CREATE TABLE pg_temp.user_ids (old_id bigint PRIMARY KEY, new_id uuid NOT NULL UNIQUE);
CREATE TABLE pg_temp.transaction_ids (old_id bigint PRIMARY KEY, new_id uuid NOT NULL UNIQUE);
CREATE TABLE pg_temp.refresh_token_ids (old_id bigint PRIMARY KEY, new_id uuid NOT NULL UNIQUE);

-- An id as stored in JSON ("42"), or null for anything else.
CREATE FUNCTION pg_temp.old_id(v text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v ~ '^[0-9]{1,18}$' THEN v::bigint END
$$;

-- The new id of an old one, for the small tables converted row by row (ids
-- inside JSON). A reference to a row that no longer exists gets an id of its
-- own, the same one everywhere it occurs, so references that agreed before
-- still agree.
CREATE FUNCTION pg_temp.id_for(kind text, old bigint) RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  r uuid;
BEGIN
  IF old IS NULL THEN RETURN NULL; END IF;
  EXECUTE format('SELECT new_id FROM pg_temp.%I WHERE old_id = $1', kind || '_ids') INTO r USING old;
  IF r IS NULL THEN
    r := pg_temp.uuidv7_at(pg_temp.epoch_ms(clock_timestamp()) * 4096 + floor(random() * 4096)::bigint);
    EXECUTE format('INSERT INTO pg_temp.%I (old_id, new_id) VALUES ($1, $2)', kind || '_ids') USING old, r;
  END IF;
  RETURN r;
END $$;

-- Replaces the value at `path` with the new id as a string, when the path holds an old id.
CREATE FUNCTION pg_temp.convert_at(j jsonb, path text[], kind text) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  old bigint := pg_temp.old_id(j #>> path);
BEGIN
  IF old IS NULL THEN RETURN j; END IF;
  RETURN jsonb_set(j, path, to_jsonb(pg_temp.id_for(kind, old)::text));
END $$;

-- A FinanceEvent (finance/topics.ts): its organisation, property, transaction, actor and creator ids.
CREATE FUNCTION pg_temp.convert_finance_event(e jsonb) RETURNS jsonb LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.convert_at(pg_temp.convert_at(pg_temp.convert_at(pg_temp.convert_at(pg_temp.convert_at(e,
    '{orgId}', 'org'), '{propertyId}', 'property'), '{transactionId}', 'transaction'),
    '{actorUserId}', 'user'), '{transaction,createdByUserId}', 'user')
$$;

-- A Transaction as the finance API returns it (finance/transactions.ts), as idempotency keys store it.
CREATE FUNCTION pg_temp.convert_transaction_dto(t jsonb) RETURNS jsonb LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.convert_at(pg_temp.convert_at(pg_temp.convert_at(pg_temp.convert_at(t,
    '{id}', 'transaction'), '{propertyId}', 'property'), '{createdBy,id}', 'user'), '{approvedBy,id}', 'user')
$$;

-- 2. New ids for every row, in old-id order: k = row number + the running
-- maximum of (created_at ms * 4096 − row number), so k never falls below its
-- row's own millisecond and always grows by at least one.
INSERT INTO pg_temp.org_ids
SELECT old_id, pg_temp.uuidv7_at(k) FROM (
  SELECT old_id, rn + max(ms * 4096 - rn) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS k
    FROM (SELECT id AS old_id, pg_temp.epoch_ms(created_at) AS ms, row_number() OVER (ORDER BY id) AS rn FROM organizations) s) t;

INSERT INTO pg_temp.property_ids
SELECT old_id, pg_temp.uuidv7_at(k) FROM (
  SELECT old_id, rn + max(ms * 4096 - rn) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS k
    FROM (SELECT id AS old_id, pg_temp.epoch_ms(created_at) AS ms, row_number() OVER (ORDER BY id) AS rn FROM properties) s) t;

INSERT INTO pg_temp.user_ids
SELECT old_id, pg_temp.uuidv7_at(k) FROM (
  SELECT old_id, rn + max(ms * 4096 - rn) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS k
    FROM (SELECT id AS old_id, pg_temp.epoch_ms(created_at) AS ms, row_number() OVER (ORDER BY id) AS rn FROM users) s) t;

-- Revenues and expenses drew ids from one sequence (never the same id twice): one order across both.
INSERT INTO pg_temp.transaction_ids
SELECT old_id, pg_temp.uuidv7_at(k) FROM (
  SELECT old_id, rn + max(ms * 4096 - rn) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS k
    FROM (SELECT id AS old_id, pg_temp.epoch_ms(created_at) AS ms, row_number() OVER (ORDER BY id) AS rn
            FROM (SELECT id, created_at FROM revenues UNION ALL SELECT id, created_at FROM expenses) u) s) t;

INSERT INTO pg_temp.refresh_token_ids
SELECT old_id, pg_temp.uuidv7_at(k) FROM (
  SELECT old_id, rn + max(ms * 4096 - rn) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS k
    FROM (SELECT id AS old_id, pg_temp.epoch_ms(created_at) AS ms, row_number() OVER (ORDER BY id) AS rn FROM refresh_tokens) s) t;

-- References without a foreign key whose row is gone (none are expected):
-- one new id per old one, so they keep agreeing with each other.
INSERT INTO pg_temp.org_ids
SELECT old_id, pg_temp.uuidv7_at(pg_temp.epoch_ms(clock_timestamp()) * 4096 + floor(random() * 4096)::bigint)
  FROM (SELECT org_id FROM refresh_tokens UNION SELECT org_id FROM idempotency_keys
        UNION SELECT org_id FROM daily_cash_balances UNION SELECT org_id FROM domain_events) r(old_id)
 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.org_ids m WHERE m.old_id = r.old_id);
INSERT INTO pg_temp.property_ids
SELECT old_id, pg_temp.uuidv7_at(pg_temp.epoch_ms(clock_timestamp()) * 4096 + floor(random() * 4096)::bigint)
  FROM (SELECT property_id FROM daily_cash_balances UNION SELECT property_id FROM domain_events) r(old_id)
 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.property_ids m WHERE m.old_id = r.old_id);
INSERT INTO pg_temp.transaction_ids
SELECT old_id, pg_temp.uuidv7_at(pg_temp.epoch_ms(clock_timestamp()) * 4096 + floor(random() * 4096)::bigint)
  FROM (SELECT DISTINCT aggregate_id FROM domain_events) r(old_id)
 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.transaction_ids m WHERE m.old_id = r.old_id);
INSERT INTO pg_temp.user_ids
SELECT old_id, pg_temp.uuidv7_at(pg_temp.epoch_ms(clock_timestamp()) * 4096 + floor(random() * 4096)::bigint)
  FROM (SELECT created_by_user_id FROM revenues UNION SELECT approved_by_user_id FROM revenues UNION SELECT last_edited_by_user_id FROM revenues
        UNION SELECT created_by_user_id FROM expenses UNION SELECT approved_by_user_id FROM expenses UNION SELECT last_edited_by_user_id FROM expenses
        UNION SELECT actor_user_id FROM domain_events
        UNION SELECT pg_temp.old_id(event_data #>> '{transaction,createdByUserId}') FROM domain_events) r(old_id)
 WHERE old_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_temp.user_ids m WHERE m.old_id = r.old_id);

ANALYZE pg_temp.org_ids, pg_temp.property_ids, pg_temp.user_ids, pg_temp.transaction_ids, pg_temp.refresh_token_ids;

-- 3. The new columns, filled (each new id an index lookup in its map).
-- Every key, foreign key and index on an old id column goes first: they
-- would go with their columns anyway, and the updates below would otherwise
-- write an entry into each of them for every row (step 5 recreates them all
-- under the same names).
DROP VIEW finance_transactions;
ALTER TABLE user_properties DROP CONSTRAINT user_properties_org_id_user_id_fkey, DROP CONSTRAINT user_properties_org_id_property_id_fkey,
  DROP CONSTRAINT user_properties_pkey;
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_user_id_fkey, DROP CONSTRAINT refresh_tokens_pkey;
ALTER TABLE revenues DROP CONSTRAINT revenues_org_id_property_id_fkey, DROP CONSTRAINT revenues_pkey;
ALTER TABLE expenses DROP CONSTRAINT expenses_org_id_property_id_fkey, DROP CONSTRAINT expenses_pkey;
ALTER TABLE properties DROP CONSTRAINT properties_org_id_fkey, DROP CONSTRAINT properties_org_id_id_key, DROP CONSTRAINT properties_pkey;
ALTER TABLE users DROP CONSTRAINT users_org_id_fkey, DROP CONSTRAINT users_org_id_id_key, DROP CONSTRAINT users_pkey;
ALTER TABLE organizations DROP CONSTRAINT organizations_pkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE daily_cash_balances DROP CONSTRAINT daily_cash_balances_pkey;
ALTER TABLE domain_events DROP CONSTRAINT domain_events_aggregate_id_version_key;
DROP INDEX properties_org_idx, users_org_idx,
  revenues_id_idx, revenues_property_date_idx, revenues_pending_idx,
  expenses_id_idx, expenses_property_date_idx, expenses_pending_idx,
  daily_cash_balances_discrepancy_idx,
  domain_events_org_seq_idx, domain_events_org_property_seq_idx, domain_events_org_actor_seq_idx;

ALTER TABLE organizations ADD COLUMN id_new uuid;
UPDATE organizations SET id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = id);

ALTER TABLE properties ADD COLUMN id_new uuid, ADD COLUMN org_id_new uuid;
UPDATE properties SET id_new = (SELECT new_id FROM pg_temp.property_ids WHERE old_id = id),
                      org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id);

ALTER TABLE users ADD COLUMN id_new uuid, ADD COLUMN org_id_new uuid;
UPDATE users SET id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = id),
                 org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id);

ALTER TABLE user_properties ADD COLUMN org_id_new uuid, ADD COLUMN user_id_new uuid, ADD COLUMN property_id_new uuid;
UPDATE user_properties SET org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id),
                           user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = user_id),
                           property_id_new = (SELECT new_id FROM pg_temp.property_ids WHERE old_id = property_id);

ALTER TABLE refresh_tokens ADD COLUMN id_new uuid, ADD COLUMN user_id_new uuid, ADD COLUMN org_id_new uuid;
UPDATE refresh_tokens SET id_new = (SELECT new_id FROM pg_temp.refresh_token_ids WHERE old_id = id),
                          user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = user_id),
                          org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id);

ALTER TABLE revenues ADD COLUMN id_new uuid, ADD COLUMN org_id_new uuid, ADD COLUMN property_id_new uuid,
  ADD COLUMN created_by_user_id_new uuid, ADD COLUMN approved_by_user_id_new uuid, ADD COLUMN last_edited_by_user_id_new uuid;
UPDATE revenues SET id_new = (SELECT new_id FROM pg_temp.transaction_ids WHERE old_id = id),
  org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id),
  property_id_new = (SELECT new_id FROM pg_temp.property_ids WHERE old_id = property_id),
  created_by_user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = created_by_user_id),
  approved_by_user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = approved_by_user_id),
  last_edited_by_user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = last_edited_by_user_id);

ALTER TABLE expenses ADD COLUMN id_new uuid, ADD COLUMN org_id_new uuid, ADD COLUMN property_id_new uuid,
  ADD COLUMN created_by_user_id_new uuid, ADD COLUMN approved_by_user_id_new uuid, ADD COLUMN last_edited_by_user_id_new uuid;
UPDATE expenses SET id_new = (SELECT new_id FROM pg_temp.transaction_ids WHERE old_id = id),
  org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id),
  property_id_new = (SELECT new_id FROM pg_temp.property_ids WHERE old_id = property_id),
  created_by_user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = created_by_user_id),
  approved_by_user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = approved_by_user_id),
  last_edited_by_user_id_new = (SELECT new_id FROM pg_temp.user_ids WHERE old_id = last_edited_by_user_id);

ALTER TABLE idempotency_keys ADD COLUMN org_id_new uuid;
UPDATE idempotency_keys SET org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id),
  response = pg_temp.convert_transaction_dto(CASE WHEN jsonb_typeof(response) = 'string' THEN (response #>> '{}')::jsonb ELSE response END);

UPDATE finance_outbox SET event = pg_temp.convert_finance_event(event::jsonb)::json;

ALTER TABLE daily_cash_balances ADD COLUMN org_id_new uuid, ADD COLUMN property_id_new uuid;
UPDATE daily_cash_balances SET org_id_new = (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id),
                               property_id_new = (SELECT new_id FROM pg_temp.property_ids WHERE old_id = property_id);

-- The event store is the largest table: written once, ids looked up in a
-- read-only pass, the payload rewritten by one expression. A FinanceEvent payload (events/event-store.ts
-- fromFinanceEvent) carries the row's own ids at the top level, so it takes
-- the same new ids; payloads of another shape are left as they are.
ALTER TABLE domain_events ADD COLUMN aggregate_id_new uuid, ADD COLUMN org_id_new uuid, ADD COLUMN property_id_new uuid, ADD COLUMN actor_user_id_new uuid;
UPDATE domain_events e SET aggregate_id_new = m.a, org_id_new = m.o, property_id_new = m.p, actor_user_id_new = m.u,
  event_data = CASE WHEN pg_temp.old_id(e.event_data ->> 'transactionId') IS NULL THEN e.event_data ELSE e.event_data
    || jsonb_build_object('orgId', m.o, 'propertyId', m.p, 'transactionId', m.a, 'actorUserId', m.u)
    || CASE WHEN jsonb_typeof(e.event_data -> 'transaction') = 'object'
            THEN jsonb_build_object('transaction', (e.event_data -> 'transaction') || jsonb_build_object('createdByUserId', m.c))
            ELSE '{}'::jsonb END
  END
  FROM (SELECT seq,
               (SELECT new_id FROM pg_temp.transaction_ids WHERE old_id = aggregate_id) AS a,
               (SELECT new_id FROM pg_temp.org_ids WHERE old_id = org_id) AS o,
               (SELECT new_id FROM pg_temp.property_ids WHERE old_id = property_id) AS p,
               (SELECT new_id FROM pg_temp.user_ids WHERE old_id = actor_user_id) AS u,
               (SELECT new_id FROM pg_temp.user_ids WHERE old_id = pg_temp.old_id(event_data #>> '{transaction,createdByUserId}')) AS c
          FROM domain_events OFFSET 0) m  -- OFFSET 0: look each id up once, not once per use above
 WHERE m.seq = e.seq;

-- 4. Old columns out, new ones in under the old names.
ALTER TABLE user_properties DROP COLUMN org_id, DROP COLUMN user_id, DROP COLUMN property_id;
ALTER TABLE refresh_tokens DROP COLUMN id, DROP COLUMN user_id, DROP COLUMN org_id;
ALTER TABLE revenues DROP COLUMN id, DROP COLUMN org_id, DROP COLUMN property_id, DROP COLUMN created_by_user_id,
  DROP COLUMN approved_by_user_id, DROP COLUMN last_edited_by_user_id;
ALTER TABLE expenses DROP COLUMN id, DROP COLUMN org_id, DROP COLUMN property_id, DROP COLUMN created_by_user_id,
  DROP COLUMN approved_by_user_id, DROP COLUMN last_edited_by_user_id;
DROP SEQUENCE finance_transaction_id_seq;
ALTER TABLE idempotency_keys DROP COLUMN org_id;
ALTER TABLE daily_cash_balances DROP COLUMN org_id, DROP COLUMN property_id;
ALTER TABLE domain_events DROP COLUMN aggregate_id, DROP COLUMN org_id, DROP COLUMN property_id, DROP COLUMN actor_user_id;
ALTER TABLE properties DROP COLUMN id, DROP COLUMN org_id;
ALTER TABLE users DROP COLUMN id, DROP COLUMN org_id;
ALTER TABLE organizations DROP COLUMN id;

ALTER TABLE organizations RENAME COLUMN id_new TO id;
ALTER TABLE properties RENAME COLUMN id_new TO id;
ALTER TABLE properties RENAME COLUMN org_id_new TO org_id;
ALTER TABLE users RENAME COLUMN id_new TO id;
ALTER TABLE users RENAME COLUMN org_id_new TO org_id;
ALTER TABLE user_properties RENAME COLUMN org_id_new TO org_id;
ALTER TABLE user_properties RENAME COLUMN user_id_new TO user_id;
ALTER TABLE user_properties RENAME COLUMN property_id_new TO property_id;
ALTER TABLE refresh_tokens RENAME COLUMN id_new TO id;
ALTER TABLE refresh_tokens RENAME COLUMN user_id_new TO user_id;
ALTER TABLE refresh_tokens RENAME COLUMN org_id_new TO org_id;
ALTER TABLE revenues RENAME COLUMN id_new TO id;
ALTER TABLE revenues RENAME COLUMN org_id_new TO org_id;
ALTER TABLE revenues RENAME COLUMN property_id_new TO property_id;
ALTER TABLE revenues RENAME COLUMN created_by_user_id_new TO created_by_user_id;
ALTER TABLE revenues RENAME COLUMN approved_by_user_id_new TO approved_by_user_id;
ALTER TABLE revenues RENAME COLUMN last_edited_by_user_id_new TO last_edited_by_user_id;
ALTER TABLE expenses RENAME COLUMN id_new TO id;
ALTER TABLE expenses RENAME COLUMN org_id_new TO org_id;
ALTER TABLE expenses RENAME COLUMN property_id_new TO property_id;
ALTER TABLE expenses RENAME COLUMN created_by_user_id_new TO created_by_user_id;
ALTER TABLE expenses RENAME COLUMN approved_by_user_id_new TO approved_by_user_id;
ALTER TABLE expenses RENAME COLUMN last_edited_by_user_id_new TO last_edited_by_user_id;
ALTER TABLE idempotency_keys RENAME COLUMN org_id_new TO org_id;
ALTER TABLE daily_cash_balances RENAME COLUMN org_id_new TO org_id;
ALTER TABLE daily_cash_balances RENAME COLUMN property_id_new TO property_id;
ALTER TABLE domain_events RENAME COLUMN aggregate_id_new TO aggregate_id;
ALTER TABLE domain_events RENAME COLUMN org_id_new TO org_id;
ALTER TABLE domain_events RENAME COLUMN property_id_new TO property_id;
ALTER TABLE domain_events RENAME COLUMN actor_user_id_new TO actor_user_id;

-- 5. Keys, constraints and indexes as migrations 1–4 made them, same names
-- (code matches some by name, e.g. domain_events_aggregate_id_version_key).
ALTER TABLE organizations ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

ALTER TABLE properties
  ALTER COLUMN org_id SET NOT NULL,
  ADD CONSTRAINT properties_pkey PRIMARY KEY (id),
  ADD CONSTRAINT properties_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations (id),
  ADD CONSTRAINT properties_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX properties_org_idx ON properties (org_id, id);

ALTER TABLE users
  ALTER COLUMN org_id SET NOT NULL,
  ADD CONSTRAINT users_pkey PRIMARY KEY (id),
  ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations (id),
  ADD CONSTRAINT users_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX users_org_idx ON users (org_id, id);

ALTER TABLE user_properties
  ALTER COLUMN org_id SET NOT NULL,
  ADD CONSTRAINT user_properties_pkey PRIMARY KEY (user_id, property_id),
  ADD CONSTRAINT user_properties_org_id_user_id_fkey FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
  ADD CONSTRAINT user_properties_org_id_property_id_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE;

ALTER TABLE refresh_tokens
  ALTER COLUMN user_id SET NOT NULL,
  ALTER COLUMN org_id SET NOT NULL,
  ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
  ADD CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE revenues
  ALTER COLUMN org_id SET NOT NULL,
  ALTER COLUMN property_id SET NOT NULL,
  ALTER COLUMN created_by_user_id SET NOT NULL,
  ADD CONSTRAINT revenues_pkey PRIMARY KEY (id, business_date),
  ADD CONSTRAINT revenues_org_id_property_id_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id);
CREATE INDEX revenues_id_idx ON revenues (id);
CREATE INDEX revenues_property_date_idx ON revenues (org_id, property_id, business_date, id) WHERE deleted_at IS NULL;
CREATE INDEX revenues_pending_idx ON revenues (org_id, property_id, created_at) WHERE status = 'pending' AND deleted_at IS NULL;

ALTER TABLE expenses
  ALTER COLUMN org_id SET NOT NULL,
  ALTER COLUMN property_id SET NOT NULL,
  ALTER COLUMN created_by_user_id SET NOT NULL,
  ADD CONSTRAINT expenses_pkey PRIMARY KEY (id, expense_date),
  ADD CONSTRAINT expenses_org_id_property_id_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id);
CREATE INDEX expenses_id_idx ON expenses (id);
CREATE INDEX expenses_property_date_idx ON expenses (org_id, property_id, expense_date, id) WHERE deleted_at IS NULL;
CREATE INDEX expenses_pending_idx ON expenses (org_id, property_id, created_at) WHERE status = 'pending' AND deleted_at IS NULL;

ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (org_id, key);

ALTER TABLE daily_cash_balances ADD CONSTRAINT daily_cash_balances_pkey PRIMARY KEY (org_id, property_id, balance_date);
CREATE INDEX daily_cash_balances_discrepancy_idx ON daily_cash_balances (org_id, property_id, balance_date) WHERE balance_discrepancy_cents <> 0;

ALTER TABLE domain_events
  ALTER COLUMN aggregate_id SET NOT NULL,
  ALTER COLUMN org_id SET NOT NULL,
  ALTER COLUMN property_id SET NOT NULL,
  ADD CONSTRAINT domain_events_aggregate_id_version_key UNIQUE (aggregate_id, version);
CREATE INDEX domain_events_org_seq_idx ON domain_events (org_id, seq);
CREATE INDEX domain_events_org_property_seq_idx ON domain_events (org_id, property_id, seq);
CREATE INDEX domain_events_org_actor_seq_idx ON domain_events (org_id, actor_user_id, seq);

-- Tickets live 30 seconds and are used once: cleared, not converted.
DELETE FROM event_stream_tickets;
ALTER TABLE event_stream_tickets
  ALTER COLUMN org_id TYPE uuid USING NULL,
  ALTER COLUMN user_id TYPE uuid USING NULL,
  ALTER COLUMN property_ids TYPE uuid[] USING NULL;

CREATE VIEW finance_transactions AS
  SELECT 'revenue'::text AS kind, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         source, NULL::text AS category, occurred_at, business_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version
    FROM revenues
  UNION ALL
  SELECT 'expense'::text, id, org_id, property_id, amount_cents, payment_mode, bank_reference, description,
         NULL::text, category, NULL::timestamptz, expense_date, status, created_by_user_id, approved_by_user_id,
         approved_at, rejection_reason, created_at, updated_at, deleted_at, version
    FROM expenses;

-- 6. The standalone host's queue, when this database holds it: finance events
-- waiting for delivery (and dead letters, for a later retry) get the new ids.
-- Cash-book notices only prompt dashboards to refetch and are left as they are.
DO $$
BEGIN
  IF to_regclass('encore_pubsub_payloads') IS NOT NULL THEN
    UPDATE encore_pubsub_payloads SET payload = pg_temp.convert_finance_event(payload::jsonb)::json WHERE topic = 'finance-events';
  END IF;
  IF to_regclass('encore_pubsub_dead_letters') IS NOT NULL THEN
    UPDATE encore_pubsub_dead_letters SET payload = pg_temp.convert_finance_event(payload) WHERE topic = 'finance-events';
  END IF;
END $$;

-- 7. Nothing of the helpers stays (a pooled session would otherwise keep them).
DROP FUNCTION pg_temp.convert_transaction_dto(jsonb);
DROP FUNCTION pg_temp.convert_finance_event(jsonb);
DROP FUNCTION pg_temp.convert_at(jsonb, text[], text);
DROP FUNCTION pg_temp.id_for(text, bigint);
DROP FUNCTION pg_temp.old_id(text);
DROP TABLE pg_temp.org_ids, pg_temp.property_ids, pg_temp.user_ids, pg_temp.transaction_ids, pg_temp.refresh_token_ids;
DROP FUNCTION pg_temp.epoch_ms(timestamptz);
DROP FUNCTION pg_temp.uuidv7_at(bigint);
