import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { money } from '../../src/money/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { AUTHORIZATION_VALIDITY_MS, MAX_REFUNDS_PER_AUTHORIZATION, type AuthorizationState, type OperationFailureCode, type Processor } from '../../src/processors/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { card, cny, ref, sandbox } from './helpers.ts';

/**
 * The sandbox acquirer's state machine as scenario tables: each scenario authorizes one
 * card, then runs steps and checks each result. References name idempotency keys within a
 * scenario, so a repeated name is a retry.
 */
type Result = 'succeeded' | OperationFailureCode;
type Step =
  | { op: 'capture'; amountMinor: bigint; reference: string; currency?: string; expect: Result }
  | { op: 'void'; reference: string; expect: Result }
  | { op: 'refund'; amountMinor: bigint; reference: string; expect: Result }
  | { op: 'advance'; ms: number }
  | { op: 'sync'; state: AuthorizationState; capturedMinor: bigint; refundedMinor: bigint };

interface Scenario {
  name: string;
  card?: string;
  amountMinor: bigint;
  steps: readonly Step[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'partial capture releases the rest; refunds up to the captured amount, in parts',
    amountMinor: 10_000n,
    steps: [
      { op: 'sync', state: 'authorized', capturedMinor: 0n, refundedMinor: 0n },
      { op: 'capture', amountMinor: 6_000n, reference: 'c1', expect: 'succeeded' },
      { op: 'sync', state: 'captured', capturedMinor: 6_000n, refundedMinor: 0n },
      { op: 'refund', amountMinor: 2_500n, reference: 'r1', expect: 'succeeded' },
      { op: 'refund', amountMinor: 3_501n, reference: 'r2', expect: 'amount_exceeds_captured' },
      { op: 'refund', amountMinor: 3_500n, reference: 'r3', expect: 'succeeded' },
      { op: 'refund', amountMinor: 1n, reference: 'r4', expect: 'amount_exceeds_captured' },
      { op: 'sync', state: 'captured', capturedMinor: 6_000n, refundedMinor: 6_000n },
    ],
  },
  {
    name: 'a capture above the authorized amount is refused; the full amount then captures',
    amountMinor: 10_000n,
    steps: [
      { op: 'capture', amountMinor: 10_001n, reference: 'c1', expect: 'amount_exceeds_authorized' },
      { op: 'capture', amountMinor: 10_000n, reference: 'c2', expect: 'succeeded' },
      { op: 'sync', state: 'captured', capturedMinor: 10_000n, refundedMinor: 0n },
    ],
  },
  {
    name: 'an authorization captures once: a retry answers the same, another capture is refused',
    amountMinor: 10_000n,
    steps: [
      { op: 'capture', amountMinor: 5_000n, reference: 'c1', expect: 'succeeded' },
      { op: 'capture', amountMinor: 5_000n, reference: 'c1', expect: 'succeeded' },
      { op: 'capture', amountMinor: 1_000n, reference: 'c2', expect: 'authorization_already_captured' },
      { op: 'capture', amountMinor: 4_000n, reference: 'c1', expect: 'reference_reused_with_different_request' },
      { op: 'sync', state: 'captured', capturedMinor: 5_000n, refundedMinor: 0n },
    ],
  },
  {
    name: 'a void releases the authorization: retried void answers the same, nothing captures or refunds after',
    amountMinor: 10_000n,
    steps: [
      { op: 'void', reference: 'v1', expect: 'succeeded' },
      { op: 'void', reference: 'v1', expect: 'succeeded' },
      { op: 'void', reference: 'v2', expect: 'authorization_voided' },
      { op: 'capture', amountMinor: 100n, reference: 'c1', expect: 'authorization_voided' },
      { op: 'refund', amountMinor: 100n, reference: 'r1', expect: 'authorization_not_captured' },
      { op: 'sync', state: 'voided', capturedMinor: 0n, refundedMinor: 0n },
    ],
  },
  {
    name: 'a captured authorization cannot be voided, only refunded',
    amountMinor: 10_000n,
    steps: [
      { op: 'capture', amountMinor: 10_000n, reference: 'c1', expect: 'succeeded' },
      { op: 'void', reference: 'v1', expect: 'authorization_already_captured' },
      { op: 'refund', amountMinor: 10_000n, reference: 'r1', expect: 'succeeded' },
      { op: 'sync', state: 'captured', capturedMinor: 10_000n, refundedMinor: 10_000n },
    ],
  },
  {
    name: 'nothing is refunded before it is captured',
    amountMinor: 10_000n,
    steps: [{ op: 'refund', amountMinor: 1n, reference: 'r1', expect: 'authorization_not_captured' }],
  },
  {
    name: 'an authorization expires after 7 days: capture and void are refused from that moment',
    amountMinor: 10_000n,
    steps: [
      { op: 'advance', ms: AUTHORIZATION_VALIDITY_MS - 1 },
      { op: 'sync', state: 'authorized', capturedMinor: 0n, refundedMinor: 0n },
      { op: 'advance', ms: 1 },
      { op: 'sync', state: 'expired', capturedMinor: 0n, refundedMinor: 0n },
      { op: 'capture', amountMinor: 10_000n, reference: 'c1', expect: 'authorization_expired' },
      { op: 'void', reference: 'v1', expect: 'authorization_expired' },
    ],
  },
  {
    name: 'a capture in the last millisecond counts; a captured payment never expires and refunds a month later',
    amountMinor: 10_000n,
    steps: [
      { op: 'advance', ms: AUTHORIZATION_VALIDITY_MS - 1 },
      { op: 'capture', amountMinor: 7_000n, reference: 'c1', expect: 'succeeded' },
      { op: 'advance', ms: 30 * DAY_MS },
      { op: 'refund', amountMinor: 7_000n, reference: 'r1', expect: 'succeeded' },
      { op: 'sync', state: 'captured', capturedMinor: 7_000n, refundedMinor: 7_000n },
    ],
  },
  {
    name: 'a retried refund returns the same refund; the reference with another amount is refused',
    amountMinor: 10_000n,
    steps: [
      { op: 'capture', amountMinor: 10_000n, reference: 'c1', expect: 'succeeded' },
      { op: 'refund', amountMinor: 3_000n, reference: 'r1', expect: 'succeeded' },
      { op: 'refund', amountMinor: 3_000n, reference: 'r1', expect: 'succeeded' },
      { op: 'refund', amountMinor: 2_000n, reference: 'r1', expect: 'reference_reused_with_different_request' },
      { op: 'sync', state: 'captured', capturedMinor: 10_000n, refundedMinor: 3_000n },
    ],
  },
  {
    name: 'a capture in another currency is refused',
    amountMinor: 10_000n,
    steps: [
      { op: 'capture', amountMinor: 10_000n, reference: 'c1', currency: 'USD', expect: 'currency_differs_from_authorization' },
      { op: 'sync', state: 'authorized', capturedMinor: 0n, refundedMinor: 0n },
    ],
  },
  {
    name: 'a declined authorization can be neither captured nor voided',
    card: '4000000000009995',
    amountMinor: 10_000n,
    steps: [
      { op: 'sync', state: 'declined', capturedMinor: 0n, refundedMinor: 0n },
      { op: 'capture', amountMinor: 10_000n, reference: 'c1', expect: 'authorization_not_approved' },
      { op: 'void', reference: 'v1', expect: 'authorization_not_approved' },
    ],
  },
];

