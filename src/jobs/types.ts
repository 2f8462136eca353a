/** JSON as a job's payload carries it: plain values only (no bigint; put amounts in as strings). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export type JobState = 'queued' | 'running' | 'succeeded' | 'dead';

export interface NewJob {
  /** What the job does; a worker runs only the kinds it has a handler for. */
  kind: string;
  payload: Json;
  /** Not before this time; now when absent. */
  runAtMs?: number;
  /** Attempts before the job is dead; DEFAULT_MAX_ATTEMPTS when absent. */
  maxAttempts?: number;
  /** A second job with the same key is not created while the first one's row exists. */
  key?: string;
}

export type EnqueueResult = { created: true; jobId: string } | { created: false; jobId: string };

export interface Job {
  id: string;
  kind: string;
  payload: Json;
  key: string | undefined;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAtMs: number;
  lockedUntilMs: number | undefined;
  lastError: string | undefined;
  createdAtMs: number;
  finishedAtMs: number | undefined;
}

/** What a handler sees of the job it runs. */
export interface JobContext {
  id: string;
  kind: string;
  payload: Json;
  /** 1 for the first run; counts claims, including runs whose worker died. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the handler's time is up or the worker stops: pass it to fetch and friends. */
  signal: AbortSignal;
}

/**
 * A handler's verdict. `failed` retries with backoff until the job's attempts
 * are used up; `failed_permanently` makes the job dead at once (retrying
 * cannot help). A handler that throws counts as `failed`.
 */
export type JobOutcome = { result: 'done' } | { result: 'failed'; error: string } | { result: 'failed_permanently'; error: string };

export type JobHandler = (job: JobContext) => Promise<JobOutcome>;

/** Exponential backoff: baseDelayMs after the first failure, doubling, at most maxDelayMs. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What became of a claimed job after its handler ran. */
export type JobSettlement = 'succeeded' | 'retry_scheduled' | 'dead' | 'lease_lost';

export interface RunSummary {
  claimed: number;
  succeeded: number;
  retryScheduled: number;
  dead: number;
  /** Jobs whose lease passed while their handler ran: another worker owns them now. */
  leaseLost: number;
  /** Jobs found abandoned by a dead worker on their last attempt, and made dead. */
  abandoned: number;
}

export const DEFAULT_MAX_ATTEMPTS = 10;
/** The table allows at most this many attempts per job. */
export const MAX_ATTEMPTS_LIMIT = 100;
/** Bigger payloads belong in a table of their own; a job should carry ids. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_KIND_CHARS = 100;
export const MAX_KEY_CHARS = 200;
/** Error texts are cut to this length before they are stored. */
export const MAX_ERROR_CHARS = 2000;
/** Jobs claimed by one runOnce call at most. */
export const MAX_JOBS_PER_CLAIM = 100;
export const DEFAULT_JOBS_PER_CLAIM = 20;

/** 1 s, 2 s, 4 s, … up to an hour: for internal work that is usually fixed by a retry. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 60 * 60_000 };
