-- Owner: risk module (src/risk). Rules, block and allow lists, model artifacts,
-- the append-only decision log, reviews, labels and disputes (chargebacks).

CREATE TABLE risk_rules (
  id          text        PRIMARY KEY,
  name        text        NOT NULL,
  expression  text        NOT NULL,
  action      text        NOT NULL CHECK (action IN ('allow', 'review', 'block', 'challenge')),
  priority    integer     NOT NULL,
  status      text        NOT NULL CHECK (status IN ('active', 'disabled')),
  version     integer     NOT NULL CHECK (version >= 1),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Every version of every rule as it was saved: a decision names the version that matched.
CREATE TABLE risk_rule_versions (
  rule_id     text        NOT NULL REFERENCES risk_rules (id),
  version     integer     NOT NULL,
  name        text        NOT NULL,
  expression  text        NOT NULL,
  action      text        NOT NULL,
  priority    integer     NOT NULL,
  status      text        NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (rule_id, version)
);

CREATE TABLE risk_list_entries (
  id          text        PRIMARY KEY,
  list        text        NOT NULL CHECK (list IN ('allow', 'block')),
  kind        text        NOT NULL CHECK (kind IN ('customer', 'card', 'device', 'ip', 'merchant')),
  value       text        NOT NULL,
  note        text        NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL,
  UNIQUE (list, kind, value)
);

-- Model artifacts by version: at most one live and one shadow model at a time.
CREATE TABLE risk_models (
  version     text        PRIMARY KEY,
  artifact    jsonb       NOT NULL,
  source      text        NOT NULL,
  metrics     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status      text        NOT NULL CHECK (status IN ('candidate', 'active', 'shadow', 'retired')),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX risk_models_one_live_idx ON risk_models (status) WHERE status IN ('active', 'shadow');

-- Every decision with every input value, for audit and backtests. Append-only:
-- an update is refused by the database itself.
CREATE TABLE risk_decisions (
  id                   text        PRIMARY KEY,
  created_at           timestamptz NOT NULL,
  subject_type         text        NOT NULL,
  subject_id           text        NOT NULL,
  merchant_id          text,
  customer_id          text,
  amount               bigint      NOT NULL,
  currency             text        NOT NULL,
  entities             jsonb       NOT NULL,
  decision             text        NOT NULL CHECK (decision IN ('allow', 'review', 'block', 'challenge')),
  score                integer     NOT NULL CHECK (score BETWEEN 0 AND 99),
  reasons              jsonb       NOT NULL,
  rule_id              text,
  rule_version         integer,
  model_version        text,
  shadow_model_version text,
  shadow_score         integer,
  fail_safe            text,
  features             jsonb       NOT NULL,
  latency_us           integer     NOT NULL
);
CREATE INDEX risk_decisions_created_idx ON risk_decisions (created_at);
CREATE INDEX risk_decisions_subject_idx ON risk_decisions (subject_id);
CREATE INDEX risk_decisions_customer_idx ON risk_decisions (customer_id, created_at);

CREATE FUNCTION risk_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'risk_decisions is append-only';
END
$$;
CREATE TRIGGER risk_decisions_no_update BEFORE UPDATE ON risk_decisions FOR EACH ROW EXECUTE FUNCTION risk_decisions_append_only();

-- What became known about a payment: fraud or legitimate, from whom, and when it became known.
CREATE TABLE risk_labels (
  id           text        PRIMARY KEY,
  subject_id   text        NOT NULL,
  fraud        boolean     NOT NULL,
  source       text        NOT NULL CHECK (source IN ('review', 'dispute', 'propagated', 'import')),
  origin_id    text        NOT NULL,
  known_at     timestamptz NOT NULL,
  UNIQUE (subject_id, source, origin_id)
);
CREATE INDEX risk_labels_subject_idx ON risk_labels (subject_id, known_at);
CREATE INDEX risk_labels_known_idx ON risk_labels (known_at);

CREATE TABLE risk_reviews (
  id            text        PRIMARY KEY,
  decision_id   text        NOT NULL REFERENCES risk_decisions (id),
  subject_type  text        NOT NULL,
  subject_id    text        NOT NULL UNIQUE,
  merchant_id   text,
  customer_id   text,
  status        text        NOT NULL CHECK (status IN ('open', 'approved', 'declined')),
  opened_at     timestamptz NOT NULL,
  closed_at     timestamptz,
  closed_reason text
);
CREATE INDEX risk_reviews_open_idx ON risk_reviews (status, opened_at);

CREATE TABLE risk_review_notes (
  id          text        PRIMARY KEY,
  review_id   text        NOT NULL REFERENCES risk_reviews (id),
  note        text        NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX risk_review_notes_review_idx ON risk_review_notes (review_id, created_at);

-- One-time codes of the payment challenge (step-up), stored as hashes only.
CREATE TABLE risk_challenges (
  id           text        PRIMARY KEY,
  subject_id   text        NOT NULL,
  customer_id  text        NOT NULL,
  code_hash    text        NOT NULL,
  attempts     integer     NOT NULL DEFAULT 0,
  expires_at   timestamptz NOT NULL,
  passed_at    timestamptz,
  created_at   timestamptz NOT NULL
);
CREATE INDEX risk_challenges_subject_idx ON risk_challenges (subject_id, created_at);

CREATE TABLE risk_disputes (
  id                text        PRIMARY KEY,
  payment_intent_id text        NOT NULL,
  merchant_id       text        NOT NULL,
  amount            bigint      NOT NULL CHECK (amount > 0),
  currency          text        NOT NULL,
  reason            text        NOT NULL,
  created_at        timestamptz NOT NULL
);
CREATE INDEX risk_disputes_intent_idx ON risk_disputes (payment_intent_id);

-- The payments module keeps the risk decision on the intent, and the
-- confirmation a review or a challenge deferred (no secrets: a password or PIN
-- was checked before the deferral).
ALTER TABLE payment_intents ADD COLUMN risk jsonb;
ALTER TABLE payment_intents ADD COLUMN deferred_confirmation jsonb;
