-- Owner: idempotency module (src/idempotency). One row per (scope, key): the first
-- POST that used an Idempotency-Key and, once it finished, the response that its
-- retries replay (https://docs.stripe.com/api/idempotent_requests).
--
-- A row is in flight while it has no response: its owner holds a lease until
-- lease_expires_at. Whenever another request takes a key over (the lease ran out, or
-- the key outlived the retention), the row gets a new record_id, so that the previous
-- owner can neither complete nor release it.
CREATE TABLE idempotency_keys (
  scope            text        NOT NULL CHECK (length(scope) BETWEEN 1 AND 255),
  -- 1 to 255 printable ASCII characters (IDEMPOTENCY_KEY_PATTERN in src/idempotency/types.ts).
  idempotency_key  text        NOT NULL CHECK (idempotency_key ~ '^[ -~]{1,255}$'),
  record_id        text        NOT NULL UNIQUE,
  -- SHA-256 (hex) of method, path and canonical body: a retry must be the same request.
  fingerprint      text        NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  created_at       timestamptz NOT NULL,
  lease_expires_at timestamptz,
  response_status  integer     CHECK (response_status BETWEEN 100 AND 599),
  -- The body exactly as it was sent, so that a replay is byte-identical; 1 MiB at most
  -- (MAX_STORED_RESPONSE_BYTES in src/idempotency/types.ts).
  response_body    text        CHECK (octet_length(response_body) <= 1048576),
  response_headers jsonb,
  PRIMARY KEY (scope, idempotency_key),
  -- In flight (a lease and no response) or completed (a response and no lease), never both.
  CONSTRAINT idempotency_keys_in_flight_or_completed
    CHECK ((response_status IS NULL) = (lease_expires_at IS NOT NULL)),
  CONSTRAINT idempotency_keys_response_is_whole
    CHECK ((response_status IS NULL) = (response_body IS NULL) AND (response_status IS NULL) = (response_headers IS NULL))
);
-- purgeExpired deletes the oldest keys first, in bounded batches.
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
