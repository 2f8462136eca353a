import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { SimulatedStation, type Delivery, type StationOptions } from '../../src/simulator/index.ts';
import { PASSWORD, startOcppApp, waitForPresence, type OcppTestApp } from '../ocpp/support.ts';

/**
 * The simulated station against Paygrid's central system over real
 * WebSockets: boot and statuses, RFID and remote sessions with meter values,
 * the central system's commands sent through the OCPP edge, and the offline
 * queue replayed in order. The test clock drives time: nothing sleeps.
 *
 * The test tariff is flat: ¥0.70 electricity + ¥0.50 service = ¥1.20 per kWh,
 * with a minimum hold of ¥50.00.
 */
const HEARTBEAT_INTERVAL_S = 120;
const MINUTE_MS = 60_000;

describe('simulated charging station', () => {
  let ocpp: OcppTestApp;
  const stations: SimulatedStation[] = [];
  /** An RFID tag bound to a prepaid card with ¥1,000.00. */
  let tag: { idTag: string; cardId: string };
  let tagCount = 0;

  before(async () => {
    ocpp = await startOcppApp({ PAYGRID_OCPP_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_INTERVAL_S) });
    tag = await newTag();
  });
  after(async () => {
    await Promise.all(stations.map((s) => s.close()));
    await ocpp.close();
  });

  async function newTag(): Promise<{ idTag: string; cardId: string }> {
    const card = await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 100_000 } });
    assert.equal(card.status, 200, JSON.stringify(card.body));
    tagCount += 1;
    const idTag = `SIM-TAG-${tagCount}`;
    const registered = await ocpp.app.request('POST', '/v1/charging/id_tags', { key: ocpp.merchantKey, body: { id_tag: idTag, prepaid_card: card.body.id } });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    return { idTag, cardId: card.body.id };
  }

  /** A registered station's simulator on the test clock, and every frame it delivers. */
  async function simulator(id: string, options: Partial<StationOptions> = {}): Promise<{ station: SimulatedStation; delivered: Delivery[] }> {
    await ocpp.register(id);
    const station = new SimulatedStation({ endpoint: ocpp.endpoint, stationId: id, password: PASSWORD, clock: ocpp.app.clock, seed: 42, pingIntervalMs: 0, reconnect: false, ...options });
    stations.push(station);
    const delivered: Delivery[] = [];
    station.events.on('delivered', (d) => delivered.push(d));
    return { station, delivered };
  }

  const actions = (delivered: readonly Delivery[]): string[] => delivered.map((d) => (d.action === 'StatusNotification' ? `Status ${(d.payload as { connectorId: number; status: string }).connectorId} ${(d.payload as { status: string }).status}` : d.action));
  const payload = <T>(delivered: readonly Delivery[], action: string): T => {
    const found = delivered.find((d) => d.action === action);
    assert.ok(found, `no ${action} was delivered`);
    return found.payload as T;
  };
  const connectorStatuses = async (id: string): Promise<string[]> => (await ocpp.find(id)).connectors.map((c) => c.status);
  const sessionsAt = async (stationId: string) => (await ocpp.app.request('GET', `/v1/charging/sessions?station=${stationId}`, { key: ocpp.merchantKey })).body.data as Array<{ status: string; energy_wh: number; amount: number; transaction_id: number }>;
  type Reading = { timestamp: string; sampledValue: Array<{ value: string; measurand?: string; context?: string; unit?: string }> };

  test('boots, reports each connector and takes the central system’s heartbeat interval unless told otherwise', async () => {
    const { station, delivered } = await simulator('SIM-BOOT');
    assert.equal(await station.start(), 'Accepted');
    await station.settled();
    assert.deepEqual(actions(delivered), ['BootNotification', 'Status 1 Available', 'Status 2 Available']);
    const recorded = await ocpp.find('SIM-BOOT');
    assert.deepEqual({ online: recorded.online, vendor: recorded.vendor, model: recorded.model }, { online: true, vendor: 'Paygrid', model: 'Simulator' });
    assert.deepEqual(
      recorded.connectors.map((c) => [c.status, c.statusAtMs]),
      [
        ['Available', ocpp.app.clock.nowMs()],
        ['Available', ocpp.app.clock.nowMs()],
      ],
    );
    assert.equal(station.configuration.integer('HeartbeatInterval'), HEARTBEAT_INTERVAL_S);
    ocpp.app.clock.advanceMs(HEARTBEAT_INTERVAL_S * 1_000);
    const beat = await station.heartbeat();
    assert.deepEqual(beat.outcome === 'answered' && beat.result, { currentTime: new Date(ocpp.app.clock.nowMs()).toISOString() });
    assert.equal((await ocpp.find('SIM-BOOT')).lastSeenAtMs, ocpp.app.clock.nowMs());

    const { station: own } = await simulator('SIM-BOOT-OWN', { heartbeatIntervalS: 15 });
    assert.equal(await own.start(), 'Accepted');
    assert.equal(own.configuration.integer('HeartbeatInterval'), 15);
  });

  test('an RFID session: Authorize, StartTransaction with the tag and the register, meter values rising at the set power, StopTransaction with transactionData; billed once', async () => {
    const { station, delivered } = await simulator('SIM-RFID', { powerW: 11_000 });
    await station.start();
    await station.settled();
    delivered.length = 0;
    const started = await station.startRfidSession(1, tag.idTag);
    assert.equal(started.result, 'started');
    await station.settled();
    assert.deepEqual(actions(delivered), ['Status 1 Preparing', 'Authorize', 'StartTransaction', 'Status 1 Charging']);
    const start = payload<{ connectorId: number; idTag: string; meterStart: number; timestamp: string }>(delivered, 'StartTransaction');
    assert.deepEqual(start, { connectorId: 1, idTag: tag.idTag, meterStart: start.meterStart, timestamp: new Date(ocpp.app.clock.nowMs()).toISOString() });
    assert.deepEqual(await connectorStatuses('SIM-RFID'), ['Charging', 'Available']);

    ocpp.app.clock.advanceMs(30 * MINUTE_MS);
    delivered.length = 0;
    await station.sendMeterValues(1);
    const meter = payload<{ connectorId: number; transactionId: number; meterValue: Reading[] }>(delivered, 'MeterValues');
    assert.equal(meter.transactionId, started.result === 'started' ? started.transactionId : undefined);
    assert.deepEqual(
      meter.meterValue[0]?.sampledValue.map((v) => [v.measurand, v.value, v.unit, v.context]),
      [
        ['Energy.Active.Import.Register', String(start.meterStart + 5_500), 'Wh', 'Sample.Periodic'],
        ['Power.Active.Import', '11000', 'W', 'Sample.Periodic'],
      ],
      '11 kW for 30 minutes is 5.5 kWh',
    );
    assert.equal((await sessionsAt('SIM-RFID'))[0]?.energy_wh, 5_500, 'the central system reads the register');

    ocpp.app.clock.advanceMs(30 * MINUTE_MS);
    delivered.length = 0;
    const stopped = await station.stop(1, 'Local');
    assert.equal(stopped.result === 'stopped' && stopped.meterStopWh, start.meterStart + 11_000);
    await station.settled();
    assert.deepEqual(actions(delivered), ['Status 1 Finishing', 'StopTransaction', 'Status 1 Available']);
    const stop = payload<{ meterStop: number; reason: string; transactionData: Reading[] }>(delivered, 'StopTransaction');
    assert.equal(stop.reason, 'Local');
    assert.deepEqual(
      stop.transactionData.map((r) => [r.sampledValue[0]?.context, r.sampledValue[0]?.value]),
      [
        ['Transaction.Begin', String(start.meterStart)],
        ['Transaction.End', String(start.meterStart + 11_000)],
      ],
    );
    const [session] = await sessionsAt('SIM-RFID');
    assert.deepEqual({ status: session?.status, energy: session?.energy_wh, amount: session?.amount }, { status: 'completed', energy: 11_000, amount: 1_320 }, '11 kWh × ¥1.20');
    assert.deepEqual(await connectorStatuses('SIM-RFID'), ['Available', 'Available']);
  });

  test('answers RemoteStartTransaction sent through the OCPP edge (Preparing, StartTransaction with that idTag, Charging) and RemoteStopTransaction (reason Remote)', async () => {
    const { station, delivered } = await simulator('SIM-REMOTE');
    await station.start();
    await station.settled();
    delivered.length = 0;
    const edge = ocpp.app.paygrid.ocpp.connected;
    assert.deepEqual(await edge.call('SIM-REMOTE', 'RemoteStartTransaction', { connectorId: 2, idTag: tag.idTag }), { ok: true, result: { status: 'Accepted' } });
    await station.settled();
    assert.deepEqual(actions(delivered), ['Status 2 Preparing', 'StartTransaction', 'Status 2 Charging'], 'AuthorizeRemoteTxRequests is false: no Authorize');
    assert.equal(payload<{ idTag: string }>(delivered, 'StartTransaction').idTag, tag.idTag);
    assert.deepEqual(await connectorStatuses('SIM-REMOTE'), ['Available', 'Charging']);
    const transactionId = station.connector(2).session?.transactionId;
    assert.equal(typeof transactionId, 'number');

    assert.deepEqual(await edge.call('SIM-REMOTE', 'RemoteStartTransaction', { connectorId: 2, idTag: tag.idTag }), { ok: true, result: { status: 'Rejected' } }, 'the connector is busy');
    assert.deepEqual(await edge.call('SIM-REMOTE', 'RemoteStopTransaction', { transactionId: (transactionId ?? 0) + 1_000 }), { ok: true, result: { status: 'Rejected' } }, 'no such transaction here');

    ocpp.app.clock.advanceMs(10 * MINUTE_MS);
    delivered.length = 0;
    assert.deepEqual(await edge.call('SIM-REMOTE', 'RemoteStopTransaction', { transactionId }), { ok: true, result: { status: 'Accepted' } });
    await station.settled();
    assert.deepEqual(actions(delivered), ['Status 2 Finishing', 'StopTransaction', 'Status 2 Available']);
    assert.deepEqual(payload<{ transactionId: number; reason: string }>(delivered, 'StopTransaction').reason, 'Remote');
    assert.equal((await sessionsAt('SIM-REMOTE'))[0]?.status, 'completed');
  });

  test('Reset: a soft reset stops the session first; a hard reset reboots at once and sends its StopTransaction after the new boot', async () => {
    for (const [type, expected] of [
      ['Soft', ['Status 1 Finishing', 'StopTransaction', 'Status 1 Available', 'BootNotification', 'Status 1 Available', 'Status 2 Available']],
      ['Hard', ['BootNotification', 'StopTransaction', 'Status 1 Available', 'Status 2 Available']],
    ] as const) {
      const id = `SIM-RESET-${type.toUpperCase()}`;
      const { station, delivered } = await simulator(id);
      await station.start();
      const started = await station.startRfidSession(1, (await newTag()).idTag);
      assert.equal(started.result, 'started');
      await station.settled();
      ocpp.app.clock.advanceMs(5 * MINUTE_MS);
      delivered.length = 0;
      const reconnected = waitForPresence(ocpp.app, 'connected', id);
      assert.deepEqual(await ocpp.app.paygrid.ocpp.connected.call(id, 'Reset', { type }), { ok: true, result: { status: 'Accepted' } });
      await station.settled();
      await reconnected;
      assert.deepEqual(actions(delivered), expected, type);
      assert.equal(payload<{ reason: string }>(delivered, 'StopTransaction').reason, `${type}Reset`);
      assert.equal((await sessionsAt(id))[0]?.status, 'completed', type);
      assert.equal((await ocpp.find(id)).online, true, type);
    }
  });

  test('ChangeAvailability, UnlockConnector, Get/ChangeConfiguration and TriggerMessage are answered and acted on', async () => {
    const { station, delivered } = await simulator('SIM-CMD');
    await station.start();
    await station.settled();
    const rows: Array<{ action: string; params: object; answer: object; then?: string[] }> = [
      { action: 'ChangeAvailability', params: { connectorId: 1, type: 'Inoperative' }, answer: { status: 'Accepted' }, then: ['Status 1 Unavailable'] },
      { action: 'ChangeAvailability', params: { connectorId: 7, type: 'Inoperative' }, answer: { status: 'Rejected' }, then: [] },
      { action: 'ChangeAvailability', params: { connectorId: 0, type: 'Operative' }, answer: { status: 'Accepted' }, then: ['Status 1 Available'] },
      { action: 'ChangeConfiguration', params: { key: 'MeterValueSampleInterval', value: '15' }, answer: { status: 'Accepted' } },
      { action: 'ChangeConfiguration', params: { key: 'HeartbeatInterval', value: 'soon' }, answer: { status: 'Rejected' } },
      { action: 'ChangeConfiguration', params: { key: 'NumberOfConnectors', value: '3' }, answer: { status: 'Rejected' } },
      { action: 'ChangeConfiguration', params: { key: 'NoSuchKey', value: '1' }, answer: { status: 'NotSupported' } },
      {
        action: 'GetConfiguration',
        params: { key: ['MeterValueSampleInterval', 'NumberOfConnectors', 'NoSuchKey'] },
        answer: {
          configurationKey: [
            { key: 'MeterValueSampleInterval', readonly: false, value: '15' },
            { key: 'NumberOfConnectors', readonly: true, value: '2' },
          ],
          unknownKey: ['NoSuchKey'],
        },
      },
      { action: 'TriggerMessage', params: { requestedMessage: 'Heartbeat' }, answer: { status: 'Accepted' }, then: ['Heartbeat'] },
      { action: 'TriggerMessage', params: { requestedMessage: 'StatusNotification', connectorId: 2 }, answer: { status: 'Accepted' }, then: ['Status 2 Available'] },
      { action: 'TriggerMessage', params: { requestedMessage: 'MeterValues', connectorId: 1 }, answer: { status: 'Accepted' }, then: ['MeterValues'] },
      { action: 'TriggerMessage', params: { requestedMessage: 'StatusNotification', connectorId: 9 }, answer: { status: 'Rejected' }, then: [] },
      { action: 'UnlockConnector', params: { connectorId: 9 }, answer: { status: 'NotSupported' } },
      { action: 'UnlockConnector', params: { connectorId: 1 }, answer: { status: 'Unlocked' }, then: [] },
    ];
    for (const row of rows) {
      delivered.length = 0;
      const answer = await ocpp.app.paygrid.ocpp.connected.call('SIM-CMD', row.action, row.params);
      await station.settled();
      const name = `${row.action} ${JSON.stringify(row.params)}`;
      assert.deepEqual(answer, { ok: true, result: row.answer }, name);
      if (row.then !== undefined) assert.deepEqual(actions(delivered), row.then, name);
    }
    const triggered = await ocpp.app.paygrid.ocpp.connected.call('SIM-CMD', 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 2 });
    assert.equal(triggered.ok, true);
    await station.settled();
    assert.equal(payload<{ meterValue: Reading[] }>(delivered, 'MeterValues').meterValue[0]?.sampledValue[0]?.context, 'Trigger');

    // A connector made Inoperative takes no session until it is Operative again.
    await ocpp.app.paygrid.ocpp.connected.call('SIM-CMD', 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' });
    await station.settled();
    assert.deepEqual(await station.startRfidSession(2, tag.idTag), { result: 'connector_unavailable' });
    assert.deepEqual(await connectorStatuses('SIM-CMD'), ['Available', 'Unavailable']);
  });

  test('offline, StartTransaction, MeterValues and StopTransaction queue and are replayed in order on reconnecting, with the transaction id learned from the replayed start; repeated copies are billed once', async () => {
    const { station, delivered } = await simulator('SIM-OFFLINE', { powerW: 12_000, repeatOnReplay: ['StartTransaction', 'StopTransaction'] });
    const { idTag, cardId } = await newTag();
    await station.start();
    await station.settled();
    const gone = waitForPresence(ocpp.app, 'disconnected', 'SIM-OFFLINE');
    await station.goOffline();
    await gone;
    const t0 = ocpp.app.clock.nowMs();
    const started = await station.startRfidSession(1, idTag);
    assert.deepEqual(started, { result: 'started', connectorId: 1, transactionId: undefined, queued: true }, 'LocalAuthorizeOffline: the station lets the driver charge');
    for (const minutes of [10, 10]) {
      ocpp.app.clock.advanceMs(minutes * MINUTE_MS);
      assert.deepEqual(await station.sendMeterValues(1), { outcome: 'queued' });
    }
    ocpp.app.clock.advanceMs(5 * MINUTE_MS);
    const stopped = await station.stop(1, 'EVDisconnected');
    assert.equal(stopped.result === 'stopped' && stopped.sent.outcome, 'queued');
    assert.equal(station.queuedMessages, 4);
    assert.equal((await sessionsAt('SIM-OFFLINE')).length, 0, 'the central system knows nothing yet');

    ocpp.app.clock.advanceMs(30 * MINUTE_MS);
    delivered.length = 0;
    await station.reconnect();
    await station.settled();
    assert.equal(station.queuedMessages, 0);
    assert.deepEqual(actions(delivered), ['StartTransaction', 'StartTransaction', 'MeterValues', 'MeterValues', 'StopTransaction', 'StopTransaction', 'Status 1 Available']);
    assert.deepEqual(
      delivered.map((d) => [d.replayed, d.repeat]),
      [
        [true, false],
        [true, true],
        [true, false],
        [true, false],
        [true, false],
        [true, true],
        [false, false],
      ],
    );
    const iso = (ms: number): string => new Date(ms).toISOString();
    const [first, repeated] = delivered.filter((d) => d.action === 'StartTransaction').map((d) => (d.answer.outcome === 'answered' ? (d.answer.result as { transactionId: number }).transactionId : undefined));
    assert.equal(typeof first, 'number');
    assert.equal(repeated, first, 'the central system answers a repeated start with the same transaction');
    const meters = delivered.filter((d) => d.action === 'MeterValues').map((d) => d.payload as { transactionId: number; meterValue: Reading[] });
    assert.deepEqual(
      meters.map((m) => [m.transactionId, m.meterValue[0]?.timestamp]),
      [
        [first, iso(t0 + 10 * MINUTE_MS)],
        [first, iso(t0 + 20 * MINUTE_MS)],
      ],
      'queued meter values carry the id learned on replay and their own (old) timestamps',
    );
    const stop = payload<{ transactionId: number; timestamp: string; reason: string }>(delivered, 'StopTransaction');
    assert.deepEqual([stop.transactionId, stop.timestamp, stop.reason], [first, iso(t0 + 25 * MINUTE_MS), 'EVDisconnected']);
    const sessions = await sessionsAt('SIM-OFFLINE');
    assert.equal(sessions.length, 1);
    assert.deepEqual({ status: sessions[0]?.status, energy: sessions[0]?.energy_wh, amount: sessions[0]?.amount }, { status: 'completed', energy: 5_000, amount: 600 }, '12 kW for 25 minutes = 5 kWh × ¥1.20, once');
    const card = (await ocpp.app.request('GET', `/v1/prepaid_cards/${cardId}`)).body;
    assert.deepEqual({ balance: card.balance, held: card.held }, { balance: 100_000 - 600, held: 0 });
  });

  test('a full offline queue lets the oldest meter values go and keeps StartTransaction and StopTransaction', async () => {
    // Never connected: the station is offline from the start.
    const station = new SimulatedStation({ endpoint: ocpp.endpoint, stationId: 'SIM-FULL', password: PASSWORD, clock: ocpp.app.clock, maxQueuedMessages: 3, pingIntervalMs: 0, reconnect: false });
    stations.push(station);
    const dropped: string[] = [];
    station.events.on('problem', (message) => dropped.push(message));
    assert.equal((await station.startRfidSession(1, 'ANY-TAG')).result, 'started');
    for (let i = 0; i < 4; i += 1) {
      ocpp.app.clock.advanceMs(MINUTE_MS);
      await station.sendMeterValues(1);
    }
    await station.stop(1);
    assert.equal(station.queuedMessages, 3);
    assert.equal(station.stats.dropped, 3, 'two meter values made room, then the StopTransaction took the place of a third');
    assert.deepEqual(dropped, ['MeterValues dropped: queue_full', 'MeterValues dropped: queue_full', 'MeterValues dropped: queue_full']);
  });

  test('the same seed gives the same meter registers; another seed, others', () => {
    const registers = (seed: number): number[] => {
      const station = new SimulatedStation({ endpoint: ocpp.endpoint, stationId: 'SIM-SEED', password: PASSWORD, clock: ocpp.app.clock, seed, pingIntervalMs: 0 });
      return station.connectorIds().map((id) => station.connector(id).meterWh);
    };
    assert.deepEqual(registers(7), registers(7));
    assert.notDeepEqual(registers(7), registers(8));
  });
});
