import { strict as assert } from 'node:assert';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import { PASSWORD, callError, closedWith, rawCall, rawFrame, startOcppApp, waitForPresence, type OcppTestApp } from './support.ts';

/**
 * The OCPP 1.6J central system over real WebSockets, with ocpp-rpc's strict
 * client as the station: the handshake (path, basic auth, subprotocol), Boot,
 * Heartbeat and StatusNotification, schema violations, the boot rule,
 * reconnects, online state and commands to stations.
 */
const HEARTBEAT_INTERVAL_S = 120;

describe('OCPP 1.6J central system', () => {
  let ocpp: OcppTestApp;
  before(async () => {
    ocpp = await startOcppApp({ PAYGRID_OCPP_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_INTERVAL_S) });
    for (const id of ['CP-HANDSHAKE', 'CP-BOOT', 'CP-STATUS', 'CP-BAD', 'CP-EARLY', 'CP-RECONNECT', 'CP-PRESENCE', 'CP-COMMAND', 'CP-FAULT', 'CP-OTHER']) await ocpp.register(id);
  });
  after(async () => {
    await ocpp.close();
  });

  test('a registered station with its password connects on the HTTP port with subprotocol ocpp1.6', async () => {
    const station = await ocpp.connect('CP-HANDSHAKE');
    assert.equal(station.protocol, 'ocpp1.6');
    assert.equal((await ocpp.find('CP-HANDSHAKE')).online, true);
    // The HTTP API keeps answering on the same port.
    const health = await fetch(`${ocpp.httpUrl}/healthz`);
    assert.equal(health.status, 200);
  });

  test('handshakes are refused for unknown stations, wrong or missing credentials and other paths', async () => {
    const refusals: Array<{ name: string; endpoint?: string; id: string; password?: string | undefined; status: number }> = [
      { name: 'unknown station', id: 'CP-NOBODY', status: 404 },
      { name: 'wrong password', id: 'CP-OTHER', password: 'not-the-password-at-all', status: 401 },
      { name: 'no basic auth', id: 'CP-OTHER', password: undefined, status: 401 },
      { name: 'a path outside /ocpp/', endpoint: `ws://127.0.0.1:${ocpp.port}/charge`, id: 'CP-OTHER', status: 404 },
      { name: 'a nested path', endpoint: `${ocpp.endpoint}/CP-OTHER`, id: 'extra', status: 404 },
      { name: 'an id outside the station id alphabet', id: 'CP OTHER', status: 404 },
    ];
    for (const refusal of refusals) {
      const station = ocpp.client(refusal.id, { password: 'password' in refusal ? refusal.password : PASSWORD, ...(refusal.endpoint === undefined ? {} : { endpoint: refusal.endpoint }) });
      const error = await station.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ocppRpc.UnexpectedHttpResponse, `${refusal.name}: ${String(error)}`);
      assert.equal(error.code, refusal.status, refusal.name);
      if (refusal.status === 401) assert.match(String(error.response.headers['www-authenticate']), /^Basic /, refusal.name);
    }
    // A station's own password does not open another station.
    const impostor = ocpp.client('CP-OTHER', { headers: { authorization: `Basic ${Buffer.from(`CP-HANDSHAKE:${PASSWORD}`).toString('base64')}` }, password: undefined });
    assert.equal(((await impostor.connect().catch((e: unknown) => e)) as { code: number }).code, 401);
    assert.equal((await ocpp.find('CP-OTHER')).online, false);
    assert.equal((await fetch(`${ocpp.httpUrl}/healthz`)).status, 200, 'refusals never take the server down');
  });

  test('without the ocpp1.6 subprotocol the handshake completes without one and the connection closes (OCPP-J 1.6 §3.1.2)', async () => {
    const { status, protocol, closeCode } = await rawUpgrade(ocpp.port, '/ocpp/CP-OTHER', { 'sec-websocket-protocol': 'ocpp2.0.1', authorization: `Basic ${Buffer.from(`CP-OTHER:${PASSWORD}`).toString('base64')}` });
    assert.equal(status, 101);
    assert.equal(protocol, undefined);
    assert.equal(closeCode, 1002);
    const station = ocpp.client('CP-OTHER', { protocols: ['ocpp2.0.1'] });
    await assert.rejects(station.connect());
    assert.equal(ocpp.app.paygrid.ocpp.connected.isConnected('CP-OTHER'), false);
  });

  test('BootNotification is accepted with the heartbeat interval and the clock, and records the station', async () => {
    const station = await ocpp.connect('CP-BOOT');
    const boot = await station.call('BootNotification', { chargePointVendor: 'StarCharge', chargePointModel: 'DC120', firmwareVersion: '2.4.1', chargePointSerialNumber: 'SN-0001' });
    assert.deepEqual(boot, { status: 'Accepted', interval: HEARTBEAT_INTERVAL_S, currentTime: new Date(ocpp.app.clock.nowMs()).toISOString() });
    const recorded = await ocpp.find('CP-BOOT');
    assert.equal(recorded.vendor, 'StarCharge');
    assert.equal(recorded.model, 'DC120');
    assert.equal(recorded.firmware, '2.4.1');
    assert.equal(recorded.online, true);
  });

  test('Heartbeat answers the central system’s time and records the contact', async () => {
    const station = await ocpp.connectBooted('CP-STATUS');
    ocpp.app.clock.advanceMs(90_000);
    const beat = await station.call('Heartbeat', {});
    assert.deepEqual(beat, { currentTime: new Date(ocpp.app.clock.nowMs()).toISOString() });
    assert.equal((await ocpp.find('CP-STATUS')).lastSeenAtMs, ocpp.app.clock.nowMs());
  });

  test('StatusNotification records the connector status as of its timestamp; an older replay does not overwrite a newer one', async () => {
    const station = await ocpp.connectBooted('CP-STATUS');
    const now = ocpp.app.clock.nowMs();
    const iso = (ms: number): string => new Date(ms).toISOString();
    const connector = async (id: number) => (await ocpp.find('CP-STATUS')).connectors.find((c) => c.id === id);
    const steps: Array<{ name: string; params: Record<string, unknown>; connectorId: number; status: string; errorCode: string; atMs: number }> = [
      { name: 'no timestamp: now', params: { connectorId: 1, errorCode: 'NoError', status: 'Available' }, connectorId: 1, status: 'Available', errorCode: 'NoError', atMs: now },
      { name: 'a later status', params: { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: iso(now + 0) }, connectorId: 1, status: 'Charging', errorCode: 'NoError', atMs: now },
      { name: 'an older status replayed after a reconnect', params: { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: iso(now - 60_000) }, connectorId: 1, status: 'Charging', errorCode: 'NoError', atMs: now },
      { name: 'another connector, with an error', params: { connectorId: 2, errorCode: 'GroundFailure', status: 'Faulted', timestamp: iso(now - 5_000), vendorErrorCode: 'E42' }, connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', atMs: now - 5_000 },
      { name: 'a timestamp ahead of the clock counts as now', params: { connectorId: 2, errorCode: 'NoError', status: 'Available', timestamp: iso(now + 3_600_000) }, connectorId: 2, status: 'Available', errorCode: 'NoError', atMs: now },
    ];
    for (const step of steps) {
      assert.deepEqual(await station.call('StatusNotification', step.params), {}, step.name);
      const recorded = await connector(step.connectorId);
      assert.deepEqual({ status: recorded?.status, errorCode: recorded?.errorCode, atMs: recorded?.statusAtMs }, { status: step.status, errorCode: step.errorCode, atMs: step.atMs }, step.name);
    }
    // Connector 0 is the station as a whole: acknowledged, no connector changes.
    const before = await ocpp.find('CP-STATUS');
    assert.deepEqual(await station.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Unavailable' }), {});
    assert.deepEqual((await ocpp.find('CP-STATUS')).connectors, before.connectors);
    // A connector the station was not registered with is refused.
    const unknown = await callError(station.call('StatusNotification', { connectorId: 3, errorCode: 'NoError', status: 'Available' }));
    assert.equal(unknown.code, 'PropertyConstraintViolation');
    assert.deepEqual((await ocpp.find('CP-STATUS')).connectors, before.connectors);
  });

  test('schema violations get the OCPP-J 1.6 CallError and change nothing', async () => {
    const station = await ocpp.connectBooted('CP-BAD');
    await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const before = await ocpp.find('CP-BAD');
    const violations: Array<{ name: string; action: string; params: unknown; code: string }> = [
      { name: 'a status outside the enumeration', action: 'StatusNotification', params: { connectorId: 1, errorCode: 'NoError', status: 'Broken' }, code: 'FormationViolation' },
      { name: 'a missing required field', action: 'StatusNotification', params: { connectorId: 1, status: 'Faulted' }, code: 'OccurenceConstraintViolation' },
      { name: 'a field of the wrong type', action: 'StatusNotification', params: { connectorId: '1', errorCode: 'NoError', status: 'Faulted' }, code: 'TypeConstraintViolation' },
      { name: 'a field the schema does not have', action: 'StatusNotification', params: { connectorId: 1, errorCode: 'NoError', status: 'Faulted', colour: 'red' }, code: 'PropertyConstraintViolation' },
      { name: 'a timestamp that is not a date-time', action: 'StatusNotification', params: { connectorId: 1, errorCode: 'NoError', status: 'Faulted', timestamp: 'yesterday' }, code: 'FormationViolation' },
      { name: 'a payload that is not an object', action: 'StatusNotification', params: [1, 'NoError', 'Faulted'], code: 'TypeConstraintViolation' },
      { name: 'a vendor name over 20 characters', action: 'BootNotification', params: { chargePointVendor: 'A'.repeat(21), chargePointModel: 'M' }, code: 'FormationViolation' },
      { name: 'a known action not handled (firmware management is not built)', action: 'FirmwareStatusNotification', params: { status: 'Idle' }, code: 'NotImplemented' },
      { name: 'an unknown action', action: 'MakeCoffee', params: {}, code: 'NotImplemented' },
    ];
    for (const violation of violations) {
      const answer = await rawCall(station, violation.action, violation.params);
      assert.equal(answer[0], 4, `${violation.name}: a CALLERROR`);
      assert.equal(answer[2], violation.code, violation.name);
    }
    // A frame that is not JSON at all: no message id to answer, so the id is "-1".
    const garbage = await rawFrame(station, 'this is not json', '-1');
    assert.equal(garbage[2], 'FormationViolation');
    const after = await ocpp.find('CP-BAD');
    assert.deepEqual(after.connectors, before.connectors);
    assert.equal(after.vendor, before.vendor);
    // The connection survives and still works.
    assert.deepEqual(await station.call('Heartbeat', {}), { currentTime: new Date(ocpp.app.clock.nowMs()).toISOString() });
  });

  test('before its boot is accepted a station gets SecurityError for anything but BootNotification', async () => {
    const station = await ocpp.connect('CP-EARLY');
    for (const [action, params] of [
      ['Heartbeat', {}],
      ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' }],
    ] as const) {
      const refused = await callError(station.call(action, params));
      assert.equal(refused.code, 'SecurityError', action);
      assert.match(refused.description, /BootNotification/);
    }
    const station0 = await ocpp.find('CP-EARLY');
    assert.equal(station0.connectors[0]?.status, 'Unavailable', 'the early status changed nothing');
    assert.equal(station0.connectors[0]?.statusAtMs, null);
    assert.equal(((await station.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })) as { status: string }).status, 'Accepted');
    assert.deepEqual(await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' }), {});
    assert.equal((await ocpp.find('CP-EARLY')).connectors[0]?.status, 'Charging');
  });

  test('a second connection replaces the first, and a station that only reconnected need not boot again', async () => {
    const first = await ocpp.connectBooted('CP-RECONNECT');
    const firstClosed = closedWith(first);
    const firstGone = waitForPresence(ocpp.app, 'disconnected', 'CP-RECONNECT');
    const second = await ocpp.connect('CP-RECONNECT');
    assert.deepEqual(await firstClosed, { code: 1000, reason: 'replaced by a newer connection' });
    assert.deepEqual(await firstGone, { replaced: true });
    assert.deepEqual(ocpp.app.paygrid.ocpp.connected.stationIds().filter((id) => id === 'CP-RECONNECT'), ['CP-RECONNECT']);
    assert.equal((await ocpp.find('CP-RECONNECT')).online, true, 'the replaced connection does not mark the station offline');
    // OCPP 1.6 §4.2: only a reboot sends BootNotification; a reconnect goes on where it was.
    assert.deepEqual(await second.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' }), {});
    assert.equal((await ocpp.find('CP-RECONNECT')).connectors[1]?.status, 'Available');
  });

  test('a station is online while connected and offline once it disconnects', async () => {
    assert.equal((await ocpp.find('CP-PRESENCE')).online, false);
    const station = await ocpp.connect('CP-PRESENCE');
    assert.equal((await ocpp.find('CP-PRESENCE')).online, true);
    assert.equal(ocpp.app.paygrid.ocpp.connected.isConnected('CP-PRESENCE'), true);
    const gone = waitForPresence(ocpp.app, 'disconnected', 'CP-PRESENCE');
    await station.close({ code: 1000, reason: 'power cut' });
    assert.deepEqual(await gone, { replaced: false });
    assert.equal((await ocpp.find('CP-PRESENCE')).online, false);
    assert.equal(ocpp.app.paygrid.ocpp.connected.isConnected('CP-PRESENCE'), false);
    // It comes back.
    await ocpp.connect('CP-PRESENCE');
    assert.equal((await ocpp.find('CP-PRESENCE')).online, true);
  });

  test('a failure inside the central system is answered InternalError without its details, and a retry succeeds', async () => {
    const station = await ocpp.connect('CP-FAULT');
    const stations = ocpp.app.paygrid.modules.stations;
    const recordBoot = stations.recordBoot;
    stations.recordBoot = async () => {
      throw new Error('connection terminated: SELECT secret FROM internals');
    };
    try {
      const failed = await callError(station.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }));
      assert.equal(failed.code, 'InternalError');
      assert.doesNotMatch(failed.description, /SELECT|secret/);
    } finally {
      stations.recordBoot = recordBoot;
    }
    assert.equal((await ocpp.find('CP-FAULT')).vendor, null);
    assert.equal(((await station.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })) as { status: string }).status, 'Accepted');
  });

  test('the central system sends CALLs to a connected station and gets its answer or its CallError', async () => {
    const station = await ocpp.connectBooted('CP-COMMAND');
    const received: unknown[] = [];
    station.handle('Reset', async ({ params }) => {
      received.push(params);
      return { status: 'Accepted' };
    });
    station.handle('UnlockConnector', async () => {
      throw ocppRpc.createRPCError('NotSupported', 'this model has no lock');
    });
    const connected = ocpp.app.paygrid.ocpp.connected;
    assert.deepEqual(await connected.call('CP-COMMAND', 'Reset', { type: 'Soft' }), { ok: true, result: { status: 'Accepted' } });
    assert.deepEqual(received, [{ type: 'Soft' }]);
    assert.deepEqual(await connected.call('CP-COMMAND', 'UnlockConnector', { connectorId: 1 }), { ok: false, failure: 'call_error', errorCode: 'NotSupported', description: 'this model has no lock' });
    assert.deepEqual(await connected.call('CP-NOBODY', 'Reset', { type: 'Soft' }), { ok: false, failure: 'station_not_connected' });
    // A station that never answers: the call gives up after its timeout, and the next call goes through.
    station.handle('GetConfiguration', async () => ocppRpc.NOREPLY);
    assert.deepEqual(await connected.call('CP-COMMAND', 'GetConfiguration', {}, { timeoutMs: 50 }), { ok: false, failure: 'call_timeout' });
    assert.deepEqual(await connected.call('CP-COMMAND', 'Reset', { type: 'Hard' }), { ok: true, result: { status: 'Accepted' } });
    // A station that drops the connection instead of answering.
    station.handle('ChangeAvailability', async () => {
      void station.close({ force: true });
      return ocppRpc.NOREPLY;
    });
    assert.deepEqual(await connected.call('CP-COMMAND', 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' }), { ok: false, failure: 'connection_lost' });
  });
});

/**
 * A WebSocket handshake by hand, for what a WebSocket client library hides:
 * the status, the subprotocol the server chose, and the close code of the
 * first frame the server sends.
 */
async function rawUpgrade(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; protocol: string | undefined; closeCode: number | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': Buffer.from('paygrid-ocpp-key').toString('base64'), ...headers },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, protocol: undefined, closeCode: undefined });
    });
    request.on('upgrade', (response, socket: Socket, head: Buffer) => {
      const protocol = response.headers['sec-websocket-protocol'];
      let received = head;
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        // An unmasked server frame: opcode 0x8 is a close, its payload starts with the 2-byte code.
        if (received.length >= 4) {
          socket.off('data', onData);
          socket.destroy();
          const isClose = (received[0]! & 0x0f) === 0x8;
          resolve({ status: response.statusCode ?? 0, protocol, closeCode: isClose ? received.readUInt16BE(2) : undefined });
        }
      };
      socket.on('data', onData);
      onData(Buffer.alloc(0));
    });
    request.end();
  });
}
