-- Owner: charging module (src/charging). Remote commands to stations (OCPP 1.6
-- CALLs from the central system: RemoteStartTransaction, Reset, …), recorded
-- when asked for and sent by a job (kind charging.command) in the same
-- transaction, with the station's answer or the reason it was not delivered.
CREATE TABLE charging_commands (
  id            text        PRIMARY KEY,
  merchant_id   text        NOT NULL,
  station_id    text        NOT NULL REFERENCES charging_stations (id),
  action        text        NOT NULL CHECK (action IN ('RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'ChangeAvailability', 'UnlockConnector', 'GetConfiguration', 'ChangeConfiguration', 'TriggerMessage')),
  -- The CALL's payload, as validated for its action.
  params        jsonb       NOT NULL,
  -- What asked for the command, e.g. the charging session a RemoteStartTransaction starts.
  reference     text        CHECK (length(reference) BETWEEN 1 AND 100),
  -- queued: waiting to be sent (again); sent: the CALL is out; the rest are final.
  status        text        NOT NULL CHECK (status IN ('queued', 'sent', 'accepted', 'rejected', 'failed', 'expired')),
  -- The station's confirmation payload, whole (also kept when it could not be read: answer_invalid).
  result        jsonb,
  -- Why it was not delivered or not answered (station_not_connected, call_timeout, connection_lost, call_error:<code>, …);
  -- while queued, the last attempt's failure.
  failure       text        CHECK (length(failure) <= 200),
  attempts      integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Never sent from this time on.
  expires_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL,
  completed_at  timestamptz,
  CHECK ((status IN ('accepted', 'rejected', 'failed', 'expired')) = (completed_at IS NOT NULL)),
  CHECK (status NOT IN ('accepted', 'rejected') OR result IS NOT NULL)
);
CREATE INDEX charging_commands_station_idx ON charging_commands (station_id, created_at, id);
CREATE INDEX charging_commands_merchant_idx ON charging_commands (merchant_id, created_at, id);
