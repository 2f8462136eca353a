-- Owner: prepaid module (src/prepaid). Prepaid stored-value cards (ppc_…) issued by
-- the platform (usable at any merchant) or by one merchant (a store card, usable only
-- there), and their loads. The money is in the ledger: a card's balance is a
-- stored-value liability account, a load a transfer from the issuer's funding account.
--
-- The card number is a bearer credential: it is kept sealed with AES-256-GCM
-- ("v<key version>:<base64url>", the card's id authenticated with it) and found by a
-- keyed HMAC; in clear only its last four digits. The PIN is kept as a slow (scrypt)
-- hash only, with its failed attempts and lock, like the wallet's payment password.
CREATE TABLE prepaid_cards (
  id               text        PRIMARY KEY,
  -- 'platform' or the issuing merchant's id.
  issuer           text        NOT NULL CHECK (issuer = 'platform' OR issuer LIKE 'mch\_%'),
  currency         text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  account_id       text        NOT NULL UNIQUE,
  number_lookup    text        NOT NULL UNIQUE,
  number_sealed    text        NOT NULL,
  last4            text        NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  pin_hash         text        NOT NULL,
  pin_failures     integer     NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
  pin_locked_until timestamptz,
  status           text        NOT NULL CHECK (status IN ('active', 'blocked')),
  nickname         text,
  metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- A clear number is 16 digits; a sealed one never looks like that.
  CONSTRAINT prepaid_cards_number_is_sealed CHECK (number_sealed LIKE 'v%:%' AND number_sealed !~ '^[0-9 -]+$'),
  CONSTRAINT prepaid_cards_pin_is_hashed CHECK (pin_hash LIKE 'scrypt$%')
);
CREATE INDEX prepaid_cards_issuer_idx ON prepaid_cards (issuer, created_at DESC, id DESC);
CREATE INDEX prepaid_cards_created_idx ON prepaid_cards (created_at DESC, id DESC);

-- One row per load; its ledger transfer's id is derived from the load's id.
CREATE TABLE prepaid_card_loads (
  id           text        PRIMARY KEY,
  card_id      text        NOT NULL REFERENCES prepaid_cards (id),
  amount_minor bigint      NOT NULL CHECK (amount_minor > 0),
  currency     text        NOT NULL,
  transfer_id  text        NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL
);
CREATE INDEX prepaid_card_loads_card_idx ON prepaid_card_loads (card_id, created_at);
