-- Owner: events module (src/events). Indexes for retention: events older than
-- PAYGRID_EVENT_RETENTION_DAYS (30 by default) are purged oldest first, in
-- bounded batches, with their webhook deliveries and attempts. The deliveries
-- and attempts are found through their existing indexes
-- (webhook_deliveries (event_id, endpoint_id), webhook_delivery_attempts (delivery_id, seq)).
CREATE INDEX events_created_idx ON events (created_at);

-- Owner: jobs module (src/jobs). Dead jobs are purged after
-- PAYGRID_DEAD_JOB_RETENTION_DAYS, oldest first, like succeeded ones
-- (jobs_finished_idx, migration 0006).
CREATE INDEX jobs_dead_finished_idx ON jobs (finished_at) WHERE state = 'dead';
