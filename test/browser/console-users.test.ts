import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/console/index.ts';
import { createConsoleUser, nextStep } from '../console/support.ts';
import type { TestApp } from '../support/app.ts';
import { fundedConsumer } from '../support/consumers.ts';
import { collectPageErrors, desktopPage, screenshot, startBrowserApp } from './browser.ts';
import { fillConsoleSignIn, go, signInConsole, withoutHttpFailures } from './console.ts';

/**
 * Lost credentials in the console: an admin resets an analyst's password and
 * authenticator from the users page (the new secret shown once, with its QR
 * code); the analyst signs in with them, the console asks for a password of
 * their own before anything else, and later they change it from the header.
 */
describe('console users in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;

  before(async () => {
    ({ app, browser, baseUrl } = await startBrowserApp());
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('an admin resets an analyst; the analyst signs in with them, must first choose a password of their own, and later changes it from the header', async () => {
    const admin = await createConsoleUser(app, 'admin');
    const analyst = await createConsoleUser(app, 'risk_analyst');
    const adminWindow = await desktopPage(browser, baseUrl);
    const page = adminWindow.page;
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await signInConsole(page, app, admin);
    await go(page, '/console/users');
    await page.getByTestId(`reset-${analyst.id}`).click();
    await page.locator('#reset-password').fill('temporary passphrase 2026');
    await page.locator('#reset-ok').click();
    const secret = await page.getByTestId('secret-TOTP secret').locator('code').innerText();
    assert.match(secret, /^[A-Z2-7]+$/);
    assert.notEqual(secret, analyst.secret, 'a new authenticator secret');
    await page.getByTestId('totp-qr').waitFor();
    await screenshot(page, 'console-users-reset');
    // The reset is in the audit log the admin reads.
    await page.getByRole('button', { name: '我已保存' }).click();
    await go(page, '/console/audit');
    await page.getByTestId('audit-log').getByText(`POST /v1/console/users/${analyst.id}/reset_credentials`).waitFor();
    // The consumers list searches as GET /v1/customers?query= does.
    const consumer = await fundedConsumer(app, 1_000);
    await fundedConsumer(app, 1_000);
    await go(page, '/console/customers');
    await page.getByRole('link', { name: consumer.customerId }).waitFor();
    await page.getByPlaceholder('手机号、姓名或 cus_ ID').fill(consumer.phone);
    await page.getByPlaceholder('手机号、姓名或 cus_ ID').press('Enter');
    await page.locator('tbody tr').filter({ hasText: consumer.phone }).waitFor();
    const found = (await app.request('GET', `/v1/customers?query=${encodeURIComponent(consumer.phone)}`)).body.data.map((c: { id: string }) => c.id);
    await page.waitForFunction(`document.querySelectorAll('tbody tr.ant-table-row').length === ${found.length}`);
    assert.deepEqual(found, [consumer.customerId]);
    assert.deepEqual(withoutHttpFailures(errors, [401]), []);
    await adminWindow.context.close();

    // The analyst, with what the admin handed over.
    const analystWindow = await desktopPage(browser, baseUrl);
    const own = analystWindow.page;
    own.setDefaultTimeout(15_000);
    const ownErrors = collectPageErrors(own);
    nextStep(app);
    await fillConsoleSignIn(own, analyst.email, totpCode(secret, app.clock.nowMs()), 'temporary passphrase 2026');
    // A temporary password: the console shows only the form to choose one's own.
    await own.getByTestId('forced-password-change').waitFor();
    assert.equal(await own.getByTestId('console-menu').count(), 0, 'no menu until then');
    await fillPasswordChange(own, 'temporary passphrase 2026', 'my own long passphrase');
    await screenshot(own, 'console-users-forced-password-change');
    const [answer] = await Promise.all([own.waitForResponse((r) => r.url().endsWith('/v1/console/me/password')), own.locator('#forced-password-ok').click()]);
    assert.equal(answer.status(), 200, await answer.text());
    await own.getByTestId('current-user').waitFor();

    // Later, from the header: the current password and a new one.
    await own.getByTestId('change-password').click();
    await fillPasswordChange(own, 'my own long passphrase', 'a later passphrase 2027');
    await screenshot(own, 'console-users-change-password');
    const [later] = await Promise.all([own.waitForResponse((r) => r.url().endsWith('/v1/console/me/password')), own.locator('#change-password-ok').click()]);
    assert.equal(later.status(), 200, await later.text());
    await own.getByText('密码已修改').waitFor();
    assert.deepEqual(withoutHttpFailures(ownErrors, [401]), []);
    await analystWindow.context.close();

    nextStep(app);
    const signedIn = await app.request('POST', '/v1/console/sessions', { key: null, body: { email: analyst.email, password: 'a later passphrase 2027', totp_code: totpCode(secret, app.clock.nowMs()) } });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.equal(signedIn.body.user.must_change_password, false);
  });
});

/** The change-password form (the forced page or the header's modal): the current password, then the new one twice. */
async function fillPasswordChange(page: Page, current: string, next: string): Promise<void> {
  await page.locator('#current-password').fill(current);
  await page.locator('#new-password').fill(next);
  await page.locator('#repeat-password').fill(next);
}
