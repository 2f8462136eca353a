import { strict as assert } from 'node:assert';
import type { TestApp } from '../support/app.ts';
import { assertBalanced } from '../http/helpers.ts';

/** Helpers shared by the prepaid card tests: merchants, cards and the balances a scenario checks. */

export interface TestMerchant {
  id: string;
  secret_key: string;
  publishable_key: string;
}

/** 1.5 % + ¥0.30, the fee returned on refunds: the plan the payment scenarios compute with. */
export const FEE_PLAN = { percent_bps: 150, fixed_amount: 30, refund_fee_policy: 'return_fee' } as const;

export async function createMerchant(app: TestApp, name: string): Promise<TestMerchant> {
  const created = await app.request('POST', '/v1/merchants', { body: { name, fee_plan: FEE_PLAN } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  return created.body as TestMerchant;
}

export interface IssuedCard {
  id: string;
  number: string;
  pin: string;
  issuer: string;
}

/** Issues a card (operator key unless a merchant key is given) and fails the test unless it answers 200. */
export async function issueCard(app: TestApp, body: Record<string, unknown>, key?: string): Promise<IssuedCard & Record<string, unknown>> {
  const issued = await app.request('POST', '/v1/prepaid_cards', { body, ...(key === undefined ? {} : { key }) });
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  const pin = typeof body.pin === 'string' ? body.pin : (issued.body.pin as string);
  return { ...issued.body, pin } as IssuedCard & Record<string, unknown>;
}

/** The card's balance and held amount, as the operator sees them. */
export async function cardBalance(app: TestApp, id: string): Promise<{ balance: number; held: number }> {
  const card = await app.request('GET', `/v1/prepaid_cards/${id}`);
  assert.equal(card.status, 200, JSON.stringify(card.body));
  return { balance: card.body.balance, held: card.body.held };
}

/** What a ledger account holds, credits less debits (posted), or 0 if it does not exist yet. */
export async function netCredit(app: TestApp, accountId: string): Promise<number> {
  const account = await app.request('GET', `/v1/ledger/accounts/${encodeURIComponent(accountId)}`);
  if (account.status === 404) return 0;
  assert.equal(account.status, 200, JSON.stringify(account.body));
  return account.body.credits_posted - account.body.debits_posted;
}

/** Money in a scenario: the card, the merchant's pending balance, the platform's fees. */
export interface Balances {
  card: number;
  held: number;
  merchant: number;
  fees: number;
}

export async function balances(app: TestApp, cardId: string, merchant: TestMerchant): Promise<Balances> {
  const card = await cardBalance(app, cardId);
  return { card: card.balance, held: card.held, merchant: await netCredit(app, `${merchant.id}:CNY:pending`), fees: await netCredit(app, 'platform:CNY:fees') };
}

/** Asserts the ledger verifies and each balance moved by exactly `delta` since `before`. */
export async function assertMoved(app: TestApp, cardId: string, merchant: TestMerchant, before: Balances, delta: Partial<Balances>): Promise<void> {
  await assertBalanced(app);
  const after = await balances(app, cardId, merchant);
  const expected = { card: before.card + (delta.card ?? 0), held: before.held + (delta.held ?? 0), merchant: before.merchant + (delta.merchant ?? 0), fees: before.fees + (delta.fees ?? 0) };
  assert.deepEqual(after, expected, 'card, merchant and platform balances');
}

/** A payment intent confirmed at once with a prepaid card, as the merchant's till sends it. */
export function payWithCard(app: TestApp, merchant: TestMerchant, card: { number: string; pin: string }, amount: number, extra: Record<string, unknown> = {}) {
  return app.request('POST', '/v1/payment_intents', {
    key: merchant.secret_key,
    body: { amount, currency: 'cny', confirm: true, payment_method_data: { type: 'prepaid_card', number: card.number, pin: card.pin }, ...extra },
  });
}
