import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { inOcpp16Spelling, toOcpp16CallErrorCode } from '../../src/ocpp/call-errors.ts';
import { basicAuthPassword, offersOcpp16, stationIdFromUrl } from '../../src/ocpp/handshake.ts';
import { StationQueues } from '../../src/ocpp/station-queues.ts';

/** The pieces of the OCPP edge that need no socket: what a handshake's headers mean, CallError spelling, ordering, settings. */
describe('OCPP handshake headers', () => {
  test('the station id is the segment after /ocpp/, and nothing else is', () => {
    const cases: Array<[string | undefined, string | undefined]> = [
      ['/ocpp/CP-001', 'CP-001'],
      ['/ocpp/cp_1.a?token=x', 'cp_1.a'],
      ['/ocpp/', undefined],
      ['/ocpp', undefined],
      ['/ocpp/CP-001/', undefined],
      ['/ocpp/a/b', undefined],
      ['/OCPP/CP-001', undefined],
      ['/charge/CP-001', undefined],
      ['/ocpp/CP%20001', undefined],
      ['/ocpp/%E0%A4%A', undefined],
      [`/ocpp/${'x'.repeat(49)}`, undefined],
      [undefined, undefined],
    ];
    for (const [url, id] of cases) assert.equal(stationIdFromUrl(url), id, String(url));
  });

  test('basic auth yields the password only for the station named in the URL', () => {
    const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;
    assert.equal(basicAuthPassword(basic('CP-1:s3cret:with:colons'), 'CP-1'), 's3cret:with:colons');
    assert.equal(basicAuthPassword(basic('CP-1:'), 'CP-1'), '');
    assert.equal(basicAuthPassword(`bAsIc   ${Buffer.from('CP-1:pw').toString('base64')}`, 'CP-1'), 'pw');
    assert.equal(basicAuthPassword(basic('CP-2:pw'), 'CP-1'), undefined);
    assert.equal(basicAuthPassword(basic('CP-10:pw'), 'CP-1'), undefined);
    assert.equal(basicAuthPassword('Bearer abc', 'CP-1'), undefined);
    assert.equal(basicAuthPassword('Basic !!!', 'CP-1'), undefined);
    assert.equal(basicAuthPassword(basic(`CP-1:${'p'.repeat(600)}`), 'CP-1'), undefined, 'an oversized header is not decoded');
    assert.equal(basicAuthPassword(undefined, 'CP-1'), undefined);
  });

  test('the ocpp1.6 subprotocol is recognised among others', () => {
    assert.equal(offersOcpp16('ocpp1.6'), true);
    assert.equal(offersOcpp16('ocpp2.0.1, ocpp1.6'), true);
    assert.equal(offersOcpp16(['ocpp2.0.1', 'ocpp1.6']), true);
    assert.equal(offersOcpp16('ocpp1.6j'), false);
    assert.equal(offersOcpp16('ocpp2.0.1'), false);
    assert.equal(offersOcpp16(undefined), false);
  });
});

describe('OCPP-J 1.6 CallError codes', () => {
  test('later spellings and OCPP 2.0.1 codes become 1.6 codes', () => {
    const cases: Array<[string, string]> = [
      ['OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
      ['FormatViolation', 'FormationViolation'],
      ['RpcFrameworkError', 'FormationViolation'],
      ['MessageTypeNotSupported', 'GenericError'],
      ['SomethingNew', 'GenericError'],
      ['NotImplemented', 'NotImplemented'],
      ['OccurenceConstraintViolation', 'OccurenceConstraintViolation'],
      ['SecurityError', 'SecurityError'],
    ];
    for (const [from, to] of cases) assert.equal(toOcpp16CallErrorCode(from), to, from);
  });

  test('only CALLERROR frames are rewritten', () => {
    assert.equal(inOcpp16Spelling('[4,"m1","OccurrenceConstraintViolation","missing",{}]'), '[4,"m1","OccurenceConstraintViolation","missing",{}]');
    assert.equal(inOcpp16Spelling('[4,"m1","SecurityError","boot first",{}]'), '[4,"m1","SecurityError","boot first",{}]');
    const result = '[3,"m2",{"status":"OccurrenceConstraintViolation"}]';
    assert.equal(inOcpp16Spelling(result), result);
    assert.equal(inOcpp16Spelling('[4,broken'), '[4,broken');
  });
});

describe('per-station ordering', () => {
  test('work for one station runs in arrival order and is bounded; other stations do not wait', async () => {
    const queues = new StationQueues(2);
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = queues.run('A', () => new Promise<void>((resolve) => (releaseFirst = () => (order.push('A1'), resolve()))));
    const second = queues.tryRun('A', async () => void order.push('A2'));
    assert.equal(queues.tryRun('A', async () => void order.push('A3')), undefined, 'a third waiting call is refused');
    await queues.run('B', async () => void order.push('B1'));
    assert.deepEqual(order, ['B1']);
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['B1', 'A1', 'A2']);
    await queues.drain();
    assert.notEqual(queues.tryRun('A', async () => undefined), undefined, 'room again once the work is done');
  });
});

describe('OCPP settings', () => {
  test('default to a 300 s heartbeat and are validated at start', () => {
    const config = loadConfig({});
    assert.equal(config.ocppHeartbeatIntervalS, 300);
    assert.equal(config.ocppCallTimeoutMs, 30_000);
    assert.equal(config.ocppMaxStations, 10_000);
    assert.equal(config.ocppMaxMessageBytes, 131_072);
    assert.equal(loadConfig({ PAYGRID_OCPP_HEARTBEAT_INTERVAL_S: '60' }).ocppHeartbeatIntervalS, 60);
    for (const [setting, value] of [
      ['PAYGRID_OCPP_HEARTBEAT_INTERVAL_S', '5'],
      ['PAYGRID_OCPP_HEARTBEAT_INTERVAL_S', '1.5'],
      ['PAYGRID_OCPP_MAX_STATIONS', '0'],
      ['PAYGRID_OCPP_MAX_MESSAGE_BYTES', '100'],
      ['PAYGRID_OCPP_CALL_TIMEOUT_MS', '999'],
    ] as const) {
      assert.throws(() => loadConfig({ [setting]: value }), (error: unknown) => error instanceof ConfigError && error.setting === setting, `${setting}=${value}`);
    }
  });
});
