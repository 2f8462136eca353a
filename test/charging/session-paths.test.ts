import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startOcppApp, type OcppTestApp } from '../ocpp/support.ts';
import { bootAnsweringStation, type AnsweringStation } from './support.ts';

/**
 * The charging session paths sessions.test.ts leaves out, end to end over real
 * WebSockets with strict OCPP 1.6J stations (ocpp-rpc): auto-pay RFID tags
 * under an agreement (免密支付), wallet starts without the password, raising
 * the hold, the idle fee, time-of-use tiers across a slot boundary and local
 * midnight, saved cards, the start timeout, replayed starts, one operator's
 * and one consumer's isolation from another's, and a tag nobody knows.
 *
 * The shared test tariff is flat all day: ¥0.70 electricity + ¥0.50 service
 * per kWh (¥1.20), idle ¥0.50 a minute after 10 minutes, minimum hold ¥50.00.
 * The clock is a ManualClock that starts at 2026-01-01 08:00 in Shanghai and
 * only moves when a test moves it.
 */
const MIN_HOLD = 5_000;
const PASSWORD = '112233';

type Consumer = { token: string; customerId: string; phone: string };
type TestStation = AnsweringStation;
type Start = { transactionId: number; idTagInfo: { status: string } };

describe('charging session paths', () => {
  let ocpp: OcppTestApp;
  let operatorKey: string;
  let publishableKey: string;

  const app = () => ocpp.app;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const now = (): number => app().clock.nowMs();
  const energy = (atMs: number, wh: number) => ({ timestamp: iso(atMs), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }] });

  const signUp = async (): Promise<Consumer> => {
    const phone = `+86136${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app().request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app().request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app().request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    await app().request('POST', '/v1/me/payment_password', { key: login.body.token, body: { password: PASSWORD } });
    return { token: login.body.token, customerId: login.body.customer.id, phone };
  };
  const topUp = async (c: Consumer, amount: number): Promise<void> => {
    const topped = await app().request('POST', '/v1/top_ups', { key: c.token, body: { amount, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    assert.equal(topped.status, 200, JSON.stringify(topped.body));
  };
  /** An agreement (免密支付) with the charging operator. */
  const agree = async (c: Consumer, limits: { perPayment: number; daily: number } = { perPayment: 20_000, daily: 50_000 }): Promise<void> => {
    const agreed = await app().request('POST', '/v1/me/agreements', { key: c.token, body: { merchant: ocpp.merchantId, currency: 'cny', per_payment_limit: limits.perPayment, daily_limit: limits.daily, password: PASSWORD } });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
  };
  const walletAvailable = async (c: Consumer): Promise<number> => {
    const me = await app().request('GET', '/v1/me', { key: c.token });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    return me.body.wallet_balances.find((w: { currency: string }) => w.currency === 'cny')?.available ?? 0;
  };
  const prepaidCard = async (amount: number, idTag: string): Promise<() => Promise<{ balance: number; held: number }>> => {
    const card = (await app().request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: amount } })).body;
    const tag = await app().request('POST', '/v1/charging/id_tags', { key: operatorKey, body: { id_tag: idTag, prepaid_card: card.id } });
    assert.equal(tag.status, 200, JSON.stringify(tag.body));
    return async () => (await app().request('GET', `/v1/prepaid_cards/${card.id}`)).body;
  };
  const session = async (id: string, key = operatorKey) => {
    const found = await app().request('GET', `/v1/charging/sessions/${id}`, { key });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    return found.body;
  };
  const sessionsAt = async (stationId: string) => (await app().request('GET', `/v1/charging/sessions?station=${stationId}`, { key: operatorKey })).body.data;
  const intent = async (id: string) => (await app().request('GET', `/v1/payment_intents/${id}`, { key: operatorKey })).body;
  const startFromApp = (c: Consumer, body: Record<string, unknown>) => app().request('POST', '/v1/me/charging/sessions', { key: c.token, body: { connector: 1, hold_amount: MIN_HOLD, ...body } });
  /** Runs the job worker: queued RemoteStart/RemoteStopTransaction commands reach the stations, which answer before this resolves. */
  const sendCommands = async (): Promise<void> => {
    await app().paygrid.jobWorker.runOnce();
  };
  const verifyLedger = async (): Promise<void> => {
    const verified = await app().request('GET', '/v1/ledger/verify');
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.balanced, true, JSON.stringify(verified.body));
  };
  const amounts = (lines: { type: string; amount: number }[]) => lines.map((l) => [l.type, l.amount]);

  /** Boots a registered station whose connectors are Available and which accepts remote starts and stops. */
  async function boot(id: string): Promise<TestStation> {
    return bootAnsweringStation(ocpp, id);
  }
  /** A station on the shared flat tariff. */
  async function station(id: string): Promise<TestStation> {
    await ocpp.register(id);
    return boot(id);
  }
  /** The consumer starts from the app and the station starts the transaction at `atMs`; returns the session id and the transaction. */
  async function appSession(c: Consumer, s: TestStation, stationId: string, body: Record<string, unknown>, meterStart = 0): Promise<{ id: string; transactionId: number; idTag: string; paymentIntent: string }> {
    const started = await startFromApp(c, { station: stationId, ...body });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    await sendCommands();
    const idTag = s.remoteStarts.at(-1)?.idTag ?? '';
    const start = (await s.client.call('StartTransaction', { connectorId: 1, idTag, meterStart, timestamp: iso(now()) })) as Start;
    assert.equal(start.idTagInfo.status, 'Accepted');
    return { id: started.body.id, transactionId: start.transactionId, idTag, paymentIntent: started.body.payment_intent };
  }

  before(async () => {
    ocpp = await startOcppApp();
    const secret = await app().request('POST', `/v1/merchants/${ocpp.merchantId}/roll_keys`, { body: { type: 'secret' } });
    assert.equal(secret.status, 200, JSON.stringify(secret.body));
    operatorKey = secret.body.key;
    const publishable = await app().request('POST', `/v1/merchants/${ocpp.merchantId}/roll_keys`, { body: { type: 'publishable' } });
    assert.equal(publishable.status, 200, JSON.stringify(publishable.body));
    publishableKey = publishable.body.key;
  });
  after(async () => {
    await ocpp.close();
  });

  test('auto-pay: a consumer’s own tag under an agreement is Accepted only while the wallet covers the minimum hold; the hold is placed at StartTransaction and the priced amount captured at stop', async () => {
    const { client } = await station('AUTO-1');
    const rich = await signUp();
    const unagreed = await signUp();
    const poor = await signUp();
    const narrow = await signUp();
    await topUp(rich, 20_000);
    await topUp(unagreed, 20_000);
    await topUp(narrow, 20_000);
    await agree(rich);
    await agree(poor);
    // The agreement lets the operator take at most ¥30.00 a payment: less than the ¥50.00 hold.
    await agree(narrow, { perPayment: 3_000, daily: 10_000 });
    for (const [c, tag] of [
      [rich, 'CUS-RICH'],
      [unagreed, 'CUS-NOAGREE'],
      [poor, 'CUS-POOR'],
      [narrow, 'CUS-NARROW'],
    ] as const) {
      const registered = await app().request('POST', '/v1/me/charging/id_tags', { key: c.token, body: { id_tag: tag } });
      assert.equal(registered.status, 200, JSON.stringify(registered.body));
      assert.equal(registered.body.customer, c.customerId);
    }
    const authorize = async (idTag: string) => ((await client.call('Authorize', { idTag })) as { idTagInfo: { status: string } }).idTagInfo.status;
    assert.equal(await authorize('CUS-NOAGREE'), 'Invalid', 'no agreement with this operator');
    assert.equal(await authorize('CUS-POOR'), 'Blocked', 'an empty wallet does not cover the minimum hold');
    assert.equal(await authorize('CUS-NARROW'), 'Blocked', 'the agreement’s per-payment limit is below the minimum hold');
    await topUp(poor, MIN_HOLD);
    assert.equal(await authorize('CUS-POOR'), 'Accepted', 'now the wallet covers it');
    assert.equal(await authorize('CUS-RICH'), 'Accepted');

    const before = await walletAvailable(rich);
    const t0 = now();
    const start = (await client.call('StartTransaction', { connectorId: 2, idTag: 'CUS-RICH', meterStart: 300, timestamp: iso(t0) })) as Start;
    assert.equal(start.idTagInfo.status, 'Accepted');
    assert.equal(await walletAvailable(rich), before - MIN_HOLD, 'the minimum hold is placed with no step by the consumer');
    const [opened] = await sessionsAt('AUTO-1');
    assert.equal(opened.status, 'charging');
    assert.equal(opened.payer, 'customer_tag');
    assert.equal(opened.customer, rich.customerId);
    assert.equal(opened.hold_amount, MIN_HOLD);
    const held = await intent(opened.payment_intent);
    assert.equal(held.status, 'requires_capture');
    assert.equal(held.amount, MIN_HOLD);
    assert.equal(await authorize('CUS-RICH'), 'ConcurrentTx', 'one session per tag at a time');
    // The consumer sees their session with their own session token.
    assert.equal((await session(opened.id, rich.token)).id, opened.id);

    app().clock.advanceMs(30 * 60_000);
    assert.deepEqual(await client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 3_300, timestamp: iso(t0 + 30 * 60_000), reason: 'Local', idTag: 'CUS-RICH' }), { idTagInfo: { status: 'Accepted' } });
    const done = await session(opened.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.amount, 360, '3 kWh × ¥1.20');
    const paid = await intent(done.payment_intent);
    assert.equal(paid.status, 'succeeded');
    assert.equal(paid.amount_received, 360);
    assert.equal(await walletAvailable(rich), before - 360, 'exactly the priced amount is taken; the rest of the hold is released');
    const sms = await app().request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(rich.phone)}`);
    assert.ok(sms.body.data.some((m: { body: string }) => m.body.includes(done.id)), 'the consumer gets a receipt');
    await verifyLedger();
  });

  test('a wallet start needs no payment password under an agreement, and is refused 400 payment_password without one', async () => {
    const s = await station('NOPW-1');
    const agreed = await signUp();
    const stranger = await signUp();
    await topUp(agreed, 20_000);
    await topUp(stranger, 20_000);
    await agree(agreed);

    const refused = await startFromApp(stranger, { station: 'NOPW-1', payment_method: 'wallet' });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.error.param, 'payment_password');
    assert.equal(await walletAvailable(stranger), 20_000, 'nothing is held');
    assert.deepEqual(await sessionsAt('NOPW-1'), []);

    const { id, transactionId, paymentIntent } = await appSession(agreed, s, 'NOPW-1', { payment_method: 'wallet', hold_amount: 8_000 });
    assert.equal((await intent(paymentIntent)).status, 'requires_capture');
    assert.equal(await walletAvailable(agreed), 20_000 - 8_000);
    app().clock.advanceMs(10 * 60_000);
    await s.client.call('StopTransaction', { transactionId, meterStop: 1_000, timestamp: iso(now()), reason: 'Local' });
    assert.equal((await session(id)).amount, 120);
    assert.equal((await intent(paymentIntent)).amount_received, 120);
    assert.equal(await walletAvailable(agreed), 20_000 - 120);
    await verifyLedger();
  });

  test('auto_increment raises the hold when the running cost reaches it, and stops the session remotely once the agreement refuses a further raise', async () => {
    const s = await station('INC-1');
    const c = await signUp();
    await topUp(c, 50_000);
    // Holds of up to ¥100.00 a payment: one raise from ¥50.00 fits, a second does not.
    await agree(c, { perPayment: 10_000, daily: 50_000 });
    const before = await walletAvailable(c);
    const { id, transactionId, paymentIntent } = await appSession(c, s, 'INC-1', { payment_method: 'wallet', auto_increment: true });
    const t0 = now();
    const reading = async (minutes: number, wh: number): Promise<void> => {
      app().clock.advanceMs(15 * 60_000);
      await s.client.call('MeterValues', { connectorId: 1, transactionId, meterValue: [energy(t0 + minutes * 60_000, wh)] });
      await sendCommands();
    };
    // ¥24.00, then ¥45.60: the next step of ¥21.60 would pass the ¥50.00 hold.
    await reading(15, 20_000);
    await reading(30, 38_000);
    let running = await session(id);
    assert.equal(running.hold_amount, 10_000, 'the hold is raised by the tariff’s minimum');
    assert.equal((await intent(paymentIntent)).amount, 10_000);
    assert.equal((await intent(paymentIntent)).status, 'requires_capture');
    assert.equal(await walletAvailable(c), before - 10_000);
    assert.deepEqual(s.remoteStops, [], 'no RemoteStopTransaction while the hold could be raised');
    assert.ok(!running.flags.includes('cap_reached'));

    // ¥67.20, then ¥88.80: a raise to ¥150.00 passes the agreement's ¥100.00 a payment.
    await reading(45, 56_000);
    assert.deepEqual(s.remoteStops, []);
    await reading(60, 74_000);
    assert.deepEqual(s.remoteStops, [transactionId], 'RemoteStopTransaction once the agreement stops the increment');
    running = await session(id);
    assert.equal(running.hold_amount, 10_000);
    assert.ok(running.flags.includes('cap_reached'));

    await s.client.call('StopTransaction', { transactionId, meterStop: 75_000, timestamp: iso(t0 + 60 * 60_000), reason: 'Remote' });
    const done = await session(id);
    assert.equal(done.status, 'completed');
    assert.equal(done.amount, 9_000, '75 kWh × ¥1.20');
    const paid = await intent(paymentIntent);
    assert.equal(paid.status, 'succeeded');
    assert.equal(paid.amount_received, 9_000);
    assert.equal(await walletAvailable(c), before - 9_000);
    await verifyLedger();
  });

  test('idle fee: SuspendedEV starts the idle stretch and the stop ends it (25 minutes, 10 free: 15 billed); Charging again ends it early', async () => {
    const s = await station('IDLE-1');
    const card = await prepaidCard(50_000, 'TAG-IDLE');
    const idle = async (events: [minutes: number, status: string][], stopMinute: number) => {
      const t0 = now();
      const start = (await s.client.call('StartTransaction', { connectorId: 1, idTag: 'TAG-IDLE', meterStart: 0, timestamp: iso(t0) })) as Start;
      assert.equal(start.idTagInfo.status, 'Accepted');
      await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: iso(t0) });
      for (const [minutes, status] of events) {
        app().clock.advanceMs(t0 + minutes * 60_000 - now());
        await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp: iso(t0 + minutes * 60_000) });
      }
      app().clock.advanceMs(t0 + stopMinute * 60_000 - now());
      await s.client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 10_000, timestamp: iso(t0 + stopMinute * 60_000), reason: 'EVDisconnected' });
      await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
      return (await sessionsAt('IDLE-1'))[0];
    };

    // The car is full at t+20 and stays plugged in until t+45.
    const parked = await idle([[20, 'SuspendedEV']], 45);
    assert.equal(parked.status, 'completed');
    assert.deepEqual(parked.line_items.at(-1), { type: 'idle', minutes: 15, unit_price: '50', amount: 750 });
    assert.equal(parked.amount, 1_200 + 750, '10 kWh × ¥1.20 + 15 minutes × ¥0.50');

    // The car pauses for 8 minutes and charges again: no idle time beyond the grace, whatever the stop time.
    const paused = await idle(
      [
        [20, 'SuspendedEV'],
        [28, 'Charging'],
      ],
      60,
    );
    assert.equal(paused.status, 'completed');
    assert.deepEqual(amounts(paused.line_items), [
      ['energy', 700],
      ['service', 500],
    ]);
    assert.equal(paused.amount, 1_200);

    const c = await card();
    assert.equal(c.balance, 50_000 - 1_950 - 1_200);
    assert.equal(c.held, 0);
    await verifyLedger();
  });

  test('time of use through OCPP: energy split across a slot boundary and local midnight, each tier’s lines exact to the fen, the total their sum', async () => {
    // Valley 00:00–08:00, flat until 23:30, peak 23:30–24:00 (Asia/Shanghai).
    const slots = Array.from({ length: 48 }, (_, slot) => (slot < 16 ? 'valley' : slot < 47 ? 'flat' : 'peak'));
    const tariff = await app().request('POST', '/v1/charging/tariffs', {
      key: operatorKey,
      body: {
        name: '峰谷电价',
        currency: 'cny',
        tiers: {
          sharp: { energy_price: '1.50000', service_price: '0.80000' },
          peak: { energy_price: '1.05230', service_price: '0.60000' },
          flat: { energy_price: '0.70000', service_price: '0.50000' },
          valley: { energy_price: '0.30000', service_price: '0.40000' },
        },
        slots,
        idle_fee_per_minute: 0,
        session_fee: 100,
        min_hold_amount: MIN_HOLD,
      },
    });
    assert.equal(tariff.status, 200, JSON.stringify(tariff.body));
    const registered = await app().request('POST', '/v1/charging/stations', {
      key: operatorKey,
      body: { id: 'TOU-1', name: '峰谷站', timezone: 'Asia/Shanghai', tariff: tariff.body.id, password: 'correct-horse-battery-staple', connectors: [{ id: 1, type: 'GB/T DC', max_power_w: 60_000 }, { id: 2, type: 'GB/T AC', max_power_w: 7_000 }] },
    });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const { client } = await boot('TOU-1');
    const card = await prepaidCard(50_000, 'TAG-TOU');

    // Shanghai is UTC+8 all year: the next 23:20 there is 15:20 UTC.
    const DAY_MS = 86_400_000;
    const target = Math.ceil((now() - (15 * 60 + 20) * 60_000) / DAY_MS) * DAY_MS + (15 * 60 + 20) * 60_000;
    app().clock.advanceMs(target - now());
    const t0 = now();
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG-TOU', meterStart: 1_000, timestamp: iso(t0) })) as Start;
    assert.equal(start.idTagInfo.status, 'Accepted');
    // 23:20 → 23:45: 7 500 Wh, 10 minutes flat (3 000 Wh) and 15 minutes peak (4 500 Wh).
    app().clock.advanceMs(25 * 60_000);
    await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 25 * 60_000, 8_500)] });
    // 23:45 → 00:10 the next day: 3 501 Wh, 15 minutes peak (2 100.6 Wh) and 10 minutes valley (1 400.4 Wh).
    app().clock.advanceMs(25 * 60_000);
    await client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 12_001, timestamp: iso(t0 + 50 * 60_000), reason: 'Local' });

    const [done] = await sessionsAt('TOU-1');
    assert.equal(done.status, 'completed');
    assert.equal(done.energy_wh, 11_001);
    assert.deepEqual(done.line_items, [
      // 6.6006 kWh × ¥1.05230 = ¥6.94581138 → 695; × ¥0.60 = ¥3.96036 → 396.
      { type: 'energy', tier: 'peak', energy_wh: 6_600.6, unit_price: '1.05230', amount: 695 },
      { type: 'service', tier: 'peak', energy_wh: 6_600.6, unit_price: '0.60000', amount: 396 },
      { type: 'energy', tier: 'flat', energy_wh: 3_000, unit_price: '0.70000', amount: 210 },
      { type: 'service', tier: 'flat', energy_wh: 3_000, unit_price: '0.50000', amount: 150 },
      // 1.4004 kWh × ¥0.30 = ¥0.42012 → 42; × ¥0.40 = ¥0.56016 → 56.
      { type: 'energy', tier: 'valley', energy_wh: 1_400.4, unit_price: '0.30000', amount: 42 },
      { type: 'service', tier: 'valley', energy_wh: 1_400.4, unit_price: '0.40000', amount: 56 },
      { type: 'session_fee', amount: 100 },
    ]);
    const sum = done.line_items.reduce((total: number, l: { amount: number }) => total + l.amount, 0);
    assert.equal(sum, 1_649);
    assert.equal(done.amount, sum);
    assert.equal(done.priced_amount, sum);
    assert.equal(done.tariff.id, tariff.body.id);
    const c = await card();
    assert.equal(c.balance, 50_000 - 1_649);
    assert.equal(c.held, 0);
    await verifyLedger();
  });

  test('card start: a saved card holds and pays; a declining card is refused 402 and a 3-D Secure card refused, neither leaving a hold', async () => {
    const s = await station('CARD-1');
    const c = await signUp();
    const saveCard = async (number: string): Promise<string> => {
      const saved = await app().request('POST', '/v1/payment_methods', { key: publishableKey, body: { type: 'card', customer: c.customerId, card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      return saved.body.id;
    };
    const pendingBalance = async (): Promise<number> => (await app().request('GET', '/v1/balance', { key: operatorKey })).body.pending.find((b: { currency: string }) => b.currency === 'cny')?.amount ?? 0;
    /** The operator's payment with this card: a refused start answers without it. */
    const intentWith = async (paymentMethod: string) => (await app().request('GET', '/v1/payment_intents?limit=20', { key: operatorKey })).body.data.find((pi: { payment_method: string }) => pi.payment_method === paymentMethod);

    const pendingBefore = await pendingBalance();
    // Another consumer cannot charge on this consumer's saved card.
    const stranger = await signUp();
    const borrowed = await startFromApp(stranger, { station: 'CARD-1', payment_method: await saveCard('4242424242424242'), hold_amount: 8_000 });
    assert.equal(borrowed.status, 403, JSON.stringify(borrowed.body));
    assert.equal(borrowed.body.error.code, 'customer_mismatch');
    const declined = await startFromApp(c, { station: 'CARD-1', payment_method: await saveCard('4000000000000002'), hold_amount: 8_000 });
    assert.equal(declined.status, 402, JSON.stringify(declined.body));
    assert.equal(declined.body.error.decline_code, 'generic_decline');
    assert.equal((await intent(declined.body.error.payment_intent.id)).status, 'canceled', 'the declined payment is closed');

    const threeDSecure = await saveCard('4000002500003155');
    const challenged = await startFromApp(c, { station: 'CARD-1', payment_method: threeDSecure, hold_amount: 8_000 });
    assert.equal(challenged.status, 402, JSON.stringify(challenged.body));
    assert.equal(challenged.body.error.param, 'payment_method');
    const dropped = await intentWith(threeDSecure);
    assert.equal(dropped?.status, 'canceled', 'a 3-D Secure challenge cannot wait at a charger');
    assert.equal(dropped.next_action, null);
    assert.equal(dropped.amount_capturable, 0);
    assert.deepEqual(await sessionsAt('CARD-1'), [], 'no session for a refused start');
    assert.equal(await pendingBalance(), pendingBefore, 'nothing held for the operator');

    const { id, transactionId, paymentIntent } = await appSession(c, s, 'CARD-1', { payment_method: await saveCard('4242424242424242'), hold_amount: 8_000 });
    const held = await intent(paymentIntent);
    assert.equal(held.status, 'requires_capture');
    assert.equal(held.amount_capturable, 8_000);
    app().clock.advanceMs(20 * 60_000);
    await s.client.call('StopTransaction', { transactionId, meterStop: 2_500, timestamp: iso(now()), reason: 'Local' });
    assert.equal((await session(id)).amount, 300, '2.5 kWh × ¥1.20');
    const paid = await intent(paymentIntent);
    assert.equal(paid.status, 'succeeded');
    assert.equal(paid.amount_received, 300);
    assert.ok((await pendingBalance()) > pendingBefore, 'the operator is paid');
    await verifyLedger();
  });

  test('bound prepaid card start: the card bound to the consumer holds and pays with the payment password; without it 400, and nobody else can start on its id', async () => {
    const s = await station('PPC-1');
    const c = await signUp();
    const issued = (await app().request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 30_000 } })).body;
    const bound = await app().request('POST', '/v1/me/prepaid_cards', { key: c.token, body: { number: issued.number, pin: issued.pin } });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    const card = async () => (await app().request('GET', `/v1/prepaid_cards/${issued.id}`)).body;

    const noPassword = await startFromApp(c, { station: 'PPC-1', payment_method: issued.id, hold_amount: 8_000 });
    assert.deepEqual([noPassword.status, noPassword.body.error.param], [400, 'payment_password'], JSON.stringify(noPassword.body));
    const stranger = await startFromApp(await signUp(), { station: 'PPC-1', payment_method: issued.id, hold_amount: 8_000, payment_password: PASSWORD });
    assert.deepEqual([stranger.status, stranger.body.error.param], [404, 'payment_method'], JSON.stringify(stranger.body));
    assert.deepEqual(await sessionsAt('PPC-1'), [], 'no session for a refused start');
    assert.equal((await card()).held, 0);

    const { id, transactionId, paymentIntent } = await appSession(c, s, 'PPC-1', { payment_method: issued.id, hold_amount: 8_000, payment_password: PASSWORD });
    const held = await intent(paymentIntent);
    assert.deepEqual([held.status, held.payment_method_type, held.amount_capturable], ['requires_capture', 'prepaid_card', 8_000]);
    assert.equal((await card()).held, 8_000);
    app().clock.advanceMs(20 * 60_000);
    await s.client.call('StopTransaction', { transactionId, meterStop: 2_500, timestamp: iso(now()), reason: 'Local' });
    assert.equal((await session(id)).amount, 300, '2.5 kWh × ¥1.20');
    const after = await card();
    assert.deepEqual([after.balance, after.held], [30_000 - 300, 0], 'the priced amount taken, the rest of the hold released');
    await verifyLedger();
  });

  test('an app start the station accepts but never begins is failed by the sweeper after 3 minutes and its hold released; a late StartTransaction is refused', async () => {
    const s = await station('LATE-1');
    const c = await signUp();
    await topUp(c, 20_000);
    const started = await startFromApp(c, { station: 'LATE-1', payment_method: 'wallet', payment_password: PASSWORD, hold_amount: 6_000 });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    await sendCommands();
    assert.equal(s.remoteStarts.length, 1, 'the station accepted the RemoteStartTransaction');
    assert.equal(await walletAvailable(c), 20_000 - 6_000);

    const sessions = app().paygrid.modules.chargingSessions;
    app().clock.advanceMs(3 * 60_000 - 1_000);
    await sessions.sweep();
    assert.equal((await session(started.body.id)).status, 'starting', 'not before the timeout');
    app().clock.advanceMs(2_000);
    await sessions.sweep();
    const failed = await session(started.body.id, c.token);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failure_reason, 'start_timeout');
    assert.equal((await intent(started.body.payment_intent)).status, 'canceled');
    assert.equal(await walletAvailable(c), 20_000, 'the hold is released');

    // The station starts after all: its one-off tag is no longer good, so it is told to stop, and nothing is charged.
    const idTag = s.remoteStarts[0]?.idTag ?? '';
    const late = (await s.client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: iso(now()) })) as Start;
    assert.equal(late.idTagInfo.status, 'Invalid');
    await sendCommands();
    assert.deepEqual(s.remoteStops, [late.transactionId]);
    assert.deepEqual(await s.client.call('StopTransaction', { transactionId: late.transactionId, idTag, meterStop: 100, timestamp: iso(now()), reason: 'Remote' }), { idTagInfo: { status: 'Invalid' } });
    assert.equal((await sessionsAt('LATE-1'))[0].amount, 0);
    assert.equal(await walletAvailable(c), 20_000);
    await verifyLedger();
  });

  test('a replayed StartTransaction gets the same transactionId, and makes no second session or hold (RFID, from a station whose clock runs fast, and app starts)', async () => {
    const s = await station('REPLAY-1');
    const card = await prepaidCard(20_000, 'TAG-REPLAY');
    const rfid = async (start: { connectorId: number; idTag: string; meterStart: number; timestamp: string }, meterStop: number): Promise<void> => {
      const first = (await s.client.call('StartTransaction', start)) as Start;
      assert.equal(first.idTagInfo.status, 'Accepted');
      // The answer is lost; the station sends the same message again a little later.
      app().clock.advanceMs(30_000);
      assert.deepEqual(await s.client.call('StartTransaction', start), first);
      assert.equal((await card()).held, MIN_HOLD, 'one hold');
      app().clock.advanceMs(10 * 60_000);
      await s.client.call('StopTransaction', { transactionId: first.transactionId, meterStop, timestamp: iso(now()), reason: 'Local' });
    };
    await rfid({ connectorId: 2, idTag: 'TAG-REPLAY', meterStart: 0, timestamp: iso(now()) }, 1_000);
    // The station's clock is a minute ahead of the central system's: the start is recorded at our time.
    await rfid({ connectorId: 2, idTag: 'TAG-REPLAY', meterStart: 1_000, timestamp: iso(now() + 60_000) }, 3_000);
    const charged = await card();
    assert.equal(charged.balance, 20_000 - 120 - 240, 'each session charged once');
    assert.equal(charged.held, 0);

    const c = await signUp();
    await topUp(c, 20_000);
    const app1 = await appSession(c, s, 'REPLAY-1', { payment_method: 'wallet', payment_password: PASSWORD });
    const appStart = { connectorId: 1, idTag: app1.idTag, meterStart: 0, timestamp: iso(now()) };
    // appSession sent it at this instant: the same start, sent twice.
    assert.deepEqual(await s.client.call('StartTransaction', appStart), { transactionId: app1.transactionId, idTagInfo: { status: 'Accepted' } });
    assert.equal(await walletAvailable(c), 20_000 - MIN_HOLD, 'one hold');
    assert.equal((await sessionsAt('REPLAY-1')).length, 3, 'one session per start');

    app().clock.advanceMs(10 * 60_000);
    await s.client.call('StopTransaction', { transactionId: app1.transactionId, meterStop: 2_000, timestamp: iso(now()), reason: 'Local' });
    assert.equal(await walletAvailable(c), 20_000 - 240);
    assert.deepEqual(
      (await sessionsAt('REPLAY-1')).map((x: { status: string; amount: number }) => [x.status, x.amount]),
      [
        ['completed', 240],
        ['completed', 240],
        ['completed', 120],
      ],
    );
    await verifyLedger();
  });

  test('another operator and another consumer see 404 for a session and do not find it in their lists', async () => {
    const s = await station('ISO-1');
    const owner = await signUp();
    const other = await signUp();
    await topUp(owner, 20_000);
    const { id, transactionId } = await appSession(owner, s, 'ISO-1', { payment_method: 'wallet', payment_password: PASSWORD });
    const rival = (await app().request('POST', '/v1/merchants', { body: { name: '特来电', category: 'ev_charging' } })).body;

    assert.equal((await session(id)).id, id, 'the operator sees it');
    assert.equal((await session(id, owner.token)).id, id, 'the consumer sees it');
    for (const key of [rival.secret_key, other.token]) {
      const hidden = await app().request('GET', `/v1/charging/sessions/${id}`, { key });
      assert.equal(hidden.status, 404, JSON.stringify(hidden.body));
      assert.equal(hidden.body.error.param, 'id');
      assert.equal((await app().request('POST', `/v1/charging/sessions/${id}/stop`, { key })).status, 404, 'nor stop it');
    }
    const rivalList = await app().request('GET', '/v1/charging/sessions', { key: rival.secret_key });
    assert.equal(rivalList.status, 200);
    assert.deepEqual(rivalList.body.data, []);
    assert.deepEqual((await app().request('GET', '/v1/charging/sessions?station=ISO-1', { key: rival.secret_key })).body.data, []);
    assert.deepEqual((await app().request('GET', '/v1/me/charging/sessions', { key: other.token })).body.data, []);
    assert.deepEqual(
      (await app().request('GET', '/v1/me/charging/sessions', { key: owner.token })).body.data.map((x: { id: string }) => x.id),
      [id],
    );

    app().clock.advanceMs(5 * 60_000);
    await s.client.call('StopTransaction', { transactionId, meterStop: 500, timestamp: iso(now()), reason: 'Local' });
    assert.equal((await session(id)).status, 'completed');
    await verifyLedger();
  });

  test('an unknown tag started offline gets a transactionId with Invalid, is flagged and told to stop, and its stop completes it charging nothing', async () => {
    const s = await station('UNKNOWN-1');
    const t0 = now() - 5 * 60_000;
    const offlineStart = { connectorId: 1, idTag: 'NOBODY', meterStart: 2_000, timestamp: iso(t0) };
    const start = (await s.client.call('StartTransaction', offlineStart)) as Start;
    assert.equal(start.idTagInfo.status, 'Invalid');
    assert.ok(Number.isInteger(start.transactionId) && start.transactionId > 0);
    const [flagged] = await sessionsAt('UNKNOWN-1');
    assert.equal(flagged.status, 'charging');
    assert.equal(flagged.transaction_id, start.transactionId);
    assert.equal(flagged.payer, 'none');
    assert.equal(flagged.payment_intent, null);
    assert.ok(flagged.flags.includes('tag_invalid'), JSON.stringify(flagged.flags));
    await sendCommands();
    assert.deepEqual(s.remoteStops, [start.transactionId], 'RemoteStopTransaction is queued and sent');
    // The station replays its queued start: the same answer, Invalid again.
    assert.deepEqual(await s.client.call('StartTransaction', offlineStart), start);
    assert.equal((await sessionsAt('UNKNOWN-1')).length, 1);

    // The station caches the idTagInfo of StopTransaction.conf (OCPP 1.6 §3.5.1): the tag stays Invalid.
    const stopped = await s.client.call('StopTransaction', { transactionId: start.transactionId, idTag: 'NOBODY', meterStop: 4_000, timestamp: iso(now()), reason: 'Remote' });
    assert.deepEqual(stopped, { idTagInfo: { status: 'Invalid' } });
    const done = await session(flagged.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.energy_wh, 2_000);
    assert.equal(done.priced_amount, 240, 'what the tariff prices it at, for the operator to see');
    assert.equal(done.amount, 0, 'nobody is charged: there was no hold');
    assert.deepEqual(done.line_items.at(-1), { type: 'cap', amount: -240 });
    await verifyLedger();
  });
});
