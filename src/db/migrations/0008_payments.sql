-- Owner: payments module (src/payments). Payment methods, payment intents and
-- refunds, Stripe's objects. The money itself is in the ledger: a hold is a pending
-- transfer, a capture posts it, a refund is a transfer back.
CREATE TABLE payment_methods (
  id               text        PRIMARY KEY,
  merchant_id      text        NOT NULL,
  customer_id      text,
  type             text        NOT NULL CHECK (type IN ('card')),
  -- The vault's card id: the number itself never leaves the vault.
  card_id          text,
  card_brand       text,
  card_last4       text,
  card_exp_month   integer,
  card_exp_year    integer,
  card_fingerprint text,
  created_at       timestamptz NOT NULL
);
CREATE INDEX payment_methods_merchant_idx ON payment_methods (merchant_id, created_at);

CREATE TABLE payment_intents (
  id                  text        PRIMARY KEY,
  merchant_id         text        NOT NULL,
  customer_id         text,
  amount              bigint      NOT NULL CHECK (amount > 0),
  currency            text        NOT NULL,
  status              text        NOT NULL CHECK (status IN ('requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled')),
  capture_method      text        NOT NULL CHECK (capture_method IN ('automatic', 'manual')),
  payment_method_id   text,
  payment_method_type text,
  amount_capturable   bigint      NOT NULL DEFAULT 0 CHECK (amount_capturable >= 0),
  amount_received     bigint      NOT NULL DEFAULT 0 CHECK (amount_received >= 0),
  amount_refunded     bigint      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount_received),
  fee_amount          bigint      NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
  fee_refunded        bigint      NOT NULL DEFAULT 0 CHECK (fee_refunded >= 0 AND fee_refunded <= fee_amount),
  -- The current hold: a pending ledger transfer, and the processor's authorization for cards.
  attempt             integer     NOT NULL DEFAULT 0,
  hold_transfer_id    text,
  processor_id        text,
  processor_reference text,
  authorization_expires_at timestamptz,
  next_action         jsonb,
  last_payment_error  jsonb,
  client_secret       text        NOT NULL,
  description         text        NOT NULL DEFAULT '',
  metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  canceled_at         timestamptz,
  cancellation_reason text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK (amount_received <= amount)
);
CREATE INDEX payment_intents_merchant_idx ON payment_intents (merchant_id, created_at);
CREATE INDEX payment_intents_expiry_idx ON payment_intents (authorization_expires_at) WHERE status = 'requires_capture';

CREATE TABLE refunds (
  id                text        PRIMARY KEY,
  merchant_id       text        NOT NULL,
  payment_intent_id text        NOT NULL REFERENCES payment_intents (id),
  amount            bigint      NOT NULL CHECK (amount > 0),
  currency          text        NOT NULL,
  fee_returned      bigint      NOT NULL DEFAULT 0 CHECK (fee_returned >= 0),
  status            text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  reason            text,
  failure_reason    text,
  metadata          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL
);
CREATE INDEX refunds_payment_intent_idx ON refunds (payment_intent_id);
CREATE INDEX refunds_merchant_idx ON refunds (merchant_id, created_at);
