import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Ledger, TRANSFER_RESULTS, type TransferRequest, type TransferResult } from '../../src/ledger/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';

let database: TestDatabase;
let ledger: Ledger;
const clock = new ManualClock();

before(async () => {
  database = await openTestDatabase();
  ledger = new Ledger(database.db, clock);
});

after(async () => {
  await database.close();
});

function prefixed(prefix: string, request: TransferRequest): TransferRequest {
  const p = (id: string | undefined): string | undefined => (id === undefined ? undefined : `${prefix}${id}`);
  return {
    ...request,
    id: `${prefix}${request.id}`,
    ...(request.debitAccountId === undefined ? {} : { debitAccountId: p(request.debitAccountId) }),
    ...(request.creditAccountId === undefined ? {} : { creditAccountId: p(request.creditAccountId) }),
    ...(request.pendingId === undefined ? {} : { pendingId: p(request.pendingId) }),
  };
}

async function runScenario(scenario: Scenario): Promise<void> {
  const prefix = `${randomBytes(4).toString('hex')}_`;
  for (const [name, spec] of Object.entries(scenario.accounts)) {
    const created = await ledger.createAccount({
      id: `${prefix}${name}`,
      ledger: spec.ledger ?? 'CNY',
      code: 2000,
      flags: { debitsMustNotExceedCredits: spec.limit === 'debits', creditsMustNotExceedDebits: spec.limit === 'credits' },
    });
    assert.equal(created.result, 'ok');
  }
  for (const [index, step] of scenario.steps.entries()) {
    if (step.advanceMs !== undefined) clock.advanceMs(step.advanceMs);
    if (step.expire !== undefined) assert.equal(await ledger.expireDue(), step.expire, `step ${index}: expired count`);
    const outcomes = await ledger.createTransfers(step.transfers.map((r) => prefixed(prefix, r)));
    assert.deepEqual(
      outcomes.map((o) => o.result),
      step.results,
      `step ${index}: results`,
    );
    for (const [name, expected] of Object.entries(step.balances ?? {})) {
      const account = await ledger.getAccount(`${prefix}${name}`);
      assert.ok(account !== undefined);
      const actual = [account.debitsPendingMinor, account.debitsPostedMinor, account.creditsPendingMinor, account.creditsPostedMinor];
      assert.deepEqual(actual, [...expected], `step ${index}: balances of ${name} [debits pending, debits posted, credits pending, credits posted]`);
    }
  }
  const report = await ledger.verify();
  assert.equal(report.balanced, true, `ledger must verify after "${scenario.name}": ${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
}

describe('ledger scenarios', () => {
  for (const scenario of SCENARIOS) {
    test(scenario.name, () => runScenario(scenario));
  }

  test('the scenario tables exercise every named result', () => {
    const seen = new Set<TransferResult>(SCENARIOS.flatMap((s) => s.steps.flatMap((step) => step.results)));
    const missing = TRANSFER_RESULTS.filter((r) => !seen.has(r));
    assert.deepEqual(missing, []);
  });
});
