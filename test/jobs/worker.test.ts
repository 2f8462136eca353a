import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ABANDONED_ERROR, JOB_LEASE_MS, JobQueue, JobWorker, type JobContext, type JobOutcome, type NewJob } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';

/** Each test uses kinds of its own: a worker claims only the kinds it handles, so tests sharing the database cannot take each other's jobs. */
function uniqueKind(name: string): string {
  return `test.${name}_${randomBytes(4).toString('hex')}`;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const done: JobOutcome = { result: 'done' };

describe(`job queue and worker (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  let clock: ManualClock;
  let queue: JobQueue;
  before(async () => {
    database = await openTestDatabase();
    clock = new ManualClock();
    queue = new JobQueue(database.db, clock);
  });
  after(async () => {
    await database.close();
  });

  async function enqueue(job: NewJob): Promise<string> {
    const result = await database.db.transaction((tx) => queue.enqueue(tx, job));
    return result.jobId;
  }

  function worker(options: { random?: () => number; handlerTimeoutMs?: number } = {}): JobWorker {
    return new JobWorker(database.db, clock, { random: options.random ?? (() => 0), ...(options.handlerTimeoutMs === undefined ? {} : { handlerTimeoutMs: options.handlerTimeoutMs }) });
  }

  test('a job enqueued in a transaction that rolls back does not exist; one that commits does', async () => {
    const kind = uniqueKind('outbox');
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await queue.enqueue(tx, { kind, payload: { n: 1 }, key: `${kind}:rolled_back` });
        throw new Error('the caller fails after enqueueing');
      }),
      /the caller fails/,
    );
    assert.equal(await queue.getJobByKey(`${kind}:rolled_back`), undefined);
    const jobId = await enqueue({ kind, payload: { n: 2 }, key: `${kind}:committed` });
    const job = await queue.getJob(jobId);
    assert.equal(job?.state, 'queued');
    assert.deepEqual(job?.payload, { n: 2 });
    const ran: string[] = [];
    const w = worker();
    w.registerHandler(kind, async (j) => {
      ran.push(j.id);
      return done;
    });
    assert.equal((await w.runOnce(10)).succeeded, 1);
    assert.deepEqual(ran, [jobId]);
  });

  test('a second job with the same key is not created, inside or outside one transaction', async () => {
    const kind = uniqueKind('dedupe');
    const key = `${kind}:once`;
    const results = await database.db.transaction(async (tx) => [await queue.enqueue(tx, { kind, payload: 1, key }), await queue.enqueue(tx, { kind, payload: 2, key })]);
    assert.equal(results[0]?.created, true);
    assert.deepEqual(results[1], { created: false, jobId: results[0]?.jobId });
    const later = await database.db.transaction((tx) => queue.enqueue(tx, { kind, payload: 3, key }));
    assert.deepEqual(later, { created: false, jobId: results[0]?.jobId });
    assert.deepEqual((await queue.getJobByKey(key))?.payload, 1);
  });

  test('every job runs once, and a job waits for its runAtMs', async () => {
    const kind = uniqueKind('once');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await enqueue({ kind, payload: { i } }));
    const laterId = await enqueue({ kind, payload: { later: true }, runAtMs: clock.nowMs() + 60_000 });
    const runs = new Map<string, number>();
    const w = worker();
    w.registerHandler(kind, async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      return done;
    });
    assert.deepEqual(await w.runOnce(20), { claimed: 5, succeeded: 5, retryScheduled: 0, dead: 0, leaseLost: 0, abandoned: 0 });
    assert.equal((await w.runOnce(20)).claimed, 0);
    assert.deepEqual([...runs.keys()].sort(), [...ids].sort());
    assert.ok([...runs.values()].every((count) => count === 1));
    clock.advanceMs(59_999);
    assert.equal((await w.runOnce(20)).claimed, 0);
    clock.advanceMs(1);
    assert.equal((await w.runOnce(20)).succeeded, 1);
    assert.equal(runs.get(laterId), 1);
    for (const id of [...ids, laterId]) assert.equal((await queue.getJob(id))?.state, 'succeeded');
  });

  test('a failing job backs off exponentially and is dead with its last error after maxAttempts', async () => {
    const kind = uniqueKind('failing');
    const jobId = await enqueue({ kind, payload: null, maxAttempts: 4 });
    const attempts: number[] = [];
    const w = worker({ random: () => 0 });
    w.registerHandler(
      kind,
      async (job) => {
        attempts.push(job.attempt);
        return { result: 'failed', error: `refused on attempt ${job.attempt}` };
      },
      { baseDelayMs: 1_000, maxDelayMs: 3_000 },
    );
    // Rows: the wait before each attempt (no jitter: random() is 0), and the job afterwards.
    const scenario = [
      { waitMs: 0, state: 'queued', delayMs: 1_000 },
      { waitMs: 1_000, state: 'queued', delayMs: 2_000 },
      { waitMs: 2_000, state: 'queued', delayMs: 3_000 },
      { waitMs: 3_000, state: 'dead', delayMs: undefined },
    ] as const;
    for (const [index, row] of scenario.entries()) {
      if (row.waitMs > 0) {
        clock.advanceMs(row.waitMs - 1);
        assert.equal((await w.runOnce(10)).claimed, 0, `attempt ${index + 1} is not due 1 ms early`);
        clock.advanceMs(1);
      }
      assert.equal((await w.runOnce(10)).claimed, 1, `attempt ${index + 1} runs when due`);
      const job = await queue.getJob(jobId);
      assert.equal(job?.state, row.state);
      assert.equal(job?.attempts, index + 1);
      assert.equal(job?.lastError, `refused on attempt ${index + 1}`);
      if (row.delayMs !== undefined) assert.equal(job?.runAtMs, clock.nowMs() + row.delayMs);
    }
    assert.deepEqual(attempts, [1, 2, 3, 4]);
    clock.advanceMs(24 * 60 * 60_000);
    assert.equal((await w.runOnce(10)).claimed, 0, 'a dead job never runs again');
    assert.ok((await queue.getJob(jobId))?.finishedAtMs !== undefined);
  });

  test('jitter shortens a delay by at most a fifth', async () => {
    const kind = uniqueKind('jitter');
    const jobId = await enqueue({ kind, payload: null, maxAttempts: 2 });
    const w = worker({ random: () => 0.999 });
    w.registerHandler(kind, async () => ({ result: 'failed', error: 'no' }), { baseDelayMs: 10_000, maxDelayMs: 10_000 });
    await w.runOnce(10);
    const delayMs = ((await queue.getJob(jobId))?.runAtMs ?? 0) - clock.nowMs();
    assert.ok(delayMs >= 8_000 && delayMs < 10_000, `delay ${delayMs} ms`);
  });

  test('a handler that throws fails its attempt; failed_permanently is dead at once', async () => {
    const kind = uniqueKind('throws');
    const throwing = await enqueue({ kind, payload: 'throw' });
    const permanent = await enqueue({ kind, payload: 'permanent' });
    const w = worker();
    w.registerHandler(kind, async (job) => {
      if (job.payload === 'throw') throw new Error('unexpected \u0000 trouble');
      return { result: 'failed_permanently', error: 'the object is gone' };
    });
    const summary = await w.runOnce(10);
    assert.equal(summary.retryScheduled, 1);
    assert.equal(summary.dead, 1);
    const thrown = await queue.getJob(throwing);
    assert.equal(thrown?.state, 'queued');
    assert.equal(thrown?.lastError, 'unexpected \uFFFD trouble', 'NUL, which PostgreSQL text refuses, is replaced');
    const dead = await queue.getJob(permanent);
    assert.equal(dead?.state, 'dead');
    assert.equal(dead?.attempts, 1);
    assert.equal(dead?.lastError, 'the object is gone');
  });

  test('error texts are cut to 2000 characters', async () => {
    const kind = uniqueKind('long_error');
    const jobId = await enqueue({ kind, payload: null, maxAttempts: 1 });
    const w = worker();
    w.registerHandler(kind, async () => ({ result: 'failed', error: 'x'.repeat(10_000) }));
    await w.runOnce(10);
    assert.equal((await queue.getJob(jobId))?.lastError?.length, 2000);
  });

  test('a handler that outlives its timeout is aborted and its attempt fails', async () => {
    const kind = uniqueKind('slow');
    const jobId = await enqueue({ kind, payload: null });
    const w = worker({ handlerTimeoutMs: 50 });
    let signalAborted = false;
    w.registerHandler(kind, (job: JobContext) => {
      // Never finishes by itself: only the worker's deadline ends this attempt.
      return new Promise<JobOutcome>(() => {
        job.signal.addEventListener('abort', () => {
          signalAborted = true;
        });
      });
    });
    const summary = await w.runOnce(10);
    assert.equal(summary.retryScheduled, 1);
    assert.equal(signalAborted, true);
    assert.match((await queue.getJob(jobId))?.lastError ?? '', /^handler_timed_out after 50 ms/);
  });

  test("a crashed worker's job is run again by another worker once its lease has passed", async () => {
    const kind = uniqueKind('crash');
    const jobId = await enqueue({ kind, payload: null, maxAttempts: 3 });
    const firstStarted = deferred();
    const firstMayFinish = deferred();
    const crashed = worker();
    crashed.registerHandler(kind, async () => {
      firstStarted.resolve();
      await firstMayFinish.promise;
      return done;
    });
    const hung = crashed.runOnce(10);
    await firstStarted.promise;
    const survivorRuns: number[] = [];
    const survivor = worker();
    survivor.registerHandler(kind, async (job) => {
      survivorRuns.push(job.attempt);
      return done;
    });
    assert.equal((await survivor.runOnce(10)).claimed, 0, 'a leased job is not taken while the lease lasts');
    clock.advanceMs(JOB_LEASE_MS);
    assert.equal((await survivor.runOnce(10)).succeeded, 1);
    assert.deepEqual(survivorRuns, [2]);
    // The first worker wakes up late: it no longer holds the lease and changes nothing.
    firstMayFinish.resolve();
    assert.equal((await hung).leaseLost, 1);
    const job = await queue.getJob(jobId);
    assert.equal(job?.state, 'succeeded');
    assert.equal(job?.attempts, 2);
  });

  test('a job whose worker died during its last attempt is made dead, not run again', async () => {
    const kind = uniqueKind('last_attempt');
    const jobId = await enqueue({ kind, payload: null, maxAttempts: 1 });
    const started = deferred();
    const release = deferred();
    const crashed = worker();
    crashed.registerHandler(kind, async () => {
      started.resolve();
      await release.promise;
      return done;
    });
    const hung = crashed.runOnce(10);
    await started.promise;
    clock.advanceMs(JOB_LEASE_MS);
    let ranAgain = false;
    const survivor = worker();
    survivor.registerHandler(kind, async () => {
      ranAgain = true;
      return done;
    });
    const summary = await survivor.runOnce(10);
    assert.equal(summary.abandoned, 1);
    assert.equal(summary.claimed, 0);
    assert.equal(ranAgain, false);
    const job = await queue.getJob(jobId);
    assert.equal(job?.state, 'dead');
    assert.equal(job?.lastError, ABANDONED_ERROR);
    release.resolve();
    assert.equal((await hung).leaseLost, 1);
  });

  test('a worker claims only the kinds it has handlers for', async () => {
    const mine = uniqueKind('mine');
    const theirs = uniqueKind('theirs');
    await enqueue({ kind: mine, payload: null });
    const theirsId = await enqueue({ kind: theirs, payload: null });
    const w = worker();
    w.registerHandler(mine, async () => done);
    assert.equal((await w.runOnce(10)).claimed, 1);
    assert.equal((await queue.getJob(theirsId))?.state, 'queued');
  });

  test('start polls in the background; stop waits for a running handler', async () => {
    const kind = uniqueKind('background');
    const started = deferred();
    const release = deferred();
    const w = worker();
    w.registerHandler(kind, async () => {
      started.resolve();
      await release.promise;
      return done;
    });
    w.start(10);
    const jobId = await enqueue({ kind, payload: null });
    await started.promise;
    let stopped: string | undefined;
    const stopping = w.stop(10_000).then((outcome) => {
      stopped = outcome;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, undefined, 'stop waits while the handler runs');
    release.resolve();
    await stopping;
    assert.equal(stopped, 'stopped');
    assert.equal((await queue.getJob(jobId))?.state, 'succeeded');
  });

  test('stop gives up after its deadline, aborts the handler, and the job is retried', async () => {
    const kind = uniqueKind('stuck');
    const started = deferred();
    const w = worker();
    let aborted = false;
    w.registerHandler(kind, (job) => {
      started.resolve();
      return new Promise<JobOutcome>(() => {
        job.signal.addEventListener('abort', () => {
          aborted = true;
        });
      });
    });
    w.start(10);
    const jobId = await enqueue({ kind, payload: null });
    await started.promise;
    assert.equal(await w.stop(20), 'timed_out');
    assert.equal(aborted, true);
    // The aborted attempt settles as a failure; a second stop waits for that.
    assert.equal(await w.stop(10_000), 'stopped');
    const job = await queue.getJob(jobId);
    assert.equal(job?.state, 'queued');
    assert.equal(job?.lastError, 'worker_stopped');
  });

  test('malformed jobs are refused before anything is written', async () => {
    const cases: { name: string; job: NewJob }[] = [
      { name: 'kind with capitals', job: { kind: 'Bad.Kind', payload: null } },
      { name: 'zero attempts', job: { kind: 'test.ok', payload: null, maxAttempts: 0 } },
      { name: 'too many attempts', job: { kind: 'test.ok', payload: null, maxAttempts: 101 } },
      { name: 'empty key', job: { kind: 'test.ok', payload: null, key: '' } },
      { name: 'payload over 64 KiB', job: { kind: 'test.ok', payload: 'x'.repeat(70_000) } },
      { name: 'fractional runAtMs', job: { kind: 'test.ok', payload: null, runAtMs: 1.5 } },
    ];
    for (const { name, job } of cases) {
      await assert.rejects(database.db.transaction((tx) => queue.enqueue(tx, job)), assert.AssertionError, name);
    }
  });
});
