-- Owner: customers module (src/customers). Agreements (免密支付 / auto-debit): a
-- consumer lets one merchant charge their wallet without the payment password,
-- within limits of their own, until they revoke it.
CREATE TABLE customer_agreements (
  id                      text        PRIMARY KEY,
  customer_id             text        NOT NULL REFERENCES customers (id),
  merchant_id             text        NOT NULL,
  currency                text        NOT NULL,
  per_payment_limit_minor bigint      NOT NULL CHECK (per_payment_limit_minor > 0),
  daily_limit_minor       bigint      NOT NULL CHECK (daily_limit_minor >= per_payment_limit_minor),
  status                  text        NOT NULL CHECK (status IN ('active', 'revoked')),
  created_at              timestamptz NOT NULL,
  revoked_at              timestamptz
);
-- One active agreement per consumer, merchant and currency.
CREATE UNIQUE INDEX customer_agreements_active_idx ON customer_agreements (customer_id, merchant_id, currency) WHERE status = 'active';

-- What each agreement charged, for its daily limit.
CREATE TABLE customer_agreement_charges (
  agreement_id text        NOT NULL REFERENCES customer_agreements (id),
  reference    text        NOT NULL,
  amount_minor bigint      NOT NULL CHECK (amount_minor > 0),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (agreement_id, reference)
);
