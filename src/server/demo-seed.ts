import { randomBytes } from 'node:crypto';
import { parsePricePerKwh, type Tariff, type Tier } from '../charging/index.ts';
import { formatMoney } from '../money/index.ts';
import type { Modules } from './paygrid.ts';

/**
 * Demo data for a newcomer: a retail merchant, an EV-charging merchant, three
 * consumers with wallet balances and a payment password, a saved test card, and
 * a platform prepaid card with a balance, and the charging merchant's time-of-use
 * tariff and three stations (each with its own OCPP basic-auth key).
 * Runs on the first `npm start` of an embedded database, or by `paygrid seed --demo`.
 * Wallets are funded by card top-ups through the sandbox acquirer, as a consumer would.
 */
export interface DemoSeed {
  merchants: Array<{ id: string; name: string; secretKey: string; publishableKey: string }>;
  consumers: Array<{ id: string; phone: string; walletMinor: bigint }>;
  paymentPassword: string;
  savedCard: { paymentMethodId: string; merchantId: string; number: string };
  /** Bound to the first consumer, so that their phone pages show it and pay with it. */
  prepaidCard: { id: string; number: string; pin: string; balanceMinor: bigint };
  /** A payment the retail merchant asks of the first consumer, to open on the phone checkout page. */
  checkout: { paymentIntentId: string; clientSecret: string; phone: string };
  chargingStations: Array<{ id: string; password: string }>;
  /** RFID tags the simulated stations can present: the prepaid card's, and the first consumer's own (auto-pay under an agreement). */
  chargingIdTags: Array<{ idTag: string; paidBy: string }>;
  /** Names of the risk rules an operator starts from. */
  riskRules: string[];
  /** Web console users, all with the same demo password; each TOTP secret is shown this once. */
  console: { password: string; users: Array<{ email: string; role: string; secret: string; otpauthUrl: string }> };
}

export const DEMO_PREPAID_ID_TAG = 'DEMO-RFID-0001';
export const DEMO_AUTOPAY_ID_TAG = 'DEMO-AUTOPAY-01';

export const DEMO_PAYMENT_PASSWORD = '123456';
export const DEMO_PREPAID_PIN = '246810';
export const DEMO_CONSOLE_PASSWORD = 'paygrid-demo-console';
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
  const bound = await modules.prepaidCards.bind(firstConsumer.id, { number: prepaid.number, pin: DEMO_PREPAID_PIN });
  if (bound.result !== 'ok') throw new Error(`demo prepaid card binding: ${bound.result}`);

  progress('Seeding demo data: a checkout to pay on the phone…');
  const checkout = await modules.paymentIntents.create(retail.id, { amountMinor: 8_800n, currency: 'CNY', customerId: firstConsumer.id, description: '演示订单：咖啡 2 杯' });
  if ('failure' in checkout) throw new Error(`demo checkout: ${checkout.failure}`);
  progress('Seeding demo data: a charging tariff and stations…');
  const chargingMerchantId = merchants[1]?.id ?? '';
  const chargingStations = await seedCharging(modules, chargingMerchantId);
  const chargingIdTags = await seedIdTags(modules, chargingMerchantId, prepaid.card.id, firstConsumer.id);
  progress('Seeding demo data: risk rules…');
  const riskRules = await seedRiskRules(modules);
  progress('Seeding demo data: console users…');
  const consoleUsers = await seedConsoleUsers(modules, retail.id);
  return {
    riskRules,
    console: { password: DEMO_CONSOLE_PASSWORD, users: consoleUsers },
    chargingStations,
    chargingIdTags,
    merchants,
    consumers,
    paymentPassword: DEMO_PAYMENT_PASSWORD,
    savedCard: { paymentMethodId: card.method.id, merchantId: retail.id, number: '4242 4242 4242 4242' },
    prepaidCard: { id: prepaid.card.id, number: prepaid.number, pin: DEMO_PREPAID_PIN, balanceMinor: DEMO_PREPAID_BALANCE_MINOR },
    checkout: { paymentIntentId: checkout.intent.id, clientSecret: checkout.intent.clientSecret, phone: firstConsumer.phone },
  };
}

/** An operator admin, a risk analyst, and the retail merchant's own user. */
async function seedConsoleUsers(modules: Modules, merchantId: string): Promise<DemoSeed['console']['users']> {
  const users = [];
  for (const input of [
    { email: 'admin@paygrid.local', name: 'Demo Admin', role: 'admin' as const },
    { email: 'analyst@paygrid.local', name: 'Demo Risk Analyst', role: 'risk_analyst' as const },
    { email: 'merchant@paygrid.local', name: 'Demo Mart Owner', role: 'merchant' as const, merchantId },
  ]) {
    const created = await modules.consoleIdentity.users.create({ ...input, password: DEMO_CONSOLE_PASSWORD });
    if ('failure' in created) throw new Error(`demo console user ${input.email}: ${created.failure}`);
    users.push({ email: created.user.email, role: created.user.role, secret: created.totp.secret, otpauthUrl: created.totp.otpauthUrl });
  }
  return users;
}

