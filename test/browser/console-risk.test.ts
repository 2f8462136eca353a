import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createConsoleUser } from '../console/support.ts';
import type { TestApp } from '../support/app.ts';
import { fundedConsumer } from '../support/consumers.ts';
import { collectPageErrors, desktopPage, screenshot, startBrowserApp } from './browser.ts';
import { go, signInConsole, withoutHttpFailures } from './console.ts';

const WALLET = 100_000;
const AMOUNT = 8_800;

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
    ({ app, browser, baseUrl } = await startBrowserApp());
    // Console users are made by an admin (or the CLI); here through the module, as test/console/support.ts does.
    const analyst = await createConsoleUser(app, 'risk_analyst');
    email = analyst.email;
    secret = analyst.secret;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the analyst approves a payment held for review; it succeeds and the wallet is charged once', async () => {
    // The top-up comes first: a top-up the rule would review is refused (only `allow` lets top-ups through).
    const payer = await fundedConsumer(app, WALLET);
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
    await signInConsole(page, app, { email, secret });

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
    assert.deepEqual(withoutHttpFailures(errors), []);
  });

  test('the rule editor shows a syntax error at its position and saves nothing', async () => {
    const before = (await app.request('GET', '/v1/risk/rules')).body.data.length;
    const { context, page } = await desktopPage(browser, baseUrl);
    const errors = collectPageErrors(page);
    await signInConsole(page, app, { email, secret });
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

    // Saved with its own reason code (the Chinese name gives none): the API has it, and so does the list.
    await page.getByTestId('rule-reason-code').fill('large_amount_review');
    const [saved] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/v1/risk/rules') && r.request().method() === 'POST'), page.getByTestId('save-rule').click()]);
    assert.equal(saved.status(), 200, await saved.text());
    const stored = (await app.request('GET', '/v1/risk/rules')).body.data.find((r: { name: string }) => r.name === '不完整的规则');
    assert.deepEqual([stored?.expression, stored?.reason_code], ['amount > 3000', 'large_amount_review']);
    await page.keyboard.press('Escape');
    await page.locator('tr', { hasText: '不完整的规则' }).getByText('large_amount_review').waitFor();
    // Disabled again, so that the other tests' payments are not held by it.
    await app.request('POST', `/v1/risk/rules/${stored.id}`, { body: { status: 'disabled' } });

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
    assert.deepEqual(withoutHttpFailures(errors), []);
  });
});
