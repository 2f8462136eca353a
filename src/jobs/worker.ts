import { strict as assert } from 'node:assert';
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId, randomToken } from '../platform/ids.ts';
import { retryDelayMs, validateRetryPolicy } from './backoff.ts';
import * as store from './store.ts';
import {
  DEFAULT_JOBS_PER_CLAIM,
  DEFAULT_RETRY_POLICY,
  MAX_ERROR_CHARS,
  MAX_JOBS_PER_CLAIM,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  type JobSettlement,
  type RetryPolicy,
  type RunSummary,
} from './types.ts';

/** Real time a handler may run before it is aborted and its attempt counts as failed. */
export const JOB_HANDLER_TIMEOUT_MS = 60_000;
/**
 * Clock time a claim holds a job. It must outlast the handler timeout with room
 * to settle, or a slow but live worker would have its job run a second time.
 */
export const JOB_LEASE_MS = 5 * 60_000;
export const MAX_JOB_HANDLER_TIMEOUT_MS = 15 * 60_000;
/** How long stop() waits for running handlers by default before aborting them. */
export const JOB_STOP_TIMEOUT_MS = 30_000;
/** Polling bounds: faster wastes the database, slower delays every job. */
export const MIN_POLL_INTERVAL_MS = 10;
export const MAX_POLL_INTERVAL_MS = 60_000;
/** Claims per timer tick at most, so a backlog drains quickly but a tick still ends. */
export const MAX_CLAIMS_PER_TICK = 10;
/** Stored as the error of a job whose worker died during its last attempt. */
export const ABANDONED_ERROR = 'worker_lease_expired: the worker running the last attempt stopped answering';

export interface WorkerLog {
  error(obj: object, msg: string): void;
}

export interface JobWorkerOptions {
  handlerTimeoutMs?: number;
  leaseMs?: number;
  /** Jobs claimed per claim by the background loop. */
  jobsPerClaim?: number;
  /** Jitter source in [0, 1); tests pass a constant. */
  random?: () => number;
  log?: WorkerLog;
}

interface Registration {
  handler: JobHandler;
  retry: RetryPolicy;
}

interface Loop {
  timer: NodeJS.Timeout;
  stopped: boolean;
  tick: Promise<void> | undefined;
}

