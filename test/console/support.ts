import { strict as assert } from 'node:assert';
import { createPaygridClient, type PaygridClient } from '../../src/client/index.ts';
import { TOTP_STEP_MS, totpCode, type ConsoleRole } from '../../src/console/index.ts';
import type { TestApp } from '../support/app.ts';
import { documentedResponses, injectFetch } from '../support/client.ts';

/** Console users in tests: created through the module (the bootstrap an operator does with the CLI), signed in through the API. */

export const PASSWORD = 'correct horse battery staple';
const COOKIE = /^paygrid_console=(pgcs_[A-Za-z0-9_-]+);/;

export interface TestConsoleUser {
  id: string;
  email: string;
  role: ConsoleRole;
  secret: string;
}

let counter = 0;

export async function createConsoleUser(app: TestApp, role: ConsoleRole, merchantId?: string): Promise<TestConsoleUser> {
  counter += 1;
  const email = `${role.replace('_', '-')}-${counter}-${Date.now().toString(36)}@paygrid.test`;
  const created = await app.paygrid.modules.consoleIdentity.users.create({ email, name: `Test ${role}`, role, merchantId, password: PASSWORD });
  assert.ok(!('failure' in created), JSON.stringify(created));
  return { id: created.user.id, email, role, secret: created.totp.secret };
}

/** Moves the clock to the next TOTP step, so that a fresh code exists (each code signs in once). */
export function nextStep(app: TestApp): void {
  app.clock.advanceMs(TOTP_STEP_MS);
}

export function signInRequest(app: TestApp, body: { email: string; password: string; totp_code: string }, headers: Record<string, string> = {}) {
  return app.request('POST', '/v1/console/sessions', { key: null, body, headers });
}

/** Signs in with the current code after moving to a new time step; answers the session token from the cookie. */
export async function signIn(app: TestApp, user: TestConsoleUser): Promise<string> {
  nextStep(app);
  const answer = await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: totpCode(user.secret, app.clock.nowMs()) });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return tokenOf(answer.headers);
}

export function tokenOf(headers: Record<string, unknown>): string {
  const token = COOKIE.exec(String(headers['set-cookie']))?.[1];
  assert.ok(token !== undefined, `a console cookie was set: ${String(headers['set-cookie'])}`);
  return token;
}

/** A raw request with the console cookie (and no API key). */
export function asConsole(app: TestApp, token: string, method: 'GET' | 'POST' | 'DELETE', url: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  return app.request(method, url, { key: null, ...(options.body === undefined ? {} : { body: options.body }), headers: { cookie: `paygrid_console=${token}`, ...(options.headers ?? {}) } });
}

/** The typed client over inject, sending the console cookie; every answer is checked against the OpenAPI document. */
const checks = new WeakMap<TestApp, ReturnType<typeof documentedResponses>>();

export function consoleClient(app: TestApp, token: string): PaygridClient {
  const inject = injectFetch(app.paygrid.http);
  let check = checks.get(app);
  if (check === undefined) {
    check = documentedResponses(() => app.paygrid.http.swagger());
    checks.set(app, check);
  }
  return createPaygridClient({
    baseUrl: 'http://paygrid.test',
    fetch: async (request) => {
      const headers = new Headers(request.headers);
      headers.set('cookie', `paygrid_console=${token}`);
      const body = request.body === null ? null : await request.text();
      return inject(new Request(request.url, { method: request.method, headers, body }));
    },
    middleware: [check],
  });
}
