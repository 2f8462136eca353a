-- Owner: console module (src/console). Sign-in for the web console: staff users
-- with a password (scrypt, per-user salt) and a TOTP second factor (the secret
-- sealed with the vault's AES-256-GCM key), cookie sessions stored as SHA-256
-- hashes of their tokens, failed sign-ins that lock an email, and the audit log
-- of every privileged action, which is append-only.

CREATE TABLE console_users (
  id                 text        PRIMARY KEY,
  email              text        NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role               text        NOT NULL CHECK (role IN ('admin', 'risk_analyst', 'finance', 'support', 'station_operator', 'merchant')),
  merchant_id        text        REFERENCES merchants (id),
  password_hash      text        NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  totp_secret_sealed text        NOT NULL,
  -- The time step of the last TOTP code accepted: a code is used once (RFC 6238, 5.2).
  last_totp_step     bigint      CHECK (last_totp_step >= 0),
  disabled           boolean     NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  -- A merchant's user belongs to one merchant; operator staff to none.
  CHECK ((role = 'merchant') = (merchant_id IS NOT NULL))
);
CREATE INDEX console_users_created_idx ON console_users (created_at, id);

-- A session lives 12 hours at most and ends after 30 idle minutes (last_used_at).
CREATE TABLE console_sessions (
  id           text        PRIMARY KEY,
  token_hash   text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id      text        NOT NULL REFERENCES console_users (id),
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX console_sessions_user_idx ON console_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at);

-- One row per email that has failed to sign in; attempts lock it (SELECT … FOR UPDATE)
-- so that racing failures count one by one. `epoch` starts a new count: a success or a lock moves it on.
CREATE TABLE console_sign_in_guards (
  email        text        PRIMARY KEY,
  locked_until timestamptz,
  epoch        bigint      NOT NULL DEFAULT 0 CHECK (epoch >= 0),
  updated_at   timestamptz NOT NULL
);

CREATE TABLE console_sign_in_failures (
  id          text        PRIMARY KEY,
  email       text        NOT NULL,
  guard_epoch bigint      NOT NULL CHECK (guard_epoch >= 0),
  created_at  timestamptz NOT NULL
);
CREATE INDEX console_sign_in_failures_email_idx ON console_sign_in_failures (email, guard_epoch, created_at);
CREATE INDEX console_sign_in_failures_created_idx ON console_sign_in_failures (created_at);

-- Who did what through the console: every mutating request made with a console
-- session (its route, target and answer's status, never its body), and every
-- sign-in, failed sign-in and lock. actor_user_id and actor_role are null for a
-- sign-in attempt on an email that names no user.
CREATE TABLE audit_log (
  id            text        PRIMARY KEY,
  actor_user_id text,
  actor_email   text        NOT NULL,
  actor_role    text,
  action        text        NOT NULL,
  route         text,
  target        text,
  status        integer     NOT NULL CHECK (status BETWEEN 100 AND 599),
  ip            text        NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX audit_log_created_idx ON audit_log (created_at, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
