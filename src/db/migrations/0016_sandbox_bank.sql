-- Owner: processors module (src/processors). The sandbox bank behind online banking
-- (网银支付): payments waiting on the bank's page, paid, declined, expired or canceled,
-- and the refunds sent back. Exists only because the bank is a sandbox.
CREATE TABLE sandbox_bank_payments (
  id               text        PRIMARY KEY,
  reference        text        NOT NULL UNIQUE,
  bank             text        NOT NULL,
  amount           bigint      NOT NULL CHECK (amount > 0),
  currency         text        NOT NULL,
  state            text        NOT NULL CHECK (state IN ('pending', 'paid', 'declined', 'expired', 'canceled')),
  captured         boolean     NOT NULL DEFAULT false,
  decline_code     text,
  amount_refunded  bigint      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount),
  return_url       text,
  expires_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE TABLE sandbox_bank_refunds (
  reference   text        PRIMARY KEY,
  payment_id  text        NOT NULL REFERENCES sandbox_bank_payments (id),
  amount      bigint      NOT NULL CHECK (amount > 0),
  created_at  timestamptz NOT NULL
);
