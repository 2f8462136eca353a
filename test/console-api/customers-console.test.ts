import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { consumer, shop, walletPayment, type ShopFixture } from './support.ts';

/** The operator's customer tools: search, statement, saved cards, and blocking, which stops sign-in and every payment. */
describe('customers in the console', () => {
  let app: TestApp;
  let a: ShopFixture;
  let ivy: { token: string; customerId: string; phone: string };
  let jon: { token: string; customerId: string; phone: string };

  before(async () => {
    app = await startTestApp();
    a = await shop(app, 'Corner shop');
    ivy = await consumer(app);
    jon = await consumer(app);
  });
  after(async () => {
    await app.close();
  });

  test('the operator finds customers by the last digits of their phone or by id; nobody else may search', async () => {
    const byPhone = ok(await app.client().GET('/v1/customers', { params: { query: { query: ivy.phone.slice(-6) } } }));
    assert.deepEqual(byPhone.data.map((c) => c.id), [ivy.customerId]);
    assert.equal(byPhone.data[0]?.phone, ivy.phone);
    assert.equal(byPhone.data[0]?.status, 'active');
    const byFullNumber = ok(await app.client().GET('/v1/customers', { params: { query: { query: jon.phone } } }));
    assert.deepEqual(byFullNumber.data.map((c) => c.id), [jon.customerId]);
    const byId = ok(await app.client().GET('/v1/customers', { params: { query: { query: jon.customerId } } }));
    assert.deepEqual(byId.data.map((c) => c.id), [jon.customerId]);
    const everyone = ok(await app.client().GET('/v1/customers', { params: { query: { limit: 1 } } }));
    assert.equal(everyone.data.length, 1);
    assert.equal(everyone.has_more, true);
    assert.equal(failed(await a.client.GET('/v1/customers'), 403).code, 'permission_denied');
    assert.equal(failed(await app.clientFor(ivy.token).GET('/v1/customers'), 403).code, 'permission_denied');
    const bad = await app.request('GET', '/v1/customers?query=50%25');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'query');
  });

  test('the operator reads a customer’s wallet statement exactly as the consumer does', async () => {
    const paid = await walletPayment(app, a, ivy, 1_500);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    const mine = ok(await app.clientFor(ivy.token).GET('/v1/me/transactions', { params: { query: { limit: 10 } } }));
    const theirs = ok(await app.client().GET('/v1/customers/{id}/transactions', { params: { path: { id: ivy.customerId }, query: { limit: 10 } } }));
    assert.deepEqual(theirs.data, mine.data);
    // The hold and its capture, then the top-up.
    assert.deepEqual(theirs.data.map((t) => [t.type, t.amount, t.hold]), [['payment', -1_500, false], ['payment', -1_500, true], ['top_up', 100_000, false]]);
    assert.equal(failed(await a.client.GET('/v1/customers/{id}/transactions', { params: { path: { id: ivy.customerId } } }), 403).code, 'permission_denied');
    assert.equal(failed(await app.client().GET('/v1/customers/{id}/transactions', { params: { path: { id: 'cus_00000000000000000000000000' } } }), 404).param, 'id');
  });

  test('saved cards show masked on the customer for the operator, and to the consumer for checkout', async () => {
    const saved = ok(await app.client(a.merchant.publishable_key).POST('/v1/payment_methods', { body: { type: 'card', card: { number: '4242424242424242', exp_month: 11, exp_year: 2031 }, customer: jon.customerId } }));
    const customer = ok(await app.client().GET('/v1/customers/{id}', { params: { path: { id: jon.customerId } } }));
    const card = { object: 'saved_card', id: saved.id, merchant: a.merchant.id, merchant_name: a.merchant.name, brand: 'visa', last4: '4242', exp_month: 11, exp_year: 2031, created: saved.created };
    assert.deepEqual(customer.cards, [card]);
    assert.ok(!JSON.stringify(customer).includes('4242424242424242'));
    assert.deepEqual(ok(await app.clientFor(jon.token).GET('/v1/me/cards')).data, [card]);
    assert.deepEqual(ok(await app.clientFor(ivy.token).GET('/v1/me/cards')).data, []);
    assert.equal(failed(await a.client.GET('/v1/me/cards'), 403).code, 'permission_denied');
  });

  test('a blocked customer cannot pay, not even with a code issued before; unblocked, they can again', async () => {
    const me = app.clientFor(jon.token);
    ok(await me.POST('/v1/me/agreements', { body: { merchant: a.merchant.id, currency: 'cny', per_payment_limit: 50_000, daily_limit: 100_000, password: '112233' } }));
    const code = ok(await me.POST('/v1/me/payment_codes', { body: {} })).code;
    const before = ok(await app.client().GET('/v1/customers/{id}', { params: { path: { id: jon.customerId } } })).wallet_balances?.[0]?.available;

    const blocked = ok(await app.client().POST('/v1/customers/{id}/block', { params: { path: { id: jon.customerId } }, body: {} }));
    assert.equal(blocked.status, 'blocked');
    // The session ended with the block.
    assert.equal(failed(await me.GET('/v1/me'), 401).code, 'api_key_invalid');
    // The merchant cannot charge them: not with the code, not under the agreement, not by naming them on a new payment.
    const pi = ok(await a.client.POST('/v1/payment_intents', { body: { amount: 1_000, currency: 'cny' } }));
    const byCode = failed(await a.client.POST('/v1/payment_intents/{id}/confirm', { params: { path: { id: pi.id } }, body: { payment_method_data: { type: 'payment_code', code } } }), 403);
    assert.deepEqual([byCode.code, byCode.param], ['customer_blocked', 'customer']);
    assert.equal(failed(await a.client.POST('/v1/payment_intents', { body: { amount: 1_000, currency: 'cny', customer: jon.customerId } }), 403).code, 'customer_blocked');
    assert.equal(ok(await a.client.GET('/v1/payment_intents/{id}', { params: { path: { id: pi.id } } })).status, 'requires_payment_method', 'the refused confirmation changed nothing');
    const after = ok(await app.client().GET('/v1/customers/{id}', { params: { path: { id: jon.customerId } } }));
    assert.equal(after.wallet_balances?.[0]?.available, before, 'no money moved');

    const unblocked = ok(await app.client().POST('/v1/customers/{id}/unblock', { params: { path: { id: jon.customerId } }, body: {} }));
    assert.equal(unblocked.status, 'active');
    // The code was not used up by the refused attempt.
    const paid = ok(await a.client.POST('/v1/payment_intents/{id}/confirm', { params: { path: { id: pi.id } }, body: { payment_method_data: { type: 'payment_code', code } } }));
    assert.equal(paid.status, 'succeeded');
    const agreed = ok(await a.client.POST('/v1/payment_intents', { body: { amount: 800, currency: 'cny', customer: jon.customerId, confirm: true, payment_method_data: { type: 'wallet' } } }));
    assert.equal(agreed.status, 'succeeded');
  });

  test('a blocked customer cannot sign in, even with the right code; unblocked, they can', async () => {
    ok(await app.client().POST('/v1/customers/{id}/block', { params: { path: { id: jon.customerId } }, body: {} }));
    // One code a minute per phone: the last one went out when the consumer signed up.
    app.clock.advanceMs(61_000);
    const login = async () => {
      ok(await app.client(null).POST('/v1/auth/otp', { body: { phone: jon.phone } }));
      const sms = ok(await app.client().GET('/v1/test_helpers/sms', { params: { query: { phone: jon.phone } } }));
      const otp = /验证码 (\d{6})/.exec(sms.data[0]?.body ?? '')?.[1] ?? '';
      return app.client(null).POST('/v1/auth/login', { body: { phone: jon.phone, code: otp } });
    };
    const refused = failed(await login(), 403);
    assert.deepEqual([refused.code, refused.param], ['customer_blocked', 'phone']);
    ok(await app.client().POST('/v1/customers/{id}/unblock', { params: { path: { id: jon.customerId } }, body: {} }));
    app.clock.advanceMs(61_000);
    const session = ok(await login());
    assert.equal(session.customer.status, 'active');
    assert.equal(ok(await app.clientFor(session.token).GET('/v1/me')).id, jon.customerId);
  });

  test('blocking is the operator’s alone, and an unknown customer is 404', async () => {
    assert.equal(failed(await a.client.POST('/v1/customers/{id}/block', { params: { path: { id: ivy.customerId } }, body: {} }), 403).code, 'permission_denied');
    assert.equal(failed(await app.client().POST('/v1/customers/{id}/block', { params: { path: { id: 'cus_00000000000000000000000000' } }, body: {} }), 404).param, 'id');
    assert.equal(ok(await app.clientFor(ivy.token).GET('/v1/me')).status, 'active');
  });
});
