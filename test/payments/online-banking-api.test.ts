import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** 网银支付: the payer approves on their bank's page; the bank's notification (or a status sync) moves the payment on. */
describe('online banking', () => {
  let app: TestApp;
  let shop: { id: string; secret_key: string };
  before(async () => {
    app = await startTestApp();
    shop = (await app.request('POST', '/v1/merchants', { body: { name: 'Bank shop', fee_plan: { percent_bps: 100, fixed_amount: 0, refund_fee_policy: 'return_fee' } } })).body;
  });
  after(async () => {
    await app.close();
  });

  const asShop = (method: 'GET' | 'POST', url: string, body?: unknown) => app.request(method, url, { key: shop.secret_key, ...(body === undefined ? {} : { body }) });
  const pay = (amount: number, extra: Record<string, unknown> = {}) =>
    asShop('POST', '/v1/payment_intents', { amount, currency: 'cny', confirm: true, payment_method_data: { type: 'online_banking', online_banking: { bank: 'icbc' } }, return_url: 'https://shop.example/back', ...extra });
  const pendingBalance = async (): Promise<number> => (await asShop('GET', '/v1/balance')).body.pending.find((b: { currency: string }) => b.currency === 'cny')?.amount ?? 0;
  const bankPage = (intent: { next_action: { redirect_to_url: { url: string } } }) => new URL(intent.next_action.redirect_to_url.url).pathname;
  const answer = (page: string, choice: string) => app.request('POST', `${page}/complete`, { key: null, body: { choice } });
  const assertBalanced = async () => assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);

  test('approved on the bank page: the payment succeeds, the fee is taken, and the payer returns to the shop', async () => {
    const before = await pendingBalance();
    const pi = await pay(20_000);
    assert.equal(pi.status, 200, JSON.stringify(pi.body));
    assert.equal(pi.body.status, 'requires_action');
    assert.equal(pi.body.payment_method_type, 'online_banking');
    const page = bankPage(pi.body);
    const shown = await app.request('GET', page, { key: null });
    assert.match(shown.body, /中国工商银行/);
    assert.match(shown.body, /¥200\.00/);

    const approved = await answer(page, 'approve');
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.return_url, 'https://shop.example/back');
    const after = await asShop('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(after.body.status, 'succeeded');
    assert.equal(after.body.amount_received, 20_000);
    assert.equal(after.body.application_fee_amount, 200);
    assert.equal((await pendingBalance()) - before, 19_800);
    assert.equal((await answer(page, 'approve')).status, 400, 'the page answers once');
    await assertBalanced();

    const refund = await asShop('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 5_000 });
    assert.equal(refund.status, 200, JSON.stringify(refund.body));
    assert.equal(refund.body.status, 'succeeded');
    assert.equal(refund.body.fee_returned, 50);
    assert.equal((await pendingBalance()) - before, 19_800 - 4_950);
    await assertBalanced();
  });

  test('refused at the bank: a decline with insufficient_funds, and the payer may try again', async () => {
    const pi = await pay(3_000);
    await answer(bankPage(pi.body), 'decline');
    const after = await asShop('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(after.body.status, 'requires_payment_method');
    assert.equal(after.body.last_payment_error.decline_code, 'insufficient_funds');
    const retry = await asShop('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { payment_method_data: { type: 'online_banking', online_banking: { bank: 'cmb' } } });
    assert.equal(retry.body.status, 'requires_action');
    await answer(bankPage(retry.body), 'approve');
    assert.equal((await asShop('GET', `/v1/payment_intents/${pi.body.id}`)).body.status, 'succeeded');
    await assertBalanced();
  });

  test('the notification is lost: the payment moves on at the next status sync', async () => {
    const pi = await pay(4_400);
    const approved = await answer(bankPage(pi.body), 'approve_late');
    assert.equal(approved.status, 200);
    const synced = await asShop('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(synced.body.status, 'succeeded');
    await assertBalanced();
  });

  test('a page left open expires; a payment canceled while waiting cannot be approved afterwards', async () => {
    const expiring = await pay(1_000);
    app.clock.advanceMs(15 * 60_000 + 1);
    const expired = await asShop('GET', `/v1/payment_intents/${expiring.body.id}`);
    assert.equal(expired.body.status, 'requires_payment_method');
    assert.equal(expired.body.last_payment_error.decline_code, 'authentication_required');

    const before = await pendingBalance();
    const waiting = await pay(2_000);
    const canceled = await asShop('POST', `/v1/payment_intents/${waiting.body.id}/cancel`, {});
    assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
    assert.equal(canceled.body.status, 'canceled');
    assert.equal((await answer(bankPage(waiting.body), 'approve')).status, 400);
    assert.equal(await pendingBalance(), before);
    await assertBalanced();
  });

  test('manual capture and unknown banks are refused', async () => {
    const manual = await pay(1_000, { capture_method: 'manual' });
    assert.equal(manual.status, 400);
    assert.equal(manual.body.error.param, 'capture_method');
    const unknown = await asShop('POST', '/v1/payment_intents', { amount: 100, currency: 'cny', confirm: true, payment_method_data: { type: 'online_banking', online_banking: { bank: 'nope' } } });
    assert.equal(unknown.status, 400);
  });
});
