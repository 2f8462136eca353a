import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { JobQueue, JobWorker } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';

const JOBS = 300;
/** Claims per worker loop; enough for every job many times over, so the loops always end. */
const MAX_CLAIMS_PER_LOOP = 200;

/**
 * Workers in two "processes" (on PostgreSQL: two connection pools on one
 * schema; on PGlite the same calls queue on its one connection) race for the
 * same jobs. SKIP LOCKED and the lease must hand every job to exactly one.
 */
describe(`job workers racing (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL, two pools'})`, () => {
  let database: TestDatabase;
  let second: Database | undefined;
  before(async () => {
    database = await openTestDatabase({ poolSize: 8 });
    second =
      TEST_DATABASE_URL === undefined || database.schema === undefined
        ? undefined
        : await openPostgres({ connectionString: TEST_DATABASE_URL, poolSize: 8, schema: database.schema, statementTimeoutMs: 30_000 });
  });
  after(async () => {
    await second?.close();
    await database.close();
  });

  test(`${JOBS} jobs claimed by 8 concurrent loops on two databases handles run exactly once each`, async () => {
    const clock = new ManualClock();
    const queue = new JobQueue(database.db, clock);
    const ids = new Set<string>();
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < JOBS; i += 1) ids.add((await queue.enqueue(tx, { kind: 'test.race', payload: { i } })).jobId);
    });
    const runs = new Map<string, number>();
    const handles = [database.db, second ?? database.db];
    const workers = handles.map((db) => {
      const worker = new JobWorker(db, clock);
      worker.registerHandler('test.race', async (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        // Yield, so that claims and settlements of other loops interleave with this one.
        await new Promise((resolve) => setImmediate(resolve));
        return { result: 'done' };
      });
      return worker;
    });
    const loop = async (worker: JobWorker): Promise<number> => {
      let succeeded = 0;
      for (let claims = 0; claims < MAX_CLAIMS_PER_LOOP; claims += 1) {
        const summary = await worker.runOnce(7);
        assert.equal(summary.leaseLost, 0);
        succeeded += summary.succeeded;
        if (summary.claimed === 0) break;
      }
      return succeeded;
    };
    const perLoop = await Promise.all(Array.from({ length: 8 }, (_, i) => loop(workers[i % 2] ?? workers[0]!)));
    assert.equal(perLoop.reduce((a, b) => a + b, 0), JOBS);
    assert.equal(runs.size, JOBS);
    for (const [id, count] of runs) {
      assert.ok(ids.has(id));
      assert.equal(count, 1, `job ${id} ran ${count} times`);
    }
    assert.deepEqual(await queue.countByState(), { queued: 0, running: 0, succeeded: JOBS, dead: 0 });
    if (second !== undefined) assert.ok(perLoop.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) > 0, 'the second pool did some of the work');
  });
});
