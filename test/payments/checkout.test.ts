import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { signIn } from '../support/client.ts';

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
