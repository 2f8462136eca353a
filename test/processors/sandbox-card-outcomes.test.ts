import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import {
  AUTHORIZATION_VALIDITY_MS,
  CHALLENGE_VALIDITY_MS,
  SANDBOX_TEST_CARDS,
  SANDBOX_TIMEOUT_CARD_NUMBER,
  type AuthorizeOutcome,
  type DeclineCode,
} from '../../src/processors/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { CHALLENGE_PAGE_URL, card, cny, ref, sandbox } from './helpers.ts';

type Expected =
  | { status: 'authorized' }
  | { status: 'requires_action' }
  | { status: 'declined'; declineCode: DeclineCode }
  | { status: 'unknown'; reason: 'timeout' };

/** Every documented test card and its outcome at authorize (Stripe's numbers and decline codes). */
const OUTCOMES: readonly { number: string; name: string; expected: Expected }[] = [
  { number: '4242424242424242', name: 'Visa succeeds', expected: { status: 'authorized' } },
  { number: '4000000000000002', name: 'generic decline', expected: { status: 'declined', declineCode: 'generic_decline' } },
  { number: '4000000000009995', name: 'insufficient funds', expected: { status: 'declined', declineCode: 'insufficient_funds' } },
  { number: '4000000000009987', name: 'lost card', expected: { status: 'declined', declineCode: 'lost_card' } },
  { number: '4000000000009979', name: 'stolen card', expected: { status: 'declined', declineCode: 'stolen_card' } },
  { number: '4000000000000069', name: 'expired card', expected: { status: 'declined', declineCode: 'expired_card' } },
  { number: '4000000000000127', name: 'incorrect CVC', expected: { status: 'declined', declineCode: 'incorrect_cvc' } },
  { number: '4000000000000119', name: 'processing error', expected: { status: 'declined', declineCode: 'processing_error' } },
  { number: '4000002500003155', name: 'authentication required', expected: { status: 'requires_action' } },
  { number: SANDBOX_TIMEOUT_CARD_NUMBER, name: 'timeout', expected: { status: 'unknown', reason: 'timeout' } },
  { number: '6200000000000005', name: 'UnionPay 62 succeeds', expected: { status: 'authorized' } },
  { number: '6205500000000000004', name: 'UnionPay 19 digits succeeds', expected: { status: 'authorized' } },
  { number: '5555555555554444', name: 'Mastercard succeeds', expected: { status: 'authorized' } },
  { number: '2223003122003222', name: 'Mastercard 2-series succeeds', expected: { status: 'authorized' } },
  { number: '378282246310005', name: 'American Express succeeds', expected: { status: 'authorized' } },
  { number: '3566002020360505', name: 'JCB succeeds', expected: { status: 'authorized' } },
  { number: '6011111111111117', name: 'an unsupported network (Discover)', expected: { status: 'declined', declineCode: 'card_not_supported' } },
];

let database: TestDatabase;
const clock = new ManualClock(Date.UTC(2026, 0, 1));
const outcomes: AuthorizeOutcome[] = [];

before(async () => {
  database = await openTestDatabase();
});

after(async () => {
  await database.close();
});

function assertOutcome(outcome: AuthorizeOutcome, expected: Expected, amountMinor: bigint): void {
  assert.equal(outcome.status, expected.status, JSON.stringify(outcome, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  switch (outcome.status) {
    case 'authorized':
      assert.deepEqual(outcome.amount, cny(amountMinor));
      assert.match(outcome.processorReference, /^sbauth_/);
      assert.equal(outcome.expiresAtMs, clock.nowMs() + AUTHORIZATION_VALIDITY_MS);
      break;
    case 'requires_action':
      assert.equal(outcome.nextAction.type, 'redirect_to_url');
      assert.equal(outcome.nextAction.url, `${CHALLENGE_PAGE_URL}/${outcome.processorReference}`);
      assert.equal(outcome.expiresAtMs, clock.nowMs() + CHALLENGE_VALIDITY_MS);
      break;
    case 'declined':
      assert.equal(expected.status === 'declined' ? expected.declineCode : undefined, outcome.declineCode);
      assert.match(outcome.processorReference ?? '', /^sbauth_/);
      break;
    case 'unknown':
      assert.equal(expected.status === 'unknown' ? expected.reason : undefined, outcome.reason);
      assert.equal(outcome.processorReference, undefined, 'a lost answer names no authorization');
      break;
  }
}

describe('sandbox card outcomes at authorize', () => {
  for (const [index, row] of OUTCOMES.entries()) {
    test(`${row.number}: ${row.name} → ${row.expected.status}`, async () => {
      const { processor } = sandbox(database.db, clock);
      const amountMinor = 10_000n + BigInt(index);
      const outcome = await processor.authorize({ reference: ref('pa'), amount: cny(amountMinor), paymentMethod: { type: 'card', card: card(row.number, clock) } });
      outcomes.push(outcome);
      assertOutcome(outcome, row.expected, amountMinor);
    });
  }

  test('the table covers every test card the sandbox documents', () => {
    const covered = new Set(OUTCOMES.map((row) => row.number));
    assert.deepEqual(
      SANDBOX_TEST_CARDS.map((c) => c.number).filter((n) => !covered.has(n)),
      [],
    );
  });

  test('a card that expired after it was stored is declined expired_card by the issuer', async () => {
    const localClock = new ManualClock(Date.UTC(2026, 0, 31, 12));
    const credentials = card('4242424242424242', localClock, { expMonth: 1, expYear: 2026 });
    localClock.advanceMs(24 * 60 * 60 * 1000);
    const { processor } = sandbox(database.db, localClock);
    const outcome = await processor.authorize({ reference: ref('pa'), amount: cny(100n), paymentMethod: { type: 'card', card: credentials } });
    assert.equal(outcome.status, 'declined');
    assert.equal(outcome.status === 'declined' ? outcome.declineCode : undefined, 'expired_card');
  });

  test('a currency with no minor unit travels in whole units (JPY)', async () => {
    const { processor } = sandbox(database.db, clock);
    const { money } = await import('../../src/money/index.ts');
    const outcome = await processor.authorize({ reference: ref('pa'), amount: money(500n, 'JPY'), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    assert.equal(outcome.status, 'authorized');
    assert.deepEqual(outcome.status === 'authorized' ? outcome.amount : undefined, money(500n, 'JPY'));
  });

  test('no test card number appears in clear in the acquirer tables or in any outcome', async () => {
    assert.ok(outcomes.length >= OUTCOMES.length);
    const shown = `${JSON.stringify(outcomes, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}${inspect(outcomes, { depth: 10 })}`;
    const tables = await database.db.query<{ row: string }>(
      'SELECT t::text AS row FROM processors_sandbox_card_authorizations t UNION ALL SELECT r::text FROM processors_sandbox_card_refunds r',
    );
    const tableText = tables.rows.map((r) => r.row).join('\n');
    for (const { number } of OUTCOMES) {
      assert.ok(!shown.includes(number), `${number} in an outcome`);
      assert.ok(!tableText.includes(number), `${number} in the acquirer's tables`);
    }
  });
});
