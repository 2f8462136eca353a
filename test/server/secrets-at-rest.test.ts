import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { columnsContaining } from '../support/database-scan.ts';
import { callApi, createStore, killAll, startPaygrid, type PaygridProcess, type PaygridStore } from '../support/process.ts';

/**
 * The real server at its most talkative log level, fed card numbers, CVCs and
 * PINs through every path that takes them (valid, declined, refused by
 * validation, malformed JSON): afterwards none of them is in its output, nor in
 * any text column of its database.
 */
const OPERATOR_KEY = 'sk_op_secrets_test_0123456789abcdefgh';
const TEST_TIMEOUT_MS = 240_000;
const CARDS = ['4242424242424242', '4000000000009995', '4000002500003155', '4000000000000002', '4000000000000127', '6200000000000005'] as const;
const CVC = '987';
const PIN = '975319';

describe('secrets never reach the logs or the database in clear', { timeout: TEST_TIMEOUT_MS }, () => {
  const processes: PaygridProcess[] = [];
  const stores: PaygridStore[] = [];
  after(async () => {
    await killAll(processes);
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('card numbers, CVCs and prepaid numbers and PINs, through every path that takes them', async () => {
    const store = await createStore();
    stores.push(store);
    const server = await startPaygrid(store.args, { ...store.env, PAYGRID_ADMIN_API_KEY: OPERATOR_KEY, PAYGRID_LOG_LEVEL: 'trace' }, processes);
    const api = <T = any>(key: string | null, method: 'GET' | 'POST', path: string, body?: unknown) => callApi<T>(server.url, key, method, path, body);

    const merchant = (await api(OPERATOR_KEY, 'POST', '/v1/merchants', { name: 'Secrets' })).body;
    const card = (number: string) => ({ number, exp_month: 12, exp_year: 2030, cvc: CVC });
    const saved = await api(merchant.publishable_key, 'POST', '/v1/payment_methods', { type: 'card', card: card(CARDS[0]) });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((await api(merchant.secret_key, 'POST', '/v1/payment_intents', { amount: 1_000, currency: 'cny', payment_method: saved.body.id, confirm: true })).body.status, 'succeeded');
    const declined = (await api(merchant.publishable_key, 'POST', '/v1/payment_methods', { type: 'card', card: card(CARDS[1]) })).body;
    assert.equal((await api(merchant.secret_key, 'POST', '/v1/payment_intents', { amount: 1_000, currency: 'cny', payment_method: declined.id, confirm: true })).status, 402);
    // Refused by validation (an unknown field, a bad month) and unreadable JSON: error paths log too.
    assert.equal((await api(merchant.publishable_key, 'POST', '/v1/payment_methods', { type: 'card', card: { ...card(CARDS[2]), exp_month: 13 } })).status, 400);
    assert.equal((await api(merchant.publishable_key, 'POST', '/v1/payment_methods', { type: 'card', card: card(CARDS[3]), extra: CARDS[3] })).status, 400);
    const malformed = await fetch(`${server.url}/v1/payment_methods`, { method: 'POST', headers: { authorization: `Bearer ${merchant.publishable_key}`, 'content-type': 'application/json' }, body: `{"type":"card","card":{"number":"${CARDS[3]}"` });
    assert.equal(malformed.status, 400);

    const phone = '+8613900001111';
    await api(null, 'POST', '/v1/auth/otp', { phone });
    const sms = (await api(OPERATOR_KEY, 'GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`)).body;
    const token = (await api(null, 'POST', '/v1/auth/login', { phone, code: /(\d{6})/.exec(sms.data[0].body)?.[1] })).body.token;
    assert.equal((await api(token, 'POST', '/v1/top_ups', { amount: 500, currency: 'cny', card: card(CARDS[4]) })).status, 402);
    assert.equal((await api(token, 'POST', '/v1/top_ups', { amount: 500, currency: 'cny', card: card(CARDS[5]) })).body.status, 'succeeded');

    const prepaid = await api(OPERATOR_KEY, 'POST', '/v1/prepaid_cards', { currency: 'cny', pin: PIN, initial_amount: 5_000 });
    assert.equal(prepaid.status, 200, JSON.stringify(prepaid.body));
    const prepaidNumber: string = prepaid.body.number;
    const paid = await api(merchant.secret_key, 'POST', '/v1/payment_intents', { amount: 1_200, currency: 'cny', confirm: true, payment_method_data: { type: 'prepaid_card', number: prepaidNumber, pin: PIN } });
    assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
    assert.equal((await api(merchant.secret_key, 'POST', '/v1/payment_intents', { amount: 100, currency: 'cny', confirm: true, payment_method_data: { type: 'prepaid_card', number: prepaidNumber, pin: '000000' } })).status, 402);

    const stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
    const output = `${stopped.stdout}\n${stopped.stderr}`;
    assert.ok(output.includes('"reqId"') || output.includes('"req"'), 'the server logged requests at trace level');
    const secrets = [...CARDS, prepaidNumber, PIN, `"cvc":"${CVC}"`];
    assert.deepEqual(secrets.filter((s) => output.includes(s)), [], 'secrets found in the log output');

    const db = await store.open();
    try {
      assert.deepEqual(await columnsContaining(db, [...CARDS, prepaidNumber, PIN]), [], 'columns holding a secret in clear');
    } finally {
      await db.close();
    }
  });
});
