import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PaygridClient } from '../../src/client/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok, signIn } from '../support/client.ts';

/** 付款码: the consumer shows a code, the till scans it, the wallet pays without the password, once. */
describe('payment codes', () => {
  let app: TestApp;
  let consumer: PaygridClient;
  let shop: PaygridClient;
  before(async () => {
    app = await startTestApp();
    consumer = app.clientFor((await signIn(app, `+86133${String(randomInt(0, 1e8)).padStart(8, '0')}`)).token);
    ok(await consumer.POST('/v1/top_ups', { body: { amount: 200_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } }));
    shop = app.client(ok(await app.client().POST('/v1/merchants', { body: { name: 'Shop' } })).secret_key);
  });
  after(async () => {
    await app.close();
  });

  const newCode = async (): Promise<string> => {
    const issued = ok(await consumer.POST('/v1/me/payment_codes', { body: {} }));
    assert.match(issued.code, /^28\d{16}$/);
    return issued.code;
  };
  const scan = (code: string, amount: number) => shop.POST('/v1/payment_intents', { body: { amount, currency: 'cny', confirm: true, payment_method_data: { type: 'payment_code', code } } });

  test('a scanned code pays once; it is refused when used again or expired', async () => {
    const code = await newCode();
    const paid = ok(await scan(code, 2_500));
    assert.equal(paid.status, 'succeeded');
    const again = await scan(code, 100);
    assert.equal(failed(again, 400).code, 'payment_code_used');
    const late = await newCode();
    app.clock.advanceMs(60_001);
    assert.equal((await scan(late, 100)).error?.error.code, 'payment_code_expired');
    assert.equal((await scan('280000000000000000', 100)).error?.error.code, 'payment_code_invalid');
  });

  test('a code scanned for a payment that names another customer is refused and stays usable', async () => {
    const other = ok(await app.client().POST('/v1/customers', { body: { phone: `+86132${String(randomInt(0, 1e8)).padStart(8, '0')}` } }));
    const code = await newCode();
    const pi = ok(await shop.POST('/v1/payment_intents', { body: { amount: 100, currency: 'cny', customer: other.id } }));
    const refused = await shop.POST('/v1/payment_intents/{id}/confirm', { params: { path: { id: pi.id } }, body: { payment_method_data: { type: 'payment_code', code } } });
    failed(refused, 403);
    assert.equal((await scan(code, 100)).data?.status, 'succeeded', 'the code still works for its owner');
  });

  test('above the password-free limit (¥1,000.00) the code is declined and stays usable', async () => {
    const code = await newCode();
    const declined = await scan(code, 100_001);
    assert.equal(failed(declined, 402).decline_code, 'exceeds_password_free_limit');
    assert.equal((await scan(code, 100_000)).data?.status, 'succeeded');
    const me = ok(await consumer.GET('/v1/me'));
    assert.equal(me.wallet_balances?.[0]?.available, 200_000 - 2_500 - 100 - 100_000);
    assert.equal(ok(await app.client().GET('/v1/ledger/verify')).balanced, true);
  });
});
