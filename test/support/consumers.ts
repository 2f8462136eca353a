import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import type { TestApp } from './app.ts';

/** The payment password every funded test consumer sets. */
export const CONSUMER_PAYMENT_PASSWORD = '112233';

/**
 * A consumer signed in by phone (a random +86 number, the code read from the
 * sandbox SMS box), with the payment password 112233 and `amount` minor units
 * (¥1,000.00 unless given) topped up by the test card.
 */
export async function fundedConsumer(app: TestApp, amount = 100_000): Promise<{ token: string; customerId: string; phone: string }> {
  const phone = `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
  const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
  const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  await app.request('POST', '/v1/me/payment_password', { key: login.body.token, body: { password: CONSUMER_PAYMENT_PASSWORD } });
  const topUp = await app.request('POST', '/v1/top_ups', { key: login.body.token, body: { amount, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
  assert.equal(topUp.status, 200, JSON.stringify(topUp.body));
  return { token: login.body.token, customerId: login.body.customer.id, phone };
}

/** The merchant creates an intent and the consumer pays it from the wallet; returns the succeeded intent's id. */
export async function walletPayment(app: TestApp, secretKey: string, payer: { token: string }, amount: number, description = '测试订单'): Promise<string> {
  const pi = await app.request('POST', '/v1/payment_intents', { key: secretKey, body: { amount, currency: 'cny', description } });
  assert.equal(pi.status, 200, JSON.stringify(pi.body));
  const confirmed = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, {
    key: payer.token,
    headers: { 'x-device-id': 'phone-1' },
    body: { payment_method_data: { type: 'wallet' }, client_secret: pi.body.client_secret, password: CONSUMER_PAYMENT_PASSWORD },
  });
  assert.equal(confirmed.body.status, 'succeeded', JSON.stringify(confirmed.body));
  return pi.body.id as string;
}
