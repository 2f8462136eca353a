import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** 免密支付: a consumer lets a charging operator charge the wallet without the password, within limits, until revoked. */
describe('agreements (auto-debit)', () => {
  let app: TestApp;
  let token: string;
  let customerId: string;
  let station: { id: string; secret_key: string };
  let other: { id: string; secret_key: string };
  before(async () => {
    app = await startTestApp();
    const phone = `+86134${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    token = login.body.token;
    customerId = login.body.customer.id;
    await app.request('POST', '/v1/me/payment_password', { key: token, body: { password: '112233' } });
    await app.request('POST', '/v1/top_ups', { key: token, body: { amount: 100_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    station = (await app.request('POST', '/v1/merchants', { body: { name: 'Station', category: 'ev_charging' } })).body;
    other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const charge = async (merchant: { secret_key: string }, amount: number) => {
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount, currency: 'cny', customer: customerId } });
    return app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: merchant.secret_key, body: { payment_method_data: { type: 'wallet' } } });
  };

  test('without an agreement the merchant cannot charge the wallet', async () => {
    const refused = await charge(station, 1_000);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'agreement_required');
  });

  test('with one, it charges without the password within the agreement’s limits; only that merchant; until revoked', async () => {
    const wrong = await app.request('POST', '/v1/me/agreements', { key: token, body: { merchant: station.id, currency: 'cny', per_payment_limit: 20_000, daily_limit: 30_000, password: '000000' } });
    assert.equal(wrong.body.error.code, 'incorrect_payment_password');
    const agreement = await app.request('POST', '/v1/me/agreements', { key: token, body: { merchant: station.id, currency: 'cny', per_payment_limit: 20_000, daily_limit: 30_000, password: '112233' } });
    assert.equal(agreement.status, 200, JSON.stringify(agreement.body));
    const paid = await charge(station, 15_000);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.status, 'succeeded');
    const tooBig = await charge(station, 20_001);
    assert.equal(tooBig.body.error.decline_code, 'exceeds_agreement_per_payment_limit');
    const dayFull = await charge(station, 15_001);
    assert.equal(dayFull.body.error.decline_code, 'exceeds_agreement_daily_limit');
    assert.equal((await charge(other, 100)).status, 403, 'another merchant has no agreement');
    await app.request('POST', `/v1/me/agreements/${agreement.body.id}/revoke`, { key: token });
    assert.equal((await charge(station, 100)).status, 403);
    const me = await app.request('GET', '/v1/me', { key: token });
    assert.equal(me.body.wallet_balances[0].available, 85_000);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });
});
