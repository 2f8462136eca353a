-- Owner: vault module (src/vault). Card numbers sealed with AES-256-GCM
-- ("v<key version>:<base64url>", the row id authenticated with it); in clear only
-- what may be shown (brand, last four, expiry) and a keyed HMAC fingerprint.
-- No CVC column, on purpose: PCI DSS forbids keeping it after authorization.
CREATE TABLE vault_cards (
  id            text        PRIMARY KEY,
  fingerprint   text        NOT NULL,
  brand         text        NOT NULL CHECK (brand IN ('visa', 'mastercard', 'amex', 'jcb', 'unionpay', 'unknown')),
  last4         text        NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month     smallint    NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year      smallint    NOT NULL CHECK (exp_year BETWEEN 2000 AND 2200),
  number_sealed text        NOT NULL,
  key_version   integer     NOT NULL CHECK (key_version BETWEEN 1 AND 65535),
  created_at    timestamptz NOT NULL,
  -- The column only indexes re-sealing; the prefix of the sealed value is the truth.
  CONSTRAINT vault_cards_version_matches_sealed CHECK (number_sealed LIKE 'v' || key_version || ':%'),
  -- A clear number has 12 to 19 digits; a sealed one never looks like that.
  CONSTRAINT vault_cards_number_is_sealed CHECK (number_sealed !~ '^[0-9 -]+$')
);
CREATE INDEX vault_cards_fingerprint_idx ON vault_cards (fingerprint, created_at DESC);
CREATE INDEX vault_cards_key_version_idx ON vault_cards (key_version);

-- Owner: processors module, sandbox card acquirer (src/processors/sandbox-card).
-- The sandbox acquirer's own books, kept as a real acquirer keeps them, so a
-- restart loses nothing. Paygrid's core never reads them: it asks the acquirer.
-- No card number is kept here: brand and last four are enough for the sandbox.
CREATE TABLE processors_sandbox_card_authorizations (
  id                 text        PRIMARY KEY,
  merchant_reference text        NOT NULL UNIQUE,
  request_digest     text        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('pending_authentication', 'approved', 'declined', 'captured', 'voided')),
  response_code      text        NOT NULL,
  currency           text        NOT NULL,
  amount_minor       bigint      NOT NULL CHECK (amount_minor > 0),
  captured_minor     bigint      NOT NULL DEFAULT 0,
  refunded_minor     bigint      NOT NULL DEFAULT 0,
  refund_count       integer     NOT NULL DEFAULT 0 CHECK (refund_count >= 0),
  capture_reference  text,
  void_reference     text,
  brand              text        NOT NULL,
  last4              text        NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  return_url         text,
  expires_at         timestamptz,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  -- The acquirer's rules, repeated as constraints: a bug that over-captures or
  -- over-refunds fails the transaction instead of committing.
  CONSTRAINT processors_sandbox_card_capture_within_authorized CHECK (captured_minor >= 0 AND captured_minor <= amount_minor),
  CONSTRAINT processors_sandbox_card_refunds_within_captured CHECK (refunded_minor >= 0 AND refunded_minor <= captured_minor),
  CONSTRAINT processors_sandbox_card_captured_has_reference CHECK ((status = 'captured') = (capture_reference IS NOT NULL)),
  CONSTRAINT processors_sandbox_card_voided_has_reference CHECK ((status = 'voided') = (void_reference IS NOT NULL)),
  CONSTRAINT processors_sandbox_card_live_has_expiry CHECK (status NOT IN ('pending_authentication', 'approved') OR expires_at IS NOT NULL)
);

CREATE TABLE processors_sandbox_card_refunds (
  id                text        PRIMARY KEY,
  refund_reference  text        NOT NULL UNIQUE,
  authorization_id  text        NOT NULL REFERENCES processors_sandbox_card_authorizations (id),
  amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
  created_at        timestamptz NOT NULL
);
CREATE INDEX processors_sandbox_card_refunds_authorization_idx ON processors_sandbox_card_refunds (authorization_id);