/** Rules a fraud team would start from; each is an example of the language (docs/risk.md). */
const DEMO_RISK_RULES = [
  { name: 'Large payment on a card never seen before', expression: "payment_method == 'card' and card.is_new and amount > 300000", action: 'review' as const },
  { name: 'Amount far above the consumer’s habit', expression: 'customer.amount_ratio_30d > 20 and amount > 100000', action: 'review' as const },
  { name: 'Burst of payments', expression: 'customer.count_1h >= 10', action: 'challenge' as const },
  { name: 'Card used by many devices', expression: 'card.count_1d >= 5 and device.is_new', action: 'block' as const },
];

async function seedRiskRules(modules: Modules): Promise<string[]> {
  for (const rule of DEMO_RISK_RULES) {
    const created = await modules.risk.createRule(rule);
    if ('failure' in created) throw new Error(`demo risk rule: ${JSON.stringify(created)}`);
  }
  return DEMO_RISK_RULES.map((r) => r.name);
}

/** 00:00–08:00 valley, 08:00–10:00 flat, 10:00–12:00 peak, 12:00–14:00 sharp, 14:00–19:00 flat, 19:00–21:00 peak, 21:00–24:00 flat. */
const DEMO_SLOTS: Tier[] = [...Array<Tier>(16).fill('valley'), ...Array<Tier>(4).fill('flat'), ...Array<Tier>(4).fill('peak'), ...Array<Tier>(4).fill('sharp'), ...Array<Tier>(10).fill('flat'), ...Array<Tier>(4).fill('peak'), ...Array<Tier>(6).fill('flat')];

async function seedCharging(modules: Modules, merchantId: string): Promise<Array<{ id: string; password: string }>> {
  const price = (text: string): bigint => parsePricePerKwh(text) ?? 0n;
  const tariff: Tariff = {
    currency: 'CNY',
    tiers: {
      sharp: { energyPricePerKwh: price('1.25230'), servicePricePerKwh: price('0.80000') },
      peak: { energyPricePerKwh: price('1.05610'), servicePricePerKwh: price('0.60000') },
      flat: { energyPricePerKwh: price('0.69350'), servicePricePerKwh: price('0.50000') },
      valley: { energyPricePerKwh: price('0.31850'), servicePricePerKwh: price('0.40000') },
    },
    slots: DEMO_SLOTS,
    idleFeePerMinuteMinor: 50n,
    idleGraceMinutes: 15,
    sessionFeeMinor: 0n,
    minHoldMinor: 5_000n,
  };
  const created = await modules.tariffs.create(merchantId, '上海峰谷电价 Shanghai time-of-use', tariff);
  if (!('tariff' in created)) throw new Error(`demo tariff: ${JSON.stringify(created)}`);
  const stations = [];
  for (const n of [1, 2, 3]) {
    const id = `GC-SH-000${n}`;
    const password = randomBytes(18).toString('base64url');
    const registered = await modules.stations.register(merchantId, {
      id,
      name: `绿电充电 徐汇 ${n}号桩`,
      timeZone: 'Asia/Shanghai',
      tariffId: created.tariff.id,
      password,
      connectors: [
        { id: 1, type: 'GB/T DC', maxPowerW: 120_000 },
        { id: 2, type: 'GB/T DC', maxPowerW: 120_000 },
      ],
    });
    if ('failure' in registered) throw new Error(`demo station: ${registered.failure}`);
    stations.push({ id, password });
  }
  return stations;
}

/**
 * Two RFID tags: the demo prepaid card's, and the first consumer's own, which
 * pays from their wallet under an agreement (免密支付) with the charging merchant.
 */
async function seedIdTags(modules: Modules, merchantId: string, prepaidCardId: string, customerId: string): Promise<Array<{ idTag: string; paidBy: string }>> {
  const agreement = await modules.agreements.create({ customerId, merchantId, currency: 'CNY', perPaymentLimitMinor: 30_000n, dailyLimitMinor: 60_000n, password: DEMO_PAYMENT_PASSWORD });
  if (agreement.result !== 'ok') throw new Error(`demo agreement: ${agreement.result}`);
  for (const [idTag, owner] of [
    [DEMO_PREPAID_ID_TAG, { kind: 'prepaid_card', prepaidCardId, merchantId }],
    [DEMO_AUTOPAY_ID_TAG, { kind: 'customer', customerId }],
  ] as const) {
    const registered = await modules.idTags.register(idTag, owner);
    if ('failure' in registered) throw new Error(`demo id tag ${idTag}: ${registered.failure}`);
  }
  return [
    { idTag: DEMO_PREPAID_ID_TAG, paidBy: 'the demo prepaid card' },
    { idTag: DEMO_AUTOPAY_ID_TAG, paidBy: `${DEMO_CONSUMERS[0].phone}'s wallet (auto-pay agreement)` },
  ];
}

