import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import type { PaygridClient } from '../../src/client/index.ts';
import { MAX_PENDING_STATIONS_PER_OPERATOR } from '../../src/charging/index.ts';
import { PENDING_BOOT_INTERVAL_S } from '../../src/ocpp/handlers.ts';
import { columnsContaining } from '../support/database-scan.ts';
import { failed, ok } from '../support/client.ts';
import { PASSWORD, callError, closedWith, startOcppApp, waitForPresence, type OcppTestApp, type StationClient } from './support.ts';

/**
 * Unknown stations and enrollment, over real WebSockets with ocpp-rpc's strict
 * client as the station: an operator rejects unknown ids, or lets them join as
 * pending stations with its enrollment key, then approves (the station comes
 * back with its own password) or rejects them. Another operator sees none of it.
 */
const NEW_PASSWORD = 'approved-station-password-0001';
const BOOT = { chargePointVendor: 'StarCharge', chargePointModel: 'DC60', firmwareVersion: '1.0.3' };
const SLOTS = Array<'flat'>(48).fill('flat');

/** The fields of an approval (and, with an id, of a registration). */
function stationFields(tariff: string, password = NEW_PASSWORD) {
  return {
    name: 'Car park level 2',
    timezone: 'Asia/Shanghai',
    tariff,
    password,
    connectors: [
      { id: 1, type: 'GB/T DC', max_power_w: 60_000 },
      { id: 2, type: 'GB/T AC', max_power_w: 7_000 },
    ],
  };
}

async function refusal(client: StationClient): Promise<{ status: number; wwwAuthenticate: unknown }> {
  const error = await client.connect().then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof ocppRpc.UnexpectedHttpResponse, `expected an HTTP refusal, got ${String(error)}`);
  return { status: error.code, wwwAuthenticate: error.response.headers['www-authenticate'] };
}

