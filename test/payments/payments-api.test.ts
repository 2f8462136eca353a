import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PaygridClient, PaymentIntent, RequestBody, ResponseBody } from '../../src/client/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok, signIn } from '../support/client.ts';
import { columnsContaining } from '../support/database-scan.ts';

/**
 * Payment intents end to end over the API: every sandbox card outcome, manual and
 * partial capture, cancel, 3-D Secure, an answer lost to a timeout, wallet payments,
 * refunds and fees. After each scenario the ledger verifies and the merchant's,
 * customer's and platform's balances are exactly what the fee plan says.
 */
describe('payments API', () => {
  let app: TestApp;
  let merchant: ResponseBody<'/v1/merchants', 'post'>;
  let asMerchant: PaygridClient;
  before(async () => {
    app = await startTestApp();
    // 1.5 % + ¥0.30, fee returned on refunds.
    merchant = ok(await app.client().POST('/v1/merchants', { body: { name: 'Charging Co', category: 'ev_charging', fee_plan: { percent_bps: 150, fixed_amount: 30, refund_fee_policy: 'return_fee' } } }));
    asMerchant = app.client(merchant.secret_key);
  });
  after(async () => {
    await app.close();
  });

  const saveCard = (number: string, cvc?: string) =>
    app.client(merchant.publishable_key).POST('/v1/payment_methods', { body: { type: 'card', card: { number, exp_month: 12, exp_year: 2030, ...(cvc === undefined ? {} : { cvc }) } } });

  async function card(number: string): Promise<string> {
    return ok(await saveCard(number, '123')).id;
  }

  async function balance(): Promise<{ pending: number; available: number }> {
    const b = ok(await asMerchant.GET('/v1/balance'));
    const [pending, available] = [b.pending[0], b.available[0]];
    assert.ok(pending !== undefined && available !== undefined, JSON.stringify(b));
    return { pending: pending.amount, available: available.amount };
  }

  async function platformFees(): Promise<number> {
    const account = await app.client().GET('/v1/ledger/accounts/{id}', { params: { path: { id: 'platform:CNY:fees' } } });
    if (account.response.status === 404) return 0;
    const { credits_posted, debits_posted } = ok(account);
    return credits_posted - debits_posted;
  }

  async function assertBalanced(): Promise<void> {
    const verify = ok(await app.client().GET('/v1/ledger/verify'));
    assert.equal(verify.balanced, true, JSON.stringify(verify));
  }

  const createIntent = (body: RequestBody<'/v1/payment_intents', 'post'>) => asMerchant.POST('/v1/payment_intents', { body });
  const retrieve = (id: string) => asMerchant.GET('/v1/payment_intents/{id}', { params: { path: { id } } });
  const capture = (id: string, body: RequestBody<'/v1/payment_intents/{id}/capture', 'post'> = {}) => asMerchant.POST('/v1/payment_intents/{id}/capture', { params: { path: { id } }, body });

  test('a card shows only brand, last four and expiry', async () => {
    const pm = ok(await saveCard('4242 4242 4242 4242', '123'));
    assert.equal(pm.card.brand, 'visa');
    assert.equal(pm.card.last4, '4242');
    assert.ok(!JSON.stringify(pm).includes('4242424242424242'));
    const bad = await saveCard('4242424242424241');
    assert.equal(failed(bad, 402).param, 'card[number]');
  });

  test('an automatic card payment succeeds; the fee goes to the platform and the rest to the merchant', async () => {
    const before = { merchant: await balance(), fees: await platformFees() };
    const pi = ok(await createIntent({ amount: 10_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true }));
    assert.equal(pi.status, 'succeeded');
    assert.equal(pi.amount_received, 10_000);
    assert.equal(pi.application_fee_amount, 180, '1.5 % of 100.00 + 0.30');
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
      const error = failed(await createIntent({ amount: 5_000, currency: 'cny', payment_method: await card(number), confirm: true }), 402);
      assert.equal(error.type, 'card_error');
      assert.equal(error.code, 'card_declined');
      assert.equal(error.decline_code, declineCode);
      assert.equal(error.payment_intent?.status, 'requires_payment_method');
      assert.deepEqual(await balance(), before);
      await assertBalanced();
    });
  }

  test('a UnionPay card starting with 62 succeeds', async () => {
    const pi = ok(await createIntent({ amount: 100, currency: 'cny', payment_method: await card('6200000000000005'), confirm: true }));
    assert.equal(pi.status, 'succeeded', JSON.stringify(pi));
  });

  test('manual capture: hold, capture part, the rest is released; capture again is refused', async () => {
    const before = await balance();
    const pi = ok(await createIntent({ amount: 20_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true, capture_method: 'manual' }));
    assert.equal(pi.status, 'requires_capture');
    assert.equal(pi.amount_capturable, 20_000);
    assert.deepEqual(await balance(), before, 'a hold is not yet the merchant’s money');
    const captured = ok(await capture(pi.id, { amount_to_capture: 15_000 }));
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 15_000);
    assert.equal(captured.application_fee_amount, 255);
    assert.equal((await balance()).pending - before.pending, 15_000 - 255);
    const again = await capture(pi.id);
    assert.equal(failed(again, 400).code, 'payment_intent_unexpected_state');
    await assertBalanced();
  });

  test('cancel releases the hold; a canceled intent cannot be captured', async () => {
    const before = await balance();
    const pi = ok(await createIntent({ amount: 3_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true, capture_method: 'manual' }));
    const canceled = ok(await asMerchant.POST('/v1/payment_intents/{id}/cancel', { params: { path: { id: pi.id } }, body: { cancellation_reason: 'abandoned' } }));
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.cancellation_reason, 'abandoned');
    assert.equal((await capture(pi.id)).response.status, 400);
    assert.deepEqual(await balance(), before);
    await assertBalanced();
  });

  /** The sandbox acquirer's 3-D Secure page is not part of the API (nor of its document): it is sent raw. */
  function challengePath(pi: PaymentIntent): string {
    assert.ok(pi.next_action?.type === 'redirect_to_url', `a redirect in ${JSON.stringify(pi)}`);
    return new URL(pi.next_action.redirect_to_url.url).pathname;
  }

  test('3-D Secure: requires_action until the cardholder approves on the sandbox page', async () => {
    const pi = ok(await createIntent({ amount: 8_800, currency: 'cny', payment_method: await card('4000002500003155'), confirm: true, return_url: 'https://shop.example/done' }));
    assert.equal(pi.status, 'requires_action');
    const path = challengePath(pi);
    const page = await app.request('GET', path, { key: null });
    assert.equal(page.status, 200);
    assert.match(String(page.body), /Sandbox 3-D Secure/);
    const approved = await app.request('POST', `${path}/complete`, { key: null, body: { approve: true } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const after = ok(await retrieve(pi.id));
    assert.equal(after.status, 'succeeded');
    await assertBalanced();
  });

  test('3-D Secure declined by the cardholder fails the payment', async () => {
    const pi = ok(await createIntent({ amount: 1_000, currency: 'cny', payment_method: await card('4000002500003155'), confirm: true }));
    await app.request('POST', `${challengePath(pi)}/complete`, { key: null, body: { approve: false } });
    const after = ok(await retrieve(pi.id));
    assert.equal(after.status, 'requires_payment_method');
    assert.ok(after.last_payment_error !== null);
  });

  test('an answer lost to a timeout leaves the payment processing until a status sync resolves it', async () => {
    const pi = ok(await createIntent({ amount: 4_200, currency: 'cny', payment_method: await card('4000009990000005'), confirm: true, capture_method: 'manual' }));
    assert.equal(pi.status, 'processing');
    const synced = ok(await retrieve(pi.id));
    assert.equal(synced.status, 'requires_capture');
    await assertBalanced();
  });

  test('refunds: partial, then the rest; never more than captured; the fee comes back with them', async () => {
    const pi = ok(await createIntent({ amount: 10_000, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true }));
    const before = { merchant: await balance(), fees: await platformFees() };
    const refund = (amount?: number) => asMerchant.POST('/v1/refunds', { body: { payment_intent: pi.id, ...(amount === undefined ? {} : { amount }) } });
    const first = ok(await refund(4_000));
    assert.equal(first.status, 'succeeded');
    assert.equal(first.fee_returned, 72, '180 × 4000 / 10000');
    failed(await refund(6_001), 400);
    const rest = ok(await refund());
    assert.equal(rest.amount, 6_000);
    assert.equal(rest.fee_returned, 108, 'the last refund returns exactly the fee left');
    assert.equal((await balance()).pending - before.merchant.pending, -(10_000 - 180));
    assert.equal((await platformFees()) - before.fees, -180);
    failed(await refund(1), 400);
    await assertBalanced();
  });

  /** A new consumer, signed in by phone and code, with a payment password. */
  async function consumerWithPassword(phone: string): Promise<{ consumer: PaygridClient; customerId: string }> {
    const { token, customerId } = await signIn(app, phone);
    const consumer = app.clientFor(token);
    ok(await consumer.POST('/v1/me/payment_password', { body: { password: '246810' } }));
    return { consumer, customerId };
  }

  const confirmFromWallet = (consumer: PaygridClient, pi: PaymentIntent, password: string, clientSecret = pi.client_secret) =>
    consumer.POST('/v1/payment_intents/{id}/confirm', { params: { path: { id: pi.id } }, body: { payment_method_data: { type: 'wallet' }, password, client_secret: clientSecret } });

  test('a consumer pays from the wallet with the payment password; the merchant captures part; refunds go back to the wallet', async () => {
    const { consumer, customerId } = await consumerWithPassword(`+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`);
    await app.client().POST('/v1/ledger/accounts', { body: { id: 'bank_for_wallets', ledger: 'CNY', code: 1000 } });
    await app.client().POST('/v1/ledger/transfers', { body: { id: `topup_${customerId}`, debit_account_id: 'bank_for_wallets', credit_account_id: `${customerId}:CNY:wallet`, amount: 50_000, ledger: 'CNY', code: 1 } });

    const pi = ok(await createIntent({ amount: 30_000, currency: 'cny', customer: customerId, capture_method: 'manual', description: '充电预授权' }));
    assert.equal(pi.status, 'requires_payment_method');
    const wrong = await confirmFromWallet(consumer, pi, '000000');
    assert.equal(wrong.error?.error.code, 'incorrect_payment_password');
    const noSecret = await confirmFromWallet(consumer, pi, '246810', 'pi_x_secret_y');
    assert.equal(noSecret.response.status, 400);
    const confirmed = ok(await confirmFromWallet(consumer, pi, '246810'));
    assert.equal(confirmed.status, 'requires_capture');
    let me = ok(await consumer.GET('/v1/me'));
    assert.deepEqual(me.wallet_balances?.[0], { currency: 'cny', available: 20_000, held: 30_000 });

    const increment = (amount: number) => asMerchant.POST('/v1/payment_intents/{id}/increment_authorization', { params: { path: { id: pi.id } }, body: { amount } });
    // Taking more than the consumer confirmed needs their agreement (免密支付) with the merchant, within its limits.
    assert.equal(failed(await increment(40_000), 403).code, 'agreement_required');
    ok(await consumer.POST('/v1/me/agreements', { body: { merchant: merchant.id, currency: 'cny', per_payment_limit: 45_000, daily_limit: 100_000, password: '246810' } }));
    const incremented = ok(await increment(40_000));
    assert.equal(incremented.amount_capturable, 40_000, JSON.stringify(incremented));
    assert.equal(failed(await increment(46_000), 402).code, 'exceeds_agreement_per_payment_limit');
    const captured = ok(await capture(pi.id, { amount_to_capture: 12_345 }));
    assert.equal(captured.status, 'succeeded');
    me = ok(await consumer.GET('/v1/me'));
    assert.deepEqual(me.wallet_balances?.[0], { currency: 'cny', available: 50_000 - 12_345, held: 0 }, 'the rest of the hold is released');
    const refund = ok(await asMerchant.POST('/v1/refunds', { body: { payment_intent: pi.id, amount: 2_345 } }));
    assert.equal(refund.status, 'succeeded');
    me = ok(await consumer.GET('/v1/me'));
    assert.equal(me.wallet_balances?.[0]?.available, 50_000 - 10_000);
    await assertBalanced();
  });

  test('a wallet without enough money is declined with insufficient_funds', async () => {
    const { consumer } = await consumerWithPassword(`+86136${String(randomInt(0, 1e8)).padStart(8, '0')}`);
    const pi = ok(await createIntent({ amount: 100, currency: 'cny' }));
    const declined = await confirmFromWallet(consumer, pi, '246810');
    assert.equal(failed(declined, 402).decline_code, 'insufficient_funds');
  });

  test('another merchant can neither read nor change a payment', async () => {
    const other = ok(await app.client().POST('/v1/merchants', { body: { name: 'Other' } }));
    const asOther = app.client(other.secret_key);
    const pi = ok(await createIntent({ amount: 500, currency: 'cny', payment_method: await card('4242424242424242'), confirm: true, capture_method: 'manual' }));
    const path = { id: pi.id };
    const attempts = {
      [`GET /v1/payment_intents/${pi.id}`]: () => asOther.GET('/v1/payment_intents/{id}', { params: { path } }),
      [`POST /v1/payment_intents/${pi.id}/capture`]: () => asOther.POST('/v1/payment_intents/{id}/capture', { params: { path }, body: {} }),
      [`POST /v1/payment_intents/${pi.id}/cancel`]: () => asOther.POST('/v1/payment_intents/{id}/cancel', { params: { path }, body: {} }),
    };
    for (const [request, attempt] of Object.entries(attempts)) {
      assert.equal((await attempt()).response.status, 404, request);
    }
    failed(await asOther.POST('/v1/refunds', { body: { payment_intent: pi.id } }), 404);
    const list = ok(await asOther.GET('/v1/payment_intents'));
    assert.deepEqual(list.data, []);
  });

  test('an Idempotency-Key replays the stored answer and creates one payment', async () => {
    const pm = await card('4242424242424242');
    const key = `idem_${randomInt(1e9)}`;
    const create = (amount: number) => asMerchant.POST('/v1/payment_intents', { params: { header: { 'Idempotency-Key': key } }, body: { amount, currency: 'cny', payment_method: pm, confirm: true } });
    const first = ok(await create(777));
    const second = await create(777);
    assert.equal(ok(second).id, first.id);
    assert.equal(second.response.headers.get('idempotent-replayed'), 'true');
    const mismatch = await create(778);
    assert.equal(failed(mismatch, 400).type, 'idempotency_error');
  });

  test('the list pages newest first with starting_after (older) and ending_before (newer)', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      app.clock.advanceMs(1);
      made.push(ok(await createIntent({ amount: 100 + i, currency: 'cny' })).id);
    }
    const [oldest, middle, newest] = made;
    const first = ok(await asMerchant.GET('/v1/payment_intents', { params: { query: { limit: 2 } } }));
    assert.deepEqual(first.data.map((p) => p.id), [newest, middle]);
    assert.equal(first.has_more, true);
    const older = ok(await asMerchant.GET('/v1/payment_intents', { params: { query: { limit: 1, starting_after: middle } } }));
    assert.deepEqual(older.data.map((p) => p.id), [oldest]);
    const newer = ok(await asMerchant.GET('/v1/payment_intents', { params: { query: { limit: 5, ending_before: oldest } } }));
    assert.deepEqual(newer.data.map((p) => p.id), [newest, middle]);
    assert.equal(newer.has_more, false);
    failed(await asMerchant.GET('/v1/payment_intents', { params: { query: { starting_after: middle, ending_before: oldest } } }), 400);
  });

  test('a test card number is never stored in clear', async () => {
    await card('4000000000000002');
    assert.deepEqual(await columnsContaining(app.database.db, ['4000000000000002', '4242424242424242']), [], 'columns holding a card number');
  });
});
