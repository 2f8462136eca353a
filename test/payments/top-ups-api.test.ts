import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** Consumers top up their wallet from a bank card through the sandbox acquirer. */
describe('top-ups API', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp();
    const phone = `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    token = login.body.token;
  });
  after(async () => {
    await app.close();
  });

  const topUp = (number: string, amount: number, headers?: Record<string, string>) =>
    app.request('POST', '/v1/top_ups', { key: token, body: { amount, currency: 'cny', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } }, ...(headers === undefined ? {} : { headers }) });
  const available = async (): Promise<number> => (await app.request('GET', '/v1/me', { key: token })).body.wallet_balances[0].available;

  test('a card top-up credits the wallet once, shows in the statement, and a retry with its key changes nothing', async () => {
    const first = await topUp('4242424242424242', 30_000, { 'idempotency-key': 'topup-1' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'succeeded');
    assert.deepEqual(first.body.card, { brand: 'visa', last4: '4242' });
    const replay = await topUp('4242424242424242', 30_000, { 'idempotency-key': 'topup-1' });
    assert.equal(replay.body.id, first.body.id);
    assert.equal(await available(), 30_000);
    const statement = await app.request('GET', '/v1/me/transactions', { key: token });
    assert.equal(statement.body.data[0].type, 'top_up');
    assert.equal(statement.body.data[0].amount, 30_000);
    assert.equal((await app.request('GET', `/v1/top_ups/${first.body.id}`, { key: token })).body.status, 'succeeded');
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('declined cards and cards that need 3-D Secure add nothing', async () => {
    const before = await available();
    const declined = await topUp('4000000000009995', 1_000);
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.decline_code, 'insufficient_funds');
    assert.equal(declined.body.error.top_up.status, 'failed');
    const authentication = await topUp('4000002500003155', 1_000);
    assert.equal(authentication.body.error.decline_code, 'authentication_required');
    assert.equal(await available(), before);
  });

  test('limits and permissions: too large, not a consumer, another consumer’s top-up', async () => {
    assert.equal((await topUp('4242424242424242', 5_000_001)).status, 400);
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'm' } })).body;
    assert.equal((await app.request('POST', '/v1/top_ups', { key: merchant.secret_key, body: { amount: 1, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } })).status, 403);
    assert.equal((await app.request('GET', '/v1/top_ups/tu_x', { key: token })).status, 404);
  });
});
