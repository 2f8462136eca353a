import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { JobQueue, JobWorker, MAX_JOBS_PURGED_PER_CALL, type JobOutcome, type JobRetention, type JobState } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';

const DAY_MS = 24 * 60 * 60_000;
/** The defaults: succeeded jobs a week, dead ones 30 days. */
const RETENTION: JobRetention = { succeededMs: 7 * DAY_MS, deadMs: 30 * DAY_MS };

/**
 * Finished jobs are deleted after their retention, in bounded batches; queued
 * and running jobs never are. The database is this file's own, and each test
 * first lets every job of the tests before it pass its retention and purges
 * it, so that the counts are the test's own.
 */
describe(`job retention (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  const clock = new ManualClock();
  let queue: JobQueue;
  before(async () => {
    database = await openTestDatabase();
    queue = new JobQueue(database.db, clock);
  });
  after(async () => {
    await database.close();
  });

  /** Runs one job per outcome, a second apart, in order: `done` succeeds, `failed_permanently` dies. */
  async function finishJobs(outcomes: JobOutcome['result'][]): Promise<string[]> {
    const kind = `test.retention_${randomBytes(4).toString('hex')}`;
    const worker = new JobWorker(database.db, clock, { random: () => 0 });
    worker.registerHandler(kind, async (job) => {
      const result = (job.payload as { result: JobOutcome['result'] }).result;
      return result === 'done' ? { result } : { result, error: 'failing on purpose' };
    });
    const ids: string[] = [];
    for (const [i, result] of outcomes.entries()) {
      ids.push((await database.db.transaction((tx) => queue.enqueue(tx, { kind, payload: { i, result }, key: `${kind}:${i}` }))).jobId);
      assert.equal((await worker.runOnce(1)).claimed, 1);
      clock.advanceMs(1_000);
    }
    return ids;
  }

  async function states(ids: readonly string[]): Promise<(JobState | 'deleted')[]> {
    return Promise.all(ids.map(async (id) => (await queue.getJob(id))?.state ?? 'deleted'));
  }

  async function purgeEarlierTests(): Promise<void> {
    clock.advanceMs(RETENTION.deadMs + 1);
    while ((await queue.purgeFinished(RETENTION)) === MAX_JOBS_PURGED_PER_CALL) {
      // More may be due.
    }
  }

  test('succeeded jobs go after 7 days, dead ones after 30; queued jobs stay however old', async () => {
    const [succeeded, dead] = await finishJobs(['done', 'failed_permanently']);
    assert.ok(succeeded !== undefined && dead !== undefined);
    const queued = (await database.db.transaction((tx) => queue.enqueue(tx, { kind: 'test.retention_never_run', payload: null, runAtMs: clock.nowMs() + 365 * DAY_MS }))).jobId;
    assert.deepEqual(await states([succeeded, dead, queued]), ['succeeded', 'dead', 'queued']);

    const succeededAtMs = (await queue.getJob(succeeded))?.finishedAtMs ?? 0;
    const diedAtMs = (await queue.getJob(dead))?.finishedAtMs ?? 0;

    const rows: [atMs: number, deleted: number, expected: (JobState | 'deleted')[]][] = [
      [succeededAtMs + RETENTION.succeededMs, 0, ['succeeded', 'dead', 'queued']],
      [succeededAtMs + RETENTION.succeededMs + 1, 1, ['deleted', 'dead', 'queued']],
      [diedAtMs + RETENTION.deadMs, 0, ['deleted', 'dead', 'queued']],
      [diedAtMs + RETENTION.deadMs + 1, 1, ['deleted', 'deleted', 'queued']],
      [diedAtMs + 400 * DAY_MS, 0, ['deleted', 'deleted', 'queued']],
    ];
    for (const [atMs, deleted, expected] of rows) {
      clock.advanceMs(atMs - clock.nowMs());
      assert.equal(await queue.purgeFinished(RETENTION), deleted, `at ${new Date(atMs).toISOString()}`);
      assert.deepEqual(await states([succeeded, dead, queued]), expected);
    }
  });

  test('the purge goes in bounded batches: succeeded jobs first, then dead ones, never more than the limit', async () => {
    await purgeEarlierTests();
    const ids = await finishJobs(['done', 'done', 'failed_permanently', 'failed_permanently', 'done']);
    clock.advanceMs(RETENTION.deadMs + 1);
    assert.equal(await queue.purgeFinished(RETENTION, 2), 2);
    assert.deepEqual(await states(ids), ['deleted', 'deleted', 'dead', 'dead', 'succeeded'], 'the oldest succeeded jobs first');
    assert.equal(await queue.purgeFinished(RETENTION, 2), 2, 'the last succeeded job, then the oldest dead one');
    assert.deepEqual(await states(ids), ['deleted', 'deleted', 'deleted', 'dead', 'deleted']);
    assert.equal(await queue.purgeFinished(RETENTION, 2), 1);
    assert.equal(await queue.purgeFinished(RETENTION, 2), 0);
    await assert.rejects(queue.purgeFinished(RETENTION, 0), /purge between 1 and/);
    await assert.rejects(queue.purgeFinished(RETENTION, MAX_JOBS_PURGED_PER_CALL + 1), /purge between 1 and/);
  });

  test("a purged job's key may be used again", async () => {
    await purgeEarlierTests();
    const [id] = await finishJobs(['done']);
    const key = (await queue.getJob(id ?? ''))?.key ?? '';
    const again = (): Promise<{ created: boolean }> => database.db.transaction((tx) => queue.enqueue(tx, { kind: 'test.retention_again', payload: null, key }));
    assert.equal((await again()).created, false, 'the finished job still holds its key');
    clock.advanceMs(RETENTION.succeededMs + 1);
    assert.equal(await queue.purgeFinished(RETENTION), 1);
    assert.equal((await again()).created, true);
  });

  test('job retention settings: 7 days for succeeded jobs, 30 for dead ones, at least a day', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.jobRetentionDays, defaults.deadJobRetentionDays], [7, 30]);
    const set = loadConfig({ PAYGRID_JOB_RETENTION_DAYS: '1', PAYGRID_DEAD_JOB_RETENTION_DAYS: '90' });
    assert.deepEqual([set.jobRetentionDays, set.deadJobRetentionDays], [1, 90]);
    assert.throws(() => loadConfig({ PAYGRID_JOB_RETENTION_DAYS: '0' }), /PAYGRID_JOB_RETENTION_DAYS/);
    assert.throws(() => loadConfig({ PAYGRID_DEAD_JOB_RETENTION_DAYS: 'forever' }), /PAYGRID_DEAD_JOB_RETENTION_DAYS: expected a whole number/);
  });
});
