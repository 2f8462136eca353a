import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';

/** Consumers sign in by phone, hold wallets, set a payment password and limits, and pay each other. */
describe('consumer wallets API', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
    ok(await app.client().POST('/v1/ledger/accounts', { body: { id: 'bank_cny', ledger: 'CNY', code: 1000 } }));
  });
  after(async () => {
    await app.close();
  });

  const newPhone = (): string => `+86139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

  async function latestCode(phone: string): Promise<string> {
    const sms = ok(await app.client().GET('/v1/test_helpers/sms', { params: { query: { phone } } }));
    const match = /验证码 (\d{6})/.exec(sms.data[0]?.body ?? '');
    assert.ok(match?.[1] !== undefined, 'the sandbox recorded a code');
    return match[1];
  }

  async function signIn(phone = newPhone()): Promise<{ phone: string; token: string; customerId: string }> {
    app.clock.advanceMs(61_000);
    ok(await anonymous().POST('/v1/auth/otp', { body: { phone } }));
    const login = ok(await anonymous().POST('/v1/auth/login', { body: { phone, code: await latestCode(phone) } }));
    assert.match(login.token, /^cs_/);
    return { phone, token: login.token, customerId: login.customer.id };
  }

  const anonymous = () => app.client(null);

  async function fund(customerId: string, amount: number): Promise<void> {
    const topUp = ok(await app.client().POST('/v1/ledger/transfers', { body: { id: `fund_${customerId}_${randomInt(1e9)}`, debit_account_id: 'bank_cny', credit_account_id: `${customerId}:CNY:wallet`, amount, ledger: 'CNY', code: 1 } }));
    assert.equal(topUp.results[0]?.result, 'ok');
  }

  async function withPassword(token: string): Promise<void> {
    ok(await app.clientFor(token).POST('/v1/me/payment_password', { body: { password: '135790' } }));
  }

  test('sign-in by phone and code opens a session and a CNY wallet; codes are stored only as hashes', async () => {
    const { token, customerId, phone } = await signIn('13912345678');
    assert.equal(phone, '13912345678');
    const me = ok(await app.clientFor(token).GET('/v1/me'));
    assert.equal(me.id, customerId);
    assert.equal(me.phone, '+8613912345678');
    assert.deepEqual(me.wallet_balances, [{ currency: 'cny', available: 0, held: 0 }]);
    const code = await latestCode('+8613912345678');
    const { rows } = await app.database.db.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM identity_otp_challenges c');
    assert.ok(!rows.some((r) => r.row.includes(`"${code}"`)));
  });

  test('wrong codes are refused, the fifth locks sign-in, the code stays burnt, and resending is limited', async () => {
    const phone = newPhone();
    app.clock.advanceMs(61_000);
    ok(await anonymous().POST('/v1/auth/otp', { body: { phone } }));
    failed(await anonymous().POST('/v1/auth/otp', { body: { phone } }), 429);
    const code = await latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const login = (attempt: string) => anonymous().POST('/v1/auth/login', { body: { phone, code: attempt } });
    for (let i = 0; i < 4; i += 1) {
      assert.equal(failed(await login(wrong), 401).code, 'invalid_code');
    }
    // The fifth wrong code locks the phone's sign-in (account protection, docs/api.md).
    assert.equal(failed(await login(wrong), 403).code, 'account_locked');
    // Lifted early, the phone's count starts afresh, but the code itself stays burnt.
    await app.paygrid.modules.accountProtection.unlock(phone);
    const right = await login(code);
    assert.equal(right.error?.error.code, 'too_many_attempts');
    app.clock.advanceMs(5 * 60_000);
    failed(await login(code), 401);
  });

  test('a wallet transfer moves money between wallets with the payment password, and both statements show it', async () => {
    const alice = await signIn();
    const bob = await signIn();
    await withPassword(alice.token);
    await fund(alice.customerId, 10_000);
    const [asAlice, asBob] = [app.clientFor(alice.token), app.clientFor(bob.token)];
    const send = () =>
      asAlice.POST('/v1/wallet_transfers', { params: { header: { 'Idempotency-Key': 'k1' } }, body: { amount: 2_550, currency: 'cny', to_phone: bob.phone, password: '135790', description: '奶茶' } });
    ok(await send());
    const replay = await send();
    assert.equal(replay.response.status, 200, 'a retry with the same key answers the same');
    const aliceMe = ok(await asAlice.GET('/v1/me'));
    const bobMe = ok(await asBob.GET('/v1/me'));
    assert.equal(aliceMe.wallet_balances?.[0]?.available, 7_450, 'the money moved once');
    assert.equal(bobMe.wallet_balances?.[0]?.available, 2_550);
    const statement = ok(await asBob.GET('/v1/me/transactions'));
    assert.equal(statement.data[0]?.amount, 2_550);
    assert.equal(statement.data[0]?.type, 'wallet_transfer');
    assert.equal(statement.data[0]?.description, '奶茶');
    const aliceStatement = ok(await asAlice.GET('/v1/me/transactions'));
    assert.deepEqual(
      aliceStatement.data.map((t) => t.amount),
      [-2_550, 10_000],
    );
    assert.equal(ok(await app.client().GET('/v1/ledger/verify')).balanced, true);
  });

  test('declines: insufficient funds, per-payment and daily limits, wrong password and lock', async () => {
    const carol = await signIn();
    const dave = await signIn();
    await withPassword(carol.token);
    await fund(carol.customerId, 100_000);
    const asCarol = app.clientFor(carol.token);
    const pay = (amount: number, password = '135790') => asCarol.POST('/v1/wallet_transfers', { body: { amount, currency: 'cny', to_customer: dave.customerId, password } });
    const limits = (perPayment: number, daily: number) => asCarol.POST('/v1/me/limits', { body: { currency: 'cny', per_payment_limit: perPayment, daily_limit: daily } });
    assert.deepEqual(ok(await asCarol.GET('/v1/me/limits', { params: { query: { currency: 'cny' } } })), { object: 'wallet_limits', currency: 'cny', per_payment_limit: 500_000, daily_limit: 2_000_000, daily_limit_cap: 20_000_000 }, 'the defaults until set');
    assert.equal(ok(await limits(30_000, 50_000)).daily_limit, 50_000);
    assert.equal(ok(await asCarol.GET('/v1/me/limits')).per_payment_limit, 30_000, 'what was set, read back');
    const tooBig = await pay(30_001);
    assert.equal(failed(tooBig, 402).code, 'exceeds_per_payment_limit');
    ok(await pay(30_000));
    const daily = await pay(20_001);
    assert.equal(daily.error?.error.code, 'exceeds_daily_limit');
    ok(await pay(20_000));
    app.clock.advanceMs(24 * 3600_000);
    ok(await limits(100_000, 200_000));
    const broke = await pay(50_001);
    assert.equal(broke.error?.error.code, 'insufficient_funds');
    for (let left = 4; left >= 1; left -= 1) {
      const wrong = await pay(1, '000000');
      assert.equal(wrong.error?.error.code, 'incorrect_payment_password');
      assert.match(wrong.error?.error.message ?? '', new RegExp(`${left} attempts left`));
    }
    const locked = await pay(1, '000000');
    assert.equal(failed(locked, 403).code, 'payment_password_locked');
    assert.equal((await pay(1)).error?.error.code, 'payment_password_locked', 'even the right password waits for the lock');
    app.clock.advanceMs(3 * 3600_000);
    ok(await pay(1));
    const me = ok(await app.clientFor(dave.token).GET('/v1/me'));
    assert.equal(me.wallet_balances?.[0]?.available, 50_001);
  });

  test('concurrent transfers from one wallet never overdraw it nor pass the daily limit', async () => {
    const erin = await signIn();
    const frank = await signIn();
    await withPassword(erin.token);
    await fund(erin.customerId, 1_000_000);
    const asErin = app.clientFor(erin.token);
    await asErin.POST('/v1/me/limits', { body: { currency: 'cny', per_payment_limit: 10_000, daily_limit: 55_000 } });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => asErin.POST('/v1/wallet_transfers', { body: { amount: 10_000, currency: 'cny', to_customer: frank.customerId, password: '135790' } })),
    );
    assert.equal(results.filter((r) => r.response.status === 200).length, 5);
    assert.ok(results.filter((r) => r.response.status !== 200).every((r) => r.error?.error.code === 'exceeds_daily_limit'));
  });

  test('the daily limit counts what payments took or still hold: not a canceled authorization, a partial capture for what it captured', async () => {
    const ivy = await signIn();
    await withPassword(ivy.token);
    await fund(ivy.customerId, 100_000);
    await app.request('POST', '/v1/me/limits', { key: ivy.token, body: { currency: 'cny', per_payment_limit: 30_000, daily_limit: 50_000 } });
    const shop = (await app.request('POST', '/v1/merchants', { body: { name: 'Limits' } })).body as { secret_key: string };
    const pay = async (amount: number, captureMethod: 'automatic' | 'manual') => {
      const pi = await app.request('POST', '/v1/payment_intents', { key: shop.secret_key, body: { amount, currency: 'cny', customer: ivy.customerId, capture_method: captureMethod } });
      return app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: ivy.token, body: { payment_method_data: { type: 'wallet' }, password: '135790', client_secret: pi.body.client_secret } });
    };
    const canceled = await pay(30_000, 'manual');
    assert.equal(canceled.body.status, 'requires_capture', JSON.stringify(canceled.body));
    assert.equal((await app.request('POST', `/v1/payment_intents/${canceled.body.id}/cancel`, { key: shop.secret_key, body: {} })).body.status, 'canceled');
    const partly = await pay(30_000, 'manual');
    assert.equal(partly.body.status, 'requires_capture', `the canceled ¥300.00 is not counted: ${JSON.stringify(partly.body)}`);
    assert.equal((await app.request('POST', `/v1/payment_intents/${partly.body.id}/capture`, { key: shop.secret_key, body: { amount_to_capture: 10_000 } })).body.amount_received, 10_000);
    const rest = await pay(30_000, 'automatic');
    assert.equal(rest.body.status, 'succeeded', `¥100.00 captured of ¥300.00 held: ${JSON.stringify(rest.body)}`);
    const over = await pay(10_001, 'automatic');
    assert.equal(over.body.error?.decline_code, 'exceeds_daily_limit');
    assert.equal((await pay(10_000, 'automatic')).body.status, 'succeeded');
    const me = await app.request('GET', '/v1/me', { key: ivy.token });
    assert.deepEqual(me.body.wallet_balances[0], { currency: 'cny', available: 100_000 - 50_000, held: 0 });
  });

  test('a hold counts against the daily limit until it is voided or falls due, even before the sweeper expires it', async () => {
    const jack = await signIn();
    const kate = await signIn();
    await withPassword(jack.token);
    await fund(jack.customerId, 100_000);
    await app.request('POST', '/v1/me/limits', { key: jack.token, body: { currency: 'cny', per_payment_limit: 50_000, daily_limit: 50_000 } });
    const pay = (amount: number) => app.request('POST', '/v1/wallet_transfers', { key: jack.token, body: { amount, currency: 'cny', to_customer: kate.customerId, password: '135790' } });
    const hold = async (amount: number, timeoutSeconds: number): Promise<string> => {
      const id = `hold_${jack.customerId}_${randomInt(1e9)}`;
      const placed = await app.request('POST', '/v1/ledger/transfers', { body: { id, debit_account_id: `${jack.customerId}:CNY:wallet`, credit_account_id: 'bank_cny', amount, ledger: 'CNY', code: 1, flags: { pending: true }, timeout_seconds: timeoutSeconds } });
      assert.equal(placed.body.results[0].result, 'ok');
      return id;
    };
    const voided = await hold(40_000, 3600);
    assert.equal((await pay(20_000)).body.error?.code, 'exceeds_daily_limit');
    const release = await app.request('POST', '/v1/ledger/transfers', { body: { id: `${voided}_void`, pending_id: voided, flags: { void_pending: true } } });
    assert.equal(release.body.results[0].result, 'ok');
    assert.equal((await pay(20_000)).status, 200, 'the voided hold is not counted');
    await hold(30_000, 60);
    assert.equal((await pay(1)).body.error?.code, 'exceeds_daily_limit');
    app.clock.advanceMs(60_000);
    assert.equal((await pay(30_000)).status, 200, 'a hold that fell due is not counted, swept or not');
    assert.equal((await pay(1)).body.error?.code, 'exceeds_daily_limit');
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('isolation: consumers see only themselves; merchants only the customers they created', async () => {
    const gina = await signIn();
    const asGina = app.clientFor(gina.token);
    const customer = (id: string) => ({ params: { path: { id } } });
    failed(await asGina.GET('/v1/ledger/verify'), 403);
    ok(await asGina.GET('/v1/customers/{id}', customer(gina.customerId)));
    const other = await signIn();
    failed(await asGina.GET('/v1/customers/{id}', customer(other.customerId)), 404);
    const merchant = ok(await app.client().POST('/v1/merchants', { body: { name: 'Shop' } }));
    const asMerchant = app.client(merchant.secret_key);
    failed(await asMerchant.GET('/v1/customers/{id}', customer(gina.customerId)), 404);
    const created = ok(await asMerchant.POST('/v1/customers', { body: { phone: gina.phone, name: 'Gina' } }));
    assert.equal(created.id, gina.customerId, 'one platform-level customer per phone');
    assert.equal(created.wallet_balances, undefined, 'merchants do not see wallet balances');
    ok(await asMerchant.GET('/v1/customers/{id}', customer(gina.customerId)));
    failed(await asMerchant.GET('/v1/me'), 403);
  });
});
