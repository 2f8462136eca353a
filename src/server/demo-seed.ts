import { formatMoney } from '../money/index.ts';
import type { Modules } from './paygrid.ts';

/**
 * Demo data for a newcomer: a retail merchant, an EV-charging merchant, three
 * consumers with wallet balances and a payment password, a saved test card, and
 * a platform prepaid card with a balance.
 * Runs on the first `npm start` of an embedded database, or by `paygrid seed --demo`.
 * Wallets are funded by card top-ups through the sandbox acquirer, as a consumer would.
 */
export interface DemoSeed {
  merchants: Array<{ id: string; name: string; secretKey: string; publishableKey: string }>;
  consumers: Array<{ id: string; phone: string; walletMinor: bigint }>;
  paymentPassword: string;
  savedCard: { paymentMethodId: string; merchantId: string; number: string };
  prepaidCard: { id: string; number: string; pin: string; balanceMinor: bigint };
}

export const DEMO_PAYMENT_PASSWORD = '123456';
export const DEMO_PREPAID_PIN = '246810';
const DEMO_PREPAID_BALANCE_MINOR = 50_000n;
const DEMO_CONSUMERS = [
  { phone: '+8613800000001', name: '张伟 Zhang Wei', walletMinor: 50_000n },
  { phone: '+8613800000002', name: '李娜 Li Na', walletMinor: 20_000n },
  { phone: '+8613800000003', name: '王芳 Wang Fang', walletMinor: 100_000n },
] as const;

/** Whether this database was seeded already (the first demo consumer exists). */
export async function isSeeded(modules: Modules): Promise<boolean> {
  return (await modules.customers.findByPhone(DEMO_CONSUMERS[0].phone)) !== undefined;
}

export async function seedDemo(modules: Modules, progress: (line: string) => void): Promise<DemoSeed> {
  progress('Seeding demo data: merchants…');
  const merchants = [];
  for (const input of [
    { name: '示例便利店 Demo Mart', category: 'retail' as const, feePlan: { percentBps: 60, fixedMinor: 0n } },
    { name: '绿电充电 GreenCharge', category: 'ev_charging' as const, feePlan: { percentBps: 38, fixedMinor: 0n } },
  ]) {
    const created = await modules.merchants.create({ ...input, metadata: { demo: 'true' } });
    if ('failure' in created) throw new Error(`demo merchant: ${created.failure}`);
    merchants.push({ id: created.merchant.id, name: created.merchant.name, secretKey: created.keys.secretKey, publishableKey: created.keys.publishableKey });
  }

  progress('Seeding demo data: consumers and wallets…');
  const consumers = [];
  for (const input of DEMO_CONSUMERS) {
    const { customer } = await modules.customers.create({ phone: input.phone, name: input.name });
    await modules.customers.setPaymentPassword(customer.id, DEMO_PAYMENT_PASSWORD, undefined);
    const funded = await modules.topUps.create(customer.id, { amountMinor: input.walletMinor, currency: 'CNY', card: { number: '6200000000000005', expMonth: 12, expYear: 2034, cvc: '123' } });
    if (!('topUp' in funded) || funded.topUp.status !== 'succeeded') throw new Error(`demo top-up failed: ${JSON.stringify('failure' in funded ? funded.failure : funded.topUp.status)}`);
    consumers.push({ id: customer.id, phone: input.phone, walletMinor: input.walletMinor });
  }

  progress('Seeding demo data: a saved test card…');
  const retail = merchants[0];
  const firstConsumer = consumers[0];
  if (retail === undefined || firstConsumer === undefined) throw new Error('demo data incomplete');
  const card = await modules.paymentMethods.createCard(retail.id, { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' }, firstConsumer.id);
  if ('failure' in card) throw new Error(`demo card: ${card.failure}`);

  progress('Seeding demo data: a prepaid card…');
  const prepaid = await modules.prepaidCards.issue({ role: 'operator' }, { currency: 'CNY', pin: DEMO_PREPAID_PIN, initialAmountMinor: DEMO_PREPAID_BALANCE_MINOR, nickname: 'Demo prepaid card', metadata: { demo: 'true' } });
  if (prepaid.result !== 'ok') throw new Error(`demo prepaid card: ${prepaid.result}`);
  return {
    merchants,
    consumers,
    paymentPassword: DEMO_PAYMENT_PASSWORD,
    savedCard: { paymentMethodId: card.method.id, merchantId: retail.id, number: '4242 4242 4242 4242' },
    prepaidCard: { id: prepaid.card.id, number: prepaid.number, pin: DEMO_PREPAID_PIN, balanceMinor: DEMO_PREPAID_BALANCE_MINOR },
  };
}

/** What `npm start` prints about the demo data: keys are shown this once. */
export function describeSeed(seed: DemoSeed, url: string): string[] {
  const lines = ['', 'Demo data (keys are shown this once):'];
  for (const m of seed.merchants) lines.push(`  merchant ${m.name} (${m.id})`, `    secret key:      ${m.secretKey}`, `    publishable key: ${m.publishableKey}`);
  for (const c of seed.consumers) lines.push(`  consumer ${c.phone} (${c.id}): wallet ${formatMoney(c.walletMinor, 'CNY', 'zh-CN')}, payment password ${seed.paymentPassword}`);
  lines.push(`  saved card ${seed.savedCard.number} for the first consumer at the first merchant: ${seed.savedCard.paymentMethodId}`);
  const prepaid = seed.prepaidCard;
  lines.push(`  prepaid card ${prepaid.number.replace(/(\d{4})(?=\d)/g, '$1 ')} (${prepaid.id}): ${formatMoney(prepaid.balanceMinor, 'CNY', 'zh-CN')}, PIN ${prepaid.pin}, accepted by every merchant`);
  const key = seed.merchants[0]?.secretKey ?? 'sk_test_…';
  lines.push(
    '',
    'Try a payment:',
    `  curl -s ${url}/v1/payment_intents -H "Authorization: Bearer ${key}" -H 'Content-Type: application/json' \\`,
    `    -d '{"amount":1999,"currency":"cny","payment_method":"${seed.savedCard.paymentMethodId}","confirm":true}'`,
    'or with the prepaid card:',
    `  curl -s ${url}/v1/payment_intents -H "Authorization: Bearer ${key}" -H 'Content-Type: application/json' \\`,
    `    -d '{"amount":1999,"currency":"cny","confirm":true,"payment_method_data":{"type":"prepaid_card","number":"${prepaid.number}","pin":"${prepaid.pin}"}}'`,
  );
  return lines;
}
