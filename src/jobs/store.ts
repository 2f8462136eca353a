import type { Queryable, Transaction } from '../db/database.ts';
import type { Job, JobState, Json } from './types.ts';

/** SQL for the `jobs` table. Nothing outside src/jobs reads or writes it. */

interface JobRow {
  id: string;
  kind: string;
  payload: Json;
  key: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const JOB_COLUMNS = 'id, kind, payload, key, state, attempts, max_attempts, run_at, locked_until, last_error, created_at, finished_at';

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    key: row.key ?? undefined,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAtMs: row.run_at.getTime(),
    lockedUntilMs: row.locked_until?.getTime(),
    lastError: row.last_error ?? undefined,
    createdAtMs: row.created_at.getTime(),
    finishedAtMs: row.finished_at?.getTime(),
  };
}

export interface JobInsert {
  id: string;
  kind: string;
  payloadJson: string;
  key: string | undefined;
  maxAttempts: number;
  runAtMs: number;
  nowMs: number;
}

/** Inserts the job unless its key is taken; returns the id of the job that holds the key. */
export async function insertJob(tx: Transaction, job: JobInsert): Promise<{ created: boolean; jobId: string }> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO jobs (id, kind, payload, key, state, max_attempts, run_at, created_at, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, 'queued', $5, $6, $7, $7)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [job.id, job.kind, job.payloadJson, job.key ?? null, job.maxAttempts, new Date(job.runAtMs), new Date(job.nowMs)],
  );
  if (inserted.rows[0] !== undefined) return { created: true, jobId: inserted.rows[0].id };
  const existing = await tx.query<{ id: string }>('SELECT id FROM jobs WHERE key = $1', [job.key ?? null]);
  const row = existing.rows[0];
  if (row === undefined) throw new Error(`job key ${job.key ?? '(none)'} conflicted on insert but no job holds it`);
  return { created: false, jobId: row.id };
}

export async function findJob(db: Queryable, id: string): Promise<Job | undefined> {
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toJob(rows[0]);
}

export async function findJobByKey(db: Queryable, key: string): Promise<Job | undefined> {
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE key = $1`, [key]);
  return rows[0] === undefined ? undefined : toJob(rows[0]);
}

export interface ClaimedRow {
  id: string;
  kind: string;
  payload: Json;
  attempts: number;
  max_attempts: number;
  lease_token: string;
}

export interface Claim {
  kinds: readonly string[];
  limit: number;
  nowMs: number;
  lockedUntilMs: number;
  workerId: string;
  leaseToken: string;
}

/**
 * Jobs whose worker died during their last attempt cannot be run again: they
 * are made dead here, under the same SKIP LOCKED rule as claims.
 */
export async function buryAbandoned(tx: Transaction, claim: Claim, error: string): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE jobs SET state = 'dead', last_error = $4, locked_until = NULL, locked_by = NULL, lease_token = NULL, finished_at = $1, updated_at = $1
     WHERE id IN (
       SELECT id FROM jobs
       WHERE state = 'running' AND locked_until <= $1 AND attempts >= max_attempts AND kind = ANY($2::text[])
       ORDER BY locked_until LIMIT $3 FOR UPDATE SKIP LOCKED)`,
    [new Date(claim.nowMs), claim.kinds, claim.limit, error],
  );
  return rowCount;
}

/**
 * Claims due jobs: queued ones whose time has come and running ones whose
 * lease has passed (their worker is presumed dead). SKIP LOCKED lets several
 * workers claim at once without waiting for or taking each other's jobs.
 */
