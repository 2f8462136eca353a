-- Owner: jobs module (src/jobs). A job queue in PostgreSQL: jobs are inserted in
-- the caller's transaction (a transactional outbox), claimed with
-- FOR UPDATE SKIP LOCKED under a lease, and retried with backoff until dead.
CREATE TABLE jobs (
  id            text        PRIMARY KEY,
  kind          text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
  payload       jsonb       NOT NULL,
  -- Optional deduplication key: a second job with the same key is not created.
  key           text        UNIQUE CHECK (length(key) BETWEEN 1 AND 200),
  state         text        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
  attempts      integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts  integer     NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
  run_at        timestamptz NOT NULL,
  -- Set while running: after this time the worker is presumed dead and the job is claimed again.
  locked_until  timestamptz,
  locked_by     text,
  -- Changes at every claim, so that a worker whose lease passed cannot settle the job any more.
  lease_token   text,
  last_error    text        CHECK (length(last_error) <= 2000),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  CHECK ((state = 'running') = (locked_until IS NOT NULL AND lease_token IS NOT NULL)),
  CHECK ((state IN ('succeeded', 'dead')) = (finished_at IS NOT NULL)),
  CHECK (attempts <= max_attempts)
);
CREATE INDEX jobs_queued_due_idx ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_running_lease_idx ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state = 'succeeded';

-- Owner: events module (src/events). Events are what happened to a merchant's
-- objects, in Stripe's shape; webhook endpoints receive them, signed.
CREATE TABLE events (
  -- Insertion order, for cursor pagination: ids sort by millisecond only.
  seq          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  id           text        PRIMARY KEY,
  merchant_id  text        NOT NULL,
  type         text        NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  -- json, not jsonb: the text is kept as written, so integers past 2^53 and the
  -- key order survive, and every delivery of the event sends the same bytes.
  data         json        NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX events_merchant_seq_idx ON events (merchant_id, seq);

CREATE TABLE webhook_endpoints (
  id                          text        PRIMARY KEY,
  merchant_id                 text        NOT NULL,
  url                         text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
  enabled_events              text[]      NOT NULL CHECK (cardinality(enabled_events) BETWEEN 1 AND 100),
  description                 text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  status                      text        NOT NULL CHECK (status IN ('enabled', 'disabled')),
  -- Signing secrets are sealed (encrypted) by the vault, never stored in clear.
  secret_sealed               text,
  -- The secret before the last roll, valid until previous_secret_expires_at.
  previous_secret_sealed      text,
  previous_secret_expires_at  timestamptz,
  created_at                  timestamptz NOT NULL,
  updated_at                  timestamptz NOT NULL,
  -- Deleted endpoints are kept, without secrets, so that their delivery log stays readable.
  deleted_at                  timestamptz,
  CHECK ((deleted_at IS NULL) = (secret_sealed IS NOT NULL)),
  CHECK ((previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoints_merchant_idx ON webhook_endpoints (merchant_id, created_at) WHERE deleted_at IS NULL;

CREATE TABLE webhook_deliveries (
  id               text        PRIMARY KEY,
  event_id         text        NOT NULL REFERENCES events (id),
  endpoint_id      text        NOT NULL REFERENCES webhook_endpoints (id),
  merchant_id      text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
  attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at       timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  finished_at      timestamptz,
  UNIQUE (event_id, endpoint_id),
  CHECK ((status = 'pending') = (finished_at IS NULL))
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);

-- Every attempt to deliver, kept for the merchant's delivery log.
CREATE TABLE webhook_delivery_attempts (
  seq             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id     text        NOT NULL REFERENCES webhook_deliveries (id),
  attempt         integer     NOT NULL CHECK (attempt >= 1),
  attempted_at    timestamptz NOT NULL,
  duration_ms     integer     NOT NULL CHECK (duration_ms >= 0),
  status_code     integer     CHECK (status_code BETWEEN 100 AND 599),
  error           text        CHECK (length(error) <= 2000),
  response_body   text        NOT NULL DEFAULT '' CHECK (length(response_body) <= 1000),
  succeeded       boolean     NOT NULL,
  CHECK (status_code IS NOT NULL OR error IS NOT NULL)
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, seq);
