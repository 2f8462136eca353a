import { strict as assert } from 'node:assert';
import type { Database, Transaction } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import * as store from './store.ts';
import { DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_LIMIT, MAX_KEY_CHARS, MAX_KIND_CHARS, MAX_PAYLOAD_BYTES, type EnqueueResult, type Job, type JobState, type NewJob } from './types.ts';

/** Kinds read like `events.webhook_delivery`: lower case, dots and underscores. */
const KIND_PATTERN = new RegExp(`^[a-z][a-z0-9_.]{0,${MAX_KIND_CHARS - 1}}$`);
/** Finished jobs deleted per call of purgeFinished at most. */
export const MAX_JOBS_PURGED_PER_CALL = 1_000;
/** How often each process purges finished jobs past their retention. */
export const JOB_PURGE_INTERVAL_MS = 60_000;
/** Keys one getJobsByKeys call looks up at most: a list page's worth. */
export const MAX_KEYS_PER_LOOKUP = 100;

/** How long finished jobs are kept: succeeded ones for a look back, dead ones longer, for investigation. */
export interface JobRetention {
  succeededMs: number;
  deadMs: number;
}

/**
 * Puts jobs into the queue. `enqueue` runs in the caller's transaction: the job
 * exists if and only if the caller's work commits (a transactional outbox), so
 * an effect is never announced for work that rolled back, nor lost for work
 * that committed.
 */
export class JobQueue {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async enqueue(tx: Transaction, job: NewJob): Promise<EnqueueResult> {
    const nowMs = this.clock.nowMs();
    const payloadJson = JSON.stringify(job.payload);
    assertValidJob(job, payloadJson);
    const inserted = await store.insertJob(tx, {
      id: newId('job', nowMs),
      kind: job.kind,
      payloadJson,
      key: job.key,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      runAtMs: job.runAtMs ?? nowMs,
      nowMs,
    });
    return inserted.created ? { created: true, jobId: inserted.jobId } : { created: false, jobId: inserted.jobId };
  }

  getJob(id: string): Promise<Job | undefined> {
    return store.findJob(this.db, id);
  }

  getJobByKey(key: string): Promise<Job | undefined> {
    return store.findJobByKey(this.db, key);
  }

  /** The jobs holding these keys (at most MAX_KEYS_PER_LOOKUP); keys no job holds are absent. */
  async getJobsByKeys(keys: readonly string[]): Promise<Map<string, Job>> {
    assert(keys.length <= MAX_KEYS_PER_LOOKUP, `at most ${MAX_KEYS_PER_LOOKUP} keys per lookup`);
    const jobs = await store.findJobsByKeys(this.db, keys);
    return new Map(jobs.flatMap((j) => (j.key === undefined ? [] : [[j.key, j] as const])));
  }

  /**
   * Runs the job with this key again now, in the caller's transaction: a queued
   * job becomes due at once (keeping its attempts); a dead one gets one more
   * attempt, due at once. A running job is left to finish, a succeeded one is
   * done; neither changes. `not_found` when no job holds the key (it was
   * purged): the caller may enqueue a new one under it.
   */
  async requeueIn(tx: Transaction, key: string): Promise<{ result: 'requeued'; job: Job } | { result: 'running' | 'succeeded' | 'attempts_exhausted' | 'not_found' }> {
    const job = await store.requeueByKey(tx, key, this.clock.nowMs(), MAX_ATTEMPTS_LIMIT);
    if (job === undefined) return { result: 'not_found' };
    switch (job.state) {
      case 'queued':
        return { result: 'requeued', job };
      case 'running':
        return { result: 'running' };
      case 'succeeded':
        return { result: 'succeeded' };
      case 'dead':
        return { result: 'attempts_exhausted' };
      default: {
        const unknown: never = job.state;
        throw new Error(`unhandled job state ${String(unknown)}`);
      }
    }
  }

  countByState(): Promise<Record<JobState, number>> {
    return store.countByState(this.db);
  }

  /**
   * Deletes finished jobs past their retention (succeeded ones first, then
   * dead ones), at most `limit` per call, and returns how many; call again
   * while that equals `limit`. Queued and running jobs are never deleted. A
   * purged job's key may be used again.
   */
  async purgeFinished(retention: JobRetention, limit: number = MAX_JOBS_PURGED_PER_CALL): Promise<number> {
    assert(Number.isSafeInteger(retention.succeededMs) && retention.succeededMs > 0, 'succeededMs is a positive whole number of ms');
    assert(Number.isSafeInteger(retention.deadMs) && retention.deadMs > 0, 'deadMs is a positive whole number of ms');
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_JOBS_PURGED_PER_CALL, `purge between 1 and ${MAX_JOBS_PURGED_PER_CALL} jobs per call`);
    const nowMs = this.clock.nowMs();
    const succeeded = await store.deleteFinished(this.db, 'succeeded', nowMs - retention.succeededMs, limit);
    const dead = succeeded < limit ? await store.deleteFinished(this.db, 'dead', nowMs - retention.deadMs, limit - succeeded) : 0;
    assert(succeeded + dead <= limit, 'a purge deletes at most its limit');
    return succeeded + dead;
  }
}

/** A malformed job is a programming error, not a business failure: it fails the caller's transaction. */
function assertValidJob(job: NewJob, payloadJson: string): void {
  assert(KIND_PATTERN.test(job.kind), `job kind ${JSON.stringify(job.kind)} must match ${KIND_PATTERN.source}`);
  assert(Buffer.byteLength(payloadJson, 'utf8') <= MAX_PAYLOAD_BYTES, `job payload is at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);
  if (job.runAtMs !== undefined) assert(Number.isSafeInteger(job.runAtMs) && job.runAtMs >= 0, 'runAtMs is a whole number of ms since the epoch');
  if (job.maxAttempts !== undefined) {
    assert(Number.isSafeInteger(job.maxAttempts) && job.maxAttempts >= 1 && job.maxAttempts <= MAX_ATTEMPTS_LIMIT, `maxAttempts is between 1 and ${MAX_ATTEMPTS_LIMIT}`);
  }
  if (job.key !== undefined) assert(job.key.length >= 1 && job.key.length <= MAX_KEY_CHARS, `a job key has 1 to ${MAX_KEY_CHARS} characters`);
}
