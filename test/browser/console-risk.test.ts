import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/console/index.ts';
import { PASSWORD, createConsoleUser, nextStep } from '../console/support.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { collectPageErrors, desktopPage, launchBrowser, screenshot } from './browser.ts';

const WALLET = 100_000;
const AMOUNT = 8_800;

/** A consumer signed in by phone with the payment password 112233 and ¥1,000.00 in the wallet (as test/risk/risk-api.test.ts does it). */
async function consumer(app: TestApp): Promise<{ token: string; customerId: string }> {
  const phone = `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
  const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
  const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  await app.request('POST', '/v1/me/payment_password', { key: login.body.token, body: { password: '112233' } });
  const topUp = await app.request('POST', '/v1/top_ups', { key: login.body.token, body: { amount: WALLET, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
  assert.equal(topUp.status, 200, JSON.stringify(topUp.body));
  return { token: login.body.token, customerId: login.body.customer.id };
}

/** Signs a console user in through the page: email and password, then the TOTP code at the server's (manual) clock, in a fresh time step (a code signs in once). */
async function signInConsole(page: Page, app: TestApp, email: string, password: string, secret: string): Promise<void> {
  nextStep(app);
  await page.goto('/console');
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-next').click();
  await page.getByTestId('sign-in-code').fill(totpCode(secret, app.clock.nowMs()));
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('sign-in-code').waitFor({ state: 'detached' });
}

/**
 * The page's own errors, without the browser's lines about HTTP answers
 * (the signed-out 401 of /v1/console/me, the rule the API refuses with 400):
 * the screens show those answers themselves.
 */
function ownErrors(errors: string[]): string[] {
  return errors.filter((e) => !e.startsWith('console.error: Failed to load resource'));
}

/**
 * Moves to a console path inside the page (as the menu does), without
 * loading the page again.
 */
async function go(page: Page, path: string): Promise<void> {
  // A string, evaluated in the page: the server's tsconfig has no DOM types.
  await page.evaluate(`window.history.pushState({}, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'));`);
}

/**
 * The acceptance criterion: a risk analyst signs in to the console
 * with password and TOTP, finds a payment held for review in the queue,
 * approves it, and the payment succeeds with the wallet charged once. The
 * rule editor shows the API's syntax error where it is and saves nothing.
 */
describe('console: risk review in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let secret: string;
  let email: string;

  before(async () => {
    app = await startTestApp();
    await app.paygrid.listen();
    baseUrl = `http://127.0.0.1:${(app.paygrid.http.server.address() as AddressInfo).port}`;
    // Console users are made by an admin (or the CLI); here through the module, as test/console/support.ts does.
    const analyst = await createConsoleUser(app, 'risk_analyst');
    email = analyst.email;
    secret = analyst.secret;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the analyst approves a payment held for review; it succeeds and the wallet is charged once', async () => {
    // The top-up comes first: a top-up the rule would review is refused (only `allow` lets top-ups through).
    const payer = await consumer(app);
    const rule = await app.request('POST', '/v1/risk/rules', { body: { name: '大额人工审核', expression: 'amount > 5000', action: 'review' } });
    assert.equal(rule.status, 200, JSON.stringify(rule.body));
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: '便利店' } })).body;
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount: AMOUNT, currency: 'cny' } });
    const confirmed = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, {
      key: payer.token,
      headers: { 'x-device-id': 'phone-1' },
      body: { payment_method_data: { type: 'wallet' }, client_secret: pi.body.client_secret, password: '112233' },
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.status, 'processing');
    assert.equal(confirmed.body.risk.decision, 'review');
    const available = async (): Promise<number> => (await app.request('GET', '/v1/me', { key: payer.token })).body.wallet_balances[0].available;
    assert.equal(await available(), WALLET, 'nothing is held while in review');

    const { context, page } = await desktopPage(browser, baseUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, app, email, PASSWORD, secret);

    await go(page, '/console/risk/reviews');
    const row = page.locator('tr', { hasText: pi.body.id });
    await row.waitFor();
    // The row's figures are the API's: the amount, the payer, the merchant, the rule's reason.
    await row.getByText('¥88.00').waitFor();
    await row.getByText(payer.customerId).waitFor();
    await row.getByText(merchant.id).waitFor();
    const decision = (await app.request('GET', `/v1/risk/decisions?subject=${pi.body.id}`)).body.data[0];
    for (const reason of decision.reasons) await row.getByText(reason.code).waitFor();
    await screenshot(page, 'console-risk-review-queue');

    await row.getByTestId('review-link').click();
    await page.getByTestId('payment-status').filter({ hasText: 'processing' }).first().waitFor();
    await page.getByTestId('approve').click();
    await page.locator('.ant-modal textarea').fill('已电话核实，本人操作。');
    await page.getByTestId('confirm-action').click();
    await page.locator('[data-testid="review-result"] [data-testid="payment-status"][data-status="succeeded"]').waitFor();
    await page.locator('[data-testid="review-status"][data-status="approved"]').waitFor();
    await page.locator('.ant-list-item-meta-title', { hasText: '已电话核实，本人操作。' }).waitFor();
    await screenshot(page, 'console-risk-review-approved');

    const after = await app.request('GET', `/v1/payment_intents/${pi.body.id}`);
    assert.equal(after.body.status, 'succeeded');
    assert.equal(after.body.amount_received, AMOUNT);
    assert.equal(await available(), WALLET - AMOUNT, 'the wallet is charged once');
    const reviews = await app.request('GET', '/v1/risk/reviews?status=approved');
    assert.equal(reviews.body.data.filter((r: { payment_intent: string }) => r.payment_intent === pi.body.id).length, 1);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);

    // The decision log, searched by the payment's id, shows the decision that sent it to review.
    await page.getByRole('link', { name: '全部决策' }).click();
    await page.locator('tr', { hasText: decision.id }).getByText('review', { exact: true }).waitFor();

    // The queue no longer shows it.
    await go(page, '/console/risk/reviews');
    await page.locator('.ant-table-placeholder, .ant-table-row').first().waitFor();
    assert.equal(await page.locator('tr', { hasText: pi.body.id }).count(), 0);
    await context.close();
    assert.deepEqual(ownErrors(errors), []);
  });

  test('the rule editor shows a syntax error at its position and saves nothing', async () => {
    const before = (await app.request('GET', '/v1/risk/rules')).body.data.length;
    const { context, page } = await desktopPage(browser, baseUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, app, email, PASSWORD, secret);
    await go(page, '/console/risk/rules');
    await page.getByTestId('new-rule').click();
    await page.getByTestId('rule-name').fill('不完整的规则');
    await page.getByTestId('rule-expression').fill('amount >');
    await page.getByTestId('save-rule').click();
    const shown = page.getByTestId('expression-error');
    await shown.waitFor();

    // What the API says about the same expression, word for word and at the same position.
    const refused = await app.request('POST', '/v1/risk/rules', { body: { name: 'x', expression: 'amount >', action: 'review' } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'syntax_error');
    assert.match(await shown.innerText(), new RegExp(refused.body.error.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(await shown.innerText(), /syntax_error/);
    assert.equal(await page.getByTestId('expression-caret').getAttribute('data-position'), String(refused.body.error.position));
    await screenshot(page, 'console-risk-rule-syntax-error');
    assert.equal((await app.request('GET', '/v1/risk/rules')).body.data.length, before, 'nothing was saved');

    // The corrected rule, backtested over the server's day (Asia/Shanghai, as the browser): the page shows the API's report.
    await page.getByTestId('rule-expression').fill('amount > 3000');
    await page.getByTestId('backtest-from').fill('2026-01-01');
    await page.getByTestId('backtest-to').fill('2026-01-01');
    await page.getByTestId('run-backtest').click();
    const report = page.getByTestId('backtest-report');
    await report.waitFor();
    const from = Date.parse('2026-01-01T00:00:00+08:00') / 1000;
    const backtest = await app.request('POST', '/v1/risk/backtests', { body: { from, to: from + 86_400, rules: [{ name: '不完整的规则', expression: 'amount > 3000', action: 'review', priority: 100 }] } });
    assert.equal(backtest.status, 200, JSON.stringify(backtest.body));
    assert.ok(backtest.body.decisions > 0, 'the day has decisions');
    const text = await report.innerText();
    for (const figure of [backtest.body.decisions, backtest.body.current.flagged, backtest.body.candidate.flagged, `${(backtest.body.candidate.precision * 100).toFixed(1)}%`, `${(backtest.body.candidate.recall * 100).toFixed(1)}%`]) {
      assert.ok(text.includes(String(figure)), `the report shows ${figure}: ${text}`);
    }
    for (const transition of Object.keys(backtest.body.changed.by_transition)) assert.ok(text.includes(transition), transition);
    await screenshot(page, 'console-risk-backtest');
    assert.equal((await app.request('GET', '/v1/risk/rules')).body.data.length, before, 'a backtest saves nothing');

    // Lists: an IP put on the block list through the page is on the API's list; deleting it takes it off.
    await go(page, '/console/risk/lists');
    await page.locator('label', { has: page.getByTestId('kind-ip') }).click();
    await page.getByTestId('list-value').fill('203.0.113.7');
    await page.getByTestId('list-value').press('Enter');
    const entryRow = page.locator('tr', { hasText: '203.0.113.7' });
    await entryRow.waitFor();
    const entries = (await app.request('GET', '/v1/risk/list_entries')).body.data;
    assert.deepEqual(entries.map((e: { list: string; kind: string; value: string }) => [e.list, e.kind, e.value]), [['block', 'ip', '203.0.113.7']]);
    await entryRow.locator('.ant-btn-dangerous').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await entryRow.waitFor({ state: 'detached' });
    assert.equal((await app.request('GET', '/v1/risk/list_entries')).body.data.length, 0);
    await context.close();
    assert.deepEqual(ownErrors(errors), []);
  });
});
