import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Payment intents end to end over the API: every sandbox card outcome, manual and
 * partial capture, cancel, 3-D Secure, an answer lost to a timeout, wallet payments,
 * refunds and fees. After each scenario the ledger verifies and the merchant's,
 * customer's and platform's balances are exactly what the fee plan says.
 */
describe('payments API', () => {
  let app: TestApp;
  let merchant: { id: string; secret_key: string; publishable_key: string };
  before(async () => {
    app = await startTestApp();
    // 1.5 % + ¥0.30, fee returned on refunds.
    const created = await app.request('POST', '/v1/merchants', { body: { name: 'Charging Co', category: 'ev_charging', fee_plan: { percent_bps: 150, fixed_amount: 30, refund_fee_policy: 'return_fee' } } });
    merchant = created.body;
  });
  after(async () => {
    await app.close();
  });

  const asMerchant = (method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, url, { key: merchant.secret_key, ...(body === undefined ? {} : { body }), ...(headers === undefined ? {} : { headers }) });

  async function card(number: string): Promise<string> {
    const pm = await app.request('POST', '/v1/payment_methods', { key: merchant.publishable_key, body: { type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } } });
    assert.equal(pm.status, 200, JSON.stringify(pm.body));
    return pm.body.id;
  }

  async function balance(): Promise<{ pending: number; available: number }> {
    const b = await asMerchant('GET', '/v1/balance');
    return { pending: b.body.pending[0].amount, available: b.body.available[0].amount };
  }

  async function platformFees(): Promise<number> {
    const account = await app.request('GET', '/v1/ledger/accounts/platform:CNY:fees');
    return account.status === 404 ? 0 : account.body.credits_posted - account.body.debits_posted;
  }

  async function assertBalanced(): Promise<void> {
    const verify = await app.request('GET', '/v1/ledger/verify');
    assert.equal(verify.body.balanced, true, JSON.stringify(verify.body));
  }

  test('a card shows only brand, last four and expiry', async () => {
    const pm = await app.request('POST', '/v1/payment_methods', { key: merchant.publishable_key, body: { type: 'card', card: { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' } } });
    assert.equal(pm.body.card.brand, 'visa');
    assert.equal(pm.body.card.last4, '4242');
    assert.ok(!JSON.stringify(pm.body).includes('4242424242424242'));
    const bad = await app.request('POST', '/v1/payment_methods', { key: merchant.publishable_key, body: { type: 'card', card: { number: '4242424242424241', exp_month: 12, exp_year: 2030 } } });
    assert.equal(bad.status, 402);
    assert.equal(bad.body.error.param, 'card[number]');
  });

  test('an automatic card payment succeeds; the fee goes to the platform and the rest to the merchant', async () => {
    const before = { merchant: await balance(), fees: await platformFees() };
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 10_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true });
    assert.equal(pi.status, 200, JSON.stringify(pi.body));
    assert.equal(pi.body.status, 'succeeded');
    assert.equal(pi.body.amount_received, 10_000);
    assert.equal(pi.body.application_fee_amount, 180, '1.5 % of 100.00 + 0.30');
    assert.equal((await balance()).pending - before.merchant.pending, 9_820);
    assert.equal((await platformFees()) - before.fees, 180);
    await assertBalanced();
  });

  const DECLINES: Array<[string, string]> = [
    ['4000000000000002', 'generic_decline'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000009987', 'lost_card'],
    ['4000000000009979', 'stolen_card'],
    ['4000000000000069', 'expired_card'],
    ['4000000000000127', 'incorrect_cvc'],
    ['4000000000000119', 'processing_error'],
  ];
  for (const [number, declineCode] of DECLINES) {
    test(`card ${number} is declined with ${declineCode} and moves no money`, async () => {
      const before = await balance();
      const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 5_000, currency: 'cny', payment_method: await card(number), confirm: true });
      assert.equal(pi.status, 402);
      assert.equal(pi.body.error.type, 'card_error');
      assert.equal(pi.body.error.code, 'card_declined');
      assert.equal(pi.body.error.decline_code, declineCode);
      assert.equal(pi.body.error.payment_intent.status, 'requires_payment_method');
      assert.deepEqual(await balance(), before);
      await assertBalanced();
    });
  }

  test('a UnionPay card starting with 62 succeeds', async () => {
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 100, currency: 'cny', payment_method: await card('6200000000000005'), confirm: true });
    assert.equal(pi.body.status, 'succeeded', JSON.stringify(pi.body));
  });

  test('manual capture: hold, capture part, the rest is released; capture again is refused', async () => {
    const before = await balance();
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 20_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true, capture_method: 'manual' });
    assert.equal(pi.body.status, 'requires_capture');
    assert.equal(pi.body.amount_capturable, 20_000);
    assert.deepEqual(await balance(), before, 'a hold is not yet the merchant’s money');
    const captured = await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/capture`, { amount_to_capture: 15_000 });
    assert.equal(captured.status, 200, JSON.stringify(captured.body));
    assert.equal(captured.body.status, 'succeeded');
    assert.equal(captured.body.amount_received, 15_000);
    assert.equal(captured.body.application_fee_amount, 255);
    assert.equal((await balance()).pending - before.pending, 15_000 - 255);
    const again = await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/capture`, {});
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'payment_intent_unexpected_state');
    await assertBalanced();
  });

  test('cancel releases the hold; a canceled intent cannot be captured', async () => {
    const before = await balance();
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 3_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true, capture_method: 'manual' });
    const canceled = await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/cancel`, { cancellation_reason: 'abandoned' });
    assert.equal(canceled.body.status, 'canceled');
    assert.equal(canceled.body.cancellation_reason, 'abandoned');
    assert.equal((await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/capture`, {})).status, 400);
    assert.deepEqual(await balance(), before);
    await assertBalanced();
  });

  test('3-D Secure: requires_action until the cardholder approves on the sandbox page', async () => {
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 8_800, currency: 'cny', payment_method: await card('4000002500003155'), confirm: true, return_url: 'https://shop.example/done' });
    assert.equal(pi.status, 200, JSON.stringify(pi.body));
    assert.equal(pi.body.status, 'requires_action');
    const url = new URL(pi.body.next_action.redirect_to_url.url);
    const page = await app.request('GET', url.pathname, { key: null });
    assert.equal(page.status, 200);
    assert.match(String(page.body), /Sandbox 3-D Secure/);
    const approved = await app.request('POST', `${url.pathname}/complete`, { key: null, body: { approve: true } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const after = await asMerchant('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(after.body.status, 'succeeded');
    await assertBalanced();
  });

  test('3-D Secure declined by the cardholder fails the payment', async () => {
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 1_000, currency: 'cny', payment_method: await card('4000002500003155'), confirm: true });
    const url = new URL(pi.body.next_action.redirect_to_url.url);
    await app.request('POST', `${url.pathname}/complete`, { key: null, body: { approve: false } });
    const after = await asMerchant('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(after.body.status, 'requires_payment_method');
    assert.ok(after.body.last_payment_error !== null);
  });

  test('an answer lost to a timeout leaves the payment processing until a status sync resolves it', async () => {
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 4_200, currency: 'cny', payment_method: await card('4000009990000005'), confirm: true, capture_method: 'manual' });
    assert.equal(pi.status, 200, JSON.stringify(pi.body));
    assert.equal(pi.body.status, 'processing');
    const synced = await asMerchant('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(synced.body.status, 'requires_capture');
    await assertBalanced();
  });

  test('refunds: partial, then the rest; never more than captured; the fee comes back with them', async () => {
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 10_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true });
    const before = { merchant: await balance(), fees: await platformFees() };
    const first = await asMerchant('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 4_000 });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'succeeded');
    assert.equal(first.body.fee_returned, 72, '180 × 4000 / 10000');
    const tooMuch = await asMerchant('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 6_001 });
    assert.equal(tooMuch.status, 400);
    const rest = await asMerchant('POST', '/v1/refunds', { payment_intent: pi.body.id });
    assert.equal(rest.body.amount, 6_000);
    assert.equal(rest.body.fee_returned, 108, 'the last refund returns exactly the fee left');
    assert.equal((await balance()).pending - before.merchant.pending, -(10_000 - 180));
    assert.equal((await platformFees()) - before.fees, -180);
    const none = await asMerchant('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 1 });
    assert.equal(none.status, 400);
    await assertBalanced();
  });

  test('a consumer pays from the wallet with the payment password; the merchant captures part; refunds go back to the wallet', async () => {
    const phone = `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const code = /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1];
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code } });
    const token = login.body.token as string;
    const customerId = login.body.customer.id as string;
    await app.request('POST', '/v1/me/payment_password', { key: token, body: { password: '246810' } });
    await app.request('POST', '/v1/ledger/accounts', { body: { id: 'bank_for_wallets', ledger: 'CNY', code: 1000 } });
    await app.request('POST', '/v1/ledger/transfers', { body: { id: `topup_${customerId}`, debit_account_id: 'bank_for_wallets', credit_account_id: `${customerId}:CNY:wallet`, amount: 50_000, ledger: 'CNY', code: 1 } });

    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 30_000, currency: 'cny', customer: customerId, capture_method: 'manual', description: '充电预授权' });
    assert.equal(pi.body.status, 'requires_payment_method');
    const wrong = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: token, body: { payment_method_data: { type: 'wallet' }, password: '000000', client_secret: pi.body.client_secret } });
    assert.equal(wrong.body.error.code, 'incorrect_payment_password');
    const noSecret = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: token, body: { payment_method_data: { type: 'wallet' }, password: '246810', client_secret: 'pi_x_secret_y' } });
    assert.equal(noSecret.status, 400);
    const confirmed = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: token, body: { payment_method_data: { type: 'wallet' }, password: '246810', client_secret: pi.body.client_secret } });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.status, 'requires_capture');
    let me = await app.request('GET', '/v1/me', { key: token });
    assert.deepEqual(me.body.wallet_balances[0], { currency: 'cny', available: 20_000, held: 30_000 });

    const incremented = await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/increment_authorization`, { amount: 40_000 });
    assert.equal(incremented.body.amount_capturable, 40_000, JSON.stringify(incremented.body));
    const tooFar = await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/increment_authorization`, { amount: 60_000 });
    assert.equal(tooFar.status, 402);
    const captured = await asMerchant('POST', `/v1/payment_intents/${pi.body.id}/capture`, { amount_to_capture: 12_345 });
    assert.equal(captured.body.status, 'succeeded');
    me = await app.request('GET', '/v1/me', { key: token });
    assert.deepEqual(me.body.wallet_balances[0], { currency: 'cny', available: 50_000 - 12_345, held: 0 }, 'the rest of the hold is released');
    const refund = await asMerchant('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 2_345 });
    assert.equal(refund.body.status, 'succeeded');
    me = await app.request('GET', '/v1/me', { key: token });
    assert.equal(me.body.wallet_balances[0].available, 50_000 - 10_000);
    await assertBalanced();
  });

  test('a wallet without enough money is declined with insufficient_funds', async () => {
    const phone = `+86136${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    await app.request('POST', '/v1/me/payment_password', { key: login.body.token, body: { password: '246810' } });
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 100, currency: 'cny' });
    const declined = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: login.body.token, body: { payment_method_data: { type: 'wallet' }, password: '246810', client_secret: pi.body.client_secret } });
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.decline_code, 'insufficient_funds');
  });

  test('another merchant can neither read nor change a payment', async () => {
    const other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other' } })).body;
    const pi = await asMerchant('POST', '/v1/payment_intents', { amount: 500, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true, capture_method: 'manual' });
    for (const [method, url] of [
      ['GET', `/v1/payment_intents/${pi.body.id}`],
      ['POST', `/v1/payment_intents/${pi.body.id}/capture`],
      ['POST', `/v1/payment_intents/${pi.body.id}/cancel`],
    ] as const) {
      const response = await app.request(method, url, { key: other.secret_key, ...(method === 'POST' ? { body: {} } : {}) });
      assert.equal(response.status, 404, `${method} ${url}`);
    }
    const refund = await app.request('POST', '/v1/refunds', { key: other.secret_key, body: { payment_intent: pi.body.id } });
    assert.equal(refund.status, 404);
    const list = await app.request('GET', '/v1/payment_intents', { key: other.secret_key });
    assert.deepEqual(list.body.data, []);
  });

  test('an Idempotency-Key replays the stored answer and creates one payment', async () => {
    const pm = await card('4242424242424242');
    const key = `idem_${randomInt(1e9)}`;
    const first = await asMerchant('POST', '/v1/payment_intents', { amount: 777, currency: 'cny', payment_method: pm, confirm: true }, { 'idempotency-key': key });
    const second = await asMerchant('POST', '/v1/payment_intents', { amount: 777, currency: 'cny', payment_method: pm, confirm: true }, { 'idempotency-key': key });
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    const mismatch = await asMerchant('POST', '/v1/payment_intents', { amount: 778, currency: 'cny', payment_method: pm, confirm: true }, { 'idempotency-key': key });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.type, 'idempotency_error');
  });

  test('a test card number is never stored in clear', async () => {
    await card('4000000000000002');
    const { rows } = await app.database.db.query<{ t: string; c: string }>(
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'jsonb', 'character varying')",
    );
    for (const { t, c } of rows) {
      const hits = await app.database.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM "${t}" WHERE "${c}"::text LIKE '%4000000000000002%' OR "${c}"::text LIKE '%4242424242424242%'`);
      assert.equal(hits.rows[0]?.n, 0n, `${t}.${c} holds a card number`);
    }
  });
});
