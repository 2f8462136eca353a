import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/console/index.ts';
import { formatRate } from '../../web/src/console/components/format.ts';
import { formatMoney } from '../../web/src/money.ts';
import { createConsoleUser, nextStep } from '../console/support.ts';
import type { TestApp } from '../support/app.ts';
import { fundedConsumer, walletPayment } from '../support/consumers.ts';
import { collectPageErrors, desktopPage, screenshot, startBrowserApp } from './browser.ts';
import { fillConsoleSignIn, withoutHttpFailures } from './console.ts';

/**
 * The operator console in Chromium: an admin signs in with password and TOTP
 * (a wrong code is refused), the dashboard shows the figures GET
 * /v1/reports/dashboard returns, and a payment opened from the list is refunded
 * from its detail page: the page and the API show the refund and the ledger
 * stays balanced.
 */
describe('the operator console in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: { email: string; secret: string };
  let payments: string[];
  /** One signed-in window for the last two tests, which follow each other as one operator's session. */
  let page: Page;
  let closeWindow: (() => Promise<void>) | undefined;
  let errors: string[];

  before(async () => {
    ({ app, browser, baseUrl } = await startBrowserApp());

    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: '绿能便利店', category: 'retail' } })).body;
    const alice = await fundedConsumer(app);
    const bob = await fundedConsumer(app);
    payments = [
      await walletPayment(app, merchant.secret_key, alice, 12_345, '咖啡 x2'),
      await walletPayment(app, merchant.secret_key, bob, 5_678, '面包'),
      await walletPayment(app, merchant.secret_key, alice, 9_900, '充电卡充值'),
    ];
    const refund = await app.request('POST', '/v1/refunds', { key: merchant.secret_key, body: { payment_intent: payments[1], amount: 1_000, reason: 'requested_by_customer' } });
    assert.equal(refund.status, 200, JSON.stringify(refund.body));

    // Console users are made by an admin (or the CLI's bootstrap): here through the module.
    admin = await createConsoleUser(app, 'admin');
    nextStep(app);
  });
  after(async () => {
    await closeWindow?.();
    await browser?.close();
    await app?.close();
  });

  test('a wrong TOTP code shows the error and does not sign in', async () => {
    const { context, page } = await desktopPage(browser, baseUrl);
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    const right = totpCode(admin.secret, app.clock.nowMs());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    await fillConsoleSignIn(page, admin.email, wrong);
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'invalid_credentials');
    await screenshot(page, 'console-operator-wrong-totp');
    assert.equal(await page.getByTestId('current-user').count(), 0, 'not signed in');
    assert.equal((await context.request.get('/v1/console/me')).status(), 401);
    assert.deepEqual(withoutHttpFailures(errors, [401, 403, 404]), []);
    await context.close();
  });

  test('signs in with password and TOTP; the dashboard shows the figures GET /v1/reports/dashboard returns', async () => {
    const window = await desktopPage(browser, baseUrl);
    page = window.page;
    closeWindow = () => window.context.close();
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
    await fillConsoleSignIn(page, admin.email, totpCode(admin.secret, app.clock.nowMs()));
    await page.getByTestId('current-user').waitFor();

    await page.getByTestId('kpi-today-gmv').waitFor();
    await page.locator('[data-testid="dashboard-chart"][data-rendered="true"]').waitFor();
    const report = (await app.request('GET', '/v1/reports/dashboard')).body;
    assert.equal(report.today.payment_count, 3, JSON.stringify(report.today));
    const expected: Record<string, string> = {
      'kpi-today-gmv': formatMoney(report.today.gmv, 'cny', 'zh-CN'),
      'kpi-today-payment-count': String(report.today.payment_count),
      'kpi-today-success-rate': formatRate(report.today.success_rate),
      'kpi-today-refund-rate': formatRate(report.today.refund_rate),
      'kpi-7d-gmv': formatMoney(report.last_7_days.gmv, 'cny', 'zh-CN'),
      'kpi-7d-payment-count': String(report.last_7_days.payment_count),
      'kpi-7d-success-rate': formatRate(report.last_7_days.success_rate),
      'kpi-7d-refund-rate': formatRate(report.last_7_days.refund_rate),
      'kpi-today-blocked': String(report.risk.blocked_today),
      'kpi-in-review': String(report.risk.in_review),
    };
    for (const [testId, text] of Object.entries(expected)) assert.equal(await page.getByTestId(testId).innerText(), text, testId);
    // And those are the seeded payments: ¥279.23 received, all three succeeded, ¥10.00 refunded.
    assert.deepEqual([expected['kpi-today-gmv'], expected['kpi-today-success-rate'], expected['kpi-today-refund-rate']], ['¥279.23', '100.00%', '3.58%']);
    await screenshot(page, 'console-operator-dashboard');
  });

  test('a payment opened from the list is refunded from its detail page: the page and the API show the refund, and the ledger stays balanced', async () => {
    const target = payments[0] as string;
    await page.getByRole('menuitem', { name: '支付' }).click();
    await page.getByRole('link', { name: target }).click();
    await page.getByTestId('payment-amount').waitFor();
    assert.equal(await page.getByTestId('payment-amount').innerText(), '¥123.45');
    await page.getByRole('tab', { name: '账本分录' }).click();
    await page.getByTestId('ledger-table').locator('tbody tr').first().waitFor();
    await screenshot(page, 'console-operator-payment-detail');

    await page.getByTestId('refund-button').click();
    const [refundAnswer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/v1/refunds') && r.request().method() === 'POST'), page.locator('#refund-confirm').click()]);
    assert.equal(refundAnswer.status(), 200, `POST /v1/refunds from the console: ${await refundAnswer.text()}`);
    await page.locator('[data-testid="payment-status"][data-status="refunded"]').waitFor();
    assert.equal(await page.getByTestId('payment-refunded').innerText(), '¥123.45');
    await page.getByRole('tab', { name: '退款' }).click();
    await page.getByTestId('refunds-table').getByText('¥123.45').waitFor();
    await screenshot(page, 'console-operator-refunded');

    const intent = (await app.request('GET', `/v1/payment_intents/${target}`)).body;
    assert.equal(intent.amount_refunded, 12_345);
    const refunds = (await app.request('GET', `/v1/refunds?payment_intent=${target}`)).body;
    assert.deepEqual(
      refunds.data.map((r: { amount: number; status: string }) => [r.amount, r.status]),
      [[12_345, 'succeeded']],
    );
    const verified = (await app.request('GET', '/v1/ledger/verify')).body;
    assert.equal(verified.balanced, true, JSON.stringify(verified));

    // The ledger page says the same.
    await page.getByRole('menuitem', { name: '账本' }).click();
    await page.getByTestId('ledger-verify').click();
    await page.locator('[data-testid="ledger-balanced"][data-balanced="true"]').waitFor();
    await screenshot(page, 'console-operator-ledger-verified');
    // The transfers tab lists the refund's transfer among the newest, as GET /v1/ledger/transfers does.
    await page.getByRole('tab', { name: '转账' }).click();
    const newest = (await app.request('GET', '/v1/ledger/transfers?limit=1')).body.data[0].id as string;
    await page.getByTestId('ledger-transfers').getByText(newest).waitFor();
    assert.deepEqual(withoutHttpFailures(errors, [401, 403, 404]), []);
  });
});
