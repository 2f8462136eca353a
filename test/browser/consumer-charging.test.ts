import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startOcppApp, type OcppTestApp } from '../ocpp/support.ts';
import { bootAnsweringStation, type AnsweringStation } from '../charging/support.ts';
import { collectPageErrors, launchBrowser, phonePage, screenshot } from './browser.ts';

/**
 * Scan to charge on a phone (375×812), against a listening Paygrid and a
 * strict OCPP 1.6J station over a real WebSocket: the printed QR URL opens
 * the React page, the driver signs in with a code, starts with the wallet,
 * watches energy and cost rise as the station sends meter values, stops, and
 * reads a receipt whose total is the session's priced amount; the ledger
 * stays balanced.
 *
 * The test tariff (test/ocpp/support.ts) is flat all day: ¥0.70 + ¥0.50 per
 * kWh, minimum hold ¥50.00.
 */
describe('consumer scan to charge on a phone', () => {
  let ocpp: OcppTestApp;
  let browser: Browser;
  let station: AnsweringStation;
  const STATION = 'SCAN-M1';
  const phone = `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;

  before(async () => {
    ocpp = await startOcppApp();
    await ocpp.register(STATION);
    station = await bootAnsweringStation(ocpp, STATION);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ocpp?.close();
  });

  const app = () => ocpp.app;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const energy = (atMs: number, wh: number) => ({ timestamp: iso(atMs), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }] });
  /** The newest sign-in code the sandbox SMS gateway recorded for the phone. */
  const latestCode = async (): Promise<string> => {
    const sms = await app().request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    assert.equal(sms.status, 200, JSON.stringify(sms.body));
    const code = (sms.body.data as { body: string }[]).map((m) => /验证码 (\d{6})/.exec(m.body)?.[1]).find((c) => c !== undefined);
    assert.ok(code !== undefined, 'the sandbox recorded a code');
    return code;
  };
  const textOf = (page: Page, testId: string): Promise<string> => page.getByTestId(testId).innerText();
  /** Waits until the element's text is no longer `previous`, and returns the new text. */
  const changed = async (page: Page, testId: string, previous: string): Promise<string> => {
    const exactly = new RegExp(`^${previous.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await page.getByTestId(testId).filter({ hasNotText: exactly }).waitFor();
    return textOf(page, testId);
  };
  const fen = (text: string): number => Number(text.replace(/[^\d]/g, ''));

  test('QR URL → sign in → start with the wallet → live energy and cost → stop → receipt equal to the priced amount; ledger balanced', async () => {
    // The consumer signs up and funds the wallet through the API: ¥300.00 by card, a payment password.
    ok(await app().request('POST', '/v1/auth/otp', { key: null, body: { phone } }));
    const login = ok(await app().request('POST', '/v1/auth/login', { key: null, body: { phone, code: await latestCode() } }));
    const token: string = login.body.token;
    ok(await app().request('POST', '/v1/me/payment_password', { key: token, body: { password: '112233' } }));
    ok(await app().request('POST', '/v1/top_ups', { key: token, body: { amount: 30_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } }));
    // One code a minute per phone: the phone's own sign-in comes later.
    app().clock.advanceMs(2 * 60_000);

    const { context, page } = await phonePage(browser, ocpp.httpUrl);
    const errors = collectPageErrors(page);
    const response = await page.goto(`/c/${STATION}/1`);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/m/charge/${STATION}/1`, 'the printed QR URL opens the React page');
    await page.getByRole('heading', { name: `Station ${STATION}` }).waitFor();
    assert.equal(await page.getByTestId('connector-status').getAttribute('data-status'), 'Available');
    assert.equal(await textOf(page, 'min-hold'), '¥50.00');
    assert.equal(await page.getByTestId('current-tier').getAttribute('data-tier'), 'flat');
    await screenshot(page, 'consumer-charging-station');

    // Sign in with the phone and the code the SMS carried.
    await page.locator('#m-phone').fill(phone);
    await page.locator('#m-send-code').click();
    await page.getByText('验证码已发送').waitFor();
    await page.locator('#m-code').fill(await latestCode());
    await page.locator('#m-sign-in').click();
    await page.getByTestId('start').waitFor();
    await page.getByText('¥300.00').first().waitFor();
    await screenshot(page, 'consumer-charging-start');

    // Start with the wallet and the default (minimum) hold.
    assert.equal(await page.locator('#m-charge-hold').inputValue(), '50.00');
    await page.locator('#m-charge-password').fill('112233');
    await page.locator('#m-charge-start').click();
    await page.getByTestId('live').waitFor();
    const listed = ok(await app().request('GET', '/v1/me/charging/sessions', { key: token })).body.data;
    assert.equal(listed.length, 1);
    const sessionId: string = listed[0].id;
    assert.equal(listed[0].status, 'starting');
    assert.equal(listed[0].hold_amount, 5_000);

    // The job worker sends RemoteStartTransaction; the station starts the transaction.
    await ocpp.app.paygrid.jobWorker.runOnce();
    assert.equal(station.remoteStarts.length, 1);
    const idTag = station.remoteStarts[0]?.idTag ?? '';
    const t0 = app().clock.nowMs();
    const start = (await station.client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1_000, timestamp: iso(t0) })) as { transactionId: number };
    await page.getByText('充电中', { exact: true }).waitFor();

    // Two meter values: the page's energy and cost rise with each.
    app().clock.advanceMs(15 * 60_000);
    await station.client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 15 * 60_000, 6_000)] });
    const cost1 = await changed(page, 'cost', '¥0.00');
    assert.equal(cost1, '¥6.00', '5 kWh × ¥1.20');
    assert.equal(await textOf(page, 'energy'), '5.000 kWh');
    await screenshot(page, 'consumer-charging-live-1');
    app().clock.advanceMs(15 * 60_000);
    await station.client.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(t0 + 30 * 60_000, 16_000)] });
    const cost2 = await changed(page, 'cost', cost1);
    assert.ok(fen(cost2) > fen(cost1), `the cost rises: ${cost1} → ${cost2}`);
    assert.equal(cost2, '¥18.00', '15 kWh × ¥1.20');
    assert.equal(await textOf(page, 'energy'), '15.000 kWh');
    await screenshot(page, 'consumer-charging-live-2');

    // Stop: the page asks the API, the worker sends RemoteStopTransaction, the station stops.
    await page.locator('#m-charge-stop').click();
    // The API has taken the stop (the session carries stopped_by_request): the command is queued.
    await page.locator('[data-testid="live"][data-stop-requested="true"]').waitFor();
    assert.equal(await page.locator('#m-charge-stop').innerText(), '正在停止…');
    await ocpp.app.paygrid.jobWorker.runOnce();
    assert.deepEqual(station.remoteStops, [start.transactionId]);
    app().clock.advanceMs(5 * 60_000);
    await station.client.call('StopTransaction', { transactionId: start.transactionId, meterStop: 21_000, timestamp: iso(t0 + 35 * 60_000), reason: 'Remote', idTag });

    await page.getByTestId('receipt').waitFor();
    const session = ok(await app().request('GET', `/v1/charging/sessions/${sessionId}`, { key: ocpp.merchantKey })).body;
    assert.equal(session.status, 'completed');
    assert.equal(session.amount, session.priced_amount, 'nothing was capped');
    assert.equal(session.amount, 2_400, '20 kWh × ¥1.20');
    const total = await textOf(page, 'receipt-total');
    assert.equal(fen(total), session.priced_amount, `the receipt shows the priced amount (${total})`);
    assert.equal(await textOf(page, 'receipt-energy'), '20.000 kWh');
    assert.equal(await textOf(page, 'receipt-duration'), '35 分钟');
    assert.equal(fen(await textOf(page, 'receipt-released')), session.hold_amount - session.amount, 'the rest of the hold is released');
    assert.equal(await page.getByTestId('receipt-line').count(), session.line_items.length);
    await screenshot(page, 'consumer-charging-receipt');

    // The wallet page shows what GET /v1/me says: ¥300.00 − ¥24.00.
    await page.getByRole('link', { name: '钱包' }).click();
    const me = ok(await app().request('GET', '/v1/me', { key: token })).body;
    const available = me.wallet_balances.find((w: { currency: string }) => w.currency === 'cny').available;
    assert.equal(available, 30_000 - 2_400);
    await page.getByTestId('balance').getByText('¥276.00').waitFor();

    const verified = ok(await app().request('GET', '/v1/ledger/verify'));
    assert.equal(verified.body.balanced, true, JSON.stringify(verified.body));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an unknown connector: the QR URL answers 404 and the phone page says the charger was not found', async () => {
    assert.equal((await app().request('GET', '/c/NOPE-1/1', { key: null })).status, 404);
    const { context, page } = await phonePage(browser, ocpp.httpUrl);
    await page.goto('/m/charge/NOPE-1/1');
    await page.getByTestId('charge-not-found').getByText('未找到该充电枪').waitFor();
    await page.getByTestId('error').getByText('resource_missing').waitFor();
    await screenshot(page, 'consumer-charging-not-found');
    await context.close();
  });
});

function ok<T extends { status: number; body: unknown }>(response: T): T {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response;
}
