import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('merchants API', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  async function createMerchant(body: Record<string, unknown> = {}): Promise<{ id: string; secret_key: string; publishable_key: string; [k: string]: unknown }> {
    // Merchants list by creation time; the manual clock must move for an order to exist.
    app.clock.advanceMs(1);
    const response = await app.request('POST', '/v1/merchants', { body: { name: 'Test shop', ...body } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  }

  test('the operator creates a merchant and gets its keys this once', async () => {
    const merchant = await createMerchant({ category: 'ev_charging', fee_plan: { percent_bps: 38, fixed_amount: 10 }, default_currency: 'cny', metadata: { region: 'sh' } });
    assert.match(merchant.id, /^mch_[0-9a-z]{26}$/);
    assert.match(merchant.secret_key, /^sk_test_[A-Za-z0-9_-]{43}$/);
    assert.match(merchant.publishable_key, /^pk_test_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(merchant.fee_plan, { percent_bps: 38, fixed_amount: 10, refund_fee_policy: 'keep_fee' });
    assert.equal(merchant.category, 'ev_charging');
    assert.equal(merchant.default_currency, 'cny');
    const fetched = await app.request('GET', `/v1/merchants/${merchant.id}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.secret_key, undefined, 'keys are never shown again');
    assert.equal(fetched.body.publishable_key, undefined);
    assert.deepEqual(fetched.body.metadata, { region: 'sh' });
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
    const own = await app.request('GET', `/v1/merchants/${a.id}`, { key: a.secret_key });
    assert.equal(own.status, 200);
    const other = await app.request('GET', `/v1/merchants/${b.id}`, { key: a.secret_key });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_missing');
    assert.ok(!JSON.stringify(other.body).includes('Test shop'));
    const rollOther = await app.request('POST', `/v1/merchants/${b.id}/roll_keys`, { key: a.secret_key, body: { type: 'secret' } });
    assert.equal(rollOther.status, 404);
    const balance = await app.request('GET', '/v1/balance', { key: a.secret_key });
    assert.equal(balance.status, 200);
    assert.deepEqual(balance.body, { object: 'balance', pending: [{ amount: 0, currency: 'cny' }], available: [{ amount: 0, currency: 'cny' }] });
  });

  test('a publishable key cannot read balances or merchants, and merchant keys cannot use the ledger', async () => {
    const merchant = await createMerchant();
    const balance = await app.request('GET', '/v1/balance', { key: merchant.publishable_key });
    assert.equal(balance.status, 403);
    assert.equal(balance.body.error.code, 'permission_denied');
    assert.equal((await app.request('GET', `/v1/merchants/${merchant.id}`, { key: merchant.publishable_key })).status, 404);
    const ledger = await app.request('GET', '/v1/ledger/verify', { key: merchant.secret_key });
    assert.equal(ledger.status, 403);
    assert.equal((await app.request('GET', '/v1/balance')).status, 403, 'the operator has no merchant balance');
    assert.equal((await app.request('POST', '/v1/merchants', { key: merchant.secret_key, body: { name: 'x' } })).status, 403);
  });

  test('rolling a key stops the old one at once and the new one works', async () => {
    const merchant = await createMerchant();
    const rolled = await app.request('POST', `/v1/merchants/${merchant.id}/roll_keys`, { key: merchant.secret_key, body: { type: 'secret' } });
    assert.equal(rolled.status, 200);
    assert.match(rolled.body.key, /^sk_test_/);
    assert.equal((await app.request('GET', '/v1/balance', { key: merchant.secret_key })).status, 401);
    assert.equal((await app.request('GET', '/v1/balance', { key: rolled.body.key })).status, 200);
    const publishable = await app.request('POST', `/v1/merchants/${merchant.id}/roll_keys`, { body: { type: 'publishable' } });
    assert.match(publishable.body.key, /^pk_test_/);
    assert.equal((await app.request('GET', '/v1/balance', { key: rolled.body.key })).status, 200, 'rolling the publishable key leaves the secret key alone');
  });

  test('merchants are listed newest first with a cursor', async () => {
    const created = [await createMerchant(), await createMerchant(), await createMerchant()];
    const first = await app.request('GET', '/v1/merchants?limit=2');
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.data.map((m: { id: string }) => m.id),
      [created[2]?.id, created[1]?.id],
    );
    assert.equal(first.body.has_more, true);
    const second = await app.request('GET', `/v1/merchants?limit=1&starting_after=${created[1]?.id}`);
    assert.deepEqual(
      second.body.data.map((m: { id: string }) => m.id),
      [created[0]?.id],
    );
  });

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
