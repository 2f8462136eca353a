import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { CONSUMER_PAYMENT_PASSWORD, fundedConsumer } from '../support/consumers.ts';
import { collectPageErrors, launchBrowser, phonePage, screenshot } from './browser.ts';

/**
 * The consumer's wallet on a phone (375×812): sign-in by SMS code, a top-up
 * with the sandbox test card and one through the sandbox's 3-D Secure page,
 * a payment password, then checkout of a merchant's payment intent from the
 * wallet, with a bound prepaid card and through the bank's page. What the
 * pages show is checked against the API, and the ledger stays balanced.
 */
describe('consumer wallet and checkout on a phone', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let merchantKey: string;
  const phone = `+86139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const secondPhone = `+86136${String(randomInt(0, 1e8)).padStart(8, '0')}`;

  before(async () => {
    // The sandbox's 3-D Secure page is named by the public URL, so the server listens where that URL says.
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = await startTestApp({ PAYGRID_PUBLIC_URL: baseUrl });
    await app.paygrid.http.listen({ host: '127.0.0.1', port });
    const merchant = await app.request('POST', '/v1/merchants', { body: { name: '老王水果店', category: 'retail' } });
    assert.equal(merchant.status, 200, JSON.stringify(merchant.body));
    merchantKey = merchant.body.secret_key;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const latestCode = async (): Promise<string> => {
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    assert.equal(sms.status, 200, JSON.stringify(sms.body));
    const code = (sms.body.data as { body: string }[]).map((m) => /验证码 (\d{6})/.exec(m.body)?.[1]).find((c) => c !== undefined);
    assert.ok(code !== undefined, 'the sandbox recorded a code');
    return code;
  };

  test('sign in, top up by card and through 3-D Secure, set a payment password, pay a merchant’s intent from the wallet; figures match the API; ledger balanced', async () => {
    const { context, page } = await phonePage(browser, baseUrl);
    const errors = collectPageErrors(page);
    // The sandbox bank's page has no icon, and the browser asks for one: not this app's error.
    await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await page.goto('/m');
    await page.getByTestId('sign-in').waitFor();
    await page.locator('#m-phone').fill(phone);
    await page.locator('#m-send-code').click();
    await page.getByText('验证码已发送').waitFor();
    await page.locator('#m-code').fill(await latestCode());
    await page.locator('#m-sign-in').click();
    await page.getByTestId('balance').getByText('¥0.00').waitFor();
    await screenshot(page, 'consumer-wallet-empty');
    const token = await page.evaluate<string | null>("localStorage.getItem('paygrid.m.token')");
    assert.ok(token?.startsWith('cs_'), 'the session token is kept in the browser');

    // ¥200.00 with the test card 4242 4242 4242 4242.
    await page.locator('#m-go-top-up').click();
    await page.locator('#m-top-up-amount').fill('200.00');
    await page.locator('#m-card-number').fill('4242 4242 4242 4242');
    await page.locator('#m-card-expiry').fill('12/30');
    await page.locator('#m-card-cvc').fill('123');
    await screenshot(page, 'consumer-wallet-top-up-form');
    await page.locator('#m-top-up-submit').click();
    await page.locator('[data-testid="top-up-status"][data-status="succeeded"]').waitFor();
    await screenshot(page, 'consumer-wallet-top-up-succeeded');
    await page.locator('#m-back-to-wallet').click();
    await page.getByTestId('balance').getByText('¥200.00').waitFor();

    // ¥100.00 with the card that asks for 3-D Secure: the sandbox bank's page, then back.
    await page.locator('#m-go-top-up').click();
    await page.locator('#m-top-up-amount').fill('100.00');
    await page.locator('#m-card-number').fill('4000 0025 0000 3155');
    await page.locator('#m-card-expiry').fill('12/30');
    await page.locator('#m-top-up-submit').click();
    await page.waitForURL(/\/sandbox\/3ds\//);
    await page.getByRole('heading', { name: 'Sandbox 3-D Secure' }).waitFor();
    await screenshot(page, 'consumer-wallet-3ds-page');
    await page.getByRole('button', { name: 'Approve / 验证通过' }).click();
    await page.waitForURL(/\/m\/top-up\?returned=1$/);
    await page.locator('[data-testid="top-up-status"][data-status="succeeded"]').waitFor();
    await screenshot(page, 'consumer-wallet-3ds-returned');
    await page.locator('#m-back-to-wallet').click();
    await page.getByTestId('balance').getByText('¥300.00').waitFor();

    // No payment password yet: the wallet says so; set one.
    await page.locator('#m-go-security').click();
    await page.locator('#m-new-password').fill('112233');
    await page.locator('#m-repeat-password').fill('112233');
    await page.locator('#m-save-password').click();
    await page.getByTestId('saved').waitFor();
    // The limits in force come from GET /v1/me/limits (the defaults: none were set).
    assert.match(await page.getByTestId('limits-now').innerText(), /当前单笔 ¥5,000.00、每日 ¥20,000.00/);
    const me = await app.request('GET', '/v1/me', { key: token });
    assert.equal(me.body.has_payment_password, true);

    // The merchant creates a payment intent; the consumer opens checkout and pays from the wallet.
    const created = await app.request('POST', '/v1/payment_intents', { key: merchantKey, body: { amount: 8_800, currency: 'cny', description: '水果 2 斤' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const intentId: string = created.body.id;
    await page.goto(`/m/pay/${intentId}?client_secret=${encodeURIComponent(created.body.client_secret)}`);
    await page.getByTestId('intent-id').getByText(intentId).waitFor();
    // Before paying, the page says what and whom: the amount, the merchant's name and the description.
    await page.getByTestId('checkout-amount').getByText('¥88.00').waitFor();
    assert.match(await page.getByTestId('checkout-merchant').innerText(), /老王水果店/);
    assert.equal(await page.getByTestId('checkout-description').innerText(), '水果 2 斤');
    assert.equal(await page.locator('[data-method="wallet"]').getAttribute('aria-checked'), 'true');
    await page.locator('#m-pay-password').fill('112233');
    await screenshot(page, 'consumer-wallet-checkout');
    await page.locator('#m-pay').click();
    await page.locator('[data-testid="payment-status"][data-status="succeeded"]').waitFor();
    assert.equal(await page.getByTestId('intent-amount').innerText(), '¥88.00');
    assert.equal(await page.getByTestId('intent-description').innerText(), '水果 2 斤');
    await screenshot(page, 'consumer-wallet-checkout-succeeded');

    const intent = await app.request('GET', `/v1/payment_intents/${intentId}`, { key: merchantKey });
    assert.equal(intent.body.status, 'succeeded');
    assert.equal(intent.body.amount_received, 8_800);
    assert.equal(intent.body.payment_method_type, 'wallet');

    // The wallet page shows what GET /v1/me says; the statement lists the payment and the top-ups.
    await page.getByRole('link', { name: '钱包' }).click();
    const after = await app.request('GET', '/v1/me', { key: token });
    const available: number = after.body.wallet_balances.find((w: { currency: string }) => w.currency === 'cny').available;
    assert.equal(available, 30_000 - 8_800);
    await page.getByTestId('balance').getByText('¥212.00').waitFor();
    // The recent activity is the API's statement, row for row.
    const statement = await app.request('GET', '/v1/me/transactions?currency=cny&limit=5', { key: token });
    const expected = (statement.body.data as { amount: number }[]).map((row) => `${row.amount > 0 ? '+' : '-'}¥${(Math.abs(row.amount) / 100).toFixed(2)}`);
    assert.ok(expected.includes('-¥88.00') && expected.includes('+¥200.00') && expected.includes('+¥100.00'), expected.join(' '));
    await page.getByTestId('transactions').getByText('-¥88.00').first().waitFor();
    assert.deepEqual(await page.getByTestId('transactions').locator('.m-row-amount').allInnerTexts(), expected);
    await screenshot(page, 'consumer-wallet-after-payment');

    const verified = await app.request('GET', '/v1/ledger/verify');
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.balanced, true, JSON.stringify(verified.body));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('agreements are listed and revoked; a prepaid card is bound and listed with its balance; scan, me, help and the English switch render; sign-out', async () => {
    const token = await app.request('POST', '/v1/auth/otp', { key: null, body: { phone: secondPhone } }).then(async () => {
      const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(secondPhone)}`);
      const code = /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1];
      const login = await app.request('POST', '/v1/auth/login', { key: null, body: { phone: secondPhone, code } });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      return login.body.token as string;
    });
    assert.equal((await app.request('POST', '/v1/me/payment_password', { key: token, body: { password: '246810' } })).status, 200);
    const merchant = await app.request('GET', '/v1/merchants?limit=1');
    const merchantId: string = merchant.body.data[0].id;
    const agreement = await app.request('POST', '/v1/me/agreements', { key: token, body: { merchant: merchantId, currency: 'cny', per_payment_limit: 20_000, daily_limit: 50_000, password: '246810' } });
    assert.equal(agreement.status, 200, JSON.stringify(agreement.body));

    const { context, page } = await phonePage(browser, baseUrl);
    const errors = collectPageErrors(page);
    await context.addInitScript({ content: `localStorage.setItem('paygrid.m.token', ${JSON.stringify(token)})` });
    await page.goto('/m/agreements');
    const row = page.getByTestId('agreement');
    await row.getByText(merchant.body.data[0].name).waitFor();
    await row.getByText('单笔 ¥200.00 · 每日 ¥500.00').waitFor();
    await screenshot(page, 'consumer-agreements');
    await row.getByRole('button', { name: '解 除' }).click();
    await page.getByRole('button', { name: '解 除' }).last().click();
    await row.getByText('已解除').waitFor();
    const listed = await app.request('GET', '/v1/me/agreements', { key: token });
    assert.equal(listed.body.data[0].status, 'revoked');

    // A platform prepaid card with ¥150.00, bound on the phone with its number and PIN.
    const issued = await app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 15_000, nickname: '通用储值卡' } });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    await page.getByRole('link', { name: '卡券' }).click();
    await page.getByTestId('prepaid-cards').getByText('还没有绑定预付卡').waitFor();
    await page.locator('#m-bind-number').fill(issued.body.number.replace(/(\d{4})(?=\d)/g, '$1 '));
    await page.locator('#m-bind-pin').fill(issued.body.pin);
    await page.locator('#m-bind').click();
    const card = page.getByTestId('prepaid-card');
    await card.getByText(`•••• ${issued.body.last4}`).waitFor();
    const bound = await app.request('GET', '/v1/me/prepaid_cards', { key: token });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal(bound.body.data[0].id, issued.body.id);
    assert.equal(await card.locator('.m-amount').innerText(), `¥${(bound.body.data[0].balance / 100).toFixed(2)}`);
    assert.equal(bound.body.data[0].balance, 15_000);
    await screenshot(page, 'consumer-cards');

    await page.getByRole('link', { name: '扫码充电' }).click();
    await page.locator('#m-scan-station').fill('CN-SH-0001');
    await screenshot(page, 'consumer-scan');
    await page.getByRole('link', { name: '我的' }).click();
    await page.getByTestId('me-phone').getByText(secondPhone).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Me' }).waitFor();
    await screenshot(page, 'consumer-me-english');
    await page.getByRole('link', { name: 'Help and contact' }).click();
    await page.getByText('What is a hold?').waitFor();
    await screenshot(page, 'consumer-help-english');
    await page.getByRole('link', { name: 'Me' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Wallet' }).click();
    await page.getByTestId('sign-in').waitFor();
    assert.equal(await page.evaluate<string | null>("localStorage.getItem('paygrid.m.token')"), null);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('checkout offers the saved card of this merchant only and the bound prepaid card; pays with the prepaid card, then another payment through the bank’s page and back', async () => {
    const payer = await fundedConsumer(app, 5_000);
    const shop = (await app.request('GET', '/v1/merchants?limit=10')).body.data.find((m: { name: string }) => m.name === '老王水果店');
    const keys = await app.request('POST', `/v1/merchants/${shop.id}/roll_keys`, { body: { type: 'publishable' } });
    const elsewhere = (await app.request('POST', '/v1/merchants', { body: { name: '隔壁书店', category: 'retail' } })).body;
    const saveCard = async (publishableKey: string): Promise<string> => {
      const saved = await app.request('POST', '/v1/payment_methods', { key: publishableKey, body: { type: 'card', customer: payer.customerId, card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      return saved.body.id;
    };
    const here = await saveCard(keys.body.key);
    const there = await saveCard(elsewhere.publishable_key);
    const issued = (await app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 20_000, nickname: '会员卡' } })).body;
    assert.equal((await app.request('POST', '/v1/me/prepaid_cards', { key: payer.token, body: { number: issued.number, pin: issued.pin } })).status, 200);
    const checkout = async (amount: number): Promise<{ id: string; path: string }> => {
      const created = await app.request('POST', '/v1/payment_intents', { key: merchantKey, body: { amount, currency: 'cny', description: '果篮' } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      return { id: created.body.id, path: `/m/pay/${created.body.id}?client_secret=${encodeURIComponent(created.body.client_secret)}` };
    };

    const { context, page } = await phonePage(browser, baseUrl);
    const errors = collectPageErrors(page);
    await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await context.addInitScript({ content: `localStorage.setItem('paygrid.m.token', ${JSON.stringify(payer.token)})` });

    // The bound prepaid card with the payment password.
    const first = await checkout(6_000);
    await page.goto(first.path);
    const prepaid = page.locator(`[data-method="prepaid-${issued.id}"]`);
    await prepaid.getByText('¥200.00').waitFor();
    await page.locator(`[data-method="card-${here}"]`).waitFor();
    assert.equal(await page.locator(`[data-method="card-${there}"]`).count(), 0, 'a card saved by another merchant is not offered');
    await prepaid.click();
    await page.locator('#m-pay-password').fill(CONSUMER_PAYMENT_PASSWORD);
    await screenshot(page, 'consumer-checkout-prepaid-card');
    await page.locator('#m-pay').click();
    await page.locator('[data-testid="payment-status"][data-status="succeeded"]').waitFor();
    assert.equal((await app.request('GET', `/v1/prepaid_cards/${issued.id}`)).body.balance, 14_000, 'the card paid ¥60.00');
    assert.equal((await app.request('GET', `/v1/payment_intents/${first.id}`)).body.payment_method_type, 'prepaid_card');

    // Online banking: no payment password; the bank's page, then back to the checkout, which shows the outcome.
    const second = await checkout(12_300);
    await page.goto(second.path);
    await page.locator('[data-method="online_banking"]').click();
    assert.equal(await page.locator('#m-pay-password').count(), 0, 'the bank authorizes, not the payment password');
    await page.locator('#m-bank').selectOption('cmb');
    await screenshot(page, 'consumer-checkout-online-banking');
    await page.locator('#m-pay').click();
    await page.waitForURL(/\/sandbox\/bank\//);
    await page.getByRole('heading', { name: /招商银行/ }).waitFor();
    await screenshot(page, 'consumer-checkout-bank-page');
    await page.getByRole('button', { name: '确认付款 Pay' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/m/pay/'));
    await page.locator('[data-testid="payment-status"][data-status="succeeded"]').waitFor();
    assert.equal(await page.getByTestId('checkout-result').locator('.m-amount').innerText(), '¥123.00');
    await screenshot(page, 'consumer-checkout-bank-returned');
    const paid = (await app.request('GET', `/v1/payment_intents/${second.id}`)).body;
    assert.deepEqual([paid.status, paid.payment_method_type, paid.amount_received, paid.customer], ['succeeded', 'online_banking', 12_300, payer.customerId]);

    const verified = await app.request('GET', '/v1/ledger/verify');
    assert.equal(verified.body.balanced, true, JSON.stringify(verified.body));
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** A port nothing listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
