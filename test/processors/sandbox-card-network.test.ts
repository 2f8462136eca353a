import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import { SANDBOX_REQUEST_TIMEOUT_MS, SANDBOX_TIMEOUT_CARD_NUMBER, type SandboxAcquirerTransport, type TransportReply } from '../../src/processors/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { card, cny, ref, sandbox } from './helpers.ts';

let database: TestDatabase;

before(async () => {
  database = await openTestDatabase();
});

after(async () => {
  await database.close();
});

/** A network that rewrites the acquirer's answers to one endpoint: a buggy or hostile processor. */
function rewriting(endpoint: string, rewrite: (reply: TransportReply & { kind: 'answered' }) => TransportReply): (t: SandboxAcquirerTransport) => SandboxAcquirerTransport {
  return (inner) => ({
    async send(target, body) {
      const reply = await inner.send(target, body);
      return target === endpoint && reply.kind === 'answered' ? rewrite(reply) : reply;
    },
  });
}

async function authorized(processor: ReturnType<typeof sandbox>['processor'], clock: ManualClock, amountMinor: bigint): Promise<string> {
  const outcome = await processor.authorize({ reference: ref('pa'), amount: cny(amountMinor), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
  assert.ok(outcome.status === 'authorized');
  return outcome.processorReference;
}

describe('timeouts', () => {
  test('the timeout card: authorize is unknown, then a status sync finds it authorized, and a retry returns the same authorization', async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const reference = ref('pa');
    const request = { reference, amount: cny(4_200n), paymentMethod: { type: 'card' as const, card: card(SANDBOX_TIMEOUT_CARD_NUMBER, clock) } };
    assert.deepEqual(await processor.authorize(request), { status: 'unknown', reason: 'timeout' });

    const synced = await processor.syncStatus({ reference, amount: cny(4_200n) });
    assert.ok(synced.status === 'found');
    assert.equal(synced.authorization.state, 'authorized');
    assert.deepEqual(synced.authorization.amountAuthorized, cny(4_200n));

    const retried = await processor.authorize(request);
    assert.ok(retried.status === 'authorized', 'a lost answer is not lost twice');
    assert.equal(retried.processorReference, synced.authorization.processorReference);
    const rows = await database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM processors_sandbox_card_authorizations WHERE merchant_reference = $1', [reference]);
    assert.equal(rows.rows[0]?.n, 1n, 'one authorization, however often it is asked');
    assert.equal((await processor.capture({ processorReference: retried.processorReference, reference: ref('c'), amount: cny(4_200n) })).status, 'succeeded');
  });

  test('simulated latency is waited through the injected sleep; no real time passes', async () => {
    const clock = new ManualClock();
    const slept: number[] = [];
    const { processor } = sandbox(database.db, clock, { latencyMs: (endpoint) => (endpoint === 'authorize' ? 850 : 120), sleep: async (ms) => void slept.push(ms) });
    const started = Date.now();
    const processorReference = await authorized(processor, clock, 1_000n);
    assert.equal((await processor.capture({ processorReference, reference: ref('c'), amount: cny(1_000n) })).status, 'succeeded');
    assert.deepEqual(slept, [850, 120]);
    assert.ok(Date.now() - started < 5_000);
  });

  test('latency at the timeout loses the answer after the acquirer acted: capture is unknown, sync shows it captured, the retry succeeds', async () => {
    const clock = new ManualClock();
    const slept: number[] = [];
    const latencyMs = (endpoint: string): number => (endpoint === 'capture' ? SANDBOX_REQUEST_TIMEOUT_MS + 5_000 : 0);
    const { processor } = sandbox(database.db, clock, { latencyMs, sleep: async (ms) => void slept.push(ms) });
    const authorizeReference = ref('pa');
    const outcome = await processor.authorize({ reference: authorizeReference, amount: cny(2_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    assert.ok(outcome.status === 'authorized');
    const capture = { processorReference: outcome.processorReference, reference: ref('c'), amount: cny(2_000n) };
    assert.deepEqual(await processor.capture(capture), { status: 'unknown', reason: 'timeout', processorReference: outcome.processorReference });
    assert.deepEqual(slept, [SANDBOX_REQUEST_TIMEOUT_MS], 'the wait stops at the timeout');
    const synced = await processor.syncStatus({ reference: authorizeReference, amount: cny(2_000n) });
    assert.ok(synced.status === 'found');
    assert.equal(synced.authorization.state, 'captured');
    const { processor: fast } = sandbox(database.db, clock);
    assert.deepEqual(await fast.capture(capture), { status: 'succeeded', amount: cny(2_000n) });
  });
});

describe('idempotent authorize', () => {
  test('the same reference returns the same authorization, also when sent concurrently', async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const reference = ref('pa');
    const request = { reference, amount: cny(3_000n), paymentMethod: { type: 'card' as const, card: card('4242424242424242', clock) } };
    const outcomes = await Promise.all([processor.authorize(request), processor.authorize(request), processor.authorize(request)]);
    const ids = new Set(outcomes.map((o) => (o.status === 'authorized' ? o.processorReference : o.status)));
    assert.equal(ids.size, 1);
    assert.match([...ids][0] ?? '', /^sbauth_/);
  });

  test('the same reference with another amount is a bug in the caller and fails loudly', async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const reference = ref('pa');
    await processor.authorize({ reference, amount: cny(3_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    await assert.rejects(processor.authorize({ reference, amount: cny(3_001n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } }), /reference_conflict/);
  });
});

describe('the amount the acquirer echoes is checked (Hyperswitch integrity check)', () => {
  test('an authorization for another amount is unknown, naming the authorization so it can be voided', async () => {
    const clock = new ManualClock();
    const wrap = rewriting('authorize', (reply) => ({ ...reply, body: reply.body.replace('"amount":"100.00"', '"amount":"99.99"') }));
    const { processor } = sandbox(database.db, clock, {}, wrap);
    const outcome = await processor.authorize({ reference: ref('pa'), amount: cny(10_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    assert.equal(outcome.status, 'unknown');
    assert.equal(outcome.status === 'unknown' ? outcome.reason : undefined, 'amount_mismatch');
    assert.match(outcome.status === 'unknown' ? (outcome.processorReference ?? '') : '', /^sbauth_/);
  });

  test('an answer in another currency is unknown', async () => {
    const clock = new ManualClock();
    const wrap = rewriting('authorize', (reply) => ({ ...reply, body: reply.body.replace('"currency":"CNY"', '"currency":"USD"') }));
    const { processor } = sandbox(database.db, clock, {}, wrap);
    const outcome = await processor.authorize({ reference: ref('pa'), amount: cny(10_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    assert.equal(outcome.status === 'unknown' ? outcome.reason : outcome.status, 'currency_mismatch');
  });

  test('a capture or refund echoed with another amount is unknown, not succeeded', async () => {
    const clock = new ManualClock();
    const wrap = (inner: SandboxAcquirerTransport): SandboxAcquirerTransport =>
      rewriting('capture', (reply) => ({ ...reply, body: reply.body.replace('"captured_amount":"50.00"', '"captured_amount":"60.00"') }))(
        rewriting('refund', (reply) => ({ ...reply, body: reply.body.replace('"amount":"10.00"', '"amount":"1.00"') }))(inner),
      );
    const { processor } = sandbox(database.db, clock, {}, wrap);
    const processorReference = await authorized(processor, clock, 10_000n);
    const capture = await processor.capture({ processorReference, reference: ref('c'), amount: cny(5_000n) });
    assert.deepEqual(capture, { status: 'unknown', reason: 'amount_mismatch', processorReference });
    const refund = await processor.refund({ processorReference, reference: ref('r'), amount: cny(1_000n) });
    assert.deepEqual(refund, { status: 'unknown', reason: 'amount_mismatch', processorReference });
  });

  test('a status sync for another amount than the core asked for is unknown', async () => {
    const clock = new ManualClock();
    const { processor } = sandbox(database.db, clock);
    const reference = ref('pa');
    await processor.authorize({ reference, amount: cny(10_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
    const synced = await processor.syncStatus({ reference, amount: cny(9_999n) });
    assert.equal(synced.status === 'unknown' ? synced.reason : synced.status, 'amount_mismatch');
  });
});

describe('answers that do not match the acquirer’s format', () => {
  const MALFORMED: readonly [string, (reply: TransportReply & { kind: 'answered' }) => TransportReply][] = [
    ['not JSON', (reply) => ({ ...reply, body: '<html>502 Bad Gateway</html>' })],
    ['a server error', () => ({ kind: 'answered', httpStatus: 502, body: '' })],
    ['an unknown status', (reply) => ({ ...reply, body: reply.body.replace('"status":"approved"', '"status":"approved_pending_review"') })],
    ['an unknown response code', (reply) => ({ ...reply, body: reply.body.replace('"response_code":"00"', '"response_code":"99"') })],
    ['an amount with too many decimals', (reply) => ({ ...reply, body: reply.body.replace('"amount":"100.00"', '"amount":"100.001"') })],
    ['an error with an unknown code', () => ({ kind: 'answered', httpStatus: 409, body: '{"error":{"code":"mystery","message":""}}' })],
  ];
  for (const [name, rewrite] of MALFORMED) {
    test(`${name} is unknown (malformed_response), never a guess`, async () => {
      const clock = new ManualClock();
      const { processor } = sandbox(database.db, clock, {}, rewriting('authorize', rewrite));
      const outcome = await processor.authorize({ reference: ref('pa'), amount: cny(10_000n), paymentMethod: { type: 'card', card: card('4242424242424242', clock) } });
      assert.equal(outcome.status === 'unknown' ? outcome.reason : outcome.status, 'malformed_response');
    });
  }
});
