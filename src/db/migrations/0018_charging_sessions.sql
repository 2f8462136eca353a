-- Owner: charging module (src/charging). Charging sessions (one OCPP transaction
-- each, with the payment that pays for it), their meter readings, the RFID id
-- tags that start them, and each station's site-host revenue share.

-- The site host (the car park or mall that hosts a station) takes a share of
-- each session's revenue, moved from the operator's balance to the host's in
-- the capture's own ledger batch.
ALTER TABLE charging_stations ADD COLUMN site_host_merchant_id text;
ALTER TABLE charging_stations ADD COLUMN site_host_share_bps integer NOT NULL DEFAULT 0 CHECK (site_host_share_bps BETWEEN 0 AND 10000);

-- OCPP 1.6 transaction ids are integers chosen by the central system.
CREATE SEQUENCE charging_transaction_ids;

CREATE TABLE charging_sessions (
  id                 text        PRIMARY KEY,
  merchant_id        text        NOT NULL,
  station_id         text        NOT NULL REFERENCES charging_stations (id),
  connector_id       integer     NOT NULL CHECK (connector_id >= 1),
  transaction_id     integer     UNIQUE,
  -- The OCPP idTag the session runs under: an RFID tag, or a one-off token for a start from the app.
  id_tag             text        NOT NULL,
  -- How it is paid: a start from the app (any method), a prepaid card's tag, a consumer's tag under an agreement, or nobody (a tag the station accepted offline that we do not know).
  payer              text        NOT NULL CHECK (payer IN ('app', 'prepaid_card', 'customer_tag', 'none')),
  customer_id        text,
  payment_intent_id  text,
  tariff_id          text        NOT NULL,
  tariff_version     integer     NOT NULL,
  timezone           text        NOT NULL,
  currency           text        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('starting', 'charging', 'finishing', 'completed', 'failed')),
  hold_amount        bigint      NOT NULL CHECK (hold_amount >= 0),
  -- The consumer let the hold grow when the running cost reaches it (wallet under an agreement only).
  auto_increment     boolean     NOT NULL DEFAULT false,
  meter_start_wh     bigint,
  energy_wh          bigint      NOT NULL DEFAULT 0,
  power_w            integer,
  -- Running while charging, final once completed: what the consumer pays, in minor units.
  amount             bigint      NOT NULL DEFAULT 0,
  priced_amount      bigint      NOT NULL DEFAULT 0,
  line_items         jsonb       NOT NULL DEFAULT '[]',
  -- Closed idle intervals [{from_ms, to_ms}] and the start of an open one: time the car occupied the connector without charging.
  idle               jsonb       NOT NULL DEFAULT '[]',
  idle_since         timestamptz,
  last_meter_at      timestamptz,
  -- The station's own StartTransaction timestamp: with the connector it identifies a replayed StartTransaction.
  started_at         timestamptz,
  stopped_at         timestamptz,
  stop_reason        text,
  stop_requested_at  timestamptz,
  flags              text[]      NOT NULL DEFAULT '{}',
  failure_reason     text,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX charging_sessions_merchant_idx ON charging_sessions (merchant_id, created_at, id);
CREATE INDEX charging_sessions_station_idx ON charging_sessions (station_id, created_at);
CREATE INDEX charging_sessions_customer_idx ON charging_sessions (customer_id, created_at) WHERE customer_id IS NOT NULL;
CREATE INDEX charging_sessions_open_idx ON charging_sessions (status, updated_at) WHERE status IN ('starting', 'charging', 'finishing');
CREATE UNIQUE INDEX charging_sessions_start_replay_idx ON charging_sessions (station_id, connector_id, started_at) WHERE started_at IS NOT NULL;
CREATE UNIQUE INDEX charging_sessions_app_tag_idx ON charging_sessions (station_id, id_tag) WHERE status = 'starting';

-- Energy register readings (Wh) by the station's timestamp: a replayed reading is the same row.
CREATE TABLE charging_meter_readings (
  session_id  text        NOT NULL REFERENCES charging_sessions (id),
  at          timestamptz NOT NULL,
  wh          bigint      NOT NULL CHECK (wh >= 0),
  PRIMARY KEY (session_id, at)
);

-- RFID tags: bound to a prepaid card (issued or accepted by the operator) or to a consumer, who pays from the wallet under an agreement.
CREATE TABLE charging_id_tags (
  id_tag           text        PRIMARY KEY CHECK (length(id_tag) BETWEEN 1 AND 20),
  prepaid_card_id  text,
  customer_id      text,
  -- The operator who registered a prepaid card's tag; null for a consumer's own tag.
  merchant_id      text,
  status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  created_at       timestamptz NOT NULL,
  CHECK ((prepaid_card_id IS NULL) <> (customer_id IS NULL))
);
CREATE INDEX charging_id_tags_customer_idx ON charging_id_tags (customer_id) WHERE customer_id IS NOT NULL;
