import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** Consumers sign in by phone, hold wallets, set a payment password and limits, and pay each other. */
describe('consumer wallets API', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
    await app.request('POST', '/v1/ledger/accounts', { body: { id: 'bank_cny', ledger: 'CNY', code: 1000 } });
  });
  after(async () => {
    await app.close();
  });

  const newPhone = (): string => `+86139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

  async function latestCode(phone: string): Promise<string> {
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    assert.equal(sms.status, 200);
    const match = /验证码 (\d{6})/.exec(sms.body.data[0]?.body ?? '');
    assert.ok(match?.[1] !== undefined, 'the sandbox recorded a code');
    return match[1];
  }

  async function signIn(phone = newPhone()): Promise<{ phone: string; token: string; customerId: string }> {
    app.clock.advanceMs(61_000);
    const otp = await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    assert.equal(otp.status, 200, JSON.stringify(otp.body));
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: await latestCode(phone) } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.match(login.body.token, /^cs_/);
    return { phone, token: login.body.token, customerId: login.body.customer.id };
  }

  async function fund(customerId: string, amount: number): Promise<void> {
    const topUp = await app.request('POST', '/v1/ledger/transfers', { body: { id: `fund_${customerId}_${randomInt(1e9)}`, debit_account_id: 'bank_cny', credit_account_id: `${customerId}:CNY:wallet`, amount, ledger: 'CNY', code: 1 } });
    assert.equal(topUp.body.results[0].result, 'ok');
  }

  async function withPassword(token: string): Promise<void> {
    const set = await app.request('POST', '/v1/me/payment_password', { key: token, body: { password: '135790' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  }

  test('sign-in by phone and code opens a session and a CNY wallet; codes are stored only as hashes', async () => {
    const { token, customerId, phone } = await signIn('13912345678');
    assert.equal(phone, '13912345678');
    const me = await app.request('GET', '/v1/me', { key: token });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, customerId);
    assert.equal(me.body.phone, '+8613912345678');
    assert.deepEqual(me.body.wallet_balances, [{ currency: 'cny', available: 0, held: 0 }]);
    const code = await latestCode('+8613912345678');
    const { rows } = await app.database.db.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM identity_otp_challenges c');
    assert.ok(!rows.some((r) => r.row.includes(`"${code}"`)));
  });

  test('wrong codes are refused, five wrong codes burn the code, and resending is limited', async () => {
    const phone = newPhone();
    app.clock.advanceMs(61_000);
    assert.equal((await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } })).status, 200);
    const again = await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    assert.equal(again.status, 429);
    const code = await latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      const attempt = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: wrong } });
      assert.equal(attempt.status, 401);
      assert.equal(attempt.body.error.code, 'invalid_code');
    }
    const right = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code } });
    assert.equal(right.body.error.code, 'too_many_attempts');
    app.clock.advanceMs(5 * 60_000);
    const expired = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code } });
    assert.equal(expired.status, 401);
  });

  test('a wallet transfer moves money between wallets with the payment password, and both statements show it', async () => {
    const alice = await signIn();
    const bob = await signIn();
    await withPassword(alice.token);
    await fund(alice.customerId, 10_000);
    const sent = await app.request('POST', '/v1/wallet_transfers', { key: alice.token, headers: { 'idempotency-key': 'k1' }, body: { amount: 2_550, currency: 'cny', to_phone: bob.phone, password: '135790', description: '奶茶' } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const replay = await app.request('POST', '/v1/wallet_transfers', { key: alice.token, headers: { 'idempotency-key': 'k1' }, body: { amount: 2_550, currency: 'cny', to_phone: bob.phone, password: '135790', description: '奶茶' } });
    assert.equal(replay.status, 200, 'a retry with the same key answers the same');
    const aliceMe = await app.request('GET', '/v1/me', { key: alice.token });
    const bobMe = await app.request('GET', '/v1/me', { key: bob.token });
    assert.equal(aliceMe.body.wallet_balances[0].available, 7_450, 'the money moved once');
    assert.equal(bobMe.body.wallet_balances[0].available, 2_550);
    const statement = await app.request('GET', '/v1/me/transactions', { key: bob.token });
    assert.equal(statement.body.data[0].amount, 2_550);
    assert.equal(statement.body.data[0].type, 'wallet_transfer');
    assert.equal(statement.body.data[0].description, '奶茶');
    const aliceStatement = await app.request('GET', '/v1/me/transactions', { key: alice.token });
    assert.deepEqual(
      aliceStatement.body.data.map((t: { amount: number }) => t.amount),
      [-2_550, 10_000],
    );
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('declines: insufficient funds, per-payment and daily limits, wrong password and lock', async () => {
    const carol = await signIn();
    const dave = await signIn();
    await withPassword(carol.token);
    await fund(carol.customerId, 100_000);
    const pay = (amount: number, password = '135790') => app.request('POST', '/v1/wallet_transfers', { key: carol.token, body: { amount, currency: 'cny', to_customer: dave.customerId, password } });
    assert.equal((await app.request('POST', '/v1/me/limits', { key: carol.token, body: { currency: 'cny', per_payment_limit: 30_000, daily_limit: 50_000 } })).status, 200);
    const tooBig = await pay(30_001);
    assert.equal(tooBig.status, 402);
    assert.equal(tooBig.body.error.code, 'exceeds_per_payment_limit');
    assert.equal((await pay(30_000)).status, 200);
    const daily = await pay(20_001);
    assert.equal(daily.body.error.code, 'exceeds_daily_limit');
    assert.equal((await pay(20_000)).status, 200);
    app.clock.advanceMs(24 * 3600_000);
    assert.equal((await app.request('POST', '/v1/me/limits', { key: carol.token, body: { currency: 'cny', per_payment_limit: 100_000, daily_limit: 200_000 } })).status, 200);
    const broke = await pay(50_001);
    assert.equal(broke.body.error.code, 'insufficient_funds');
    for (let left = 4; left >= 1; left -= 1) {
      const wrong = await pay(1, '000000');
      assert.equal(wrong.body.error.code, 'incorrect_payment_password');
      assert.match(wrong.body.error.message, new RegExp(`${left} attempts left`));
    }
    const locked = await pay(1, '000000');
    assert.equal(locked.status, 403);
    assert.equal(locked.body.error.code, 'payment_password_locked');
    assert.equal((await pay(1)).body.error.code, 'payment_password_locked', 'even the right password waits for the lock');
    app.clock.advanceMs(3 * 3600_000);
    assert.equal((await pay(1)).status, 200);
    const me = await app.request('GET', '/v1/me', { key: dave.token });
    assert.equal(me.body.wallet_balances[0].available, 50_001);
  });

  test('concurrent transfers from one wallet never overdraw it nor pass the daily limit', async () => {
    const erin = await signIn();
    const frank = await signIn();
    await withPassword(erin.token);
    await fund(erin.customerId, 1_000_000);
    await app.request('POST', '/v1/me/limits', { key: erin.token, body: { currency: 'cny', per_payment_limit: 10_000, daily_limit: 55_000 } });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => app.request('POST', '/v1/wallet_transfers', { key: erin.token, body: { amount: 10_000, currency: 'cny', to_customer: frank.customerId, password: '135790' } })),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 5);
    assert.ok(results.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'exceeds_daily_limit'));
  });

  test('isolation: consumers see only themselves; merchants only the customers they created', async () => {
    const gina = await signIn();
    assert.equal((await app.request('GET', '/v1/ledger/verify', { key: gina.token })).status, 403);
    assert.equal((await app.request('GET', `/v1/customers/${gina.customerId}`, { key: gina.token })).status, 200);
    const other = await signIn();
    assert.equal((await app.request('GET', `/v1/customers/${other.customerId}`, { key: gina.token })).status, 404);
    const merchant = await app.request('POST', '/v1/merchants', { body: { name: 'Shop' } });
    const key = merchant.body.secret_key as string;
    assert.equal((await app.request('GET', `/v1/customers/${gina.customerId}`, { key })).status, 404);
    const created = await app.request('POST', '/v1/customers', { key, body: { phone: gina.phone, name: 'Gina' } });
    assert.equal(created.status, 200);
    assert.equal(created.body.id, gina.customerId, 'one platform-level customer per phone');
    assert.equal(created.body.wallet_balances, undefined, 'merchants do not see wallet balances');
    assert.equal((await app.request('GET', `/v1/customers/${gina.customerId}`, { key })).status, 200);
    assert.equal((await app.request('GET', '/v1/me', { key })).status, 403);
  });
});
