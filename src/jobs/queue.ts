import { strict as assert } from 'node:assert';
import type { Database, Transaction } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import * as store from './store.ts';
import { DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_LIMIT, MAX_KEY_CHARS, MAX_KIND_CHARS, MAX_PAYLOAD_BYTES, type EnqueueResult, type Job, type JobState, type NewJob } from './types.ts';

/** Kinds read like `events.webhook_delivery`: lower case, dots and underscores. */
const KIND_PATTERN = new RegExp(`^[a-z][a-z0-9_.]{0,${MAX_KIND_CHARS - 1}}$`);
/** Succeeded jobs deleted per call of pruneSucceeded at most. */
export const MAX_JOBS_PRUNED_PER_CALL = 1_000;

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

  countByState(): Promise<Record<JobState, number>> {
    return store.countByState(this.db);
  }

  /**
   * Deletes succeeded jobs older than `retainMs`, at most `limit` per call, so
   * the table does not grow without bound. A pruned job's key may be used again.
   */
  pruneSucceeded(retainMs: number, limit: number = MAX_JOBS_PRUNED_PER_CALL): Promise<number> {
    assert(Number.isSafeInteger(retainMs) && retainMs >= 0, 'retainMs is a whole number of ms');
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_JOBS_PRUNED_PER_CALL, `prune between 1 and ${MAX_JOBS_PRUNED_PER_CALL} jobs per call`);
    return store.deleteSucceeded(this.db, this.clock.nowMs() - retainMs, limit);
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
