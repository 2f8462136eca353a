/** The jobs module's public surface: a PostgreSQL job queue (transactional outbox) and its worker. */
export { JobQueue, JOB_PURGE_INTERVAL_MS, MAX_JOBS_PURGED_PER_CALL, MAX_KEYS_PER_LOOKUP, type JobRetention } from './queue.ts';
export {
  JobWorker,
  ABANDONED_ERROR,
  JOB_HANDLER_TIMEOUT_MS,
  JOB_LEASE_MS,
  JOB_STOP_TIMEOUT_MS,
  MAX_CLAIMS_PER_TICK,
  MAX_JOB_HANDLER_TIMEOUT_MS,
  MAX_POLL_INTERVAL_MS,
  MIN_POLL_INTERVAL_MS,
  cleanErrorText,
  type JobWorkerOptions,
  type WorkerLog,
} from './worker.ts';
export { BACKOFF_JITTER_RATIO, backoffCeilingMs, minimumRetryWindowMs, retryDelayMs } from './backoff.ts';
export {
  DEFAULT_JOBS_PER_CLAIM,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_POLICY,
  MAX_ATTEMPTS_LIMIT,
  MAX_ERROR_CHARS,
  MAX_JOBS_PER_CLAIM,
  MAX_KEY_CHARS,
  MAX_KIND_CHARS,
  MAX_PAYLOAD_BYTES,
  type EnqueueResult,
  type Job,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  type JobSettlement,
  type JobState,
  type Json,
  type NewJob,
  type RetryPolicy,
  type RunSummary,
} from './types.ts';
