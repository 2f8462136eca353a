import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { DEMO_PAYMENT_PASSWORD, describeSeed, isSeeded, seedDemo, type DemoSeed } from '../../src/server/demo-seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('demo data', () => {
  let app: TestApp;
  let seed: DemoSeed;
  const progress: string[] = [];
  before(async () => {
    app = await startTestApp();
    assert.equal(await isSeeded(app.paygrid.modules), false);
    seed = await seedDemo(app.paygrid.modules, (line) => progress.push(line));
  });
  after(async () => {
    await app.close();
  });

  test('creates two merchants whose keys work, consumers with funded wallets, and a saved card that pays', async () => {
    assert.equal(await isSeeded(app.paygrid.modules), true);
    assert.ok(progress.length >= 3, 'long work shows progress');
    const [retail, charging] = seed.merchants;
    assert.ok(retail !== undefined && charging !== undefined);
    assert.equal((await app.request('GET', `/v1/merchants/${charging.id}`)).body.category, 'ev_charging');
    for (const consumer of seed.consumers) {
      const customer = await app.request('GET', `/v1/customers/${consumer.id}`);
      assert.equal(customer.body.wallet_balances[0].available, Number(consumer.walletMinor));
      assert.equal(customer.body.has_payment_password, true);
    }
    const pi = await app.request('POST', '/v1/payment_intents', { key: retail.secretKey, body: { amount: 1_999, currency: 'cny', payment_method: seed.savedCard.paymentMethodId, confirm: true } });
    assert.equal(pi.body.status, 'succeeded', JSON.stringify(pi.body));
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
    assert.equal(DEMO_PAYMENT_PASSWORD.length, 6);
  });

  test('starts the operator with risk rules that compile and score the demo payments without stopping them', async () => {
    const rules = await app.request('GET', '/v1/risk/rules');
    assert.deepEqual(rules.body.data.map((r: { name: string }) => r.name).sort(), [...seed.riskRules].sort());
    assert.ok(rules.body.data.every((r: { status: string }) => r.status === 'active'));
    const retail = seed.merchants[0];
    assert.ok(retail !== undefined);
    const pi = await app.request('POST', '/v1/payment_intents', { key: retail.secretKey, body: { amount: 2_999, currency: 'cny', payment_method: seed.savedCard.paymentMethodId, confirm: true } });
    assert.equal(pi.body.status, 'succeeded', JSON.stringify(pi.body));
    assert.equal(pi.body.risk.decision, 'allow');
  });

  test('issues a platform prepaid card with a balance that pays at either merchant', async () => {
    const card = await app.request('GET', `/v1/prepaid_cards/${seed.prepaidCard.id}`);
    assert.deepEqual([card.body.issuer, card.body.balance], ['platform', Number(seed.prepaidCard.balanceMinor)]);
    assert.equal(card.body.customer, seed.consumers[0]?.id, 'bound to the first consumer, whose phone pages show it');
    const charging = seed.merchants[1];
    assert.ok(charging !== undefined);
    const pi = await app.request('POST', '/v1/payment_intents', {
      key: charging.secretKey,
      body: { amount: 2_500, currency: 'cny', confirm: true, payment_method_data: { type: 'prepaid_card', number: seed.prepaidCard.number, pin: seed.prepaidCard.pin } },
    });
    assert.equal(pi.body.status, 'succeeded', JSON.stringify(pi.body));
  });

  test('gives the charging merchant RFID tags that a station’s Authorize accepts: the prepaid card’s and an auto-pay consumer’s', async () => {
    const station = seed.chargingStations[0];
    assert.ok(station !== undefined);
    assert.equal(seed.chargingIdTags.length, 2);
    for (const tag of seed.chargingIdTags) assert.equal(await app.paygrid.modules.chargingSessions.authorize(station.id, tag.idTag), 'Accepted', tag.idTag);
  });

  test('leaves a payment for the first consumer to open on the phone checkout page', async () => {
    const intent = await app.request('GET', `/v1/payment_intents/${seed.checkout.paymentIntentId}`, { key: seed.merchants[0]?.secretKey ?? null });
    assert.deepEqual([intent.status, intent.body.status, intent.body.amount, intent.body.customer], [200, 'requires_payment_method', 8_800, seed.consumers[0]?.id], 'the retail merchant’s');
    assert.equal(intent.body.client_secret, seed.checkout.clientSecret);
    const text = describeSeed(seed, 'http://localhost:4000').join('\n');
    assert.ok(text.includes(`http://localhost:4000/m/pay/${seed.checkout.paymentIntentId}?client_secret=${seed.checkout.clientSecret}`), 'the link is printed');
  });

  test('prints the keys, the consumers and a curl command to try', () => {
    const text = describeSeed(seed, 'http://localhost:4000').join('\n');
    for (const m of seed.merchants) assert.ok(text.includes(m.secretKey));
    assert.match(text, /\+8613800000001 .* ¥500\.00/);
    assert.match(text, /curl -s http:\/\/localhost:4000\/v1\/payment_intents/);
    assert.ok(text.includes(seed.prepaidCard.number) && text.includes(`PIN ${seed.prepaidCard.pin}`), 'the prepaid card’s number and PIN');
  });
});