describe('unknown stations and enrollment', () => {
  let ocpp: OcppTestApp;
  /** Operator A: the charging operator startOcppApp made. */
  let operator: PaygridClient;
  let tariff: string;
  /** Operator B: another charging operator, with a tariff of its own. */
  let other: PaygridClient;
  let otherTariff: string;
  let key: string;

  async function createTariff(client: PaygridClient): Promise<string> {
    const price = { energy_price: '0.70000', service_price: '0.50000' };
    const created = ok(await client.POST('/v1/charging/tariffs', { body: { name: 'Flat', currency: 'cny', tiers: { sharp: price, peak: price, flat: price, valley: price }, slots: SLOTS, min_hold_amount: 5_000 } }));
    return created.id;
  }

  async function pendingIds(client: PaygridClient): Promise<string[]> {
    return ok(await client.GET('/v1/charging/pending_stations', { params: { query: { limit: 100 } } })).data.map((p) => p.id);
  }

  /** Connects an unknown station with the enrollment key and sends its boot: it must be answered Pending. */
  async function joinPending(id: string, withKey = key): Promise<StationClient> {
    const station = await ocpp.connect(id, { password: withKey });
    const boot = await station.call('BootNotification', BOOT);
    assert.deepEqual(boot, { status: 'Pending', interval: PENDING_BOOT_INTERVAL_S, currentTime: new Date(ocpp.app.clock.nowMs()).toISOString() });
    return station;
  }

  before(async () => {
    ocpp = await startOcppApp();
    operator = ocpp.app.client(ocpp.merchantKey);
    tariff = await createTariff(operator);
    const merchant = ok(await ocpp.app.client().POST('/v1/merchants', { body: { name: '特来电', category: 'ev_charging' } }));
    other = ocpp.app.client(merchant.secret_key);
    otherTariff = await createTariff(other);
    await ocpp.register('CP-KNOWN');
  });
  after(async () => {
    await ocpp.close();
  });

  test('by default, and when the operator says reject, an unknown station is refused with 404 whatever its credentials', async () => {
    const initial = ok(await operator.GET('/v1/charging/enrollment'));
    assert.deepEqual(initial, { object: 'charging_enrollment', unknown_stations: 'reject', enrollment_key: null, key_created: null, updated: null });
    assert.equal((await refusal(ocpp.client('CP-UNKNOWN'))).status, 404);
    const rejecting = ok(await operator.POST('/v1/charging/enrollment', { body: { unknown_stations: 'reject' } }));
    assert.equal(rejecting.unknown_stations, 'reject');
    assert.equal(rejecting.enrollment_key, null);
    assert.equal(rejecting.updated, Math.floor(ocpp.app.clock.nowMs() / 1000));
    for (const password of [PASSWORD, undefined]) assert.equal((await refusal(ocpp.client('CP-UNKNOWN', { password }))).status, 404, `password ${String(password)}`);
    assert.deepEqual(await pendingIds(operator), []);
  });

  test('only charging operators manage enrollment', async () => {
    const retail = ok(await ocpp.app.client().POST('/v1/merchants', { body: { name: 'Corner shop', category: 'retail' } }));
    const shop = ocpp.app.client(retail.secret_key);
    assert.equal(failed(await shop.GET('/v1/charging/enrollment'), 403).code, 'permission_denied');
    assert.equal(failed(await shop.POST('/v1/charging/enrollment', { body: { unknown_stations: 'pending' } }), 403).code, 'permission_denied');
    assert.equal(failed(await shop.GET('/v1/charging/pending_stations'), 403).code, 'permission_denied');
  });

  test('with pending on, an unknown station with the key joins: its boot is Pending, anything else is SecurityError, and no command reaches it', async () => {
    const enabled = ok(await operator.POST('/v1/charging/enrollment', { body: { unknown_stations: 'pending' } }));
    assert.equal(enabled.unknown_stations, 'pending');
    assert.match(String(enabled.enrollment_key), /^[0-9a-f]{40}$/);
    key = String(enabled.enrollment_key);
    const shown = ok(await operator.GET('/v1/charging/enrollment'));
    assert.deepEqual(shown, { ...enabled, enrollment_key: null }, 'the key is never shown again');

    const station = await joinPending('CP-NEW-1');
    for (const [action, params] of [
      ['Heartbeat', {}],
      ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }],
      ['Authorize', { idTag: 'TAG-0001' }],
    ] as const) {
      assert.equal((await callError(station.call(action, params))).code, 'SecurityError', action);
    }
    // OCPP 1.6 §4.2: a pending station asks again after the interval, and is still pending.
    assert.equal(((await station.call('BootNotification', BOOT)) as { status: string }).status, 'Pending');

    const listed = ok(await operator.GET('/v1/charging/pending_stations'));
    assert.equal(listed.url, '/v1/charging/pending_stations');
    assert.deepEqual(
      listed.data.map(({ created: _created, last_seen_at: _seen, ...p }) => p),
      [{ object: 'charging_pending_station', id: 'CP-NEW-1', status: 'pending', vendor: 'StarCharge', model: 'DC60', firmware: '1.0.3' }],
    );
    assert.equal(await ocpp.app.paygrid.modules.stations.find('CP-NEW-1'), undefined, 'a pending station is not a station');
    assert.deepEqual(await ocpp.app.paygrid.ocpp.connected.call('CP-NEW-1', 'Reset', { type: 'Soft' }), { ok: false, failure: 'station_not_connected' });
  });

  test('while enrollment is on, a wrong key or none is 401, and a registered station still needs its own password', async () => {
    const oneCharOff = key.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const password of [PASSWORD, oneCharOff, undefined]) {
      const refused = await refusal(ocpp.client('CP-STRANGER', { password }));
      assert.equal(refused.status, 401, `password ${String(password)}`);
      assert.match(String(refused.wwwAuthenticate), /^Basic /);
    }
    assert.equal((await refusal(ocpp.client('CP-KNOWN', { password: key }))).status, 401, 'the enrollment key opens no registered station');
    const known = await ocpp.connectBooted('CP-KNOWN');
    assert.deepEqual(await known.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }), {});
    assert.ok(!(await pendingIds(operator)).includes('CP-STRANGER'));
  });

  test('approval registers the station; its pending connection closes and it boots Accepted with its new password', async () => {
    const station = await joinPending('CP-NEW-2');
    const closed = closedWith(station);
    const approved = ok(await operator.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-2' } }, body: stationFields(tariff) }));
    assert.equal(approved.id, 'CP-NEW-2');
    assert.equal(approved.tariff, tariff);
    assert.deepEqual(await closed, { code: 1000, reason: 'approved: connect with the station password' });
    assert.ok(!(await pendingIds(operator)).includes('CP-NEW-2'));
    assert.equal(failed(await operator.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-2' } }, body: stationFields(tariff) }), 404).code, 'resource_missing');

    assert.equal((await refusal(ocpp.client('CP-NEW-2', { password: key }))).status, 401, 'the key no longer opens it');
    const registered = await ocpp.connect('CP-NEW-2', { password: NEW_PASSWORD });
    assert.equal(((await registered.call('BootNotification', BOOT)) as { status: string }).status, 'Accepted');
    assert.deepEqual(await registered.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' }), {});
    const recorded = await ocpp.find('CP-NEW-2');
    assert.equal(recorded.merchantId, ocpp.merchantId);
    assert.equal(recorded.vendor, 'StarCharge');
    assert.equal(recorded.connectors[1]?.status, 'Available');
    assert.equal(recorded.online, true);
  });

  test('approval is refused like a registration when its fields are wrong, and the station stays pending', async () => {
    await joinPending('CP-NEW-3');
    const badZone = failed(await operator.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-3' } }, body: { ...stationFields(tariff), timezone: 'Mars/Olympus' } }), 400);
    assert.equal(badZone.code, 'unknown_time_zone');
    const foreignTariff = failed(await operator.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-3' } }, body: stationFields(otherTariff) }), 404);
    assert.equal(foreignTariff.param, 'tariff');
    assert.ok((await pendingIds(operator)).includes('CP-NEW-3'));
    assert.equal(await ocpp.app.paygrid.modules.stations.find('CP-NEW-3'), undefined);
  });

  test('rejection deletes the pending station, closes its connection, and the id is refused with 404 from then on', async () => {
    const station = await joinPending('CP-NEW-4');
    const closed = closedWith(station);
    const rejected = ok(await operator.POST('/v1/charging/pending_stations/{id}/reject', { params: { path: { id: 'CP-NEW-4' } }, body: {} }));
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.id, 'CP-NEW-4');
    assert.deepEqual(await closed, { code: 1000, reason: 'rejected by the operator' });
    assert.ok(!(await pendingIds(operator)).includes('CP-NEW-4'));
    assert.equal((await refusal(ocpp.client('CP-NEW-4', { password: key }))).status, 404);
    assert.equal(failed(await operator.POST('/v1/charging/pending_stations/{id}/reject', { params: { path: { id: 'CP-NEW-4' } }, body: {} }), 404).code, 'resource_missing');
    assert.equal(failed(await operator.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-4' } }, body: stationFields(tariff) }), 404).code, 'resource_missing');
  });

  test('another operator neither sees nor decides about a pending station', async () => {
    assert.ok((await pendingIds(operator)).includes('CP-NEW-3'));
    assert.deepEqual(await pendingIds(other), []);
    assert.deepEqual(ok(await other.GET('/v1/charging/enrollment')).unknown_stations, 'reject');
    assert.equal(failed(await other.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-3' } }, body: stationFields(otherTariff) }), 404).code, 'resource_missing');
    assert.equal(failed(await other.POST('/v1/charging/pending_stations/{id}/reject', { params: { path: { id: 'CP-NEW-3' } }, body: {} }), 404).code, 'resource_missing');
    assert.ok((await pendingIds(operator)).includes('CP-NEW-3'), 'still pending for its operator');
    assert.equal(await ocpp.app.paygrid.modules.stations.find('CP-NEW-3'), undefined);
  });

  test('an id another operator registers while it is pending: registration wins, and the pending connection is turned away at its next boot', async () => {
    const station = await joinPending('CP-NEW-5');
    ok(await other.POST('/v1/charging/stations', { body: { id: 'CP-NEW-5', ...stationFields(otherTariff, PASSWORD) } }));
    assert.ok(!(await pendingIds(operator)).includes('CP-NEW-5'));
    assert.equal(failed(await operator.POST('/v1/charging/pending_stations/{id}/approve', { params: { path: { id: 'CP-NEW-5' } }, body: stationFields(tariff) }), 404).code, 'resource_missing');
    const closed = closedWith(station);
    assert.equal(((await station.call('BootNotification', BOOT)) as { status: string }).status, 'Rejected');
    assert.deepEqual(await closed, { code: 1000, reason: 'no longer pending: connect with the station password' });
    assert.notEqual((await ocpp.find('CP-NEW-5')).merchantId, ocpp.merchantId, 'the other operator’s station');
  });

  test('an operator holds at most 1,000 pending stations: a new unknown station is then refused 503, one already pending still joins', async () => {
    const db = ocpp.app.paygrid.db;
    const { rows } = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM charging_pending_stations WHERE merchant_id = $1', [ocpp.merchantId]);
    const filler = MAX_PENDING_STATIONS_PER_OPERATOR - Number(rows[0]?.n ?? 0n);
    // Older than every station seen so far, so that they sort last.
    await db.query("INSERT INTO charging_pending_stations (merchant_id, id, created_at, last_seen_at) SELECT $1, 'CP-FILL-' || g, $2::timestamptz - g * interval '1 second', $2 FROM generate_series(1, $3::integer) AS g", [ocpp.merchantId, new Date(ocpp.app.clock.nowMs() - 86_400_000), filler]);
    try {
      const refused = await refusal(ocpp.client('CP-ONE-TOO-MANY', { password: key }));
      assert.equal(refused.status, 503);
      await joinPending('CP-NEW-3');
      // Pages of 2, newest first, follow the cursor.
      const first = ok(await operator.GET('/v1/charging/pending_stations', { params: { query: { limit: 2 } } }));
      assert.equal(first.has_more, true);
      const next = ok(await operator.GET('/v1/charging/pending_stations', { params: { query: { limit: 2, starting_after: first.data[1]?.id ?? '' } } }));
      assert.equal(next.data.length, 2);
      assert.ok(next.data.every((p) => !first.data.some((q) => q.id === p.id)));
    } finally {
      await db.query("DELETE FROM charging_pending_stations WHERE id LIKE 'CP-FILL-%'");
    }
    assert.ok(!(await pendingIds(operator)).includes('CP-ONE-TOO-MANY'));
  });

  test('rolling the key: the old key stops admitting and its pending connections close; pending stations stay', async () => {
    const station = await joinPending('CP-NEW-6');
    const closed = closedWith(station);
    const gone = waitForPresence(ocpp.app, 'disconnected', 'CP-NEW-6');
    const rolled = ok(await operator.POST('/v1/charging/enrollment', { body: { unknown_stations: 'pending' } }));
    const newKey = String(rolled.enrollment_key);
    assert.match(newKey, /^[0-9a-f]{40}$/);
    assert.notEqual(newKey, key);
    assert.deepEqual(await closed, { code: 1000, reason: 'enrollment key changed' });
    await gone;
    assert.equal((await refusal(ocpp.client('CP-NEW-6', { password: key }))).status, 401);
    assert.ok((await pendingIds(operator)).includes('CP-NEW-6'), 'a pending station waits for a decision whatever the key');
    key = newKey;
    await joinPending('CP-NEW-6');

    // Turning enrollment off drops the key: with nobody enrolling, an unknown id is 404 again.
    ok(await operator.POST('/v1/charging/enrollment', { body: { unknown_stations: 'reject' } }));
    assert.equal((await refusal(ocpp.client('CP-NEW-7', { password: key }))).status, 404);
    assert.ok((await pendingIds(operator)).includes('CP-NEW-6'), 'pending stations stay for the operator to decide');
  });

  test('the enrollment key rests nowhere in clear: a replayed answer omits it', async () => {
    const headers = { 'idempotency-key': 'enrollment-0001' };
    const first = await ocpp.app.request('POST', '/v1/charging/enrollment', { key: ocpp.merchantKey, headers, body: { unknown_stations: 'pending' } });
    assert.equal(first.status, 200);
    assert.match(first.body.enrollment_key, /^[0-9a-f]{40}$/);
    const replay = await ocpp.app.request('POST', '/v1/charging/enrollment', { key: ocpp.merchantKey, headers, body: { unknown_stations: 'pending' } });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.body.enrollment_key, null);
    assert.deepEqual(await columnsContaining(ocpp.app.paygrid.db, [first.body.enrollment_key]), []);
    // The key from the first answer works; the replay made no other.
    await joinPending('CP-NEW-8', first.body.enrollment_key);
  });
});
