-- Owner: identity module (src/identity/account-protection.ts). Account protection
-- for consumer sign-in (issue 5): failed one-time codes lock a phone for a while,
-- and sign-ins from a device or network a customer has not used are flagged.
-- Device ids are stored only as SHA-256 hashes; IP networks (/24, /48) as text.

-- One row per phone that has tried to sign in. Every verification locks it
-- (SELECT … FOR UPDATE), so that racing attempts on one phone count one by one.
-- `epoch` starts a new count of failures: a success, a lock or an unlock moves it on.
CREATE TABLE identity_sign_in_guards (
  phone        text        PRIMARY KEY,
  locked_until timestamptz,
  epoch        bigint      NOT NULL DEFAULT 0 CHECK (epoch >= 0),
  updated_at   timestamptz NOT NULL
);

-- Sign-ins and failed attempts, the consumer's history and the failure count's source.
-- customer_id is null for attempts on a phone that had no customer yet.
CREATE TABLE identity_sign_ins (
  id              text        PRIMARY KEY,
  phone           text        NOT NULL,
  customer_id     text,
  outcome         text        NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'locked')),
  guard_epoch     bigint      NOT NULL CHECK (guard_epoch >= 0),
  device_key_hash text        NOT NULL CHECK (device_key_hash ~ '^[0-9a-f]{64}$'),
  network         text        NOT NULL,
  new_device      boolean     NOT NULL,
  new_network     boolean     NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX identity_sign_ins_phone_idx ON identity_sign_ins (phone, created_at);
CREATE INDEX identity_sign_ins_customer_idx ON identity_sign_ins (customer_id, created_at, id);

-- The devices and networks each customer has signed in from.
CREATE TABLE identity_known_devices (
  customer_id     text        NOT NULL,
  device_key_hash text        NOT NULL CHECK (device_key_hash ~ '^[0-9a-f]{64}$'),
  first_seen_at   timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  PRIMARY KEY (customer_id, device_key_hash)
);

CREATE TABLE identity_known_networks (
  customer_id   text        NOT NULL,
  network       text        NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  PRIMARY KEY (customer_id, network)
);

-- Where each session signed in from; null for sessions opened before this migration.
ALTER TABLE identity_sessions ADD COLUMN device_key_hash text CHECK (device_key_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE identity_sessions ADD COLUMN network text;
