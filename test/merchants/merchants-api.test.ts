import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { RequestBody, ResponseBody } from '../../src/client/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';

describe('merchants API', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  async function createMerchant(body: Partial<RequestBody<'/v1/merchants', 'post'>> = {}): Promise<ResponseBody<'/v1/merchants', 'post'>> {
    // Merchants list by creation time; the manual clock must move for an order to exist.
    app.clock.advanceMs(1);
    return ok(await app.client().POST('/v1/merchants', { body: { name: 'Test shop', ...body } }));
  }

  test('the operator creates a merchant and gets its keys this once', async () => {
    const merchant = await createMerchant({ category: 'ev_charging', fee_plan: { percent_bps: 38, fixed_amount: 10 }, default_currency: 'cny', metadata: { region: 'sh' } });
    assert.match(merchant.id, /^mch_[0-9a-z]{26}$/);
    assert.match(merchant.secret_key, /^sk_test_[A-Za-z0-9_-]{43}$/);
    assert.match(merchant.publishable_key, /^pk_test_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(merchant.fee_plan, { percent_bps: 38, fixed_amount: 10, refund_fee_policy: 'keep_fee' });
    assert.equal(merchant.category, 'ev_charging');
    assert.equal(merchant.default_currency, 'cny');
    const fetched = ok(await app.client().GET('/v1/merchants/{id}', { params: { path: { id: merchant.id } } }));
    assert.ok(!('secret_key' in fetched), 'keys are never shown again');
    assert.ok(!('publishable_key' in fetched));
    assert.deepEqual(fetched.metadata, { region: 'sh' });
  });

  test('keys are stored only as hashes', async () => {
    const merchant = await createMerchant();
    const { rows } = await app.database.db.query<{ row: string }>('SELECT row_to_json(k)::text AS row FROM identity_api_keys k');
    const stored = rows.map((r) => r.row).join('\n');
    assert.ok(!stored.includes(merchant.secret_key));
    assert.ok(!stored.includes(merchant.publishable_key));
  });

  test('a merchant reads itself and its balance with its secret key; another merchant answers 404', async () => {
    const a = await createMerchant();
    const b = await createMerchant();
    const asA = app.client(a.secret_key);
    ok(await asA.GET('/v1/merchants/{id}', { params: { path: { id: a.id } } }));
    const other = await asA.GET('/v1/merchants/{id}', { params: { path: { id: b.id } } });
    assert.equal(failed(other, 404).code, 'resource_missing');
    assert.ok(!JSON.stringify(other.error).includes('Test shop'));
    failed(await asA.POST('/v1/merchants/{id}/roll_keys', { params: { path: { id: b.id } }, body: { type: 'secret' } }), 404);
    const balance = ok(await asA.GET('/v1/balance'));
    assert.deepEqual(balance, { object: 'balance', pending: [{ amount: 0, currency: 'cny' }], available: [{ amount: 0, currency: 'cny' }] });
  });

  test('a publishable key cannot read balances or merchants, and merchant keys cannot use the ledger', async () => {
    const merchant = await createMerchant();
    const publishable = app.client(merchant.publishable_key);
    assert.equal(failed(await publishable.GET('/v1/balance'), 403).code, 'permission_denied');
    failed(await publishable.GET('/v1/merchants/{id}', { params: { path: { id: merchant.id } } }), 404);
    failed(await app.client(merchant.secret_key).GET('/v1/ledger/verify'), 403);
    assert.equal((await app.client().GET('/v1/balance')).response.status, 403, 'the operator has no merchant balance');
    failed(await app.client(merchant.secret_key).POST('/v1/merchants', { body: { name: 'x' } }), 403);
  });

  test('rolling a key stops the old one at once and the new one works', async () => {
    const merchant = await createMerchant();
    const path = { id: merchant.id };
    const rolled = ok(await app.client(merchant.secret_key).POST('/v1/merchants/{id}/roll_keys', { params: { path }, body: { type: 'secret' } }));
    assert.match(rolled.key, /^sk_test_/);
    failed(await app.client(merchant.secret_key).GET('/v1/balance'), 401);
    ok(await app.client(rolled.key).GET('/v1/balance'));
    const publishable = ok(await app.client().POST('/v1/merchants/{id}/roll_keys', { params: { path }, body: { type: 'publishable' } }));
    assert.match(publishable.key, /^pk_test_/);
    assert.equal((await app.client(rolled.key).GET('/v1/balance')).response.status, 200, 'rolling the publishable key leaves the secret key alone');
  });

  test('merchants are listed newest first with a cursor', async () => {
    const created = [await createMerchant(), await createMerchant(), await createMerchant()];
    const first = ok(await app.client().GET('/v1/merchants', { params: { query: { limit: 2 } } }));
    assert.deepEqual(
      first.data.map((m) => m.id),
      [created[2]?.id, created[1]?.id],
    );
    assert.equal(first.has_more, true);
    const second = ok(await app.client().GET('/v1/merchants', { params: { query: { limit: 1, starting_after: created[1]?.id } } }));
    assert.deepEqual(
      second.data.map((m) => m.id),
      [created[0]?.id],
    );
    const newer = ok(await app.client().GET('/v1/merchants', { params: { query: { limit: 5, ending_before: created[0]?.id } } }));
    assert.deepEqual(
      newer.data.map((m) => m.id),
      [created[2]?.id, created[1]?.id],
    );
    assert.equal(newer.has_more, false);
  });

  // Sent raw: most of these would not compile through the typed client.
  const BAD: Array<{ name: string; body: unknown; param: string }> = [
    { name: 'no name', body: {}, param: 'name' },
    { name: 'unknown currency', body: { name: 'x', default_currency: 'xxx' }, param: 'default_currency' },
    { name: 'upper-case currency', body: { name: 'x', default_currency: 'CNY' }, param: 'default_currency' },
    { name: 'fee above 100 %', body: { name: 'x', fee_plan: { percent_bps: 10_001 } }, param: 'fee_plan[percent_bps]' },
    { name: 'negative fixed fee', body: { name: 'x', fee_plan: { fixed_amount: -1 } }, param: 'fee_plan[fixed_amount]' },
    { name: 'unknown category', body: { name: 'x', category: 'casino' }, param: 'category' },
    { name: 'unknown field', body: { name: 'x', country: 'CN' }, param: 'country' },
  ];
  for (const bad of BAD) {
    test(`bad merchant input is refused and writes nothing: ${bad.name}`, async () => {
      const before = await app.database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM merchants');
      const response = await app.request('POST', '/v1/merchants', { body: bad.body });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.param, bad.param);
      const after = await app.database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM merchants');
      assert.equal(after.rows[0]?.n, before.rows[0]?.n);
    });
  }
});
