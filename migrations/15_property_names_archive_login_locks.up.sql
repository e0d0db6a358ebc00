-- Owner: auth service.
--
-- 1. Property names unique within an organisation, compared as people read
--    them (case and surrounding spaces ignored), so "Sea View" and "sea view "
--    cannot both be offered in the entry form. Names already duplicated in a
--    database with data are kept readable and made distinct by suffixing the
--    later ones with the start of their id; the earliest keeps its name. An
--    admin can rename them afterwards.
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY org_id, lower(btrim(name)) ORDER BY created_at, id) AS n
  FROM properties
)
UPDATE properties p
SET name = left(btrim(p.name), 180) || ' (' || left(p.id::text, 8) || ')', updated_at = now()
FROM ranked r
WHERE p.id = r.id AND r.n > 1;

CREATE UNIQUE INDEX properties_org_name_unique ON properties (org_id, lower(btrim(name)));

-- 2. Archived properties are hidden from entry but kept in reports: a
--    timestamp rather than a delete, so their history stays whole.
ALTER TABLE properties ADD COLUMN archived_at timestamptz;

-- 3. Sign-in locks, as an audit trail admins read: when a throttle key
--    (an account from one address, or an address) reached its limit, until
--    when, and who lifted it and why. login_failures keeps the counts; this
--    table keeps what happened.
CREATE TABLE login_locks (
  id                   uuid PRIMARY KEY,
  scope                text NOT NULL CHECK (scope IN ('account_address', 'address', 'account_unknown_addresses')),
  throttle_key         text NOT NULL,
  email                text,
  address              text,
  org_id               uuid REFERENCES organizations(id),
  user_id              uuid REFERENCES users(id) ON DELETE SET NULL,
  locked_at            timestamptz NOT NULL DEFAULT now(),
  locked_until         timestamptz NOT NULL,
  unlocked_at          timestamptz,
  unlocked_by_user_id  uuid REFERENCES users(id) ON DELETE SET NULL,
  unlock_reason        text CHECK (length(unlock_reason) <= 500)
);
CREATE INDEX login_locks_org_idx ON login_locks (org_id, locked_at DESC);
CREATE INDEX login_locks_key_idx ON login_locks (throttle_key, locked_until DESC);

-- 4. Addresses an account has signed in from: a known address still gets in
--    while the account is throttled for unknown addresses, so someone who
--    knows a manager's email cannot lock the manager out of their own device.
CREATE TABLE login_known_addresses (
  user_id          uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  address          text NOT NULL,
  last_success_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, address)
);
