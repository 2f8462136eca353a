import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bootAnsweringStation, type AnsweringStation } from '../charging/support.ts';
import { createConsoleUser, type TestConsoleUser } from '../console/support.ts';
import { startOcppApp, type OcppTestApp } from '../ocpp/support.ts';
import { CONSUMER_PAYMENT_PASSWORD, fundedConsumer } from '../support/consumers.ts';
import { collectPageErrors, desktopPage, launchBrowser, screenshot } from './browser.ts';
import { go, signInConsole, withoutHttpFailures } from './console.ts';

const STATION = 'CN-SH-0101';

/** The middle of an element, in page coordinates. */
async function centre(page: Page, testId: string): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId(testId).boundingBox();
  assert.ok(box !== null, `${testId} is on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * The charging operator's own console user sees its connected station online
 * in the site list, sends it a command and reads the answer, and paints peak
 * hours on the tariff's 48-slot grid: saving makes a new version with exactly
 * those slots.
 */
describe('console: charging in a browser', () => {
  let ocpp: OcppTestApp;
  let browser: Browser;
  let user: TestConsoleUser;
  let tariffId: string;
  let station: AnsweringStation;

  before(async () => {
    ocpp = await startOcppApp();
    await ocpp.register(STATION);
    station = await bootAnsweringStation(ocpp, STATION);
    station.client.handle('Reset', async () => ({ status: 'Accepted' }));
    // The charging merchant's own user: its console acts as the merchant's secret key.
    user = await createConsoleUser(ocpp.app, 'merchant', ocpp.merchantId);
    tariffId = (await ocpp.app.request('GET', `/v1/charging/stations/${STATION}`, { key: ocpp.merchantKey })).body.tariff;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ocpp?.close();
  });

  test('the site list shows the connected station online with its connectors; a Reset is sent and answered', async () => {
    const { context, page } = await desktopPage(browser, ocpp.httpUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, ocpp.app, user);
    await go(page, '/console/charging/stations');
    const row = page.getByTestId(`station-row-${STATION}`);
    await row.locator('[data-testid="station-online"][data-online="true"]').waitFor();
    const api = (await ocpp.app.request('GET', `/v1/charging/stations/${STATION}`, { key: ocpp.merchantKey })).body;
    assert.equal(api.online, true);
    for (const connector of api.connectors) await row.locator(`[data-testid="connector-${connector.id}"][data-status="${connector.status}"]`).waitFor();
    assert.equal(api.connectors[0].status, 'Available');
    await screenshot(page, 'console-charging-stations');

    await row.locator('a', { hasText: STATION }).click();
    await page.locator('img[alt^="QR /c/"]').first().waitFor();
    await page.getByTestId('send-command').click();
    // The command is queued; the job worker sends it to the station, which accepts.
    let commandId: string | undefined;
    while (commandId === undefined) {
      const listed = (await ocpp.app.request('GET', `/v1/charging/stations/${STATION}/commands`, { key: ocpp.merchantKey })).body.data;
      commandId = listed.find((c: { action: string }) => c.action === 'Reset')?.id;
      if (commandId === undefined) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal((await ocpp.app.paygrid.jobWorker.runOnce()).succeeded, 1);
    const command = (await ocpp.app.request('GET', `/v1/charging/commands/${commandId}`, { key: ocpp.merchantKey })).body;
    assert.equal(command.status, 'accepted');
    await page.locator('tr', { hasText: 'Reset' }).getByText('accepted', { exact: true }).waitFor();
    await screenshot(page, 'console-charging-station-detail');
    await context.close();
    assert.deepEqual(withoutHttpFailures(errors), []);
  });

  test('the platform’s station operator runs the same stations for the charging operator it chooses', async () => {
    const staff = await createConsoleUser(ocpp.app, 'station_operator');
    const { context, page } = await desktopPage(browser, ocpp.httpUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, ocpp.app, staff);
    await go(page, '/console/charging/stations');
    // The only charging operator is chosen for them; its station is listed online.
    await page.getByTestId('charging-operator').getByText(ocpp.merchantId, { exact: false }).waitFor();
    await page.getByTestId(`station-row-${STATION}`).locator('[data-testid="station-online"][data-online="true"]').waitFor();
    await screenshot(page, 'console-charging-station-operator');
    await context.close();
    assert.deepEqual(withoutHttpFailures(errors), []);
  });

  test('peak hours painted on the 48-slot grid are saved as a new version of the tariff', async () => {
    const before = (await ocpp.app.request('GET', `/v1/charging/tariffs/${tariffId}`, { key: ocpp.merchantKey })).body;
    assert.deepEqual(new Set(before.slots), new Set(['flat']));
    const { context, page } = await desktopPage(browser, ocpp.httpUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, ocpp.app, user);
    await go(page, `/console/charging/tariffs/${tariffId}`);
    await page.locator(`[data-testid="tariff-version"][data-version="${before.version}"]`).waitFor();

    // Drag across 08:00–11:00 (slots 16–21) with peak, then click 18:00 (slot 36).
    await page.locator('label', { has: page.getByTestId('paint-peak') }).click();
    const from = await centre(page, 'slot-16');
    const to = await centre(page, 'slot-21');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    await page.getByTestId('slot-36').click();
    const peak = [16, 17, 18, 19, 20, 21, 36];
    for (const i of peak) await page.locator(`[data-testid="slot-${i}"][data-tier="peak"]`).waitFor();
    assert.equal(await page.locator('[data-testid^="slot-"][data-tier="peak"]').count(), peak.length);
    await screenshot(page, 'console-charging-tariff-grid');

    await page.getByTestId('save-tariff').click();
    await page.locator(`[data-testid="tariff-version"][data-version="${before.version + 1}"]`).waitFor();
    const saved = (await ocpp.app.request('GET', `/v1/charging/tariffs/${tariffId}`, { key: ocpp.merchantKey })).body;
    assert.equal(saved.version, before.version + 1);
    assert.deepEqual(
      saved.slots,
      before.slots.map((tier: string, i: number) => (peak.includes(i) ? 'peak' : tier)),
    );
    assert.deepEqual(saved.tiers, before.tiers, 'the prices are unchanged');
    assert.equal(saved.min_hold_amount, before.min_hold_amount);

    // A price with six decimals is refused by the API, and the page says so; nothing is saved.
    await page.getByTestId('price-peak-energy').fill('1.123456');
    await page.getByTestId('save-tariff').click();
    const alert = page.getByTestId('tariff-error');
    await alert.waitFor();
    const refused = await ocpp.app.request('POST', `/v1/charging/tariffs/${tariffId}`, {
      key: ocpp.merchantKey,
      body: { name: saved.name, currency: saved.currency, tiers: { ...saved.tiers, peak: { ...saved.tiers.peak, energy_price: '1.123456' } }, slots: saved.slots, min_hold_amount: saved.min_hold_amount },
    });
    assert.equal(refused.status, 400);
    assert.match(await alert.innerText(), new RegExp(refused.body.error.code));
    assert.equal((await ocpp.app.request('GET', `/v1/charging/tariffs/${tariffId}`, { key: ocpp.merchantKey })).body.version, before.version + 1);
    await screenshot(page, 'console-charging-tariff-error');

    // The history lists every version, newest first; starting from the first brings its day back into the editor (unsaved).
    const history = page.getByTestId('tariff-versions');
    const expected = Array.from({ length: before.version + 1 }, (_, i) => `v${before.version + 1 - i}`);
    await history.locator('tbody tr').nth(before.version).waitFor();
    assert.deepEqual(await history.locator('tbody tr td:first-child').allInnerTexts(), expected);
    await page.getByTestId(`use-version-${before.version}`).click();
    await page.locator('[data-testid="slot-16"][data-tier="flat"]').waitFor();
    assert.equal(await page.locator('[data-testid^="slot-"][data-tier="peak"]').count(), 0, 'the earlier day, all flat');
    await screenshot(page, 'console-charging-tariff-history');
    await context.close();
    assert.deepEqual(withoutHttpFailures(errors), []);
  });
  test('a running session shows its energy and running cost; Stop ends it and the revenue page shows what it earned', async () => {
    const app = ocpp.app;
    const { token } = await fundedConsumer(app, 30_000);
    const started = await app.request('POST', '/v1/me/charging/sessions', { key: token, body: { station: STATION, connector: 1, payment_method: 'wallet', hold_amount: 10_000, payment_password: CONSUMER_PAYMENT_PASSWORD } });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    await app.paygrid.jobWorker.runOnce();
    const idTag = station.remoteStarts.at(-1)?.idTag ?? '';
    const iso = (ms: number): string => new Date(ms).toISOString();
    const energy = (atMs: number, wh: number) => ({ timestamp: iso(atMs), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }] });
    const t0 = app.clock.nowMs();
    const start = (await station.client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: iso(t0) })) as { transactionId: number };
    app.clock.advanceMs(30 * 60_000);
    await station.client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 15 * 60_000, 8_500), energy(t0 + 30 * 60_000, 16_000)] });
    const running = (await app.request('GET', `/v1/charging/sessions/${started.body.id}`, { key: ocpp.merchantKey })).body;
    assert.equal(running.status, 'charging');

    const { context, page } = await desktopPage(browser, ocpp.httpUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, ocpp.app, user);
    await go(page, '/console/charging/sessions');
    const row = page.locator('tr', { hasText: started.body.id });
    await row.locator('[data-testid="session-status"][data-status="charging"]').waitFor();
    await row.getByText('15.000 kWh').waitFor();
    // The running cost is the API's (the tariff now has peak hours from the test before).
    assert.ok(running.amount > 0);
    await row.getByText(`¥${(running.amount / 100).toFixed(2)}`).waitFor();
    await screenshot(page, 'console-charging-sessions');

    await row.locator('a', { hasText: started.body.id }).click();
    await page.getByTestId('stop-session').click();
    await page.getByTestId('confirm-stop').click();
    // The stop goes to the station as RemoteStopTransaction; the station stops and the session is settled.
    while (station.remoteStops.length === 0) {
      await app.paygrid.jobWorker.runOnce();
      if (station.remoteStops.length === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(station.remoteStops[0], start.transactionId);
    app.clock.advanceMs(10 * 60_000);
    await station.client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 21_000, timestamp: iso(t0 + 40 * 60_000), reason: 'Remote', idTag });
    const done = (await app.request('GET', `/v1/charging/sessions/${started.body.id}`, { key: ocpp.merchantKey })).body;
    assert.equal(done.status, 'completed');
    await page.locator('[data-testid="session-status"][data-status="completed"]').waitFor();
    for (const line of done.line_items) await page.locator('tr', { hasText: `¥${(line.amount / 100).toFixed(2)}` }).first().waitFor();
    await page.locator('tr', { hasText: '合计' }).getByText(`¥${(done.amount / 100).toFixed(2)}`).waitFor();
    await screenshot(page, 'console-charging-session-detail');

    const day = new Date(t0 + 8 * 3_600_000).toISOString().slice(0, 10);
    const stats = (await app.request('GET', `/v1/charging/stats?from=${day}&to=${day}`, { key: ocpp.merchantKey })).body;
    const figures = stats.data.find((r: { station: string }) => r.station === STATION);
    assert.equal(figures.sessions_completed, 1);
    await go(page, '/console/charging/revenue');
    // The default range is the last 7 days by the server's clock (a manual one here), not the browser's.
    assert.equal(await page.getByTestId('stats-to').inputValue(), day);
    await page.getByTestId('stats-from').fill(day);
    await page.getByTestId('show-stats').click();
    const statsRow = page.locator('tr', { hasText: STATION }).filter({ hasText: day });
    await statsRow.getByText(`¥${(figures.revenue[0].amount / 100).toFixed(2)}`).waitFor();
    await statsRow.getByText(`${(figures.energy_wh / 1000).toFixed(3)} kWh`).waitFor();
    await statsRow.getByText(`${(Number(figures.utilization) * 100).toFixed(2)}%`).waitFor();
    await page.getByTestId('revenue-chart').locator('canvas').waitFor();
    await screenshot(page, 'console-charging-revenue');
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
    await context.close();
    assert.deepEqual(withoutHttpFailures(errors), []);
  });
});
