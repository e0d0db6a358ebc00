-- Access tokens issued before this instant are refused: a password reset ends
-- every session at once, not only when the 15-minute access token expires.
ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT to_timestamp(0);
