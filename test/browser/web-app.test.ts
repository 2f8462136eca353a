import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { collectPageErrors, desktopPage, phonePage, screenshot, startBrowserApp } from './browser.ts';

/** The server serves the built web app: both surfaces load in Chromium and render Chinese text. */
describe('the web app in a browser', () => {
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

  test('/console and /m load their chunks, with a strict content security policy and no page errors', async () => {
    const { context, page } = await desktopPage(browser, baseUrl);
    const errors = collectPageErrors(page);
    const response = await page.goto('/console');
    assert.equal(response?.status(), 200);
    assert.match(String(response?.headers()['content-security-policy']), /script-src 'self'/);
    await page.getByRole('heading').first().waitFor();
    await screenshot(page, 'web-app-console');
    await context.close();

    const phone = await phonePage(browser, baseUrl);
    const phoneErrors = collectPageErrors(phone.page);
    await phone.page.goto('/m');
    await phone.page.getByRole('heading').first().waitFor();
    await screenshot(phone.page, 'web-app-mobile');
    await phone.context.close();
    assert.deepEqual([...errors, ...phoneErrors], []);
  });

  test('built assets are cached for a year; a missing one is a 404, and paths cannot leave web/dist', async () => {
    const index = await app.request('GET', '/console', { key: null });
    const asset = /src="(\/web\/assets\/[^"]+\.js)"/.exec(String(index.body))?.[1];
    assert.ok(asset, 'index.html names its script');
    const served = await app.request('GET', asset, { key: null });
    assert.equal(served.status, 200);
    assert.match(String(served.headers['cache-control']), /immutable/);
    assert.equal((await app.request('GET', '/web/assets/nope.js', { key: null })).status, 404);
    assert.equal((await app.request('GET', '/web/..%2f..%2fpackage.json', { key: null })).status, 404);
    assert.equal((await app.request('GET', '/web/../package.json', { key: null })).status, 404);
  });
});
