import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { assertBalanced, getAccount } from '../http/helpers.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Payments under bursts of concurrent requests, over real sockets: the server
 * listens on a port and every request of a burst is sent with fetch before any
 * is answered, so they run side by side through Fastify, authentication,
 * idempotency, the database pool and the row locks. On PostgreSQL
 * (TEST_DATABASE_URL) they race for the pool's connections and the rows; on
 * PGlite they interleave on its one connection. Setup and the checks afterwards
 * go through inject.
 */

/** 1 % + ¥0.30: the fee on ¥3.00 is exactly ¥0.33 and on ¥50.00 exactly ¥0.80, with nothing to round. */
const FEE_PLAN = { percent_bps: 100, fixed_amount: 30 };
const AMOUNT = 300;
const FEE = 33;
const PAYMENTS = 100;
/** Pays for 33 payments of ¥3.00 and leaves ¥1.00: the wallet, not a limit, stops the rest (the default limits are ¥5,000 a payment and ¥20,000 a day). */
const WALLET_START = 10_000;
const PAYABLE = Math.floor(WALLET_START / AMOUNT);
const PASSWORD = '482915';

interface Reply {
  status: number;
  body: any;
  /** The body exactly as it came over the wire. */
  text: string;
  headers: Headers;
}

interface Merchant {
  id: string;
  secret_key: string;
  publishable_key: string;
}

interface Consumer {
  token: string;
  customerId: string;
}

