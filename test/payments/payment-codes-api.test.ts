import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** 付款码: the consumer shows a code, the till scans it, the wallet pays without the password, once. */
describe('payment codes', () => {
  let app: TestApp;
  let token: string;
  let shop: { id: string; secret_key: string };
  before(async () => {
    app = await startTestApp();
    const phone = `+86133${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    token = (await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } })).body.token;
    await app.request('POST', '/v1/top_ups', { key: token, body: { amount: 200_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    shop = (await app.request('POST', '/v1/merchants', { body: { name: 'Shop' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const newCode = async (): Promise<string> => {
    const issued = await app.request('POST', '/v1/me/payment_codes', { key: token, body: {} });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.match(issued.body.code, /^28\d{16}$/);
    return issued.body.code;
  };
  const scan = (code: string, amount: number) =>
    app.request('POST', '/v1/payment_intents', { key: shop.secret_key, body: { amount, currency: 'cny', confirm: true, payment_method_data: { type: 'payment_code', code } } });

  test('a scanned code pays once; it is refused when used again or expired', async () => {
    const code = await newCode();
    const paid = await scan(code, 2_500);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.status, 'succeeded');
    const again = await scan(code, 100);
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'payment_code_used');
    const late = await newCode();
    app.clock.advanceMs(60_001);
    assert.equal((await scan(late, 100)).body.error.code, 'payment_code_expired');
    assert.equal((await scan('280000000000000000', 100)).body.error.code, 'payment_code_invalid');
  });

  test('a code scanned for a payment that names another customer is refused and stays usable', async () => {
    const other = await app.request('POST', '/v1/customers', { body: { phone: `+86132${String(randomInt(0, 1e8)).padStart(8, '0')}` } });
    const code = await newCode();
    const pi = await app.request('POST', '/v1/payment_intents', { key: shop.secret_key, body: { amount: 100, currency: 'cny', customer: other.body.id } });
    const refused = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: shop.secret_key, body: { payment_method_data: { type: 'payment_code', code } } });
    assert.equal(refused.status, 403);
    assert.equal((await scan(code, 100)).body.status, 'succeeded', 'the code still works for its owner');
  });

  test('above the password-free limit (¥1,000.00) the code is declined and stays usable', async () => {
    const code = await newCode();
    const declined = await scan(code, 100_001);
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.decline_code, 'exceeds_password_free_limit');
    assert.equal((await scan(code, 100_000)).body.status, 'succeeded');
    const me = await app.request('GET', '/v1/me', { key: token });
    assert.equal(me.body.wallet_balances[0].available, 200_000 - 2_500 - 100 - 100_000);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });
});
