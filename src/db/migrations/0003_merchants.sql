-- Owner: merchants module (src/merchants). A merchant sells through Paygrid; its fee
-- plan is what the platform earns on each successful payment.
CREATE TABLE merchants (
  id                  text        PRIMARY KEY,
  name                text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category            text        NOT NULL,
  fee_percent_bps     integer     NOT NULL CHECK (fee_percent_bps BETWEEN 0 AND 10000),
  fee_fixed_minor     bigint      NOT NULL CHECK (fee_fixed_minor >= 0),
  -- Whether a refund gives the fee back to the merchant (Stripe keeps it by default).
  refund_fee_policy   text        NOT NULL CHECK (refund_fee_policy IN ('keep_fee', 'return_fee')),
  default_currency    text        NOT NULL,
  metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at          timestamptz NOT NULL
);

-- The merchant's balances are ledger accounts, one pair per currency: pending
-- (captured, not yet settled) and available (settled, ready for payout).
CREATE TABLE merchant_balance_accounts (
  merchant_id          text NOT NULL REFERENCES merchants (id),
  currency             text NOT NULL,
  pending_account_id   text NOT NULL,
  available_account_id text NOT NULL,
  PRIMARY KEY (merchant_id, currency)
);

-- Owner: identity module (src/identity). Merchant keys live beside operator keys:
-- a secret key (sk_test_…) for servers and a publishable key (pk_test_…) for pages.
ALTER TABLE identity_api_keys DROP CONSTRAINT identity_api_keys_role_check;
ALTER TABLE identity_api_keys ADD CONSTRAINT identity_api_keys_role_check
  CHECK (role IN ('operator', 'merchant_secret', 'merchant_publishable'));
ALTER TABLE identity_api_keys ADD COLUMN merchant_id text;
ALTER TABLE identity_api_keys ADD CONSTRAINT identity_api_keys_merchant_check
  CHECK ((role = 'operator') = (merchant_id IS NULL));
CREATE INDEX identity_api_keys_merchant_idx ON identity_api_keys (merchant_id) WHERE revoked_at IS NULL;
