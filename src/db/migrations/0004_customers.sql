-- Owner: customers module (src/customers). Consumers are platform-level accounts
-- (cus_…); their money lives in ledger accounts, one wallet per currency.
CREATE TABLE customers (
  id                            text        PRIMARY KEY,
  phone                         text        NOT NULL UNIQUE,
  name                          text        NOT NULL DEFAULT '',
  -- scrypt hash of the 6-digit payment password; never the password itself.
  payment_password_hash         text,
  payment_password_failures     integer     NOT NULL DEFAULT 0 CHECK (payment_password_failures >= 0),
  payment_password_locked_until timestamptz,
  created_at                    timestamptz NOT NULL
);

-- Which merchants know a customer (a merchant sees only its own customers).
CREATE TABLE customer_merchants (
  merchant_id text        NOT NULL,
  customer_id text        NOT NULL REFERENCES customers (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, customer_id)
);
CREATE INDEX customer_merchants_customer_idx ON customer_merchants (customer_id);

-- A wallet per currency: its ledger account and the limits the customer set on it.
CREATE TABLE customer_wallets (
  customer_id             text        NOT NULL REFERENCES customers (id),
  currency                text        NOT NULL,
  account_id              text        NOT NULL UNIQUE,
  per_payment_limit_minor bigint      NOT NULL CHECK (per_payment_limit_minor > 0),
  daily_limit_minor       bigint      NOT NULL CHECK (daily_limit_minor > 0),
  created_at              timestamptz NOT NULL,
  PRIMARY KEY (customer_id, currency)
);

-- Owner: identity module (src/identity). One-time codes and consumer sessions,
-- both stored as hashes only.
CREATE TABLE identity_otp_challenges (
  id          text        PRIMARY KEY,
  phone       text        NOT NULL,
  code_hash   text        NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  expires_at  timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at  timestamptz NOT NULL
);
CREATE INDEX identity_otp_challenges_phone_idx ON identity_otp_challenges (phone, created_at);

CREATE TABLE identity_sessions (
  id          text        PRIMARY KEY,
  token_hash  text        NOT NULL UNIQUE,
  customer_id text        NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL
);

-- Owner: notifications module (src/notifications). What the sandbox SMS gateway
-- "sent": tests and the console read codes from here. Never used with a real gateway.
CREATE TABLE notifications_sandbox_sms (
  id         text        PRIMARY KEY,
  phone      text        NOT NULL,
  body       text        NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX notifications_sandbox_sms_phone_idx ON notifications_sandbox_sms (phone, created_at);
