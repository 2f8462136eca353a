import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { PaygridClient, paths } from '../../src/client/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { cardPayment, consumer, shop, walletPayment, type ShopFixture } from './support.ts';

type IntentListQuery = NonNullable<paths['/v1/payment_intents']['get']['parameters']['query']>;

/** A payment's detail as the consoles read it: the list's filters, its ledger transfers, its events and its refunds. */
describe('payments in the console', () => {
  let app: TestApp;
  let a: ShopFixture;
  let b: ShopFixture;
  let payer: { token: string; customerId: string; phone: string };

  before(async () => {
    app = await startTestApp();
    // 1.5 % + ¥0.30, the fee returned in proportion on refunds.
    a = await shop(app, 'Shop A', { percent_bps: 150, fixed_amount: 30, refund_fee_policy: 'return_fee' });
    b = await shop(app, 'Shop B');
    payer = await consumer(app);
  });
  after(async () => {
    await app.close();
  });

  test('the list filters by status, customer, created range and a query; the operator sees every merchant and may pick one', async () => {
    const coffee = await cardPayment(a, 1_800, a.goodCard, { description: 'Coffee beans 1kg' });
    const declined = await cardPayment(a, 2_500, a.declinedCard, { description: 'Tea' });
    const wallet = await walletPayment(app, a, payer, 3_300);
    assert.equal(wallet.status, 200, JSON.stringify(wallet.body));
    app.clock.advanceMs(60_000);
    const later = await cardPayment(b, 900, b.goodCard, { description: 'coffee cup' });
    const ids = (page: { data: { id: string }[] }) => page.data.map((p) => p.id);
    const list = (client: PaygridClient, query: IntentListQuery) => client.GET('/v1/payment_intents', { params: { query } });

    assert.deepEqual(ids(ok(await list(a.client, { status: 'requires_payment_method' }))), [declined.id]);
    assert.deepEqual(ids(ok(await list(a.client, { customer: payer.customerId }))), [wallet.id]);
    assert.deepEqual(ids(ok(await list(a.client, { query: 'coffee' }))), [coffee.id], 'a description prefix, case-insensitive; B’s cup is not A’s');
    assert.deepEqual(ids(ok(await list(a.client, { query: coffee.id.slice(0, 20) }))).includes(coffee.id), true, 'an id prefix');
    assert.deepEqual(ids(ok(await list(app.client(), { query: 'coffee' }))), [later.id, coffee.id], 'the operator sees both merchants');
    assert.deepEqual(ids(ok(await list(app.client(), { query: 'coffee', merchant: b.merchant.id }))), [later.id]);
    const now = Math.floor(app.clock.nowMs() / 1000);
    assert.deepEqual(ids(ok(await list(app.client(), { 'created[gte]': now }))), [later.id]);
    assert.deepEqual(ids(ok(await list(app.client(), { 'created[lt]': now, query: 'coffee' }))), [coffee.id]);
    assert.deepEqual(ids(ok(await list(app.client(), { 'created[lte]': now - 60, 'created[gt]': now - 61, query: 'coffee' }))), [coffee.id]);
    // Paging keeps the filter.
    const first = ok(await list(app.client(), { query: 'coffee', limit: 1 }));
    assert.equal(first.has_more, true);
    assert.deepEqual(ids(ok(await list(app.client(), { query: 'coffee', limit: 1, starting_after: later.id }))), [coffee.id]);
    // A merchant may not name another merchant.
    assert.equal(failed(await list(a.client, { merchant: b.merchant.id }), 403).param, 'merchant');
    const unknownStatus = await app.request('GET', '/v1/payment_intents?status=paid');
    assert.equal(unknownStatus.status, 400);
    assert.equal(unknownStatus.body.error.param, 'status');
  });

  test('the operator retrieves any payment and refund; another merchant gets 404 for them', async () => {
    const pi = await cardPayment(a, 5_000);
    const refund = ok(await a.client.POST('/v1/refunds', { body: { payment_intent: pi.id, amount: 1_000 } }));
    assert.equal(ok(await app.client().GET('/v1/payment_intents/{id}', { params: { path: { id: pi.id } } })).id, pi.id);
    assert.equal(ok(await app.client().GET('/v1/refunds/{id}', { params: { path: { id: refund.id } } })).id, refund.id);
    assert.equal(failed(await b.client.GET('/v1/payment_intents/{id}', { params: { path: { id: pi.id } } }), 404).code, 'resource_missing');
    assert.equal(failed(await b.client.GET('/v1/refunds/{id}', { params: { path: { id: refund.id } } }), 404).code, 'resource_missing');
  });

  test('refunds list by payment for the operator and the owning merchant; another merchant asking gets 404', async () => {
    const pi = await cardPayment(a, 6_000);
    const first = ok(await a.client.POST('/v1/refunds', { body: { payment_intent: pi.id, amount: 1_000 } }));
    app.clock.advanceMs(1_000);
    const second = ok(await a.client.POST('/v1/refunds', { body: { payment_intent: pi.id, amount: 2_000 } }));
    for (const client of [a.client, app.client()]) {
      const page = ok(await client.GET('/v1/refunds', { params: { query: { payment_intent: pi.id } } }));
      assert.deepEqual(page.data.map((r) => [r.id, r.amount]), [[second.id, 2_000], [first.id, 1_000]]);
    }
    const refused = failed(await b.client.GET('/v1/refunds', { params: { query: { payment_intent: pi.id } } }), 404);
    assert.equal(refused.code, 'resource_missing');
    assert.equal(refused.param, 'payment_intent');
    assert.deepEqual(ok(await b.client.GET('/v1/refunds')).data, [], 'B has no refunds of its own');
  });

  test('a captured and partly refunded payment’s ledger transfers sum to zero, and show each account’s share', async () => {
    // Manual capture from the wallet: a hold, then ¥80.00 of ¥100.00 captured, then ¥30.00 refunded.
    const paid = await walletPayment(app, a, payer, 10_000, 'manual');
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    ok(await a.client.POST('/v1/payment_intents/{id}/capture', { params: { path: { id: paid.id } }, body: { amount_to_capture: 8_000 } }));
    const refund = ok(await a.client.POST('/v1/refunds', { body: { payment_intent: paid.id, amount: 3_000 } }));
    const ledger = ok(await app.client().GET('/v1/payment_intents/{id}/ledger', { params: { path: { id: paid.id } } }));
    assert.equal(ledger.object, 'payment_ledger');
    assert.deepEqual(
      ledger.transfers.map((t) => t.id),
      [`${paid.id}:hold:1`, `${paid.id}:capture`, `${paid.id}:fee`, `${refund.id}:refund`, `${refund.id}:fee_return`],
    );
    const hold = ledger.transfers[0];
    assert.equal(hold?.flags.pending, true);
    assert.equal(hold?.pending_status?.state, 'posted');
    assert.equal(hold?.pending_status?.resolved_by, `${paid.id}:capture`);
    assert.equal(ledger.net.reduce((sum, n) => sum + n.posted, 0), 0, 'posted amounts sum to zero');
    assert.equal(ledger.net.reduce((sum, n) => sum + n.pending, 0), 0, 'nothing is left held');
    // Fee on ¥80.00: 1.5 % + ¥0.30 = ¥1.50; returned in proportion to ¥30 of ¥80: ¥0.5625, rounded half up to ¥0.56.
    const net = Object.fromEntries(ledger.net.map((n) => [n.account, n.posted]));
    assert.deepEqual(net, {
      [`${payer.customerId}:CNY:wallet`]: -5_000,
      [`${a.merchant.id}:CNY:pending`]: 8_000 - 150 - 3_000 + 56,
      'platform:CNY:fees': 150 - 56,
    });
    assert.deepEqual(ledger.accounts.map((acc) => acc.id).sort(), Object.keys(net).sort());
    assert.equal(failed(await a.client.GET('/v1/payment_intents/{id}/ledger', { params: { path: { id: paid.id } } }), 403).code, 'permission_denied');
    assert.equal(failed(await app.client().GET('/v1/payment_intents/{id}/ledger', { params: { path: { id: 'pi_00000000000000000000000000' } } }), 404).code, 'resource_missing');
  });

  test('a canceled hold shows as voided and leaves nothing behind', async () => {
    const held = await walletPayment(app, a, payer, 2_000, 'manual');
    ok(await a.client.POST('/v1/payment_intents/{id}/cancel', { params: { path: { id: held.id } }, body: {} }));
    const ledger = ok(await app.client().GET('/v1/payment_intents/{id}/ledger', { params: { path: { id: held.id } } }));
    assert.deepEqual(ledger.transfers.map((t) => [t.id, t.pending_status?.state ?? null]), [[`${held.id}:hold:1`, 'voided'], [`${held.id}:hold:1:void`, null]]);
    assert.deepEqual(ledger.net.map((n) => [n.posted, n.pending]), [[0, 0], [0, 0]]);
  });

  test('a payment’s event history: object_id keeps its events, for the merchant and for the operator, never another merchant’s', async () => {
    const pi = await cardPayment(a, 4_400);
    ok(await a.client.POST('/v1/refunds', { body: { payment_intent: pi.id } }));
    const history = ok(await a.client.GET('/v1/events', { params: { query: { object_id: pi.id, limit: 100 } } }));
    assert.deepEqual(
      new Set(history.data.map((e) => e.type)),
      new Set(['payment_intent.created', 'payment_intent.processing', 'payment_intent.amount_capturable_updated', 'payment_intent.succeeded', 'charge.refunded']),
    );
    assert.equal(history.data.length, 5);
    assert.ok(history.data.every((e) => e.data.object.id === pi.id));
    const asOperator = ok(await app.client().GET('/v1/events', { params: { query: { object_id: pi.id, limit: 100 } } }));
    assert.deepEqual(asOperator.data.map((e) => e.id), history.data.map((e) => e.id));
    const first = history.data[0];
    assert.ok(first !== undefined);
    assert.equal(ok(await app.client().GET('/v1/events/{id}', { params: { path: { id: first.id } } })).id, first.id);
    assert.deepEqual(ok(await b.client.GET('/v1/events', { params: { query: { object_id: pi.id } } })).data, []);
    assert.equal(failed(await b.client.GET('/v1/events/{id}', { params: { path: { id: first.id } } }), 404).code, 'resource_missing');
  });
});
