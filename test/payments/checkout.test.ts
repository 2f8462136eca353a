import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { signIn } from '../support/client.ts';
import { CONSUMER_PAYMENT_PASSWORD, fundedConsumer } from '../support/consumers.ts';

/**
 * GET /v1/me/checkout/{id}: what a signed-in consumer is asked to pay, shown
 * only with the intent's client_secret, and never a payment meant for another
 * consumer.
 */
describe('the consumer checkout view', () => {
  let app: TestApp;
  let merchantKey: string;

  before(async () => {
    app = await startTestApp();
    const merchant = await app.request('POST', '/v1/merchants', { body: { name: '老王水果店', category: 'retail' } });
    merchantKey = merchant.body.secret_key;
  });
  after(async () => {
    await app.close();
  });

  test('shows amount, merchant name, description and state with the client_secret', async () => {
    const { token } = await signIn(app, '+8613800000101');
    const intent = (await app.request('POST', '/v1/payment_intents', { key: merchantKey, body: { amount: 8_800, currency: 'cny', description: '水果 2 斤' } })).body;
    const seen = await app.request('GET', `/v1/me/checkout/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret)}`, { key: token });
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.deepEqual(seen.body, {
      object: 'checkout',
      payment_intent: intent.id,
      amount: 8_800,
      currency: 'cny',
      description: '水果 2 斤',
      status: intent.status,
      merchant: { id: intent.merchant ?? seen.body.merchant.id, name: '老王水果店' },
    });
  });

  test('a wrong secret, another consumer’s payment, or a merchant key finds nothing', async () => {
    const { token } = await signIn(app, '+8613800000102');
    const other = await signIn(app, '+8613800000103');
    const intent = (await app.request('POST', '/v1/payment_intents', { key: merchantKey, body: { amount: 100, currency: 'cny', customer: other.customerId } })).body;
    const wrong = await app.request('GET', `/v1/me/checkout/${intent.id}?client_secret=${intent.id}_secret_nope`, { key: other.token });
    assert.equal(wrong.status, 404);
    assert.equal(wrong.body.error.param, 'id');
    const someoneElse = await app.request('GET', `/v1/me/checkout/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret)}`, { key: token });
    assert.equal(someoneElse.status, 404, 'the intent is for another customer');
    assert.equal((await app.request('GET', `/v1/me/checkout/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret)}`, { key: other.token })).status, 200);
    assert.equal((await app.request('GET', `/v1/me/checkout/${intent.id}?client_secret=x`, { key: merchantKey })).status, 403);
    assert.equal((await app.request('GET', `/v1/me/checkout/${intent.id}`, { key: other.token })).status, 400, 'the client_secret is required');
  });
});

/**
 * POST /v1/payment_intents/{id}/confirm as the consumer, with the
 * client_secret, from each way the checkout page offers: a card the merchant
 * saved for them (3-D Secure included), a prepaid card bound to their account,
 * and online banking. The payment password guards all but the bank's page.
 */
