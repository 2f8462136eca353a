import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import type { PaygridClient, ResponseBody } from '../../src/client/index.ts';
import type { TestApp } from '../support/app.ts';
import { ok, signIn } from '../support/client.ts';

/** What the console tests share: merchants with a saved card, consumers with money in their wallet. */
export interface ShopFixture {
  merchant: ResponseBody<'/v1/merchants', 'post'>;
  client: PaygridClient;
  /** A saved card of the sandbox acquirer's that always succeeds (4242…). */
  goodCard: string;
  /** A saved card that is always declined (generic_decline). */
  declinedCard: string;
}

export async function shop(app: TestApp, name: string, feePlan?: { percent_bps: number; fixed_amount: number; refund_fee_policy: 'keep_fee' | 'return_fee' }): Promise<ShopFixture> {
  const merchant = ok(await app.client().POST('/v1/merchants', { body: { name, ...(feePlan === undefined ? {} : { fee_plan: feePlan }) } }));
  const save = async (number: string): Promise<string> => ok(await app.client(merchant.publishable_key).POST('/v1/payment_methods', { body: { type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } } })).id;
  return { merchant, client: app.client(merchant.secret_key), goodCard: await save('4242424242424242'), declinedCard: await save('4000000000000002') };
}

/** A card payment confirmed at once; declines come back as the intent with its last_payment_error. */
export async function cardPayment(s: ShopFixture, amount: number, card: string = s.goodCard, extra: { description?: string; customer?: string } = {}): Promise<ResponseBody<'/v1/payment_intents', 'post'>> {
  const result = await s.client.POST('/v1/payment_intents', { body: { amount, currency: 'cny', payment_method: card, confirm: true, ...extra } });
  if (result.response.status === 402) {
    const intent = result.error?.error.payment_intent;
    assert.ok(intent !== undefined, 'a decline carries the intent');
    return intent;
  }
  return ok(result);
}

/** A consumer signed up by SMS code, with the payment password 112233 and ¥1,000.00 topped up from a card. */
export async function consumer(app: TestApp): Promise<{ token: string; customerId: string; phone: string }> {
  const phone = `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const { token, customerId } = await signIn(app, phone);
  const me = app.clientFor(token);
  ok(await me.POST('/v1/me/payment_password', { body: { password: '112233' } }));
  ok(await me.POST('/v1/top_ups', { body: { amount: 100_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } }));
  return { token, customerId, phone };
}

/** The consumer pays a merchant's new intent from their wallet. */
export async function walletPayment(app: TestApp, s: ShopFixture, payer: { token: string }, amount: number, captureMethod: 'automatic' | 'manual' = 'automatic'): Promise<{ id: string; status: number; body: unknown }> {
  const pi = ok(await s.client.POST('/v1/payment_intents', { body: { amount, currency: 'cny', capture_method: captureMethod } }));
  const confirmed = await app.clientFor(payer.token).POST('/v1/payment_intents/{id}/confirm', {
    params: { path: { id: pi.id } },
    body: { payment_method_data: { type: 'wallet' }, client_secret: pi.client_secret, password: '112233' },
  });
  return { id: pi.id, status: confirmed.response.status, body: confirmed.data ?? confirmed.error };
}

/** Unix seconds of local midnight of a YYYY-MM-DD day in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`) / 1000;
}
