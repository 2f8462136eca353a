import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** A charging operator's tariffs (versioned) and stations. */
describe('charging tariffs and stations API', () => {
  let app: TestApp;
  let operator: { id: string; secret_key: string };
  let other: { id: string; secret_key: string };
  let shop: { id: string; secret_key: string };
  before(async () => {
    app = await startTestApp();
    operator = (await app.request('POST', '/v1/merchants', { body: { name: '星星充电站', category: 'ev_charging' } })).body;
    other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other CPO', category: 'ev_charging' } })).body;
    shop = (await app.request('POST', '/v1/merchants', { body: { name: 'Shop' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const slots = [...Array(16).fill('valley'), ...Array(4).fill('flat'), ...Array(8).fill('peak'), ...Array(16).fill('flat'), ...Array(4).fill('valley')];
  const tariffBody = (overrides: Record<string, unknown> = {}) => ({
    name: '峰谷电价 2026',
    currency: 'cny',
    tiers: { sharp: { energy_price: '1.25230', service_price: '0.8' }, peak: { energy_price: '1.05', service_price: '0.6' }, flat: { energy_price: '0.7', service_price: '0.5' }, valley: { energy_price: '0.3', service_price: '0.4' } },
    slots,
    idle_fee_per_minute: 50,
    idle_grace_minutes: 15,
    min_hold_amount: 5_000,
    ...overrides,
  });
  const stationBody = (id: string, tariff: string, overrides: Record<string, unknown> = {}) => ({
    id,
    name: 'Station 1',
    timezone: 'Asia/Shanghai',
    tariff,
    password: 'correct-horse-battery-staple',
    connectors: [
      { id: 1, type: 'GB/T DC', max_power_w: 120_000 },
      { id: 2, type: 'GB/T AC', max_power_w: 7_000 },
    ],
    ...overrides,
  });

  test('a tariff keeps its prices exactly, and a change makes a new version', async () => {
    const created = await app.request('POST', '/v1/charging/tariffs', { key: operator.secret_key, body: tariffBody() });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.match(created.body.id, /^ctf_/);
    assert.equal(created.body.version, 1);
    assert.deepEqual(created.body.tiers.sharp, { energy_price: '1.25230', service_price: '0.80000' });
    assert.deepEqual(created.body.slots, slots);
    assert.equal(created.body.min_hold_amount, 5_000);
    const changed = await app.request('POST', `/v1/charging/tariffs/${created.body.id}`, { key: operator.secret_key, body: tariffBody({ idle_fee_per_minute: 80 }) });
    assert.equal(changed.body.version, 2);
    assert.equal(changed.body.idle_fee_per_minute, 80);
    const read = await app.request('GET', `/v1/charging/tariffs/${created.body.id}`, { key: operator.secret_key });
    assert.equal(read.body.version, 2);
    const frozen = await app.paygrid.modules.tariffs.versionIn(app.paygrid.db, created.body.id, 1);
    assert.equal(frozen?.idleFeePerMinuteMinor, 50n, 'version 1 stays as it was for sessions that froze it');
    assert.equal((await app.request('GET', `/v1/charging/tariffs/${created.body.id}`, { key: other.secret_key })).status, 404);
  });

  test('a tariff’s versions are listed newest first, each as it stood; another operator finds none', async () => {
    const created = (await app.request('POST', '/v1/charging/tariffs', { key: operator.secret_key, body: tariffBody() })).body;
    app.clock.advanceMs(60_000);
    await app.request('POST', `/v1/charging/tariffs/${created.id}`, { key: operator.secret_key, body: tariffBody({ idle_fee_per_minute: 80 }) });
    app.clock.advanceMs(60_000);
    await app.request('POST', `/v1/charging/tariffs/${created.id}`, { key: operator.secret_key, body: tariffBody({ tiers: { ...tariffBody().tiers, valley: { energy_price: '0.25', service_price: '0.4' } } }) });
    const history = await app.request('GET', `/v1/charging/tariffs/${created.id}/versions`, { key: operator.secret_key });
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.deepEqual(
      history.body.data.map((v: { version: number; idle_fee_per_minute: number; tiers: { valley: { energy_price: string } }; updated: number }) => [v.version, v.idle_fee_per_minute, v.tiers.valley.energy_price, v.updated - created.created]),
      [
        [3, 50, '0.25000', 120],
        [2, 80, '0.30000', 60],
        [1, 50, '0.30000', 0],
      ],
    );
    assert.equal(history.body.has_more, false);
    const page = await app.request('GET', `/v1/charging/tariffs/${created.id}/versions?limit=2`, { key: operator.secret_key });
    assert.deepEqual([page.body.data.length, page.body.has_more], [2, true]);
    assert.equal((await app.request('GET', `/v1/charging/tariffs/${created.id}/versions`, { key: other.secret_key })).status, 404);
  });

  test('bad tariffs are refused with the parameter at fault', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ slots: slots.slice(1) }, 'slots'],
      [{ slots: [...slots.slice(1), 'night'] }, 'slots[47]'],
      [{ tiers: { ...tariffBody().tiers, peak: { energy_price: '1.052301', service_price: '0.6' } } }, 'tiers.peak.energy_price'],
      [{ currency: 'xyz' }, 'currency'],
      [{ min_hold_amount: -1 }, 'min_hold_amount'],
    ];
    for (const [override, param] of cases) {
      const refused = await app.request('POST', '/v1/charging/tariffs', { key: operator.secret_key, body: tariffBody(override) });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.ok(String(refused.body.error.param).startsWith(param.split(/[.[]/)[0] ?? param), `${param}: ${JSON.stringify(refused.body.error)}`);
    }
  });

  test('a station is registered with its connectors, offline until it connects; ids are unique across operators', async () => {
    const tariff = (await app.request('POST', '/v1/charging/tariffs', { key: operator.secret_key, body: tariffBody() })).body.id;
    const created = await app.request('POST', '/v1/charging/stations', { key: operator.secret_key, body: stationBody('CN-SH-0001', tariff) });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.online, false);
    assert.deepEqual(
      created.body.connectors.map((c: { id: number; status: string }) => [c.id, c.status]),
      [
        [1, 'Unavailable'],
        [2, 'Unavailable'],
      ],
    );
    assert.equal('password' in created.body, false);
    assert.equal(await app.paygrid.modules.stations.authenticate('CN-SH-0001', 'correct-horse-battery-staple'), true);
    assert.equal(await app.paygrid.modules.stations.authenticate('CN-SH-0001', 'wrong-horse-battery-staple'), false);
    assert.equal(await app.paygrid.modules.stations.authenticate('CN-SH-9999', 'correct-horse-battery-staple'), false);

    const otherTariff = (await app.request('POST', '/v1/charging/tariffs', { key: other.secret_key, body: tariffBody() })).body.id;
    const taken = await app.request('POST', '/v1/charging/stations', { key: other.secret_key, body: stationBody('CN-SH-0001', otherTariff) });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'station_id_taken');
    const foreignTariff = await app.request('POST', '/v1/charging/stations', { key: other.secret_key, body: stationBody('CN-SH-0002', tariff) });
    assert.equal(foreignTariff.status, 404, 'another operator’s tariff is not found');
    assert.equal((await app.request('GET', '/v1/charging/stations/CN-SH-0001', { key: other.secret_key })).status, 404);
    assert.equal((await app.request('GET', '/v1/charging/stations/CN-SH-0001', { key: operator.secret_key })).body.name, 'Station 1');
  });

  test('station input is checked: time zone, password length, connectors', async () => {
    const tariff = (await app.request('POST', '/v1/charging/tariffs', { key: operator.secret_key, body: tariffBody() })).body.id;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ password: 'short' }, 'password'],
      [{ connectors: [] }, 'connectors'],
      [
        {
          connectors: [
            { id: 1, type: 'AC', max_power_w: 7000 },
            { id: 1, type: 'AC', max_power_w: 7000 },
          ],
        },
        'connectors',
      ],
      [{ id: 'bad id!' }, 'id'],
    ];
    for (const [override, param] of cases) {
      const refused = await app.request('POST', '/v1/charging/stations', { key: operator.secret_key, body: stationBody('CN-SH-0100', tariff, override) });
      assert.equal(refused.status, 400, `${param}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.param, param);
    }
    assert.equal((await app.request('GET', '/v1/charging/stations/CN-SH-0100', { key: operator.secret_key })).status, 404, 'nothing was registered');
  });

  test('only charging operators manage tariffs and stations', async () => {
    assert.equal((await app.request('POST', '/v1/charging/tariffs', { key: shop.secret_key, body: tariffBody() })).status, 403);
  });

  test('the platform operator acts for one charging operator, named in the Paygrid-Merchant header', async () => {
    const unnamed = await app.request('POST', '/v1/charging/tariffs', { body: tariffBody() });
    assert.equal(unnamed.status, 400);
    assert.equal(unnamed.body.error.code, 'parameter_missing');
    assert.equal(unnamed.body.error.param, 'Paygrid-Merchant');
    const asShop = await app.request('POST', '/v1/charging/tariffs', { body: tariffBody(), headers: { 'paygrid-merchant': shop.id } });
    assert.equal(asShop.status, 403, 'a shop runs no stations, whoever asks');
    const unknown = await app.request('GET', '/v1/charging/stations', { headers: { 'paygrid-merchant': 'mch_nosuchmerchant' } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.param, 'Paygrid-Merchant');
    assert.equal((await app.request('GET', '/v1/charging/stations', { headers: { 'paygrid-merchant': 'not an id' } })).status, 400);

    const created = await app.request('POST', '/v1/charging/tariffs', { body: tariffBody(), headers: { 'paygrid-merchant': operator.id } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const ownersView = await app.request('GET', `/v1/charging/tariffs/${created.body.id}`, { key: operator.secret_key });
    assert.equal(ownersView.status, 200, 'the tariff is the charging operator’s own');
    assert.equal((await app.request('GET', `/v1/charging/tariffs/${created.body.id}`, { key: shop.secret_key })).status, 403);
  });
});