let database: TestDatabase;

before(async () => {
  database = await openTestDatabase();
});

after(async () => {
  await database.close();
});

async function authorize(processor: Processor, clock: ManualClock, number: string, amountMinor: bigint): Promise<{ reference: string; processorReference: string }> {
  const reference = ref('pa');
  const outcome = await processor.authorize({ reference, amount: cny(amountMinor), paymentMethod: { type: 'card', card: card(number, clock) } });
  assert.ok(outcome.status === 'authorized' || outcome.status === 'declined', outcome.status);
  assert.ok(outcome.processorReference !== undefined);
  return { reference, processorReference: outcome.processorReference };
}

async function runStep(processor: Processor, clock: ManualClock, auth: { reference: string; processorReference: string }, amountMinor: bigint, step: Step, prefix: string): Promise<void> {
  const { processorReference } = auth;
  switch (step.op) {
    case 'capture': {
      const outcome = await processor.capture({ processorReference, reference: prefix + step.reference, amount: money(step.amountMinor, step.currency ?? 'CNY') });
      assert.equal(outcome.status === 'failed' ? outcome.code : outcome.status, step.expect);
      if (outcome.status === 'succeeded') assert.deepEqual(outcome.amount, cny(step.amountMinor));
      return;
    }
    case 'void': {
      const outcome = await processor.void({ processorReference, reference: prefix + step.reference });
      assert.equal(outcome.status === 'failed' ? outcome.code : outcome.status, step.expect);
      return;
    }
    case 'refund': {
      const outcome = await processor.refund({ processorReference, reference: prefix + step.reference, amount: cny(step.amountMinor) });
      assert.equal(outcome.status === 'failed' ? outcome.code : outcome.status, step.expect);
      if (outcome.status === 'succeeded') assert.deepEqual(outcome.amount, cny(step.amountMinor));
      return;
    }
    case 'advance':
      clock.advanceMs(step.ms);
      return;
    case 'sync': {
      const outcome = await processor.syncStatus({ reference: auth.reference, processorReference, amount: cny(amountMinor) });
      assert.ok(outcome.status === 'found', outcome.status);
      const { state, amountAuthorized, amountCaptured, amountRefunded } = outcome.authorization;
      assert.deepEqual([state, amountAuthorized.amountMinor, amountCaptured.amountMinor, amountRefunded.amountMinor], [step.state, amountMinor, step.capturedMinor, step.refundedMinor]);
      return;
    }
  }
}

