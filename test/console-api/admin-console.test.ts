import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { cardPayment, consumer, shop, type ShopFixture } from './support.ts';

/** The ledger's lists, a merchant's name and fee plan, and consumers' prepaid cards, as the consoles use them. */
describe('ledger, merchants and prepaid cards in the console', () => {
  let app: TestApp;
  let a: ShopFixture;

  before(async () => {
    app = await startTestApp();
    a = await shop(app, 'Plan shop', { percent_bps: 100, fixed_amount: 0, refund_fee_policy: 'keep_fee' });
  });
  after(async () => {
    await app.close();
  });

  test('the operator lists ledger accounts, by chart-of-accounts code, and every transfer newest first', async () => {
    const pi = await cardPayment(a, 10_000);
    const merchantsPending = ok(await app.client().GET('/v1/ledger/accounts', { params: { query: { code: 2200, limit: 100 } } }));
    assert.deepEqual(merchantsPending.data.map((acc) => acc.id), [`${a.merchant.id}:CNY:pending`]);
    assert.equal(merchantsPending.data[0]?.credits_posted, 10_000);
    const page = ok(await app.client().GET('/v1/ledger/accounts', { params: { query: { limit: 2 } } }));
    assert.equal(page.data.length, 2);
    assert.equal(page.has_more, true);
    const transfers = ok(await app.client().GET('/v1/ledger/transfers', { params: { query: { limit: 3 } } }));
    assert.deepEqual(transfers.data.map((t) => t.id), [`${pi.id}:fee`, `${pi.id}:capture`, `${pi.id}:hold:1`]);
    const older = ok(await app.client().GET('/v1/ledger/transfers', { params: { query: { limit: 1, starting_after: `${pi.id}:fee` } } }));
    assert.deepEqual([older.data.map((t) => t.id), older.has_more], [[`${pi.id}:capture`], true]);
    assert.deepEqual(ok(await app.client().GET('/v1/ledger/transfers', { params: { query: { starting_after: `${pi.id}:hold:1` } } })).data, [], 'the first transfer of all');
    const newer = ok(await app.client().GET('/v1/ledger/transfers', { params: { query: { limit: 5, ending_before: `${pi.id}:hold:1` } } }));
    assert.deepEqual(newer.data.map((t) => t.id), [`${pi.id}:fee`, `${pi.id}:capture`]);
    assert.equal(failed(await app.client().GET('/v1/ledger/transfers', { params: { query: { starting_after: 'nothing-here' } } }), 400).param, 'starting_after');
    assert.equal(failed(await a.client.GET('/v1/ledger/transfers'), 403).code, 'permission_denied');
    assert.equal(failed(await a.client.GET('/v1/ledger/accounts'), 403).code, 'permission_denied');
  });

  test('the operator renames a merchant and changes its fee plan; the next capture pays the new fee', async () => {
    const before = await cardPayment(a, 10_000);
    assert.equal(before.application_fee_amount, 100, '1 % of ¥100.00');
    const updated = ok(await app.client().POST('/v1/merchants/{id}', { params: { path: { id: a.merchant.id } }, body: { name: 'Renamed shop', fee_plan: { percent_bps: 250, fixed_amount: 30 } } }));
    assert.equal(updated.name, 'Renamed shop');
    assert.deepEqual(updated.fee_plan, { percent_bps: 250, fixed_amount: 30, refund_fee_policy: 'keep_fee' });
    assert.equal((await cardPayment(a, 10_000)).application_fee_amount, 280, '2.5 % of ¥100.00 + ¥0.30');
    assert.equal(ok(await a.client.GET('/v1/merchants/{id}', { params: { path: { id: a.merchant.id } } })).name, 'Renamed shop');
    // Only the operator changes it; bad values and unknown merchants are refused with the parameter.
    assert.equal(failed(await a.client.POST('/v1/merchants/{id}', { params: { path: { id: a.merchant.id } }, body: { name: 'Mine now' } }), 403).code, 'permission_denied');
    assert.equal(failed(await app.client().POST('/v1/merchants/{id}', { params: { path: { id: 'mch_00000000000000000000000000' } }, body: { name: 'Ghost' } }), 404).param, 'id');
    const tooHigh = await app.request('POST', `/v1/merchants/${a.merchant.id}`, { body: { fee_plan: { percent_bps: 10_001 } } });
    assert.deepEqual([tooHigh.status, tooHigh.body.error.param], [400, 'fee_plan[percent_bps]']);
    assert.equal(ok(await app.client().GET('/v1/merchants/{id}', { params: { path: { id: a.merchant.id } } })).fee_plan.percent_bps, 250, 'a refused change changes nothing');
  });

  test('a consumer binds a prepaid card with its number and PIN, sees its balance, and unbinds it', async () => {
    const card = ok(await app.client().POST('/v1/prepaid_cards', { body: { currency: 'cny', pin: '246810', initial_amount: 12_300 } }));
    assert.ok(card.number !== null);
    const number = card.number;
    const ivy = await consumer(app);
    const jon = await consumer(app);
    const mine = app.clientFor(ivy.token);
    const bound = ok(await mine.POST('/v1/me/prepaid_cards', { body: { number: `${number.slice(0, 4)} ${number.slice(4)}`, pin: '246810' } }));
    assert.deepEqual([bound.id, bound.balance, bound.customer, bound.last4], [card.id, 12_300, ivy.customerId, number.slice(-4)]);
    assert.ok(!JSON.stringify(bound).includes(number));
    assert.deepEqual(ok(await mine.GET('/v1/me/prepaid_cards')).data.map((c) => c.id), [card.id]);
    assert.equal(ok(await mine.POST('/v1/me/prepaid_cards', { body: { number, pin: '246810' } })).id, card.id, 'binding again is answered as done');
    assert.equal(ok(await app.client().GET('/v1/prepaid_cards/{id}', { params: { path: { id: card.id } } })).customer, ivy.customerId);
    // Someone else with the number cannot take it, and learns nothing of the PIN.
    const taken = failed(await app.clientFor(jon.token).POST('/v1/me/prepaid_cards', { body: { number, pin: '000000' } }), 409);
    assert.deepEqual([taken.code, taken.param], ['card_already_bound', 'number']);
    assert.equal(failed(await app.clientFor(jon.token).POST('/v1/me/prepaid_cards/{id}/unbind', { params: { path: { id: card.id } }, body: {} }), 404).code, 'resource_missing');
    const unbound = ok(await mine.POST('/v1/me/prepaid_cards/{id}/unbind', { params: { path: { id: card.id } }, body: {} }));
    assert.equal(unbound.customer, null);
    assert.equal(unbound.balance, 12_300);
    assert.deepEqual(ok(await mine.GET('/v1/me/prepaid_cards')).data, []);
    const notOurs = failed(await mine.POST('/v1/me/prepaid_cards', { body: { number: '8897001234567890', pin: '246810' } }), 400);
    assert.deepEqual([notOurs.code, notOurs.param], ['invalid_number', 'number']);
    assert.equal(failed(await a.client.GET('/v1/me/prepaid_cards'), 403).code, 'permission_denied');
  });

  test('wrong PINs count towards the card’s lock, as at a till: the fifth locks binding and paying alike', async () => {
    const card = ok(await app.client().POST('/v1/prepaid_cards', { body: { currency: 'cny', pin: '135790', initial_amount: 5_000 } }));
    const number = card.number ?? '';
    const ivy = await consumer(app);
    const me = app.clientFor(ivy.token);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const wrong = failed(await me.POST('/v1/me/prepaid_cards', { body: { number, pin: '000000' } }), 400);
      assert.deepEqual([wrong.code, wrong.param], ['incorrect_pin', 'pin']);
    }
    const locked = failed(await me.POST('/v1/me/prepaid_cards', { body: { number, pin: '000000' } }), 403);
    assert.deepEqual([locked.code, locked.param], ['pin_try_exceeded', 'pin']);
    assert.equal(failed(await me.POST('/v1/me/prepaid_cards', { body: { number, pin: '135790' } }), 403).code, 'pin_try_exceeded', 'even the right PIN while locked');
    const atTill = await a.client.POST('/v1/payment_intents', { body: { amount: 100, currency: 'cny', confirm: true, payment_method_data: { type: 'prepaid_card', number, pin: '135790' } } });
    assert.equal(failed(atTill, 402).decline_code, 'pin_try_exceeded');
    // Three hours on, the right PIN binds it.
    app.clock.advanceMs(3 * 3_600_000 + 1);
    assert.equal(ok(await me.POST('/v1/me/prepaid_cards', { body: { number, pin: '135790' } })).customer, ivy.customerId);
  });
});