describe('the consumer pays a checkout with a saved card, a bound prepaid card or online banking', () => {
  let app: TestApp;
  let shop: { id: string; secret_key: string; publishable_key: string };

  before(async () => {
    app = await startTestApp();
    shop = (await app.request('POST', '/v1/merchants', { body: { name: '充电咖啡', category: 'retail' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const newIntent = async (amount: number): Promise<{ id: string; client_secret: string }> => {
    const created = await app.request('POST', '/v1/payment_intents', { key: shop.secret_key, body: { amount, currency: 'cny', description: '拿铁' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    return created.body;
  };
  const confirm = (token: string, intent: { id: string; client_secret: string }, body: Record<string, unknown>) =>
    app.request('POST', `/v1/payment_intents/${intent.id}/confirm`, { key: token, body: { client_secret: intent.client_secret, ...body } });
  const saveCard = async (customerId: string, number: string): Promise<string> => {
    const saved = await app.request('POST', '/v1/payment_methods', { key: shop.publishable_key, body: { type: 'card', customer: customerId, card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    return saved.body.id;
  };
  const intentOf = async (id: string) => (await app.request('GET', `/v1/payment_intents/${id}`)).body;
  const assertBalanced = async () => assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);

  test('a saved card: the payment password is checked first, a card saved for someone else is not there, and the card pays', async () => {
    const payer = await fundedConsumer(app);
    const other = await fundedConsumer(app);
    const card = await saveCard(payer.customerId, '4242424242424242');
    const intent = await newIntent(2_800);

    const noPassword = await confirm(payer.token, intent, { payment_method: card });
    assert.deepEqual([noPassword.status, noPassword.body.error.param], [400, 'password']);
    const wrong = await confirm(payer.token, intent, { payment_method: card, password: '000000' });
    assert.deepEqual([wrong.status, wrong.body.error.code, wrong.body.error.param], [400, 'incorrect_payment_password', 'password']);
    const borrowed = await confirm(other.token, intent, { payment_method: card, password: CONSUMER_PAYMENT_PASSWORD });
    assert.deepEqual([borrowed.status, borrowed.body.error.param], [404, 'payment_method'], JSON.stringify(borrowed.body));
    assert.equal((await intentOf(intent.id)).status, 'requires_payment_method', 'nothing changed');

    const paid = await confirm(payer.token, intent, { payment_method: card, password: CONSUMER_PAYMENT_PASSWORD });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.deepEqual([paid.body.status, paid.body.payment_method, paid.body.payment_method_type, paid.body.amount_received], ['succeeded', card, 'card', 2_800]);
    assert.equal(paid.body.customer, payer.customerId);
    await assertBalanced();
  });

  test('a saved card that asks for 3-D Secure sends the consumer to the acquirer’s page and back to the checkout', async () => {
    const payer = await fundedConsumer(app);
    const card = await saveCard(payer.customerId, '4000002500003155');
    const intent = await newIntent(6_600);
    const back = `http://localhost/m/pay/${intent.id}?client_secret=${intent.client_secret}`;
    const started = await confirm(payer.token, intent, { payment_method: card, password: CONSUMER_PAYMENT_PASSWORD, return_url: back });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.status, 'requires_action');
    const page = new URL(started.body.next_action.redirect_to_url.url).pathname;
    const approved = await app.request('POST', `${page}/complete`, { key: null, body: { approve: true } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.return_url, back);
    assert.equal((await intentOf(intent.id)).status, 'succeeded');
    await assertBalanced();
  });

  test('a bound prepaid card pays with the payment password; nobody else can use its id, and the till still needs number and PIN', async () => {
    const payer = await fundedConsumer(app);
    const other = await fundedConsumer(app);
    const issued = (await app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 20_000 } })).body;
    const bound = await app.request('POST', '/v1/me/prepaid_cards', { key: payer.token, body: { number: issued.number, pin: issued.pin } });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    const intent = await newIntent(5_000);
    const method = { payment_method_data: { type: 'prepaid_card', prepaid_card: issued.id } };

    const stranger = await confirm(other.token, intent, { ...method, password: CONSUMER_PAYMENT_PASSWORD });
    assert.deepEqual([stranger.status, stranger.body.error.param], [404, 'payment_method_data[prepaid_card]'], JSON.stringify(stranger.body));
    const atTill = await app.request('POST', `/v1/payment_intents/${intent.id}/confirm`, { key: shop.secret_key, body: method });
    assert.deepEqual([atTill.status, atTill.body.error.param], [400, 'payment_method_data[number]'], JSON.stringify(atTill.body));
    const wrong = await confirm(payer.token, intent, { ...method, password: '000000' });
    assert.equal(wrong.body.error?.code, 'incorrect_payment_password');
    assert.equal((await app.request('GET', `/v1/prepaid_cards/${issued.id}`)).body.balance, 20_000, 'nothing taken yet');

    const paid = await confirm(payer.token, intent, { ...method, password: CONSUMER_PAYMENT_PASSWORD });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.deepEqual([paid.body.status, paid.body.payment_method_type, paid.body.amount_received], ['succeeded', 'prepaid_card', 5_000]);
    assert.equal((await app.request('GET', `/v1/prepaid_cards/${issued.id}`)).body.balance, 15_000);
    const mine = await app.request('GET', '/v1/me/prepaid_cards', { key: payer.token });
    assert.equal(mine.body.data[0].balance, 15_000, 'the consumer sees what is left');
    await assertBalanced();
  });

  test('online banking needs no payment password: the bank’s page approves and sends the consumer back', async () => {
    const payer = await fundedConsumer(app);
    const intent = await newIntent(12_000);
    const back = `http://localhost/m/pay/${intent.id}?client_secret=${intent.client_secret}`;
    const started = await confirm(payer.token, intent, { payment_method_data: { type: 'online_banking', online_banking: { bank: 'cmb' } }, return_url: back });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.deepEqual([started.body.status, started.body.payment_method_type, started.body.customer], ['requires_action', 'online_banking', payer.customerId]);
    const page = new URL(started.body.next_action.redirect_to_url.url).pathname;
    const approved = await app.request('POST', `${page}/complete`, { key: null, body: { choice: 'approve' } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.return_url, back);
    const after = await intentOf(intent.id);
    assert.deepEqual([after.status, after.amount_received], ['succeeded', 12_000]);
    await assertBalanced();
  });

  test('a payment code or a card number is the till’s, not the consumer’s: refused with the parameter named, nothing changes', async () => {
    const payer = await fundedConsumer(app);
    const intent = await newIntent(100);
    const code = await confirm(payer.token, intent, { payment_method_data: { type: 'payment_code', code: '281234567890123456' }, password: CONSUMER_PAYMENT_PASSWORD });
    assert.deepEqual([code.status, code.body.error.param], [400, 'payment_method_data[type]']);
    const both = await confirm(payer.token, intent, { payment_method: `pm_${'0'.repeat(26)}`, payment_method_data: { type: 'wallet' }, password: CONSUMER_PAYMENT_PASSWORD });
    assert.deepEqual([both.status, both.body.error.param], [400, 'payment_method_data']);
    const none = await confirm(payer.token, intent, { password: CONSUMER_PAYMENT_PASSWORD });
    assert.deepEqual([none.status, none.body.error.param], [400, 'payment_method_data']);
    assert.equal((await intentOf(intent.id)).status, 'requires_payment_method');
  });
});
