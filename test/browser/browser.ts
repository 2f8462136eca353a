import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Real-browser tests: Debian's Chromium driven by playwright-core (no browser
 * download: the machine cannot reach one). `.ci/run` installs `chromium` and
 * `fonts-noto-cjk`; set PAYGRID_CHROMIUM to use another binary. Screenshots go
 * to test-results/screenshots/, which CI keeps.
 */
export const CHROMIUM_PATH = process.env.PAYGRID_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

/** The flags that let Chromium start headless as root on a machine with no outside network. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk), or set PAYGRID_CHROMIUM.`);
  }
  if (!existsSync(WEB_INDEX)) throw new Error('The web app is not built: run `npm run build:web` (npm install builds it).');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A Paygrid listening on a free port of 127.0.0.1 (a manual clock, no job worker) and a Chromium to drive it. */
export async function startBrowserApp(): Promise<{ app: TestApp; browser: Browser; baseUrl: string }> {
  const app = await startTestApp();
  await app.paygrid.listen();
  const baseUrl = `http://127.0.0.1:${(app.paygrid.http.server.address() as AddressInfo).port}`;
  try {
    return { app, browser: await launchBrowser(), baseUrl };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** A desktop console window (1440×900, zh-CN). */
export async function desktopPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return { context, page: await context.newPage() };
}

/** A phone (375×812, touch, zh-CN): the width the consumer pages must work at. */
export async function phonePage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return { context, page: await context.newPage() };
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Charts animate in; wait for the frames to settle so the picture shows the figures.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  // CSS animations (modals opening and closing) are run to their end, so the picture shows where they settle.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** The page's own errors (uncaught exceptions, console.error) — a test asserts there are none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}