describe('sandbox acquirer state machine', () => {
  for (const scenario of SCENARIOS) {
    test(scenario.name, async () => {
      const clock = new ManualClock(Date.UTC(2026, 0, 1));
      const { processor } = sandbox(database.db, clock);
      const auth = await authorize(processor, clock, scenario.card ?? '4242424242424242', scenario.amountMinor);
      const prefix = `${auth.processorReference}_`;
      for (const [index, step] of scenario.steps.entries()) {
        await assert.doesNotReject(runStep(processor, clock, auth, scenario.amountMinor, step, prefix), `step ${index} (${step.op})`);
      }
    });
  }

  test(`at most ${MAX_REFUNDS_PER_AUTHORIZATION} refunds per authorization`, async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const auth = await authorize(processor, clock, '4242424242424242', 1_000n);
    assert.equal((await processor.capture({ processorReference: auth.processorReference, reference: ref('c'), amount: cny(1_000n) })).status, 'succeeded');
    for (let i = 0; i < MAX_REFUNDS_PER_AUTHORIZATION; i += 1) {
      const outcome = await processor.refund({ processorReference: auth.processorReference, reference: ref('r'), amount: cny(1n) });
      assert.equal(outcome.status, 'succeeded');
    }
    const over = await processor.refund({ processorReference: auth.processorReference, reference: ref('r'), amount: cny(1n) });
    assert.deepEqual(over, { status: 'failed', code: 'refund_limit_reached' });
  });

  test('operations on an authorization the acquirer does not know are refused by name', async () => {
    const { processor } = sandbox(database.db, new ManualClock());
    const processorReference = 'sbauth_missing';
    assert.deepEqual(await processor.capture({ processorReference, reference: ref('c'), amount: cny(1n) }), { status: 'failed', code: 'authorization_not_found' });
    assert.deepEqual(await processor.void({ processorReference, reference: ref('v') }), { status: 'failed', code: 'authorization_not_found' });
    assert.deepEqual(await processor.refund({ processorReference, reference: ref('r'), amount: cny(1n) }), { status: 'failed', code: 'authorization_not_found' });
    assert.deepEqual(await processor.syncStatus({ reference: ref('never-sent'), amount: cny(1n) }), { status: 'not_found' });
  });

  test('concurrent captures of one authorization: exactly one succeeds', async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const auth = await authorize(processor, clock, '4242424242424242', 10_000n);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => processor.capture({ processorReference: auth.processorReference, reference: ref('c'), amount: cny(10_000n) })),
    );
    assert.equal(outcomes.filter((o) => o.status === 'succeeded').length, 1);
    assert.deepEqual(
      outcomes.filter((o) => o.status !== 'succeeded'),
      Array.from({ length: 4 }, () => ({ status: 'failed', code: 'authorization_already_captured' })),
    );
  });

  test('concurrent refunds never exceed the captured amount', async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const auth = await authorize(processor, clock, '4242424242424242', 10_000n);
    await processor.capture({ processorReference: auth.processorReference, reference: ref('c'), amount: cny(10_000n) });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => processor.refund({ processorReference: auth.processorReference, reference: ref('r'), amount: cny(3_000n) })),
    );
    assert.equal(outcomes.filter((o) => o.status === 'succeeded').length, 3);
    const synced = await processor.syncStatus({ reference: auth.reference, amount: cny(10_000n) });
    assert.ok(synced.status === 'found');
    assert.equal(synced.authorization.amountRefunded.amountMinor, 9_000n);
  });

  test('a new instance on the same database continues where the last one stopped (nothing lives in memory)', async () => {
    const clock = new ManualClock();
    const first = sandbox(database.db, clock);
    const auth = await authorize(first.processor, clock, '4242424242424242', 8_000n);
    assert.equal((await first.processor.capture({ processorReference: auth.processorReference, reference: 'persist_c1', amount: cny(5_000n) })).status, 'succeeded');

    const second = sandbox(database.db, clock);
    const synced = await second.processor.syncStatus({ reference: auth.reference, amount: cny(8_000n) });
    assert.ok(synced.status === 'found');
    assert.equal(synced.authorization.state, 'captured');
    assert.equal(synced.authorization.amountCaptured.amountMinor, 5_000n);
    assert.equal((await second.processor.capture({ processorReference: auth.processorReference, reference: 'persist_c2', amount: cny(1_000n) })).status, 'failed');
    assert.equal((await second.processor.capture({ processorReference: auth.processorReference, reference: 'persist_c1', amount: cny(5_000n) })).status, 'succeeded', 'a retry after restart answers the same');
    const retried = await second.processor.authorize({ reference: auth.reference, amount: cny(8_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    assert.ok(retried.status === 'authorized');
    assert.equal(retried.processorReference, auth.processorReference);
    assert.equal((await second.processor.refund({ processorReference: auth.processorReference, reference: ref('r'), amount: cny(5_000n) })).status, 'succeeded');
  });
});
