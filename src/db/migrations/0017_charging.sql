-- Owner: charging module (src/charging). Charging operators' time-of-use tariffs,
-- versioned (a session keeps the version in force when it started), and their
-- stations (OCPP charge boxes) with connectors and live state.
CREATE TABLE charging_tariffs (
  id               text        PRIMARY KEY,
  merchant_id      text        NOT NULL,
  name             text        NOT NULL,
  current_version  integer     NOT NULL CHECK (current_version >= 1),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX charging_tariffs_merchant_idx ON charging_tariffs (merchant_id, created_at);

CREATE TABLE charging_tariff_versions (
  tariff_id   text        NOT NULL REFERENCES charging_tariffs (id),
  version     integer     NOT NULL CHECK (version >= 1),
  definition  jsonb       NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tariff_id, version)
);

CREATE TABLE charging_stations (
  -- The OCPP charge box id: the last path segment of the station's WebSocket URL.
  id             text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,48}$'),
  merchant_id    text        NOT NULL,
  name           text        NOT NULL,
  timezone       text        NOT NULL,
  tariff_id      text        NOT NULL REFERENCES charging_tariffs (id),
  -- SHA-256 of the station's basic-auth password (OCPP security profile 1): long random keys, like API keys.
  password_hash  text        NOT NULL,
  online         boolean     NOT NULL DEFAULT false,
  last_seen_at   timestamptz,
  vendor         text,
  model          text,
  firmware       text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX charging_stations_merchant_idx ON charging_stations (merchant_id, created_at);

CREATE TABLE charging_connectors (
  station_id    text        NOT NULL REFERENCES charging_stations (id),
  connector_id  integer     NOT NULL CHECK (connector_id >= 1),
  type          text        NOT NULL,
  max_power_w   integer     NOT NULL CHECK (max_power_w > 0),
  status        text        NOT NULL DEFAULT 'Unavailable',
  error_code    text        NOT NULL DEFAULT 'NoError',
  status_at     timestamptz,
  PRIMARY KEY (station_id, connector_id)
);
