import type { Page } from 'playwright-core';
import { totpCode } from '../../src/console/index.ts';
import { PASSWORD, nextStep } from '../console/support.ts';
import type { TestApp } from '../support/app.ts';

/** Fills the console's two-step sign-in (email and password, then the code) and submits it. */
export async function fillConsoleSignIn(page: Page, email: string, code: string, password = PASSWORD): Promise<void> {
  await page.goto('/console');
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-next').click();
  await page.getByTestId('sign-in-code').fill(code);
  await page.getByTestId('sign-in-submit').click();
}

/**
 * Signs a console user in through the page with the TOTP code at the server's
 * (manual) clock, in a fresh time step (a code signs in once), and waits until
 * the sign-in form is gone.
 */
export async function signInConsole(page: Page, app: TestApp, user: { email: string; secret: string }, password = PASSWORD): Promise<void> {
  nextStep(app);
  await fillConsoleSignIn(page, user.email, totpCode(user.secret, app.clock.nowMs()), password);
  await page.getByTestId('sign-in-code').waitFor({ state: 'detached' });
}

/** Moves the single-page app to `path` as the menu does (no reload): the session stays, the route guards decide. */
export async function go(page: Page, path: string): Promise<void> {
  // A string, evaluated in the page: the server's tsconfig has no DOM types.
  await page.evaluate(`window.history.pushState({}, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'));`);
}

/**
 * The page's own errors, without Chromium's lines about HTTP answers the
 * screens show themselves: those with one of `statuses`, or any status when
 * none are given.
 */
export function withoutHttpFailures(errors: readonly string[], statuses?: readonly number[]): string[] {
  const prefix = 'console.error: Failed to load resource: the server responded with a status of ';
  return errors.filter((e) => !(e.startsWith('console.error: Failed to load resource') && (statuses === undefined || statuses.some((s) => e.startsWith(`${prefix}${s} `)))));
}
