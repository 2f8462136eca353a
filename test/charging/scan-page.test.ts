import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import qrcode from 'qrcode-generator';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * The scan-to-charge entry a connector's QR code opens: /c/<station>/<connector>
 * redirects to the consumer page /m/charge/…, whose data comes from info.json
 * (the station, the connector's status, today's prices with the half hour in
 * force at the clock's time in the station's zone, the fees); its 404, its QR
 * code, and that nothing from the database reaches markup.
 *
 * The tariff's day in Asia/Shanghai (UTC+8): 00:00–08:00 valley, 08:00–10:00
 * flat, 10:00–12:00 peak, 12:00–14:00 sharp, 14:00–22:00 flat, 22:00–24:00
 * valley. The test clock starts at 2026-01-01 00:00 UTC, 08:00 in Shanghai.
 */
describe('the scan-to-charge page', () => {
  let app: TestApp;
  let operator: { id: string; secret_key: string };
  const slots = [...Array(16).fill('valley'), ...Array(4).fill('flat'), ...Array(4).fill('peak'), ...Array(4).fill('sharp'), ...Array(16).fill('flat'), ...Array(4).fill('valley')];

  before(async () => {
    app = await startTestApp();
    operator = (await app.request('POST', '/v1/merchants', { body: { name: '星星充电', category: 'ev_charging' } })).body;
    const tariff = await app.request('POST', '/v1/charging/tariffs', {
      key: operator.secret_key,
      body: {
        name: '峰谷电价',
        currency: 'cny',
        tiers: { sharp: { energy_price: '1.25230', service_price: '0.8' }, peak: { energy_price: '1.05', service_price: '0.6' }, flat: { energy_price: '0.7', service_price: '0.5' }, valley: { energy_price: '0.3', service_price: '0.4' } },
        slots,
        idle_fee_per_minute: 50,
        idle_grace_minutes: 15,
        min_hold_amount: 5_000,
      },
    });
    assert.equal(tariff.status, 200, JSON.stringify(tariff.body));
    for (const [id, name] of [
      ['SH-0001', '徐汇滨江充电站'],
      ['EVIL-1', '<script>alert("x")</script> & Co'],
    ] as const) {
      const registered = await app.paygrid.modules.stations.register(operator.id, {
        id,
        name,
        timeZone: 'Asia/Shanghai',
        tariffId: tariff.body.id,
        password: 'correct-horse-battery-staple',
        connectors: [
          { id: 1, type: 'GB/T DC', maxPowerW: 120_000 },
          { id: 2, type: 'GB/T AC', maxPowerW: 7_000 },
        ],
      });
      assert.ok('station' in registered, JSON.stringify(registered));
    }
  });
  after(async () => {
    await app.close();
  });

  const page = (path: string) => app.request('GET', path, { key: null });
  const info = async (path: string) => {
    const answer = await page(`${path}/info.json`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    return answer.body;
  };

  test('the printed URL sends the phone to the consumer page, keeping its query, with no key', async () => {
    const scanned = await page('/c/SH-0001/1');
    assert.equal(scanned.status, 302);
    assert.equal(scanned.headers.location, '/m/charge/SH-0001/1');
    assert.equal(scanned.headers['cache-control'], 'no-store');
    assert.equal((await page('/c/SH-0001/2?lang=en')).headers.location, '/m/charge/SH-0001/2?lang=en');
  });

  test('info.json: the station, whether it is online, the connector and its status, with no key', async () => {
    const offline = await info('/c/SH-0001/1');
    assert.deepEqual(offline.station, { id: 'SH-0001', name: '徐汇滨江充电站', online: false, timezone: 'Asia/Shanghai', operator: operator.id });
    assert.deepEqual(offline.connector, { id: 1, type: 'GB/T DC', max_power_w: 120_000, status: 'Unavailable' });

    await app.paygrid.modules.stations.markOnline('SH-0001', true);
    await app.paygrid.modules.stations.recordStatus('SH-0001', 1, 'Available', 'NoError', app.clock.nowMs());
    const online = await info('/c/SH-0001/1');
    assert.equal(online.station.online, true);
    assert.equal(online.connector.status, 'Available');
    assert.deepEqual((await info('/c/SH-0001/2')).connector, { id: 2, type: 'GB/T AC', max_power_w: 7_000, status: 'Unavailable' });
  });

  test('info.json: today’s prices per tier, electricity and service per kWh, the 48 slots and the fees', async () => {
    const { tariff } = await info('/c/SH-0001/1');
    assert.deepEqual(tariff.tiers, {
      sharp: { energy_price: '1.25230', service_price: '0.80000', total_price: '2.05230' },
      peak: { energy_price: '1.05000', service_price: '0.60000', total_price: '1.65000' },
      flat: { energy_price: '0.70000', service_price: '0.50000', total_price: '1.20000' },
      valley: { energy_price: '0.30000', service_price: '0.40000', total_price: '0.70000' },
    });
    assert.deepEqual(tariff.slots, slots, 'the day is 48 half-hour slots');
    assert.equal(tariff.currency, 'cny');
    assert.equal(tariff.idle_fee_per_minute, 50);
    assert.equal(tariff.idle_grace_minutes, 15);
    assert.equal(tariff.session_fee, 0);
    assert.equal(tariff.min_hold_amount, 5_000);
  });

  const SCENARIOS: { name: string; advanceMs: number; tier: string; slot: number }[] = [
    { name: '08:00 in Shanghai (00:00 UTC)', advanceMs: 0, tier: 'flat', slot: 16 },
    { name: '12:30 in Shanghai', advanceMs: 4.5 * 3_600_000, tier: 'sharp', slot: 25 },
    { name: '23:59 in Shanghai', advanceMs: 11.5 * 3_600_000 - 60_000, tier: 'valley', slot: 47 },
  ];
  for (const { name, advanceMs, tier, slot } of SCENARIOS) {
    test(`names the half hour in force at ${name}`, async () => {
      app.clock.advanceMs(advanceMs);
      const body = await info('/c/SH-0001/1');
      assert.equal(body.now_slot, slot);
      assert.equal(body.tariff.slots[body.now_slot], tier);
    });
  }

  test('an unknown station or connector answers a 404 page, and info.json a 404 error', async () => {
    for (const path of ['/c/NOPE/1', '/c/SH-0001/3', '/c/SH-0001/0', '/c/SH-0001/x', '/c/%3Cb%3E/1']) {
      const missing = await page(path);
      assert.equal(missing.status, 404, path);
      assert.match(String(missing.headers['content-type']), /^text\/html/, path);
      assert.match(missing.body, /未找到该充电枪/, path);
      const data = await page(`${path}/info.json`);
      assert.equal(data.status, 404, path);
      assert.equal(data.body.error.code, 'resource_missing', path);
    }
  });

  test('a station name is data, never markup: info.json carries it as a JSON string and the redirect names only the id', async () => {
    const scanned = await page('/c/EVIL-1/1');
    assert.equal(scanned.status, 302);
    assert.equal(scanned.headers.location, '/m/charge/EVIL-1/1');
    const body = await info('/c/EVIL-1/1');
    assert.equal(body.station.name, '<script>alert("x")</script> & Co');
    const missing = await page('/c/%3Cscript%3E/1');
    assert.ok(!String(missing.body).includes('<script>'), 'the 404 page does not echo the path');
    const csp = String(missing.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/, 'the 404 page runs no script at all');
    assert.doesNotMatch(csp, /script-src/);
  });

  test('the QR code is an SVG of the page’s absolute URL', async () => {
    const qr = await page('/c/SH-0001/2/qr.svg');
    assert.equal(qr.status, 200);
    assert.equal(qr.headers['content-type'], 'image/svg+xml');
    assert.match(qr.body, /^<svg [^>]*>/);
    const expected = qrcode(0, 'M');
    expected.addData(`${app.paygrid.config.publicUrl}/c/SH-0001/2`);
    expected.make();
    assert.equal(qr.body, expected.createSvgTag({ cellSize: 8, margin: 4, scalable: true }));
    assert.equal((await page('/c/SH-0001/9/qr.svg')).status, 404);
  });
});
