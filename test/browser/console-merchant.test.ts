import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { totpCode } from '../../src/console/index.ts';
import { formatRate } from '../../web/src/console/components/format.ts';
import { createConsoleUser, nextStep } from '../console/support.ts';
import type { TestApp } from '../support/app.ts';
import { fundedConsumer, walletPayment } from '../support/consumers.ts';
import { collectPageErrors, desktopPage, screenshot, startBrowserApp } from './browser.ts';
import { fillConsoleSignIn, go, withoutHttpFailures } from './console.ts';

/**
 * A merchant's console user in Chromium: signed in with password and TOTP it
 * sees its own merchant's payments; another merchant's payment is not found,
 * on the page and to the API with the same cookie; operator pages show the
 * 403 page and their API calls are refused.
 */

describe('the merchant console in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let user: { email: string; secret: string };
  let paymentsOfA: string[];
  let paymentOfB: string;

  before(async () => {
    ({ app, browser, baseUrl } = await startBrowserApp());
    const merchantA = (await app.request('POST', '/v1/merchants', { body: { name: '商户甲' } })).body;
    const merchantB = (await app.request('POST', '/v1/merchants', { body: { name: '商户乙' } })).body;
    const payer = await fundedConsumer(app);
    paymentsOfA = [await walletPayment(app, merchantA.secret_key, payer, 2_000), await walletPayment(app, merchantA.secret_key, payer, 3_050)];
    paymentOfB = await walletPayment(app, merchantB.secret_key, payer, 7_700);
    // Console users are made by an admin (or the CLI's bootstrap): here through the module.
    user = await createConsoleUser(app, 'merchant', merchantA.id);
    nextStep(app);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test("sees its own payments; another merchant's payment and operator pages are refused, on screen and by the API", async () => {
    const { context, page } = await desktopPage(browser, baseUrl);
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await fillConsoleSignIn(page, user.email, totpCode(user.secret, app.clock.nowMs()));
    await page.getByTestId('current-user').waitFor();

    // Its payments: A's two, not B's.
    await page.getByRole('menuitem', { name: '支付' }).click();
    for (const id of paymentsOfA) await page.getByRole('link', { name: id }).waitFor();
    assert.equal(await page.getByRole('link', { name: paymentOfB }).count(), 0);
    assert.equal(await page.getByTestId('payment-link').count(), 2);
    await screenshot(page, 'console-merchant-payments');

    // CSV export: UTF-8 with a BOM, a header, amounts as decimal yuan and as fen, A's payments only.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFFid,created_utc,status,currency,amount,amount_minor,'), csv.slice(0, 80));
    const rows = csv.trim().split('\r\n').slice(1);
    assert.deepEqual(rows.map((r) => r.split(',').slice(0, 1).concat(r.split(',').slice(2, 6))).sort(), [
      [paymentsOfA[0], 'succeeded', 'CNY', '20.00', '2000'],
      [paymentsOfA[1], 'succeeded', 'CNY', '30.50', '3050'],
    ].sort());
    assert.ok(rows.every((r) => r.endsWith(',测试订单')), 'Chinese descriptions survive');

    // A partial refund of its own payment, from the detail page.
    const refunded = paymentsOfA[1] as string;
    await page.getByRole('link', { name: refunded }).click();
    await page.getByTestId('refund-button').click();
    await page.getByText('部分退款').click();
    await page.getByTestId('refund-amount').fill('5.00');
    const [refundAnswer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/v1/refunds') && r.request().method() === 'POST'), page.locator('#refund-confirm').click()]);
    assert.equal(refundAnswer.status(), 200, `POST /v1/refunds from the console: ${await refundAnswer.text()}`);
    await page.locator('[data-testid="payment-status"][data-status="partially_refunded"]').waitFor();
    assert.equal(await page.getByTestId('payment-refunded').innerText(), '¥5.00');
    await screenshot(page, 'console-merchant-partial-refund');
    const refunds = (await app.request('GET', `/v1/refunds?payment_intent=${refunded}`)).body;
    assert.deepEqual(refunds.data.map((r: { amount: number; status: string }) => [r.amount, r.status]), [[500, 'succeeded']]);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);

    // B's payment: not found on screen and to the API with this cookie.
    await go(page, `/console/payments/${paymentOfB}`);
    await page.getByTestId('not-found').waitFor();
    await screenshot(page, 'console-merchant-other-payment-404');
    assert.equal((await context.request.get(`/v1/payment_intents/${paymentOfB}`)).status(), 404);
    assert.equal((await context.request.get(`/v1/payment_intents/${paymentsOfA[0]}`)).status(), 200);

    // Operator pages: the 403 page, and the API refuses their calls.
    const operatorPages: [string, string][] = [
      ['/console/ledger', '/v1/ledger/verify'],
      ['/console/merchants', '/v1/merchants'],
      ['/console/risk/reviews', '/v1/risk/reviews'],
      ['/console/users', '/v1/console/users'],
    ];
    for (const [path, api] of operatorPages) {
      await go(page, path);
      await page.getByTestId('forbidden').waitFor();
      if (path === '/console/ledger') await screenshot(page, 'console-merchant-operator-page-403');
      const status = (await context.request.get(api)).status();
      assert.ok(status === 403 || status === 404, `${api} answered ${status} to a merchant's cookie`);
    }

    // Its dashboard counts A's payments only.
    await go(page, '/console');
    await page.getByTestId('kpi-today-gmv').waitFor();
    const report = (await (await context.request.get('/v1/reports/dashboard')).json()) as { today: { gmv: number; payment_count: number; refund_rate: string } };
    assert.deepEqual([report.today.gmv, report.today.payment_count, report.today.refund_rate], [5_050, 2, '0.0990']);
    assert.equal(await page.getByTestId('kpi-today-refund-rate').innerText(), formatRate(report.today.refund_rate));
    assert.equal(await page.getByTestId('kpi-today-gmv').innerText(), '¥50.50');
    assert.equal(await page.getByTestId('kpi-today-payment-count').innerText(), '2');
    await screenshot(page, 'console-merchant-dashboard');
    assert.deepEqual(withoutHttpFailures(errors, [401, 403, 404]), []);
    await context.close();
  });

  test('a signed-in merchant user who reloads a console page or opens one by its URL keeps the session', async () => {
    const { context, page } = await desktopPage(browser, baseUrl);
    page.setDefaultTimeout(15_000);
    nextStep(app); // each code signs in once: take the next one
    await fillConsoleSignIn(page, user.email, totpCode(user.secret, app.clock.nowMs()));
    await page.getByTestId('current-user').waitFor();
    const reloaded = await page.goto(`/console/payments/${paymentsOfA[0]}`);
    assert.equal(reloaded?.status(), 200, 'the console page is served to a signed-in merchant user');
    await page.getByTestId('payment-amount').waitFor();
    const operatorPage = await page.goto('/console/ledger');
    assert.equal(operatorPage?.status(), 200);
    await page.getByTestId('forbidden').waitFor();
    await context.close();
  });
});
