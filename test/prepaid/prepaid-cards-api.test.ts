import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { PREPAID_NUMBER_PREFIX } from '../../src/prepaid/index.ts';
import { luhnValid } from '../../src/vault/index.ts';
import { assertApiError, assertBalanced } from '../http/helpers.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { columnsContaining } from '../support/database-scan.ts';
import { cardBalance, createMerchant, issueCard, netCredit, payWithCard, type TestMerchant } from './support.ts';

/**
 * Prepaid cards over the API: issue (the number shown once), loads and their
 * limits, block and unblock, who may see and manage which card, and the
 * statement. Payments with the cards are in prepaid-payments-api.test.ts.
 */
describe('prepaid cards API', () => {
  let app: TestApp;
  let shop: TestMerchant;
  let other: TestMerchant;
  /** Every number and PIN this file saw: none may rest in the database in clear. */
  const secrets: Array<{ number: string; pin: string }> = [];

  before(async () => {
    app = await startTestApp();
    shop = await createMerchant(app, 'Corner Shop');
    other = await createMerchant(app, 'Other Shop');
  });
  after(async () => {
    await app.close();
  });

  async function issue(body: Record<string, unknown>, key?: string) {
    const card = await issueCard(app, body, key);
    secrets.push({ number: card.number, pin: card.pin });
    return card;
  }

  test('issuing shows a Luhn-valid 16-digit number with our prefix and a generated PIN, once', async () => {
    const issued = await app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 20_000, nickname: '充电卡', metadata: { batch: '7' } }, headers: { 'idempotency-key': 'issue-once' } });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const card = issued.body;
    secrets.push({ number: card.number, pin: card.pin });
    assert.match(card.id, /^ppc_[0-9a-z]{26}$/);
    assert.equal(card.object, 'prepaid_card');
    assert.match(card.number, /^\d{16}$/);
    assert.ok(card.number.startsWith(PREPAID_NUMBER_PREFIX));
    assert.ok(luhnValid(card.number), 'the check digit is right');
    assert.equal(card.last4, card.number.slice(-4));
    assert.match(card.pin, /^\d{6}$/);
    assert.deepEqual(
      { currency: card.currency, status: card.status, balance: card.balance, held: card.held, issuer: card.issuer, nickname: card.nickname, metadata: card.metadata, created: card.created },
      { currency: 'cny', status: 'active', balance: 20_000, held: 0, issuer: 'platform', nickname: '充电卡', metadata: { batch: '7' }, created: Math.floor(app.clock.nowMs() / 1000) },
    );

    const read = await app.request('GET', `/v1/prepaid_cards/${card.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.number, undefined);
    assert.equal(read.body.pin, undefined);
    const list = await app.request('GET', '/v1/prepaid_cards?limit=100');
    const text = JSON.stringify([read.body, list.body]);
    assert.ok(!text.includes(card.number) && !text.includes(`"${card.pin}"`), 'never again in clear');

    // A retry of the issue answers the same card; the saved answer does not keep the secrets.
    const replay = await app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 20_000, nickname: '充电卡', metadata: { batch: '7' } }, headers: { 'idempotency-key': 'issue-once' } });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.body.id, card.id);
    assert.equal(replay.body.number, null);
    assert.equal(replay.body.pin, null);
    await assertBalanced(app);
  });

  test('a chosen PIN is not echoed; the initial amount comes from the issuer’s funding account', async () => {
    const funding = await netCredit(app, 'platform:CNY:prepaid_funding');
    const card = await issue({ currency: 'cny', pin: '482915', initial_amount: 5_000 });
    assert.equal(card.pin, '482915');
    const raw = await app.request('GET', `/v1/prepaid_cards/${card.id}`);
    assert.equal(raw.body.balance, 5_000);
    assert.equal((await netCredit(app, 'platform:CNY:prepaid_funding')) - funding, -5_000, 'the funding account is debited what the card is credited');
    const account = await app.request('GET', `/v1/ledger/accounts/${encodeURIComponent(`${card.id}:CNY:prepaid`)}`);
    assert.equal(account.body.code, 2100);
    assert.equal(account.body.flags.debits_must_not_exceed_credits, true);
  });

  const BAD_ISSUES: Array<[string, Record<string, unknown>, { status: number; code: string; param?: string }]> = [
    ['an unknown currency', { currency: 'xyz' }, { status: 400, code: 'unknown_currency', param: 'currency' }],
    ['a 5-digit PIN', { currency: 'cny', pin: '12345' }, { status: 400, code: 'parameter_invalid', param: 'pin' }],
    ['an initial amount above one load', { currency: 'cny', initial_amount: 100_001 }, { status: 400, code: 'exceeds_max_load', param: 'initial_amount' }],
    ['an unknown field', { currency: 'cny', number: '8897000000000000' }, { status: 400, code: 'parameter_unknown', param: 'number' }],
  ];
  for (const [what, body, expected] of BAD_ISSUES) {
    test(`issuing with ${what} is refused and creates nothing`, async () => {
      const before = await app.request('GET', '/v1/prepaid_cards?limit=100');
      assertApiError(await app.request('POST', '/v1/prepaid_cards', { body }), expected);
      const after = await app.request('GET', '/v1/prepaid_cards?limit=100');
      assert.equal(after.body.data.length, before.body.data.length);
    });
  }

  test('loads add up to the balance cap; a load above one load’s limit or the cap is refused and moves nothing', async () => {
    const card = await issue({ currency: 'cny' });
    const funding = await netCredit(app, 'platform:CNY:prepaid_funding');
    const LOADS: Array<[number, { status: number; code?: string; param?: string }, number]> = [
      [30_000, { status: 200 }, 30_000],
      [100_001, { status: 400, code: 'exceeds_max_load', param: 'amount' }, 30_000],
      [60_000, { status: 200 }, 90_000],
      [10_001, { status: 400, code: 'exceeds_max_balance', param: 'amount' }, 90_000],
      [10_000, { status: 200 }, 100_000],
      [1, { status: 400, code: 'exceeds_max_balance', param: 'amount' }, 100_000],
    ];
    for (const [amount, expected, balanceAfter] of LOADS) {
      const loaded = await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount } });
      if (expected.status === 200) {
        assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
        assert.deepEqual({ object: loaded.body.object, prepaid_card: loaded.body.prepaid_card, amount: loaded.body.amount, currency: loaded.body.currency }, { object: 'prepaid_card_load', prepaid_card: card.id, amount, currency: 'cny' });
      } else {
        assertApiError(loaded, { status: expected.status, code: expected.code ?? '', param: expected.param });
      }
      assert.equal((await cardBalance(app, card.id)).balance, balanceAfter, `after a load of ${amount}`);
    }
    assert.equal((await netCredit(app, 'platform:CNY:prepaid_funding')) - funding, -100_000);
    await assertBalanced(app);
  });

  test('a load retried with its Idempotency-Key loads once', async () => {
    const card = await issue({ currency: 'cny' });
    const first = await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 1_500 }, headers: { 'idempotency-key': 'load-1' } });
    const second = await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 1_500 }, headers: { 'idempotency-key': 'load-1' } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(second.body.id, first.body.id);
    // Even once the saved answer is gone, the load's transfer is named after the key: it cannot happen twice.
    await app.database.db.query("DELETE FROM idempotency_keys WHERE idempotency_key = 'load-1'");
    const third = await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 1_500 }, headers: { 'idempotency-key': 'load-1' } });
    assert.equal(third.status, 200);
    assert.equal(third.body.id, first.body.id);
    assert.equal((await cardBalance(app, card.id)).balance, 1_500);
    const different = await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 1_600 }, headers: { 'idempotency-key': 'load-1' } });
    assert.equal(different.status, 400);
    assert.equal(different.body.error.type, 'idempotency_error');
    assert.equal((await cardBalance(app, card.id)).balance, 1_500);
  });

  test('a blocked card can be neither loaded nor used to pay; unblocked, it can again', async () => {
    const card = await issue({ currency: 'cny', initial_amount: 10_000 });
    const blocked = await app.request('POST', `/v1/prepaid_cards/${card.id}/block`, { body: {} });
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    assert.equal(blocked.body.status, 'blocked');
    assertApiError(await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 100 } }), { status: 400, code: 'card_blocked', param: 'id' });
    const declined = await payWithCard(app, shop, card, 1_000);
    assert.equal(declined.status, 402, JSON.stringify(declined.body));
    assert.equal(declined.body.error.decline_code, 'card_blocked');
    assert.equal((await cardBalance(app, card.id)).balance, 10_000);
    const unblocked = await app.request('POST', `/v1/prepaid_cards/${card.id}/unblock`, { body: {} });
    assert.equal(unblocked.body.status, 'active');
    assert.equal((await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 100 } })).status, 200);
    const paid = await payWithCard(app, shop, card, 1_000);
    assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
    assert.equal((await cardBalance(app, card.id)).balance, 9_100);
    await assertBalanced(app);
  });

  test('a merchant manages only the cards it issued; another merchant is told they do not exist', async () => {
    const storeCard = await issue({ currency: 'cny', initial_amount: 2_000 }, shop.secret_key);
    assert.equal(storeCard.issuer, shop.id);
    const platformCard = await issue({ currency: 'cny' });
    for (const [method, url] of [
      ['GET', `/v1/prepaid_cards/${storeCard.id}`],
      ['GET', `/v1/prepaid_cards/${storeCard.id}/transactions`],
      ['POST', `/v1/prepaid_cards/${storeCard.id}/loads`],
      ['POST', `/v1/prepaid_cards/${storeCard.id}/block`],
      ['POST', `/v1/prepaid_cards/${storeCard.id}/unblock`],
      ['GET', `/v1/prepaid_cards/${platformCard.id}`],
      ['POST', `/v1/prepaid_cards/${platformCard.id}/block`],
    ] as const) {
      const body = url.endsWith('/loads') ? { amount: 100 } : {};
      assertApiError(await app.request(method, url, { key: other.secret_key, ...(method === 'POST' ? { body } : {}) }), { status: 404, code: 'resource_missing', param: 'id' });
    }
    const theirs = await app.request('GET', '/v1/prepaid_cards?limit=100', { key: other.secret_key });
    assert.ok(!theirs.body.data.some((c: { id: string }) => c.id === storeCard.id || c.id === platformCard.id));
    const mine = await app.request('GET', '/v1/prepaid_cards?limit=100', { key: shop.secret_key });
    assert.ok(mine.body.data.every((c: { issuer: string }) => c.issuer === shop.id));
    assert.ok(mine.body.data.some((c: { id: string }) => c.id === storeCard.id));
    assert.equal((await app.request('POST', `/v1/prepaid_cards/${storeCard.id}/loads`, { key: shop.secret_key, body: { amount: 100 } })).status, 200);
    assert.equal((await netCredit(app, `${shop.id}:CNY:prepaid_funding`)), -2_100, 'a store card is funded from its merchant’s own funding account');

    // The operator reads every card but manages only the platform's.
    assert.equal((await app.request('GET', `/v1/prepaid_cards/${storeCard.id}`)).status, 200);
    assertApiError(await app.request('POST', `/v1/prepaid_cards/${storeCard.id}/block`, { body: {} }), { status: 403, code: 'not_card_issuer', type: 'permission_error', param: 'id' });
    // A publishable key cannot see prepaid cards at all.
    assertApiError(await app.request('GET', `/v1/prepaid_cards/${storeCard.id}`, { key: shop.publishable_key }), { status: 403, code: 'permission_denied', type: 'permission_error' });
  });

  test('the card list pages with limit and starting_after', async () => {
    const extra = [];
    for (let i = 0; i < 3; i += 1) {
      // The test clock stands still unless moved: one millisecond apart, the cards have an order.
      app.clock.advanceMs(1);
      extra.push(await issue({ currency: 'cny' }, other.secret_key));
    }
    const first = await app.request('GET', '/v1/prepaid_cards?limit=2', { key: other.secret_key });
    assert.equal(first.body.has_more, true);
    assert.deepEqual(
      first.body.data.map((c: { id: string }) => c.id),
      [extra[2]?.id, extra[1]?.id],
    );
    const second = await app.request('GET', `/v1/prepaid_cards?limit=2&starting_after=${first.body.data[1].id}`, { key: other.secret_key });
    assert.equal(second.body.has_more, false);
    assert.deepEqual(
      second.body.data.map((c: { id: string }) => c.id),
      [extra[0]?.id],
    );
    assertApiError(await app.request('GET', `/v1/prepaid_cards?starting_after=${extra[0]?.id ?? ''}`, { key: shop.secret_key }), { status: 400, code: 'parameter_invalid', param: 'starting_after' });
  });

  test('the statement lists loads and payments, signed, newest first, in pages', async () => {
    const card = await issue({ currency: 'cny', initial_amount: 3_000 });
    await app.request('POST', `/v1/prepaid_cards/${card.id}/loads`, { body: { amount: 2_000 } });
    const paid = await payWithCard(app, shop, card, 1_200, { description: 'Coffee' });
    assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
    const all = await app.request('GET', `/v1/prepaid_cards/${card.id}/transactions?limit=100`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const rows = all.body.data.map((t: { amount: number; type: string; hold: boolean }) => [t.type, t.amount, t.hold]);
    assert.deepEqual(rows, [
      ['payment', -1_200, false],
      ['payment', -1_200, true],
      ['prepaid_load', 2_000, false],
      ['prepaid_load', 3_000, false],
    ]);
    const page = await app.request('GET', `/v1/prepaid_cards/${card.id}/transactions?limit=2`);
    assert.equal(page.body.has_more, true);
    const next = await app.request('GET', `/v1/prepaid_cards/${card.id}/transactions?limit=2&starting_after=${encodeURIComponent(page.body.data[1].id)}`);
    assert.deepEqual(
      next.body.data.map((t: { amount: number }) => t.amount),
      [2_000, 3_000],
    );
    assert.equal(next.body.has_more, false);
    assertApiError(await app.request('GET', `/v1/prepaid_cards/${card.id}/transactions?starting_after=nope`), { status: 400, code: 'parameter_invalid', param: 'starting_after' });
  });

  test('no card number or PIN rests in clear in any text column of the database', async () => {
    assert.ok(secrets.length >= 5);
    // Generated PINs are searched as JSON strings: six bare digits could occur in any timestamp.
    const needles = secrets.flatMap((s) => [s.number, `"${s.pin}"`]);
    assert.deepEqual(await columnsContaining(app.database.db, needles), []);
    const exact = await app.database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM prepaid_cards WHERE number_sealed = ANY ($1::text[]) OR pin_hash = ANY ($2::text[])', [
      secrets.map((s) => s.number),
      secrets.map((s) => s.pin),
    ]);
    assert.equal(exact.rows[0]?.n, 0n);
  });
});
