import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PaygridClient } from '../../src/client/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok, signIn } from '../support/client.ts';

/** Consumers top up their wallet from a bank card through the sandbox acquirer. */
describe('top-ups API', () => {
  let app: TestApp;
  let consumer: PaygridClient;
  before(async () => {
    app = await startTestApp();
    const { token } = await signIn(app, `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`);
    consumer = app.clientFor(token);
  });
  after(async () => {
    await app.close();
  });

  const topUp = (number: string, amount: number, idempotencyKey?: string) =>
    consumer.POST('/v1/top_ups', { params: { header: idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey } }, body: { amount, currency: 'cny', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } } });
  const available = async (): Promise<number> => {
    const wallet = ok(await consumer.GET('/v1/me')).wallet_balances?.[0];
    assert.ok(wallet !== undefined, 'the consumer has a wallet');
    return wallet.available;
  };

  test('a card top-up credits the wallet once, shows in the statement, and a retry with its key changes nothing', async () => {
    const first = ok(await topUp('4242424242424242', 30_000, 'topup-1'));
    assert.equal(first.status, 'succeeded');
    assert.deepEqual(first.card, { brand: 'visa', last4: '4242' });
    const replay = await topUp('4242424242424242', 30_000, 'topup-1');
    assert.equal(replay.data?.id, first.id);
    assert.equal(await available(), 30_000);
    const statement = ok(await consumer.GET('/v1/me/transactions'));
    assert.equal(statement.data[0]?.type, 'top_up');
    assert.equal(statement.data[0]?.amount, 30_000);
    assert.equal(ok(await consumer.GET('/v1/top_ups/{id}', { params: { path: { id: first.id } } })).status, 'succeeded');
    assert.equal(ok(await app.client().GET('/v1/ledger/verify')).balanced, true);
  });

  test('declined cards, and cards still waiting for 3-D Secure, add nothing', async () => {
    const before = await available();
    const declined = failed(await topUp('4000000000009995', 1_000), 402);
    assert.equal(declined.decline_code, 'insufficient_funds');
    assert.equal(declined.top_up?.status, 'failed');
    const authentication = await topUp('4000002500003155', 1_000);
    assert.equal(authentication.data?.status, 'requires_action', 'a card that needs 3-D Secure waits for the cardholder (test/payments/top-up-authentication-api.test.ts)');
    assert.equal(await available(), before);
  });

  test('limits and permissions: too large, not a consumer, another consumer’s top-up', async () => {
    failed(await topUp('4242424242424242', 5_000_001), 400);
    const merchant = ok(await app.client().POST('/v1/merchants', { body: { name: 'm' } }));
    failed(await app.client(merchant.secret_key).POST('/v1/top_ups', { body: { amount: 1, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } }), 403);
    failed(await consumer.GET('/v1/top_ups/{id}', { params: { path: { id: 'tu_x' } } }), 404);
  });
});
