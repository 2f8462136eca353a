-- Owner: identity module (src/identity). API keys are stored as SHA-256 hashes only;
-- the key itself is shown once, when it is created.
CREATE TABLE identity_api_keys (
  id           text        PRIMARY KEY,
  role         text        NOT NULL CHECK (role IN ('operator')),
  key_hash     text        NOT NULL UNIQUE,
  key_prefix   text        NOT NULL,
  label        text        NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