describe('payments under concurrent requests (real sockets)', () => {
  let app: TestApp;
  let baseUrl: string;
  let bank: string;
  before(async () => {
    app = await startTestApp();
    baseUrl = await app.paygrid.listen();
    bank = `bank_${randomInt(1e9)}`;
    const account = await app.request('POST', '/v1/ledger/accounts', { body: { id: bank, ledger: 'CNY', code: 1000 } });
    assert.equal(account.status, 200, JSON.stringify(account.body));
  });
  after(async () => {
    await app.close();
  });

  /** One request over a socket of its own (fetch opens as many connections as there are requests in flight). */
  async function send(method: 'GET' | 'POST', path: string, options: { key: string; body?: unknown; idempotencyKey?: string }): Promise<Reply> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.key}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(new URL(path, baseUrl), { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text), text, headers: response.headers };
  }

  /** Sends `count` requests at once and waits for every answer. */
  async function burst(count: number, request: (i: number) => Promise<Reply>): Promise<{ replies: Reply[]; elapsedMs: number }> {
    const startedMs = performance.now();
    const replies = await Promise.all(Array.from({ length: count }, (_, i) => request(i)));
    return { replies, elapsedMs: Math.round(performance.now() - startedMs) };
  }

  async function newMerchant(name: string): Promise<Merchant> {
    const created = await app.request('POST', '/v1/merchants', { body: { name, fee_plan: FEE_PLAN } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    return created.body as Merchant;
  }

  /** A consumer signed in by phone, with a payment password and WALLET_START in the wallet. */
  async function fundedConsumer(): Promise<Consumer> {
    const phone = `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    assert.equal((await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } })).status, 200);
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const consumer: Consumer = { token: login.body.token, customerId: login.body.customer.id };
    assert.equal((await app.request('POST', '/v1/me/payment_password', { key: consumer.token, body: { password: PASSWORD } })).status, 200);
    const funded = await app.request('POST', '/v1/ledger/transfers', {
      body: { id: `fund_${consumer.customerId}`, debit_account_id: bank, credit_account_id: `${consumer.customerId}:CNY:wallet`, amount: WALLET_START, ledger: 'CNY', code: 1 },
    });
    assert.equal(funded.body.results[0].result, 'ok');
    return consumer;
  }

  async function platformFees(): Promise<number> {
    const account = await app.request('GET', '/v1/ledger/accounts/platform:CNY:fees');
    return account.status === 404 ? 0 : account.body.credits_posted - account.body.debits_posted;
  }

  /** Every answer is a succeeded ¥3.00 payment or a 402 decline for insufficient funds; returns the succeeded intents' ids. */
  function succeededIds(replies: readonly Reply[]): Set<string> {
    const succeeded = new Set<string>();
    for (const reply of replies) {
      if (reply.status === 200) {
        assert.equal(reply.body.status, 'succeeded', reply.text);
        assert.equal(reply.body.amount_received, AMOUNT, reply.text);
        assert.equal(reply.body.application_fee_amount, FEE, reply.text);
        succeeded.add(reply.body.id);
      } else {
        assert.equal(reply.status, 402, reply.text);
        assert.equal(reply.body.error.decline_code, 'insufficient_funds', reply.text);
        assert.equal(reply.body.error.payment_intent.status, 'requires_payment_method', reply.text);
      }
    }
    return succeeded;
  }

  /**
   * After a burst of PAYMENTS wallet payments to `merchant`: exactly what the
   * wallet could pay went through, the money left the wallet once per success,
   * the merchant holds it less the fee plan's fees, and the stored intents agree
   * with the answers.
   */
  async function assertWalletPaidExactly(merchant: Merchant, consumer: Consumer, replies: readonly Reply[], feesBefore: number): Promise<void> {
    const succeeded = succeededIds(replies);
    assert.equal(succeeded.size, PAYABLE, 'as many payments went through as the wallet could pay for, each once');
    const paidMinor = succeeded.size * AMOUNT;
    const me = await app.request('GET', '/v1/me', { key: consumer.token });
    assert.deepEqual(me.body.wallet_balances[0], { currency: 'cny', available: WALLET_START - paidMinor, held: 0 }, 'never below zero, nothing left held');
    const wallet = await getAccount(app, `${consumer.customerId}:CNY:wallet`);
    assert.deepEqual(
      { debits_posted: wallet.debits_posted, debits_pending: wallet.debits_pending, credits_posted: wallet.credits_posted },
      { debits_posted: paidMinor, debits_pending: 0, credits_posted: WALLET_START },
      'what left the wallet is exactly the succeeded payments',
    );
    const balance = await app.request('GET', '/v1/balance', { key: merchant.secret_key });
    assert.equal(balance.body.pending[0].amount, paidMinor - succeeded.size * FEE, 'the merchant holds the payments less the fees');
    assert.equal((await platformFees()) - feesBefore, succeeded.size * FEE);
    const listed = await app.request('GET', `/v1/payment_intents?limit=${PAYMENTS}`, { key: merchant.secret_key });
    const intents = listed.body.data as { id: string; status: string; last_payment_error: { decline_code: string } | null }[];
    assert.equal(intents.length, PAYMENTS);
    assert.deepEqual(new Set(intents.filter((i) => i.status === 'succeeded').map((i) => i.id)), succeeded, 'the stored intents agree with the answers');
    for (const declined of intents.filter((i) => i.status !== 'succeeded')) {
      assert.equal(declined.status, 'requires_payment_method');
      assert.equal(declined.last_payment_error?.decline_code, 'insufficient_funds');
    }
    await assertBalanced(app);
  }

  test(`a wallet that pays for ${PAYABLE} of ${PAYMENTS} concurrent consumer confirmations never goes below zero`, async (t) => {
    const merchant = await newMerchant('Concurrent wallet confirmations');
    const consumer = await fundedConsumer();
    const feesBefore = await platformFees();
    const created = await burst(PAYMENTS, () => send('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount: AMOUNT, currency: 'cny', customer: consumer.customerId } }));
    for (const reply of created.replies) assert.equal(reply.body.status, 'requires_payment_method', reply.text);
    const confirmed = await burst(PAYMENTS, (i) => {
      const intent = created.replies[i]?.body as { id: string; client_secret: string };
      return send('POST', `/v1/payment_intents/${intent.id}/confirm`, { key: consumer.token, body: { payment_method_data: { type: 'wallet' }, password: PASSWORD, client_secret: intent.client_secret } });
    });
    t.diagnostic(`${PAYMENTS} confirmations answered in ${confirmed.elapsedMs} ms`);
    await assertWalletPaidExactly(merchant, consumer, confirmed.replies, feesBefore);
  });

  test(`a wallet that pays for ${PAYABLE} of ${PAYMENTS} concurrent merchant charges under an agreement never goes below zero`, async (t) => {
    const merchant = await newMerchant('Concurrent agreement charges');
    const consumer = await fundedConsumer();
    // The agreement's limits allow every charge, so that only the wallet's money stops them.
    const agreement = await app.request('POST', '/v1/me/agreements', {
      key: consumer.token,
      body: { merchant: merchant.id, currency: 'cny', per_payment_limit: AMOUNT, daily_limit: PAYMENTS * AMOUNT, password: PASSWORD },
    });
    assert.equal(agreement.status, 200, JSON.stringify(agreement.body));
    const feesBefore = await platformFees();
    const charged = await burst(PAYMENTS, () =>
      send('POST', '/v1/payment_intents', {
        key: merchant.secret_key,
        body: { amount: AMOUNT, currency: 'cny', customer: consumer.customerId, payment_method_data: { type: 'wallet' }, confirm: true },
      }),
    );
    t.diagnostic(`${PAYMENTS} charges answered in ${charged.elapsedMs} ms`);
    await assertWalletPaidExactly(merchant, consumer, charged.replies, feesBefore);
  });

  test('50 concurrent requests with one Idempotency-Key make one payment; the others wait or replay it, and so does a later retry', async (t) => {
    const merchant = await newMerchant('Idempotent retries');
    const method = await app.request('POST', '/v1/payment_methods', { key: merchant.publishable_key, body: { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } });
    assert.equal(method.status, 200, JSON.stringify(method.body));
    const key = `order-${randomInt(1e9)}`;
    const body = { amount: 5_000, currency: 'cny', payment_method: method.body.id, confirm: true, description: 'one order, sent 50 times' };
    const sent = await burst(50, () => send('POST', '/v1/payment_intents', { key: merchant.secret_key, body, idempotencyKey: key }));
    t.diagnostic(`50 requests answered in ${sent.elapsedMs} ms`);

    const ran = sent.replies.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
    assert.equal(ran.length, 1, 'exactly one request ran the payment');
    const original = ran[0] as Reply;
    assert.equal(original.body.status, 'succeeded', original.text);
    for (const reply of sent.replies) {
      if (reply.status === 200) {
        assert.equal(reply.text, original.text, 'a replay is the same payment, byte for byte');
        continue;
      }
      assert.equal(reply.status, 409, reply.text);
      assert.equal(reply.body.error.type, 'idempotency_error', reply.text);
      assert.equal(reply.body.error.code, 'idempotency_key_in_use', reply.text);
      assert.ok(reply.body.error.message.includes(key), reply.text);
    }

    const id = original.body.id as string;
    const listed = await app.request('GET', '/v1/payment_intents', { key: merchant.secret_key });
    assert.deepEqual(
      listed.body.data.map((i: { id: string; status: string }) => [i.id, i.status]),
      [[id, 'succeeded']],
    );
    const stored = await app.database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM payment_intents WHERE merchant_id = $1', [merchant.id]);
    assert.equal(stored.rows[0]?.n, 1n, 'one payment intent in the database');
    const balance = await app.request('GET', '/v1/balance', { key: merchant.secret_key });
    assert.equal(balance.body.pending[0].amount, 5_000 - 80, 'the money moved once, less 1 % + ¥0.30');
    assert.equal((await app.request('GET', `/v1/ledger/transfers/${id}:hold:1`)).status, 200);
    assert.equal((await app.request('GET', `/v1/ledger/transfers/${id}:hold:2`)).status, 404, 'one authorization hold, never a second');
    await assertBalanced(app);

    const retry = await send('POST', '/v1/payment_intents', { key: merchant.secret_key, body, idempotencyKey: key });
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(retry.headers.get('original-request'), original.headers.get('request-id'));
    assert.equal(retry.text, original.text, 'the stored response, byte for byte');
  });
});
