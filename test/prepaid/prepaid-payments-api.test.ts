import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { AUTHORIZATION_WINDOW_MS } from '../../src/payments/index.ts';
import { PIN_LOCK_MS, PREPAID_NUMBER_PREFIX } from '../../src/prepaid/index.ts';
import { luhnValid } from '../../src/vault/index.ts';
import { assertApiError } from '../http/helpers.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { assertMoved, balances, createMerchant, issueCard, payWithCard, type IssuedCard, type TestMerchant } from './support.ts';

/**
 * Payment intents paid with prepaid cards (payment_method_data type prepaid_card,
 * the merchant's till sending number and PIN): automatic and manual capture,
 * partial capture, cancel, expiry, refunds back to the card, and every decline.
 * After each scenario the ledger verifies and the card's, the merchant's and the
 * platform's balances moved by exactly what the fee plan (1.5 % + ¥0.30) says.
 */
describe('paying with prepaid cards', () => {
  let app: TestApp;
  let merchant: TestMerchant;
  let other: TestMerchant;
  before(async () => {
    app = await startTestApp();
    merchant = await createMerchant(app, 'Charging Co');
    other = await createMerchant(app, 'Bakery');
  });
  after(async () => {
    await app.close();
  });

  const platformCard = (initialAmount: number, currency = 'cny'): Promise<IssuedCard> => issueCard(app, { currency, initial_amount: initialAmount, pin: '135790' });
  const asMerchant = (method: 'GET' | 'POST', url: string, body?: unknown) => app.request(method, url, { key: merchant.secret_key, ...(body === undefined ? {} : { body }) });

  test('automatic capture: the card pays, the fee goes to the platform and the rest to the merchant', async () => {
    const card = await platformCard(50_000);
    const before = await balances(app, card.id, merchant);
    const paid = await payWithCard(app, merchant, card, 10_000);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.deepEqual(
      { status: paid.body.status, payment_method: paid.body.payment_method, payment_method_type: paid.body.payment_method_type, amount_received: paid.body.amount_received, fee: paid.body.application_fee_amount },
      { status: 'succeeded', payment_method: card.id, payment_method_type: 'prepaid_card', amount_received: 10_000, fee: 180 },
    );
    assert.ok(!JSON.stringify(paid.body).includes(card.number));
    await assertMoved(app, card.id, merchant, before, { card: -10_000, merchant: 9_820, fees: 180 });
  });

  test('manual capture holds the amount on the card; a partial capture releases the rest', async () => {
    const card = await platformCard(50_000);
    const before = await balances(app, card.id, merchant);
    const held = await payWithCard(app, merchant, card, 20_000, { capture_method: 'manual' });
    assert.equal(held.body.status, 'requires_capture', JSON.stringify(held.body));
    assert.equal(held.body.amount_capturable, 20_000);
    await assertMoved(app, card.id, merchant, before, { card: -20_000, held: 20_000 });
    const captured = await asMerchant('POST', `/v1/payment_intents/${held.body.id}/capture`, { amount_to_capture: 15_000 });
    assert.equal(captured.status, 200, JSON.stringify(captured.body));
    assert.equal(captured.body.amount_received, 15_000);
    assert.equal(captured.body.application_fee_amount, 255, '1.5 % of 150.00 + 0.30');
    await assertMoved(app, card.id, merchant, before, { card: -15_000, merchant: 15_000 - 255, fees: 255 });
  });

  test('cancel releases the hold on the card', async () => {
    const card = await platformCard(10_000);
    const before = await balances(app, card.id, merchant);
    const held = await payWithCard(app, merchant, card, 3_000, { capture_method: 'manual' });
    const canceled = await asMerchant('POST', `/v1/payment_intents/${held.body.id}/cancel`, { cancellation_reason: 'abandoned' });
    assert.equal(canceled.body.status, 'canceled', JSON.stringify(canceled.body));
    await assertMoved(app, card.id, merchant, before, {});
  });

  test('an authorization nobody captures expires and its hold is released', async () => {
    const card = await platformCard(10_000);
    const before = await balances(app, card.id, merchant);
    const held = await payWithCard(app, merchant, card, 2_000, { capture_method: 'manual' });
    app.clock.advanceMs(AUTHORIZATION_WINDOW_MS + 1_000);
    assert.ok((await app.paygrid.modules.paymentIntents.expireAuthorizations()) >= 1);
    const expired = await asMerchant('GET', `/v1/payment_intents/${held.body.id}`);
    assert.deepEqual([expired.body.status, expired.body.cancellation_reason], ['canceled', 'expired']);
    await assertMoved(app, card.id, merchant, before, {});
  });

  test('increment_authorization is not offered for prepaid cards', async () => {
    const card = await platformCard(10_000);
    const held = await payWithCard(app, merchant, card, 1_000, { capture_method: 'manual' });
    const before = await balances(app, card.id, merchant);
    assertApiError(await asMerchant('POST', `/v1/payment_intents/${held.body.id}/increment_authorization`, { amount: 2_000 }), { status: 400, code: 'increment_not_supported' });
    await assertMoved(app, card.id, merchant, before, {});
  });

  test('refunds go back to the card, with the fee, and still land once the card is blocked', async () => {
    const card = await platformCard(50_000);
    const before = await balances(app, card.id, merchant);
    const paid = await payWithCard(app, merchant, card, 10_000);
    const first = await asMerchant('POST', '/v1/refunds', { payment_intent: paid.body.id, amount: 4_000 });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual([first.body.status, first.body.fee_returned], ['succeeded', 72]);
    await assertMoved(app, card.id, merchant, before, { card: -6_000, merchant: 9_820 - 3_928, fees: 180 - 72 });
    assert.equal((await app.request('POST', `/v1/prepaid_cards/${card.id}/block`, { body: {} })).status, 200);
    const rest = await asMerchant('POST', '/v1/refunds', { payment_intent: paid.body.id });
    assert.deepEqual([rest.body.status, rest.body.amount, rest.body.fee_returned], ['succeeded', 6_000, 108]);
    await assertMoved(app, card.id, merchant, before, {});
  });

  test('a card without enough money is declined with insufficient_funds and nothing moves', async () => {
    const card = await platformCard(1_000);
    const before = await balances(app, card.id, merchant);
    const declined = await payWithCard(app, merchant, card, 1_001);
    assert.equal(declined.status, 402, JSON.stringify(declined.body));
    assert.deepEqual(
      { type: declined.body.error.type, code: declined.body.error.code, decline_code: declined.body.error.decline_code, status: declined.body.error.payment_intent.status },
      { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', status: 'requires_payment_method' },
    );
    await assertMoved(app, card.id, merchant, before, {});
    const exact = await payWithCard(app, merchant, card, 1_000);
    assert.equal(exact.body.status, 'succeeded', 'the whole balance can be spent');
  });

  test('five wrong PINs lock the card’s payments for a while; the right PIN then works again', async () => {
    const card = await platformCard(10_000);
    const before = await balances(app, card.id, merchant);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await payWithCard(app, merchant, { number: card.number, pin: '000000' }, 500);
      assert.equal(wrong.status, 402, JSON.stringify(wrong.body));
      assert.equal(wrong.body.error.decline_code, attempt < 5 ? 'incorrect_pin' : 'pin_try_exceeded', `attempt ${attempt}`);
    }
    const locked = await payWithCard(app, merchant, card, 500);
    assert.equal(locked.body.error.decline_code, 'pin_try_exceeded', 'the right PIN is refused while locked');
    await assertMoved(app, card.id, merchant, before, {});
    app.clock.advanceMs(PIN_LOCK_MS);
    const paid = await payWithCard(app, merchant, card, 500);
    assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
  });

  test('wrong PINs are counted even when the payment is confirmed on an existing intent', async () => {
    const card = await platformCard(10_000);
    const intent = await asMerchant('POST', '/v1/payment_intents', { amount: 700, currency: 'cny' });
    for (const pin of ['999999', '12345']) {
      const wrong = await asMerchant('POST', `/v1/payment_intents/${intent.body.id}/confirm`, { payment_method_data: { type: 'prepaid_card', number: card.number, pin } });
      assert.equal(wrong.body.error.decline_code, 'incorrect_pin', `PIN ${pin}`);
    }
    const pins = await app.database.db.query<{ pin_failures: number }>('SELECT pin_failures FROM prepaid_cards WHERE id = $1', [card.id]);
    assert.equal(pins.rows[0]?.pin_failures, 2, 'a PIN of the wrong shape is a wrong PIN');
    // The number as printed on the card, in groups, is accepted too.
    const grouped = card.number.replace(/(\d{4})(?=\d)/g, '$1 ');
    const right = await asMerchant('POST', `/v1/payment_intents/${intent.body.id}/confirm`, { payment_method_data: { type: 'prepaid_card', number: grouped, pin: card.pin } });
    assert.equal(right.body.status, 'succeeded', JSON.stringify(right.body));
    const reset = await app.database.db.query<{ pin_failures: number }>('SELECT pin_failures FROM prepaid_cards WHERE id = $1', [card.id]);
    assert.equal(reset.rows[0]?.pin_failures, 0, 'the right PIN resets the count');
  });

  test('a merchant’s store card pays at that merchant only', async () => {
    const storeCard = await issueCard(app, { currency: 'cny', initial_amount: 5_000 }, other.secret_key);
    const before = await balances(app, storeCard.id, merchant);
    const elsewhere = await payWithCard(app, merchant, storeCard, 1_000);
    assert.equal(elsewhere.status, 402, JSON.stringify(elsewhere.body));
    assert.equal(elsewhere.body.error.decline_code, 'card_not_accepted_here');
    await assertMoved(app, storeCard.id, merchant, before, {});
    const home = await payWithCard(app, other, storeCard, 1_000);
    assert.equal(home.body.status, 'succeeded', JSON.stringify(home.body));
    assert.equal((await balances(app, storeCard.id, other)).card, 4_000);
  });

  test('a number that is not a card of ours, or a card in another currency, is bad input: 400, and nothing is created', async () => {
    const dollars = await platformCard(1_000, 'usd');
    const unknown = validLookingNumber();
    const CASES: Array<[string, string, string]> = [
      ['a Luhn-invalid number', `${PREPAID_NUMBER_PREFIX}0000000000`, 'invalid_number'],
      ['a number no card has', unknown, 'invalid_number'],
      ['a bank card number', '4242424242424242', 'invalid_number'],
      ['a card in dollars', dollars.number, 'currency_mismatch'],
    ];
    const listed = async () => (await asMerchant('GET', '/v1/payment_intents?limit=100')).body.data.length as number;
    for (const [what, number, code] of CASES) {
      const count = await listed();
      assertApiError(await payWithCard(app, merchant, { number, pin: '135790' }, 500), { status: 400, code, param: 'payment_method_data[number]' });
      assert.equal(await listed(), count, `${what}: no payment intent was created`);
    }
    const intent = await asMerchant('POST', '/v1/payment_intents', { amount: 500, currency: 'cny' });
    const refused = await asMerchant('POST', `/v1/payment_intents/${intent.body.id}/confirm`, { payment_method_data: { type: 'prepaid_card', number: unknown, pin: '135790' } });
    assertApiError(refused, { status: 400, code: 'invalid_number', param: 'payment_method_data[number]' });
    const unchanged = await asMerchant('GET', `/v1/payment_intents/${intent.body.id}`);
    assert.deepEqual([unchanged.body.status, unchanged.body.last_payment_error], ['requires_payment_method', null]);
    assertApiError(await payWithCard(app, merchant, { number: 'not a card number', pin: '135790' }, 500), { status: 400, code: 'invalid_number', param: 'payment_method_data[number]' });
  });
});

/** A number with our prefix and a right check digit that no card has (the random part is all zeros but one). */
function validLookingNumber(): string {
  const body = `${PREPAID_NUMBER_PREFIX}000000001`;
  for (let digit = 0; digit <= 9; digit += 1) if (luhnValid(`${body}${digit}`)) return `${body}${digit}`;
  throw new Error('unreachable');
}
