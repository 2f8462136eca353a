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
  /** A consumer signed in by phone, with the payment password 112233 and an empty wallet. */
  const signUp = async (): Promise<{ token: string; customerId: string }> => {
    const phone = `+86134${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    await app.request('POST', '/v1/me/payment_password', { key: login.body.token, body: { password: '112233' } });
    return { token: login.body.token, customerId: login.body.customer.id };
  };

  before(async () => {
    app = await startTestApp();
    ({ token, customerId } = await signUp());
    await app.request('POST', '/v1/top_ups', { key: token, body: { amount: 100_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    station = (await app.request('POST', '/v1/merchants', { body: { name: 'Station', category: 'ev_charging' } })).body;
    other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const charge = async (merchant: { secret_key: string }, amount: number, captureMethod: 'automatic' | 'manual' = 'automatic', customer = customerId) => {
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount, currency: 'cny', customer, capture_method: captureMethod } });
    return app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: merchant.secret_key, body: { payment_method_data: { type: 'wallet' } } });
  };

  /** A merchant of its own with an agreement of ¥200.00 a payment and ¥300.00 a day, so that each test starts with an unused day. */
  const merchantWithAgreement = async (name: string, consumerToken = token): Promise<{ id: string; secret_key: string }> => {
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name, category: 'ev_charging' } })).body;
    const agreement = await app.request('POST', '/v1/me/agreements', { key: consumerToken, body: { merchant: merchant.id, currency: 'cny', per_payment_limit: 20_000, daily_limit: 30_000, password: '112233' } });
    assert.equal(agreement.status, 200, JSON.stringify(agreement.body));
    return merchant;
  };

  const available = async (): Promise<number> => (await app.request('GET', '/v1/me', { key: token })).body.wallet_balances[0].available;

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
    assert.deepEqual([agreement.body.merchant, agreement.body.merchant_name], [station.id, 'Station'], 'the consumer sees whom they let charge');
    const listed = await app.request('GET', '/v1/me/agreements', { key: token });
    assert.equal(listed.body.data.find((a: { id: string }) => a.id === agreement.body.id)?.merchant_name, 'Station');
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

  test('an authorization the merchant cancels does not use up the daily limit', async () => {
    const merchant = await merchantWithAgreement('Cancels');
    const before = await available();
    const held = await charge(merchant, 20_000, 'manual');
    assert.equal(held.body.status, 'requires_capture', JSON.stringify(held.body));
    const canceled = await app.request('POST', `/v1/payment_intents/${held.body.id}/cancel`, { key: merchant.secret_key, body: {} });
    assert.equal(canceled.body.status, 'canceled', JSON.stringify(canceled.body));
    const paid = await charge(merchant, 20_000);
    assert.equal(paid.body.status, 'succeeded', `the canceled ¥200.00 is not counted: ${JSON.stringify(paid.body)}`);
    const dayFull = await charge(merchant, 10_001);
    assert.equal(dayFull.body.error?.decline_code, 'exceeds_agreement_daily_limit', 'the captured ¥200.00 is counted');
    assert.equal(await available(), before - 20_000);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('a partial capture uses up only what was captured; a hold still open counts in full', async () => {
    const merchant = await merchantWithAgreement('Captures part');
    const before = await available();
    const held = await charge(merchant, 20_000, 'manual');
    const captured = await app.request('POST', `/v1/payment_intents/${held.body.id}/capture`, { key: merchant.secret_key, body: { amount_to_capture: 5_000 } });
    assert.equal(captured.body.amount_received, 5_000, JSON.stringify(captured.body));
    const open = await charge(merchant, 20_000, 'manual');
    assert.equal(open.body.status, 'requires_capture', `¥50.00 captured + ¥200.00 fits in ¥300.00: ${JSON.stringify(open.body)}`);
    const over = await charge(merchant, 5_001);
    assert.equal(over.body.error?.decline_code, 'exceeds_agreement_daily_limit', 'the open hold counts at its full ¥200.00');
    const last = await charge(merchant, 5_000);
    assert.equal(last.body.status, 'succeeded', JSON.stringify(last.body));
    assert.equal(await available(), before - 5_000 - 20_000 - 5_000);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('a charge the wallet cannot pay does not use up the daily limit', async () => {
    const broke = await signUp();
    const merchant = await merchantWithAgreement('Declined', broke.token);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const declined = await charge(merchant, 20_000, 'automatic', broke.customerId);
      assert.equal(declined.body.error?.decline_code, 'insufficient_funds', `attempt ${attempt}, not the agreement's limit: ${JSON.stringify(declined.body)}`);
    }
  });
});
