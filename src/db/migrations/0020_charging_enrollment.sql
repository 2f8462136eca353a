-- Owner: charging module (src/charging/enrollment.ts). How each charging operator
-- treats a station that connects with an id nobody registered: refused, or let in
-- as a pending station for the operator to approve (with a station of its own) or
-- reject. Only a station that presents the operator's enrollment key gets in.
CREATE TABLE charging_enrollment (
  merchant_id     text        PRIMARY KEY,
  -- reject: unknown stations are refused; pending: they join as pending stations with the enrollment key.
  mode            text        NOT NULL CHECK (mode IN ('reject', 'pending')),
  -- SHA-256 of the enrollment key, the basic-auth password an unknown station presents (OCPP security
  -- profile 1): a long random key, like station passwords. Only while the mode is pending.
  key_hash        text,
  key_created_at  timestamptz,
  updated_at      timestamptz NOT NULL,
  CHECK ((mode = 'pending') = (key_hash IS NOT NULL)),
  CHECK ((key_hash IS NULL) = (key_created_at IS NULL))
);
-- A key finds its operator: one operator per key.
CREATE UNIQUE INDEX charging_enrollment_key_idx ON charging_enrollment (key_hash) WHERE key_hash IS NOT NULL;

-- Unknown stations that joined with an operator's enrollment key and wait for the operator's decision.
-- Registering the id (approval or otherwise) deletes its rows here, for every operator.
CREATE TABLE charging_pending_stations (
  merchant_id   text        NOT NULL,
  id            text        NOT NULL CHECK (id ~ '^[A-Za-z0-9._-]{1,48}$'),
  -- From the station's latest BootNotification; null until it sends one.
  vendor        text,
  model         text,
  firmware      text,
  -- First seen: when the station first connected with the key.
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
CREATE INDEX charging_pending_stations_list_idx ON charging_pending_stations (merchant_id, created_at, id);
CREATE INDEX charging_pending_stations_id_idx ON charging_pending_stations (id);

-- Pending stations the operator rejected: the id is refused (404) with that operator's key from then on,
-- until the id is registered.
CREATE TABLE charging_rejected_stations (
  merchant_id  text        NOT NULL,
  id           text        NOT NULL,
  rejected_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
CREATE INDEX charging_rejected_stations_id_idx ON charging_rejected_stations (id);