/**
 * Runs queued jobs. Any number of workers, in any number of processes, may run
 * on one database: each claims due jobs with FOR UPDATE SKIP LOCKED under a
 * lease, runs their handlers outside the claiming transaction, and settles each
 * job only while it still holds the lease. Delivery is at least once: a job
 * whose worker dies is claimed again when its lease has passed.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly handlers = new Map<string, Registration>();
  private readonly running = new Set<AbortController>();
  private readonly inFlight = new Set<Promise<RunSummary>>();
  private readonly handlerTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly jobsPerClaim: number;
  private readonly random: () => number;
  private loop: Loop | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: JobWorkerOptions = {},
  ) {
    this.workerId = newId('wrk', clock.nowMs());
    this.handlerTimeoutMs = options.handlerTimeoutMs ?? JOB_HANDLER_TIMEOUT_MS;
    this.leaseMs = options.leaseMs ?? JOB_LEASE_MS;
    this.jobsPerClaim = options.jobsPerClaim ?? DEFAULT_JOBS_PER_CLAIM;
    this.random = options.random ?? Math.random;
    assert(Number.isSafeInteger(this.handlerTimeoutMs) && this.handlerTimeoutMs > 0 && this.handlerTimeoutMs <= MAX_JOB_HANDLER_TIMEOUT_MS, `handlerTimeoutMs is between 1 and ${MAX_JOB_HANDLER_TIMEOUT_MS}`);
    assert(Number.isSafeInteger(this.leaseMs) && this.leaseMs > this.handlerTimeoutMs, 'leaseMs must be longer than handlerTimeoutMs');
    assertClaimLimit(this.jobsPerClaim);
  }

  /** One handler per kind; the worker claims only kinds it has handlers for. */
  registerHandler(kind: string, handler: JobHandler, retry: RetryPolicy = DEFAULT_RETRY_POLICY): void {
    assert(!this.handlers.has(kind), `a handler for ${kind} is registered already`);
    validateRetryPolicy(retry);
    this.handlers.set(kind, { handler, retry });
  }

  /** Claims up to `limit` due jobs, runs them concurrently and settles each; resolves when all are settled. */
  runOnce(limit: number = DEFAULT_JOBS_PER_CLAIM): Promise<RunSummary> {
    assertClaimLimit(limit);
    const run = this.claimAndRun(limit);
    this.inFlight.add(run);
    const forget = (): void => {
      this.inFlight.delete(run);
    };
    run.then(forget, forget);
    return run;
  }

  /** Polls every `intervalMs` in the background until stop(). */
  start(intervalMs: number): void {
    assert(this.loop === undefined, 'the worker is running already');
    assert(Number.isSafeInteger(intervalMs) && intervalMs >= MIN_POLL_INTERVAL_MS && intervalMs <= MAX_POLL_INTERVAL_MS, `intervalMs is between ${MIN_POLL_INTERVAL_MS} and ${MAX_POLL_INTERVAL_MS}`);
    const loop: Loop = { timer: setInterval(() => this.tick(loop), intervalMs), stopped: false, tick: undefined };
    loop.timer.unref();
    this.loop = loop;
  }

  /**
   * Stops polling and waits up to `timeoutMs` for running handlers. Handlers
   * still running then are aborted; their jobs are retried after their lease.
   */
  async stop(timeoutMs: number = JOB_STOP_TIMEOUT_MS): Promise<'stopped' | 'timed_out'> {
    assert(Number.isSafeInteger(timeoutMs) && timeoutMs >= 0, 'timeoutMs is a whole number of ms');
    const loop = this.loop;
    this.loop = undefined;
    if (loop !== undefined) {
      loop.stopped = true;
      clearInterval(loop.timer);
    }
    const idle = Promise.allSettled([loop?.tick, ...this.inFlight]).then(() => 'stopped' as const);
    const outcome = await withDeadline(idle, timeoutMs);
    if (outcome === 'timed_out') for (const controller of this.running) controller.abort(new Error('worker_stopped'));
    return outcome;
  }

  private tick(loop: Loop): void {
    if (loop.tick !== undefined || loop.stopped) return;
    loop.tick = this.drain(loop).finally(() => {
      loop.tick = undefined;
    });
  }

  private async drain(loop: Loop): Promise<void> {
    try {
      for (let claims = 0; claims < MAX_CLAIMS_PER_TICK && !loop.stopped; claims += 1) {
        const summary = await this.runOnce(this.jobsPerClaim);
        if (summary.claimed + summary.abandoned < this.jobsPerClaim) return;
      }
    } catch (error) {
      this.options.log?.error({ err: error }, 'running jobs failed; will retry at the next tick');
    }
  }

  private async claimAndRun(limit: number): Promise<RunSummary> {
    const summary: RunSummary = { claimed: 0, succeeded: 0, retryScheduled: 0, dead: 0, leaseLost: 0, abandoned: 0 };
    if (this.handlers.size === 0) return summary;
    const { claimed, abandoned } = await this.claim(limit);
    summary.claimed = claimed.length;
    summary.abandoned = abandoned;
    const settled = await Promise.allSettled(claimed.map((row) => this.runClaimed(row)));
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      countSettlement(summary, result.value);
    }
    return summary;
  }

  private claim(limit: number): Promise<{ claimed: store.ClaimedRow[]; abandoned: number }> {
    const nowMs = this.clock.nowMs();
    const claim: store.Claim = {
      kinds: [...this.handlers.keys()],
      limit,
      nowMs,
      lockedUntilMs: nowMs + this.leaseMs,
      workerId: this.workerId,
      leaseToken: randomToken(16),
    };
    return this.db.transaction(async (tx) => {
      const abandoned = await store.buryAbandoned(tx, claim, ABANDONED_ERROR);
      const claimed = await store.claimDue(tx, claim);
      return { claimed, abandoned };
    });
  }

  private async runClaimed(row: store.ClaimedRow): Promise<JobSettlement> {
    const registration = this.handlers.get(row.kind);
    assert(registration !== undefined, `claimed a job of kind ${row.kind} without a handler`);
    assert(row.attempts >= 1 && row.attempts <= row.max_attempts, 'a claimed job has an attempt left');
    const outcome = await this.invoke(registration.handler, row);
    return this.settle(row, outcome, registration.retry);
  }

  /** Runs the handler with a deadline; a throw, a timeout or a stop is a failed attempt. */
  private async invoke(handler: JobHandler, row: store.ClaimedRow): Promise<JobOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`handler_timed_out after ${this.handlerTimeoutMs} ms`)), this.handlerTimeoutMs);
    this.running.add(controller);
    const context: JobContext = { id: row.id, kind: row.kind, payload: row.payload, attempt: row.attempts, maxAttempts: row.max_attempts, signal: controller.signal };
    try {
      return await Promise.race([handler(context), whenAborted(controller.signal)]);
    } catch (error) {
      return { result: 'failed', error: describeError(error) };
    } finally {
      clearTimeout(timer);
      this.running.delete(controller);
    }
  }

  private async settle(row: store.ClaimedRow, outcome: JobOutcome, retry: RetryPolicy): Promise<JobSettlement> {
    const nowMs = this.clock.nowMs();
    switch (outcome.result) {
      case 'done':
        return (await store.markSucceeded(this.db, row.id, row.lease_token, nowMs)) ? 'succeeded' : 'lease_lost';
      case 'failed': {
        const error = cleanErrorText(outcome.error);
        if (row.attempts >= row.max_attempts) return (await store.markDead(this.db, row.id, row.lease_token, nowMs, error)) ? 'dead' : 'lease_lost';
        const runAtMs = nowMs + retryDelayMs(retry, row.attempts, this.random);
        return (await store.markRetry(this.db, row.id, row.lease_token, nowMs, runAtMs, error)) ? 'retry_scheduled' : 'lease_lost';
      }
      case 'failed_permanently':
        return (await store.markDead(this.db, row.id, row.lease_token, nowMs, cleanErrorText(outcome.error))) ? 'dead' : 'lease_lost';
      default: {
        const unknown: never = outcome;
        throw new Error(`unknown job outcome ${JSON.stringify(unknown)}`);
      }
    }
  }
}

