import { strict as assert } from 'node:assert';
import { Script } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import qrcode from 'qrcode-generator';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * The scan-to-charge page a connector's QR code opens: what it shows (the
 * station, the connector's status, today's prices with the tier in force at
 * the clock's time in the station's zone, the fees), its 404, its QR code, and
 * that nothing from the database reaches the markup unescaped.
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
  /** The rows of the prices table, as [tier, electricity, service, total]. */
  const priceRows = (html: string): string[][] =>
    [...html.matchAll(/<tr data-tier="(\w+)"[^>]*><th>.*?<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1, 5) as string[]);

  test('shows the station, whether it is online, the connector and its status, with no key', async () => {
    const offline = await page('/c/SH-0001/1');
    assert.equal(offline.status, 200);
    assert.match(String(offline.headers['content-type']), /^text\/html/);
    assert.match(offline.body, /<h1 id="station-name">徐汇滨江充电站<\/h1>/);
    assert.match(offline.body, /GB\/T DC · 120 kW/);
    assert.match(offline.body, /<span id="online" class="status bad">离线 Offline<\/span>/);
    assert.match(offline.body, /data-status="Unavailable">不可用 Unavailable</);

    await app.paygrid.modules.stations.markOnline('SH-0001', true);
    await app.paygrid.modules.stations.recordStatus('SH-0001', 1, 'Available', 'NoError', app.clock.nowMs());
    const online = await page('/c/SH-0001/1');
    assert.match(online.body, /<span id="online" class="status ok">在线 Online<\/span>/);
    assert.match(online.body, /data-status="Available">空闲 Available</);
    assert.doesNotMatch(online.body, /cannot start charging/);
    const other = await page('/c/SH-0001/2');
    assert.match(other.body, /2 号枪 Connector 2 · GB\/T AC · 7 kW/);
  });

  test('lists today’s prices per tier, electricity and service per kWh, and the fees', async () => {
    const { body } = await page('/c/SH-0001/1');
    assert.deepEqual(priceRows(body), [
      ['sharp', '¥1.2523', '¥0.80', '¥2.0523'],
      ['peak', '¥1.05', '¥0.60', '¥1.65'],
      ['flat', '¥0.70', '¥0.50', '¥1.20'],
      ['valley', '¥0.30', '¥0.40', '¥0.70'],
    ]);
    assert.equal([...body.matchAll(/<span class="t-(\w+)[ "]/g)].length, 48, 'the day is 48 half-hour cells');
    assert.match(body, /<li>00:00–08:00 谷 Valley<\/li>/);
    assert.match(body, /<li>22:00–24:00 谷 Valley<\/li>/);
    assert.match(body, /<dd id="idle-fee">¥0.50\/分钟 min，充满后 15 分钟内免费 free for 15 min/);
    assert.match(body, /<dd id="min-hold">¥50.00<\/dd>/);
    assert.match(body, /data-min-hold="5000"/);
  });

  const SCENARIOS: { name: string; advanceMs: number; tier: string; slot: number; until: string }[] = [
    { name: '08:00 in Shanghai (00:00 UTC)', advanceMs: 0, tier: 'flat', slot: 16, until: '10:00' },
    { name: '12:30 in Shanghai', advanceMs: 4.5 * 3_600_000, tier: 'sharp', slot: 25, until: '14:00' },
    { name: '23:59 in Shanghai', advanceMs: 11.5 * 3_600_000 - 60_000, tier: 'valley', slot: 47, until: '24:00' },
  ];
  for (const { name, advanceMs, tier, slot, until } of SCENARIOS) {
    test(`highlights the tier in force at ${name}`, async () => {
      app.clock.advanceMs(advanceMs);
      const { body } = await page('/c/SH-0001/1');
      assert.match(body, new RegExp(`<p class="now" data-current-tier="${tier}">.*至 until ${until}</p>`));
      assert.deepEqual([...body.matchAll(/<tr data-tier="(\w+)" class="current" aria-current="true">/g)].map((m) => m[1]), [tier]);
      const cells = [...body.matchAll(/<span class="t-(\w+)( now)?"/g)];
      assert.deepEqual(
        cells.flatMap((m, i) => (m[2] === undefined ? [] : [[i, m[1]]])),
        [[slot, tier]],
        'exactly the current half hour is marked',
      );
    });
  }

  test('an unknown station or connector answers a 404 page', async () => {
    for (const path of ['/c/NOPE/1', '/c/SH-0001/3', '/c/SH-0001/0', '/c/SH-0001/x', '/c/%3Cb%3E/1']) {
      const missing = await page(path);
      assert.equal(missing.status, 404, path);
      assert.match(String(missing.headers['content-type']), /^text\/html/, path);
      assert.match(missing.body, /未找到该充电枪/, path);
    }
  });

  test('escapes the station name and runs no inline script', async () => {
    const { status, body, headers } = await page('/c/EVIL-1/1');
    assert.equal(status, 200);
    assert.ok(!body.includes('<script>alert'), 'the name is not markup');
    assert.match(body, /<h1 id="station-name">&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; Co<\/h1>/);
    assert.match(body, /<title>&#60;script&#62;/);
    assert.deepEqual([...body.matchAll(/<script[^>]*>/g)].map((m) => m[0]), ['<script src="/c/app.js" defer>'], 'one script, from the page’s own origin');
    const csp = String(headers['content-security-policy']);
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
  });

  test('serves its script as JavaScript that parses', async () => {
    const script = await page('/c/app.js');
    assert.equal(script.status, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.doesNotThrow(() => new Script(script.body));
    for (const path of ['/v1/auth/otp', '/v1/auth/login', '/v1/me/charging/sessions', '/v1/charging/sessions/', 'sessionStorage', 'idempotency-key']) assert.ok(script.body.includes(path), path);
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
