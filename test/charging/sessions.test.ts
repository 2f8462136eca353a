import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { callError, rawCall, startOcppApp, waitForPresence, type OcppTestApp } from '../ocpp/support.ts';
import { bootAnsweringStation, type AnsweringStation } from './support.ts';

/**
 * Charging sessions end to end over real WebSockets with strict OCPP 1.6J
 * stations (ocpp-rpc): the hold, the remote start, meter values, the stop,
 * the capture of exactly the priced amount and the ledger staying balanced.
 *
 * The test tariff is flat all day: ¥0.70 electricity + ¥0.50 service per kWh,
 * idle ¥0.50 a minute after 10 minutes, minimum hold ¥50.00.
 */
describe('charging sessions', () => {
  let ocpp: OcppTestApp;
  let operatorKey: string;
  let hostId: string;
  let hostKey: string;
  let consumer: { token: string; customerId: string; phone: string };

  const signUp = async (): Promise<{ token: string; customerId: string; phone: string }> => {
    const app = ocpp.app;
    const phone = `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
    await app.request('POST', '/v1/me/payment_password', { key: login.body.token, body: { password: '112233' } });
    return { token: login.body.token, customerId: login.body.customer.id, phone };
  };

  before(async () => {
    ocpp = await startOcppApp();
    const app = ocpp.app;
    // The operator's secret key: startOcppApp created the merchant through the API with the operator key.
    const rolled = await app.request('POST', `/v1/merchants/${ocpp.merchantId}/roll_keys`, { body: { type: 'secret' } });
    assert.equal(rolled.status, 200, JSON.stringify(rolled.body));
    operatorKey = rolled.body.key;
    const host = await app.request('POST', '/v1/merchants', { body: { name: '万达广场停车场' } });
    hostId = host.body.id;
    hostKey = host.body.secret_key;
    consumer = await signUp();
    const topUp = await app.request('POST', '/v1/top_ups', { key: consumer.token, body: { amount: 100_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    assert.equal(topUp.status, 200, JSON.stringify(topUp.body));
  });
  after(async () => {
    await ocpp.close();
  });

  /** A registered, booted station whose connectors are Available and which answers remote starts and stops. */
  async function station(id: string, options: { siteHostShareBps?: number } = {}): Promise<AnsweringStation> {
    const tariffId = (await ocpp.register(`${id}-tmp`)).tariffId;
    const registered = await ocpp.app.paygrid.modules.stations.register(ocpp.merchantId, {
      id,
      name: `站点 ${id}`,
      timeZone: 'Asia/Shanghai',
      tariffId,
      password: 'correct-horse-battery-staple',
      ...(options.siteHostShareBps === undefined ? {} : { siteHost: { merchantId: hostId, shareBps: options.siteHostShareBps } }),
      connectors: [
        { id: 1, type: 'GB/T DC', maxPowerW: 120_000 },
        { id: 2, type: 'GB/T AC', maxPowerW: 7_000 },
      ],
    });
    assert.ok('station' in registered);
    return bootAnsweringStation(ocpp, id);
  }

  const iso = (ms: number): string => new Date(ms).toISOString();
  const energy = (atMs: number, wh: number) => ({ timestamp: iso(atMs), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }] });
  const session = async (id: string, key = operatorKey) => (await ocpp.app.request('GET', `/v1/charging/sessions/${id}`, { key })).body;
  const intent = async (id: string) => (await ocpp.app.request('GET', `/v1/payment_intents/${id}`, { key: operatorKey })).body;
  const walletAvailable = async (token: string): Promise<number> => {
    const me = await ocpp.app.request('GET', '/v1/me', { key: token });
    return me.body.wallet_balances.find((w: { currency: string }) => w.currency === 'cny').available;
  };
  const sendCommands = async (): Promise<void> => {
    await ocpp.app.paygrid.jobWorker.runOnce();
  };
  const verifyLedger = async (): Promise<void> => {
    const verified = await ocpp.app.request('GET', '/v1/ledger/verify');
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.balanced, true, JSON.stringify(verified.body));
  };

  test('scan to charge with the wallet: hold, remote start, meter values, stop, capture of exactly the priced amount, shares paid, ledger balanced', async () => {
    const { client, remoteStarts } = await station('SCAN-1', { siteHostShareBps: 1_000 });
    const before = await walletAvailable(consumer.token);
    const started = await ocpp.app.request('POST', '/v1/me/charging/sessions', {
      key: consumer.token,
      body: { station: 'SCAN-1', connector: 1, payment_method: 'wallet', hold_amount: 10_000, payment_password: '112233' },
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.status, 'starting');
    assert.equal(await walletAvailable(consumer.token), before - 10_000, 'the hold is placed before the station starts');
    assert.equal((await intent(started.body.payment_intent)).status, 'requires_capture');

    await sendCommands();
    assert.equal(remoteStarts.length, 1);
    assert.equal(remoteStarts[0]?.connectorId, 1);
    const idTag = remoteStarts[0]?.idTag ?? '';
    assert.deepEqual(await client.call('Authorize', { idTag }), { idTagInfo: { status: 'Accepted' } });

    const t0 = ocpp.app.clock.nowMs();
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: iso(t0) })) as { transactionId: number; idTagInfo: { status: string } };
    assert.equal(start.idTagInfo.status, 'Accepted');
    ocpp.app.clock.advanceMs(30 * 60_000);
    await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 15 * 60_000, 8_500), energy(t0 + 30 * 60_000, 16_000)] });
    const running = await session(started.body.id, consumer.token);
    assert.equal(running.status, 'charging');
    assert.equal(running.energy_wh, 15_000);
    assert.equal(running.amount, 1_800, '15 kWh × ¥1.20');

    ocpp.app.clock.advanceMs(10 * 60_000);
    const stop = { transactionId: start.transactionId, meterStop: 21_000, timestamp: iso(t0 + 40 * 60_000), reason: 'Local', idTag };
    assert.deepEqual(await client.call('StopTransaction', stop), { idTagInfo: { status: 'Accepted' } });
    const done = await session(started.body.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.energy_wh, 20_000);
    assert.equal(done.amount, 2_400);
    assert.deepEqual(
      done.line_items.map((l: { type: string; amount: number }) => [l.type, l.amount]),
      [
        ['energy', 1_400],
        ['service', 1_000],
      ],
    );
    const paid = await intent(done.payment_intent);
    assert.equal(paid.status, 'succeeded');
    assert.equal(paid.amount_received, 2_400);
    assert.equal(await walletAvailable(consumer.token), before - 2_400, 'exactly the priced amount is taken; the rest of the hold is released');

    // The site host's 10% of the service fee (¥10.00 × 10%) sits in its pending balance.
    const hostBalance = await ocpp.app.request('GET', '/v1/balance', { key: hostKey });
    assert.equal(hostBalance.body.pending.find((b: { currency: string }) => b.currency === 'cny')?.amount, 100);

    // A replayed stop changes nothing.
    assert.deepEqual(await client.call('StopTransaction', stop), {});
    assert.equal((await intent(done.payment_intent)).amount_received, 2_400);
    assert.equal(await walletAvailable(consumer.token), before - 2_400);

    const sms = await ocpp.app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(consumer.phone)}`);
    assert.ok(sms.body.data.some((m: { body: string }) => m.body.includes(done.id)), 'the consumer gets a receipt');
    await verifyLedger();
  });

  test('RFID with a prepaid card: refused at Authorize below the minimum hold, charged at stop when it covers it', async () => {
    const { client } = await station('RFID-1');
    const issue = async (amount: number) => (await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: amount } })).body;
    const poor = await issue(3_000);
    const rich = await issue(20_000);
    for (const [tag, card] of [
      ['TAG-POOR', poor.id],
      ['TAG-RICH', rich.id],
    ]) {
      const registered = await ocpp.app.request('POST', '/v1/charging/id_tags', { key: operatorKey, body: { id_tag: tag, prepaid_card: card } });
      assert.equal(registered.status, 200, JSON.stringify(registered.body));
    }
    assert.deepEqual(await client.call('Authorize', { idTag: 'TAG-POOR' }), { idTagInfo: { status: 'Blocked' } });
    assert.deepEqual(await client.call('Authorize', { idTag: 'UNKNOWN' }), { idTagInfo: { status: 'Invalid' } });
    assert.deepEqual(await client.call('Authorize', { idTag: 'TAG-RICH' }), { idTagInfo: { status: 'Accepted' } });

    const t0 = ocpp.app.clock.nowMs();
    const start = (await client.call('StartTransaction', { connectorId: 2, idTag: 'TAG-RICH', meterStart: 0, timestamp: iso(t0) })) as { transactionId: number; idTagInfo: { status: string } };
    assert.equal(start.idTagInfo.status, 'Accepted');
    const card = async () => (await ocpp.app.request('GET', `/v1/prepaid_cards/${rich.id}`)).body;
    assert.equal((await card()).held, 5_000, 'the tariff’s minimum hold is placed at StartTransaction');
    ocpp.app.clock.advanceMs(20 * 60_000);
    await client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 2_000, timestamp: iso(t0 + 20 * 60_000), reason: 'Local' });
    const c = await card();
    assert.equal(c.held, 0);
    assert.equal(c.balance, 20_000 - 240, '2 kWh × ¥1.20');
    await verifyLedger();
  });

  test('a station that replays its queued StopTransaction twice after reconnecting is charged once', async () => {
    const { client } = await station('OFFLINE-1');
    const card = (await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 50_000 } })).body;
    await ocpp.app.request('POST', '/v1/charging/id_tags', { key: operatorKey, body: { id_tag: 'TAG-OFFLINE', prepaid_card: card.id } });
    const t0 = ocpp.app.clock.nowMs();
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG-OFFLINE', meterStart: 500, timestamp: iso(t0) })) as { transactionId: number };
    await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 10 * 60_000, 5_500)] });
    // The network drops; the station keeps charging and queues its messages.
    const gone = waitForPresence(ocpp.app, 'disconnected', 'OFFLINE-1');
    await client.close({ force: true });
    await gone;
    ocpp.app.clock.advanceMs(30 * 60_000);
    const again = await ocpp.connect('OFFLINE-1');
    const queued = [
      ['MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 20 * 60_000, 10_500)] }],
      ['StopTransaction', { transactionId: start.transactionId, meterStop: 12_500, timestamp: iso(t0 + 25 * 60_000), reason: 'EVDisconnected' }],
      ['StopTransaction', { transactionId: start.transactionId, meterStop: 12_500, timestamp: iso(t0 + 25 * 60_000), reason: 'EVDisconnected' }],
      // A late duplicate of an earlier reading, after the stop.
      ['MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 10 * 60_000, 5_500)] }],
    ] as const;
    for (const [action, params] of queued) await again.call(action, params);
    const balance = (await ocpp.app.request('GET', `/v1/prepaid_cards/${card.id}`)).body;
    assert.equal(balance.balance, 50_000 - 1_440, '12 kWh × ¥1.20, once');
    assert.equal(balance.held, 0);
    const listed = await ocpp.app.request('GET', '/v1/charging/sessions?station=OFFLINE-1', { key: operatorKey });
    assert.equal(listed.body.data.length, 1);
    assert.equal(listed.body.data[0].status, 'completed');
    assert.equal(listed.body.data[0].stopped_at, Math.floor((t0 + 25 * 60_000) / 1000), 'billed from the station’s timestamp, not the arrival time');
    await verifyLedger();
  });

  test('a session that reaches its hold is stopped remotely and never charged beyond the hold', async () => {
    const { client, remoteStarts, remoteStops } = await station('CAP-1');
    const before = await walletAvailable(consumer.token);
    const started = await ocpp.app.request('POST', '/v1/me/charging/sessions', { key: consumer.token, body: { station: 'CAP-1', connector: 1, payment_method: 'wallet', hold_amount: 5_000, payment_password: '112233' } });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    await sendCommands();
    const idTag = remoteStarts[0]?.idTag ?? '';
    const t0 = ocpp.app.clock.nowMs();
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: iso(t0) })) as { transactionId: number };
    ocpp.app.clock.advanceMs(30 * 60_000);
    // 20 kWh (¥24.00), then 38 kWh (¥45.60): the next step would pass ¥50.00.
    await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 15 * 60_000, 20_000)] });
    assert.deepEqual(remoteStops, []);
    await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 30 * 60_000, 38_000)] });
    await sendCommands();
    assert.deepEqual(remoteStops, [start.transactionId], 'RemoteStopTransaction is sent at the cap');
    assert.ok((await session(started.body.id)).flags.includes('cap_reached'));
    // The station stops a little later than asked: 45 kWh would be ¥54.00.
    await client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 45_000, timestamp: iso(t0 + 30 * 60_000), reason: 'Remote' });
    const done = await session(started.body.id);
    assert.equal(done.priced_amount, 5_400);
    assert.equal(done.amount, 5_000);
    assert.deepEqual(done.line_items.at(-1), { type: 'cap', amount: -400 });
    assert.equal(await walletAvailable(consumer.token), before - 5_000);
    await verifyLedger();
  });

  test('schema violations get the right CallError and change nothing', async () => {
    const { client } = await station('BAD-1');
    const count = async () => (await ocpp.app.request('GET', '/v1/charging/sessions?station=BAD-1', { key: operatorKey })).body.data.length;
    const missingTag = await rawCall(client, 'StartTransaction', { connectorId: 1, meterStart: 0, timestamp: iso(ocpp.app.clock.nowMs()) });
    assert.equal(missingTag[0], 4);
    assert.equal(missingTag[2], 'OccurenceConstraintViolation');
    const wrongType = await rawCall(client, 'StartTransaction', { connectorId: 1, idTag: 'X', meterStart: 'lots', timestamp: iso(ocpp.app.clock.nowMs()) });
    assert.equal(wrongType[2], 'TypeConstraintViolation');
    // ocpp-rpc maps a broken length to FormatViolation, which OCPP 1.6 spells FormationViolation.
    const tooLong = await rawCall(client, 'Authorize', { idTag: 'x'.repeat(21) });
    assert.equal(tooLong[2], 'FormationViolation');
    const badReading = await callError(client.call('MeterValues', { connectorId: 1, transactionId: 1, meterValue: [{ timestamp: iso(ocpp.app.clock.nowMs()), sampledValue: [{ value: 'NaN' }] }] }));
    assert.equal(badReading.code, 'PropertyConstraintViolation');
    const noConnector = await callError(client.call('StartTransaction', { connectorId: 7, idTag: 'X', meterStart: 0, timestamp: iso(ocpp.app.clock.nowMs()) }));
    assert.equal(noConnector.code, 'PropertyConstraintViolation');
    assert.equal(await count(), 0);
    assert.deepEqual(await client.call('DataTransfer', { vendorId: 'com.example' }), { status: 'UnknownVendorId' });
  });

  test('a session whose station vanished is closed from its last meter reading by the sweeper, and flagged', async () => {
    const { client } = await station('GONE-1');
    const card = (await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 50_000 } })).body;
    await ocpp.app.request('POST', '/v1/charging/id_tags', { key: operatorKey, body: { id_tag: 'TAG-GONE', prepaid_card: card.id } });
    const t0 = ocpp.app.clock.nowMs();
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG-GONE', meterStart: 0, timestamp: iso(t0) })) as { transactionId: number };
    ocpp.app.clock.advanceMs(10 * 60_000);
    await client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 10 * 60_000, 5_000)] });
    const gone = waitForPresence(ocpp.app, 'disconnected', 'GONE-1');
    await client.close({ force: true });
    await gone;
    const sessions = ocpp.app.paygrid.modules.chargingSessions;
    ocpp.app.clock.advanceMs(30 * 60_000);
    await sessions.sweep();
    const listed = async () => (await ocpp.app.request('GET', '/v1/charging/sessions?station=GONE-1', { key: operatorKey })).body.data[0];
    assert.equal((await listed()).status, 'charging', 'not before the vanish timeout');
    ocpp.app.clock.advanceMs(31 * 60_000);
    await sessions.sweep();
    const closed = await listed();
    assert.equal(closed.status, 'completed');
    assert.ok(closed.flags.includes('station_vanished'));
    assert.equal(closed.stopped_at, Math.floor((t0 + 10 * 60_000) / 1000));
    assert.equal(closed.amount, 600, '5 kWh × ¥1.20, to the last reading');
    await verifyLedger();
  });

  test('a start the station refuses fails the session and releases the hold', async () => {
    const { client } = await station('REFUSE-1');
    client.removeHandler('RemoteStartTransaction');
    client.handle('RemoteStartTransaction', async () => ({ status: 'Rejected' }));
    const before = await walletAvailable(consumer.token);
    const started = await ocpp.app.request('POST', '/v1/me/charging/sessions', { key: consumer.token, body: { station: 'REFUSE-1', connector: 1, payment_method: 'wallet', hold_amount: 6_000, payment_password: '112233' } });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    await sendCommands();
    const failed = await session(started.body.id, consumer.token);
    assert.equal(failed.status, 'failed');
    assert.equal((await intent(failed.payment_intent)).status, 'canceled');
    assert.equal(await walletAvailable(consumer.token), before);
  });

  test('bad starts are refused with a code and the parameter, and hold nothing', async () => {
    await station('REQ-1');
    const before = await walletAvailable(consumer.token);
    const start = (body: Record<string, unknown>) => ocpp.app.request('POST', '/v1/me/charging/sessions', { key: consumer.token, body: { station: 'REQ-1', connector: 1, payment_method: 'wallet', hold_amount: 6_000, payment_password: '112233', ...body } });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ hold_amount: 100 }, 400, 'hold_amount'],
      [{ station: 'NOPE' }, 404, 'station'],
      [{ connector: 9 }, 404, 'connector'],
      [{ payment_method: 'bitcoin' }, 400, 'payment_method'],
      [{ payment_password: undefined }, 400, 'payment_password'],
      [{ payment_password: '000000' }, 400, 'password'],
    ];
    for (const [body, status, param] of cases) {
      const refused = await start(body);
      assert.equal(refused.status, status, JSON.stringify([body, refused.body]));
      assert.equal(refused.body.error.param, param, JSON.stringify(refused.body));
    }
    assert.equal(await walletAvailable(consumer.token), before);
    // Only the consumer themselves starts sessions.
    assert.equal((await ocpp.app.request('POST', '/v1/me/charging/sessions', { key: operatorKey, body: { station: 'REQ-1', connector: 1, payment_method: 'wallet', hold_amount: 6_000 } })).status, 403);
  });
});
