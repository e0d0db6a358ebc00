-- Tenancy and identity (owner: auth service).
CREATE TABLE organizations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE properties (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id              bigint NOT NULL REFERENCES organizations(id),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timezone            text NOT NULL DEFAULT 'Asia/Kolkata',
  currency            char(3) NOT NULL DEFAULT 'INR',
  opening_cash_cents  bigint NOT NULL DEFAULT 0 CHECK (opening_cash_cents >= 0),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, id)
);
CREATE INDEX properties_org_idx ON properties (org_id, id);

CREATE TABLE users (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES organizations(id),
  email          text NOT NULL,
  display_name   text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, id)
);
-- Emails are globally unique so login needs no organisation.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
CREATE INDEX users_org_idx ON users (org_id, id);

CREATE TABLE user_properties (
  org_id       bigint NOT NULL,
  user_id      bigint NOT NULL,
  property_id  bigint NOT NULL,
  PRIMARY KEY (user_id, property_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE
);

CREATE TABLE refresh_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   bytea NOT NULL UNIQUE,
  family_id    uuid NOT NULL,
  user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id       bigint NOT NULL,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  rotated_at   timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- Failed logins per email and per client address, for throttling.
CREATE TABLE login_failures (
  key          text NOT NULL,
  failed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at);