/** What `npm start` prints about the demo data: keys are shown this once. */
export function describeSeed(seed: DemoSeed, url: string): string[] {
  const lines = ['', 'Demo data (keys are shown this once):'];
  for (const m of seed.merchants) lines.push(`  merchant ${m.name} (${m.id})`, `    secret key:      ${m.secretKey}`, `    publishable key: ${m.publishableKey}`);
  for (const c of seed.consumers) lines.push(`  consumer ${c.phone} (${c.id}): wallet ${formatMoney(c.walletMinor, 'CNY', 'zh-CN')}, payment password ${seed.paymentPassword}`);
  lines.push(`  saved card ${seed.savedCard.number} for the first consumer at the first merchant: ${seed.savedCard.paymentMethodId}`);
  const prepaid = seed.prepaidCard;
  lines.push(`  prepaid card ${prepaid.number.replace(/(\d{4})(?=\d)/g, '$1 ')} (${prepaid.id}): ${formatMoney(prepaid.balanceMinor, 'CNY', 'zh-CN')}, PIN ${prepaid.pin}, accepted by every merchant, bound to the first consumer`);
  lines.push(`  phone checkout (sign in as ${seed.checkout.phone}; wallet, saved card, prepaid card or online banking): ${url}/m/pay/${seed.checkout.paymentIntentId}?client_secret=${seed.checkout.clientSecret}`);
  for (const station of seed.chargingStations) lines.push(`  charging station ${station.id}: OCPP 1.6J at ${url.replace(/^http/, 'ws')}/ocpp/${station.id}, basic auth ${station.id}:${station.password}`);
  const chargingKey = seed.merchants[1]?.secretKey ?? 'sk_test_…';
  lines.push(
    `  RFID tags: ${seed.chargingIdTags.map((t) => `${t.idTag} (paid by ${t.paidBy})`).join(', ')}`,
    `  simulate these stations, charging with the tags: npx paygrid sim chargers --url ${url.replace(/^http/, 'ws')} --stations ${seed.chargingStations.map((s) => `${s.id}:${s.password}`).join(',')} --id-tags ${seed.chargingIdTags.map((t) => t.idTag).join(',')}`,
    `  scan to charge (a phone page; sign in as ${DEMO_CONSUMERS[0].phone}, whose sandbox SMS code GET /v1/test_helpers/sms?phone=… shows with the operator key): ${seed.chargingStations.map((s) => `${url}/c/${s.id}/1`).join('  ')}`,
    `  watch it live: curl -N ${url}/v1/charging/live -H "Authorization: Bearer ${chargingKey}"`,
    `  or more, registered with the charging merchant's key: npx paygrid sim chargers --url ${url.replace(/^http/, 'ws')} --api-key ${chargingKey} --count 10  (docs/simulator.md)`,
  );
  const key = seed.merchants[0]?.secretKey ?? 'sk_test_…';
  lines.push(
    '',
    'Try a payment:',
    `  curl -s ${url}/v1/payment_intents -H "Authorization: Bearer ${key}" -H 'Content-Type: application/json' \\`,
    `    -d '{"amount":1999,"currency":"cny","payment_method":"${seed.savedCard.paymentMethodId}","confirm":true}'`,
    'or with the prepaid card:',
    `  curl -s ${url}/v1/payment_intents -H "Authorization: Bearer ${key}" -H 'Content-Type: application/json' \\`,
    `    -d '{"amount":1999,"currency":"cny","confirm":true,"payment_method_data":{"type":"prepaid_card","number":"${prepaid.number}","pin":"${prepaid.pin}"}}'`,
    '',
    `Risk rules scoring every payment (${seed.riskRules.length}): curl -s ${url}/v1/risk/rules -H "Authorization: Bearer <operator key>"  (docs/risk.md)`,
    '',
    `Web console users (password ${seed.console.password}; add each TOTP secret to an authenticator app, or print its code now with: npx paygrid console-user code --secret <secret>):`,
  );
  for (const u of seed.console.users) lines.push(`  ${u.email} (${u.role}): TOTP secret ${u.secret}`, `    ${u.otpauthUrl}`);
  lines.push(
    `  sign in: curl -si ${url}/v1/console/sessions -H 'Content-Type: application/json' \\`,
    `    -d '{"email":"admin@paygrid.local","password":"${seed.console.password}","totp_code":"<6 digits>"}'   (sets the paygrid_console cookie; docs/api.md, "Console")`,
  );
  return lines;
}
