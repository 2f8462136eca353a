-- Owner: payments module (src/payments). Top-ups from cards that need 3-D Secure:
-- the top-up waits in requires_action, with the page the cardholder must visit,
-- until the acquirer reports the authentication's result.
ALTER TABLE top_ups DROP CONSTRAINT top_ups_status_check;
ALTER TABLE top_ups ADD CONSTRAINT top_ups_status_check CHECK (status IN ('requires_action', 'processing', 'succeeded', 'failed'));
ALTER TABLE top_ups ADD COLUMN next_action_url text;
