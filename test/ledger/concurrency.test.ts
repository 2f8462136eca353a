import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Ledger } from '../../src/ledger/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { pending, post, t } from './scenarios.ts';

/**
 * Races on real PostgreSQL (when TEST_DATABASE_URL is set; on PGlite the same
 * calls are queued on its single connection). Every caller gets a named result
 * and no account is ever overdrawn.
 */
describe(`ledger under concurrency (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  let ledger: Ledger;
  before(async () => {
    database = await openTestDatabase({ poolSize: 16 });
    ledger = new Ledger(database.db, systemClock);
  });
  after(async () => {
    await database.close();
  });

  async function accounts(prefix: string, fundMinor: bigint): Promise<void> {
    await ledger.createAccount({ id: `${prefix}wallet`, ledger: 'CNY', code: 2000, flags: { debitsMustNotExceedCredits: true } });
    await ledger.createAccount({ id: `${prefix}bank`, ledger: 'CNY', code: 1000 });
    await ledger.createAccount({ id: `${prefix}shop`, ledger: 'CNY', code: 2200 });
    const [funded] = await ledger.createTransfers([t(`${prefix}fund`, `${prefix}bank`, `${prefix}wallet`, fundMinor)]);
    assert.equal(funded?.result, 'ok');
  }

  test('200 concurrent debits racing on one limited account never overdraw it', async () => {
    const prefix = `${randomBytes(4).toString('hex')}_`;
    await accounts(prefix, 10_000n);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => ledger.createTransfers([t(`${prefix}d${i}`, `${prefix}wallet`, `${prefix}shop`, 100n)])),
    );
    const results = outcomes.map((o) => o[0]?.result);
    assert.equal(results.filter((r) => r === 'ok').length, 100);
    assert.equal(results.filter((r) => r === 'exceeds_credits').length, 100);
    const wallet = await ledger.getAccount(`${prefix}wallet`);
    assert.equal(wallet?.debitsPostedMinor, 10_000n);
    assert.equal(wallet?.creditsPostedMinor, 10_000n);
    assert.equal((await ledger.verify()).balanced, true);
  });

  test('concurrent holds, posts and plain debits on one account never overdraw it', async () => {
    const prefix = `${randomBytes(4).toString('hex')}_`;
    await accounts(prefix, 5_000n);
    const work = Array.from({ length: 150 }, (_, i) => {
      if (i % 3 === 0) return ledger.createTransfers([pending(`${prefix}h${i}`, `${prefix}wallet`, `${prefix}shop`, 100n, 60), post(`${prefix}p${i}`, `${prefix}h${i}`, 40n)]);
      return ledger.createTransfers([t(`${prefix}d${i}`, `${prefix}wallet`, `${prefix}shop`, 100n)]);
    });
    const results = (await Promise.all(work)).flat().map((o) => o.result);
    for (const r of results) assert.ok(['ok', 'exceeds_credits', 'pending_transfer_not_found'].includes(r), `unexpected result ${r}`);
    const wallet = await ledger.getAccount(`${prefix}wallet`);
    assert.ok(wallet !== undefined);
    assert.ok(wallet.debitsPendingMinor + wallet.debitsPostedMinor <= wallet.creditsPostedMinor);
    assert.equal((await ledger.verify()).balanced, true);
  });

  test('two servers on one database (separate pools) race on one account and never overdraw it', async () => {
    // On PostgreSQL the second ledger has its own connection pool, as a second process would.
    const second = TEST_DATABASE_URL === undefined || database.schema === undefined ? undefined : await openPostgres({ connectionString: TEST_DATABASE_URL, poolSize: 8, schema: database.schema, statementTimeoutMs: 30_000 });
    try {
      const ledgers = [ledger, second === undefined ? ledger : new Ledger(second, systemClock)];
      const prefix = `${randomBytes(4).toString('hex')}_`;
      await accounts(prefix, 3_000n);
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) => ledgers[i % 2]?.createTransfers([pending(`${prefix}h${i}`, `${prefix}wallet`, `${prefix}shop`, 100n, 60)]) ?? []),
      );
      assert.equal(outcomes.filter((o) => o[0]?.result === 'ok').length, 30);
      // Posts go through the other server: each hold that exists is posted exactly once.
      const resolutions = await Promise.all(
        Array.from({ length: 100 }, (_, i) => ledgers[(i + 1) % 2]?.createTransfers([post(`${prefix}p${i}`, `${prefix}h${i}`, 50n)]) ?? []),
      );
      assert.equal(resolutions.filter((o) => o[0]?.result === 'ok').length, 30);
      const wallet = await ledger.getAccount(`${prefix}wallet`);
      assert.equal(wallet?.debitsPostedMinor, 1_500n);
      assert.equal(wallet?.debitsPendingMinor, 0n);
      assert.equal((await ledger.verify()).balanced, true);
    } finally {
      await second?.close();
    }
  });

  test('50 concurrent submissions of one transfer id move the money exactly once', async () => {
    const prefix = `${randomBytes(4).toString('hex')}_`;
    await accounts(prefix, 1_000n);
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => ledger.createTransfers([t(`${prefix}once`, `${prefix}wallet`, `${prefix}shop`, 300n)])));
    assert.deepEqual(new Set(outcomes.map((o) => o[0]?.result)), new Set(['ok']));
    const wallet = await ledger.getAccount(`${prefix}wallet`);
    assert.equal(wallet?.debitsPostedMinor, 300n);
  });
});
