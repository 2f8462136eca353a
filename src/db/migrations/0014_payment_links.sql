-- Owner: payments module (src/payments). Merchant-presented QR codes (收款码): a
-- payment link's URL, printed as a QR code at the counter or on an invoice, opens
-- checkout for a fixed amount or for an amount the payer enters.
CREATE TABLE payment_links (
  id           text        PRIMARY KEY,
  merchant_id  text        NOT NULL,
  amount       bigint      CHECK (amount IS NULL OR amount > 0),
  currency     text        NOT NULL,
  description  text        NOT NULL,
  active       boolean     NOT NULL,
  metadata     jsonb       NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX payment_links_merchant_idx ON payment_links (merchant_id, id);