export async function claimDue(tx: Transaction, claim: Claim): Promise<ClaimedRow[]> {
  const { rows } = await tx.query<ClaimedRow>(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $4, locked_by = $5, lease_token = $6, updated_at = $1
     WHERE id IN (
       SELECT id FROM jobs
       WHERE ((state = 'queued' AND run_at <= $1) OR (state = 'running' AND locked_until <= $1 AND attempts < max_attempts))
         AND kind = ANY($2::text[])
       ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, attempts, max_attempts, lease_token`,
    [new Date(claim.nowMs), claim.kinds, claim.limit, new Date(claim.lockedUntilMs), claim.workerId, claim.leaseToken],
  );
  return rows;
}

/** Settles a job the caller still holds the lease of; false when the lease was lost meanwhile. */
export async function markSucceeded(db: Queryable, id: string, leaseToken: string, nowMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET state = 'succeeded', locked_until = NULL, locked_by = NULL, lease_token = NULL, finished_at = $3, updated_at = $3
     WHERE id = $1 AND lease_token = $2 AND state = 'running'`,
    [id, leaseToken, new Date(nowMs)],
  );
  return rowCount === 1;
}

export async function markRetry(db: Queryable, id: string, leaseToken: string, nowMs: number, runAtMs: number, error: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET state = 'queued', run_at = $4, last_error = $5, locked_until = NULL, locked_by = NULL, lease_token = NULL, updated_at = $3
     WHERE id = $1 AND lease_token = $2 AND state = 'running'`,
    [id, leaseToken, new Date(nowMs), new Date(runAtMs), error],
  );
  return rowCount === 1;
}

export async function markDead(db: Queryable, id: string, leaseToken: string, nowMs: number, error: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET state = 'dead', last_error = $4, locked_until = NULL, locked_by = NULL, lease_token = NULL, finished_at = $3, updated_at = $3
     WHERE id = $1 AND lease_token = $2 AND state = 'running'`,
    [id, leaseToken, new Date(nowMs), error],
  );
  return rowCount === 1;
}

/**
 * The state is written into the SQL, not passed as a parameter, so that the
 * planner always matches the state's partial index on finished_at
 * (jobs_finished_idx in migration 0006, jobs_dead_finished_idx in 0013).
 */
const FINISHED_STATE_SQL: Readonly<Record<'succeeded' | 'dead', string>> = { succeeded: "state = 'succeeded'", dead: "state = 'dead'" };

/** Deletes up to `limit` jobs in a finished state that finished before `beforeMs`, oldest first; their keys become free again. */
export async function deleteFinished(db: Queryable, state: 'succeeded' | 'dead', beforeMs: number, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM jobs WHERE id IN (
       SELECT id FROM jobs WHERE ${FINISHED_STATE_SQL[state]} AND finished_at < $1 ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [new Date(beforeMs), limit],
  );
  return rowCount;
}

export async function countByState(db: Queryable): Promise<Record<JobState, number>> {
  const { rows } = await db.query<{ state: JobState; count: bigint }>('SELECT state, count(*)::int8 AS count FROM jobs GROUP BY state');
  const counts: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, dead: 0 };
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

export async function findJobsByKeys(db: Queryable, keys: readonly string[]): Promise<Job[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE key = ANY($1::text[])`, [keys]);
  return rows.map(toJob);
}

/**
 * Makes a queued job due now, or gives a dead one one more attempt, due now.
 * Running and succeeded jobs are left alone; so is a dead job whose attempts
 * reached `maxAttemptsLimit` (the table's own bound). Returns the job as it is now.
 */
export async function requeueByKey(tx: Transaction, key: string, nowMs: number, maxAttemptsLimit: number): Promise<Job | undefined> {
  const { rows } = await tx.query<JobRow>(
    `UPDATE jobs SET state = 'queued', run_at = $2, max_attempts = CASE WHEN state = 'dead' THEN attempts + 1 ELSE max_attempts END, finished_at = NULL, updated_at = $2
     WHERE key = $1 AND (state = 'queued' OR (state = 'dead' AND attempts < $3))
     RETURNING ${JOB_COLUMNS}`,
    [key, new Date(nowMs), maxAttemptsLimit],
  );
  if (rows[0] !== undefined) return toJob(rows[0]);
  return findJobByKey(tx, key);
}