function assertClaimLimit(limit: number): void {
  assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_JOBS_PER_CLAIM, `claim between 1 and ${MAX_JOBS_PER_CLAIM} jobs`);
}

function countSettlement(summary: RunSummary, settlement: JobSettlement): void {
  switch (settlement) {
    case 'succeeded':
      summary.succeeded += 1;
      return;
    case 'retry_scheduled':
      summary.retryScheduled += 1;
      return;
    case 'dead':
      summary.dead += 1;
      return;
    case 'lease_lost':
      summary.leaseLost += 1;
      return;
    default: {
      const unknown: never = settlement;
      throw new Error(`unknown settlement ${String(unknown)}`);
    }
  }
}

/** Resolves to a failed outcome when the signal aborts (timeout or stop); never rejects. */
function whenAborted(signal: AbortSignal): Promise<JobOutcome> {
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve({ result: 'failed', error: describeError(signal.reason) }), { once: true });
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
}

/**
 * PostgreSQL text refuses NUL, and error texts come from anywhere (a receiver's
 * message, an exception): replace NUL and cut to the stored limit without
 * splitting a surrogate pair.
 */
export function cleanErrorText(text: string, maxChars: number = MAX_ERROR_CHARS): string {
  const clean = text.replaceAll('\u0000', '\uFFFD');
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, maxChars);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T | 'timed_out'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
