-- Owner: ledger module (src/ledger). TigerBeetle's account and transfer model on PostgreSQL.

-- flags bit 1: debits_must_not_exceed_credits; bit 2: credits_must_not_exceed_debits.
-- The CHECK constraints repeat the ledger's own limit checks: a bug in the code
-- that would overdraw an account fails the transaction instead of committing it.
CREATE TABLE ledger_accounts (
  id               text        PRIMARY KEY,
  ledger           text        NOT NULL,
  code             integer     NOT NULL CHECK (code BETWEEN 1 AND 65535),
  flags            integer     NOT NULL DEFAULT 0 CHECK (flags BETWEEN 0 AND 3),
  debits_pending   bigint      NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted    bigint      NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending  bigint      NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted   bigint      NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL,
  CONSTRAINT ledger_accounts_debits_within_credits
    CHECK ((flags & 1) = 0 OR debits_pending + debits_posted <= credits_posted),
  CONSTRAINT ledger_accounts_credits_within_debits
    CHECK ((flags & 2) = 0 OR credits_pending + credits_posted <= debits_posted)
);
CREATE INDEX ledger_accounts_ledger_idx ON ledger_accounts (ledger);

-- Transfers are immutable: rows are inserted, never updated or deleted.
-- flags bits: 1 linked, 2 pending, 4 post_pending, 8 void_pending.
CREATE TABLE ledger_transfers (
  seq               bigserial   NOT NULL UNIQUE,
  id                text        PRIMARY KEY,
  debit_account_id  text        NOT NULL REFERENCES ledger_accounts (id),
  credit_account_id text        NOT NULL REFERENCES ledger_accounts (id),
  amount            bigint      NOT NULL CHECK (amount > 0),
  pending_id        text        REFERENCES ledger_transfers (id),
  ledger            text        NOT NULL,
  code              integer     NOT NULL CHECK (code BETWEEN 1 AND 65535),
  flags             integer     NOT NULL CHECK (flags BETWEEN 0 AND 15),
  timeout_seconds   integer     NOT NULL DEFAULT 0 CHECK (timeout_seconds >= 0),
  metadata          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL,
  CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX ledger_transfers_debit_idx ON ledger_transfers (debit_account_id, seq);
CREATE INDEX ledger_transfers_credit_idx ON ledger_transfers (credit_account_id, seq);
CREATE INDEX ledger_transfers_ledger_idx ON ledger_transfers (ledger);

-- The lifecycle of each pending transfer: posted or voided exactly once, or expired.
-- Kept apart from ledger_transfers so that transfers themselves stay immutable.
CREATE TABLE ledger_pending_transfers (
  id          text        PRIMARY KEY REFERENCES ledger_transfers (id),
  state       text        NOT NULL CHECK (state IN ('pending', 'posted', 'voided', 'expired')),
  expires_at  timestamptz,
  resolved_by text        REFERENCES ledger_transfers (id),
  resolved_at timestamptz,
  CHECK ((state = 'pending') = (resolved_at IS NULL))
);
CREATE INDEX ledger_pending_transfers_expiry_idx
  ON ledger_pending_transfers (expires_at) WHERE state = 'pending' AND expires_at IS NOT NULL;

-- Transfers that failed for a reason that depends on the ledger's state (such as
-- exceeds_credits). Their ids stay taken, so that a retry with the same id returns
-- the original result instead of succeeding later by surprise (TigerBeetle's rule).
-- Post and void requests may leave accounts, ledger and code to the pending transfer,
-- hence the nullable columns.
CREATE TABLE ledger_failed_transfers (
  id                text        PRIMARY KEY,
  debit_account_id  text,
  credit_account_id text,
  amount            bigint,
  pending_id        text,
  ledger            text,
  code              integer,
  flags             integer     NOT NULL,
  timeout_seconds   integer     NOT NULL,
  metadata          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  result            text        NOT NULL,
  created_at        timestamptz NOT NULL
);
