-- Owner: customers module (src/customers). The consumer-presented payment code
-- (付款码): a short-lived, single-use code the wallet page shows and the merchant's
-- till scans. Stored as a hash; it charges the wallet within the password-free limit.
ALTER TABLE customer_wallets ADD COLUMN password_free_limit_minor bigint NOT NULL DEFAULT 100000 CHECK (password_free_limit_minor >= 0);

CREATE TABLE customer_payment_codes (
  code_hash   text        PRIMARY KEY,
  customer_id text        NOT NULL REFERENCES customers (id),
  currency    text        NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     text,
  created_at  timestamptz NOT NULL
);
CREATE INDEX customer_payment_codes_customer_idx ON customer_payment_codes (customer_id, created_at);
