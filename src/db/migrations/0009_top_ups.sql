-- Owner: payments module (src/payments). A consumer's top-up of their wallet from a
-- bank card: authorized and captured at the acquirer, then credited to the wallet.
CREATE TABLE top_ups (
  id                  text        PRIMARY KEY,
  customer_id         text        NOT NULL,
  amount              bigint      NOT NULL CHECK (amount > 0),
  currency            text        NOT NULL,
  status              text        NOT NULL CHECK (status IN ('processing', 'succeeded', 'failed')),
  card_id             text        NOT NULL,
  card_brand          text        NOT NULL,
  card_last4          text        NOT NULL,
  processor_reference text,
  failure_code        text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX top_ups_customer_idx ON top_ups (customer_id, created_at);
