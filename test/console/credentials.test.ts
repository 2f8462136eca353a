import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_SIGN_IN_MAX_FAILURES, totpCode } from '../../src/console/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { PASSWORD, asConsole, createConsoleUser, nextStep, signIn, signInRequest, tokenOf } from './support.ts';

/**
 * Lost credentials and changed passwords: an admin resets a user (new password,
 * new authenticator, sessions ended, lock lifted), and a signed-in user changes
 * their own password with the current one.
 */
describe('console credentials', () => {
  let app: TestApp;
  let adminToken: string;

  before(async () => {
    app = await startTestApp();
    adminToken = await signIn(app, await createConsoleUser(app, 'admin'));
  });
  after(async () => {
    await app.close();
  });

  const signInWith = (email: string, password: string, secret: string) => {
    nextStep(app);
    return signInRequest(app, { email, password, totp_code: totpCode(secret, app.clock.nowMs()) });
  };

  test('an admin resets a locked-out user: the old password and authenticator stop working, the user’s sessions end, the new ones sign in', async () => {
    const analyst = await createConsoleUser(app, 'risk_analyst');
    const oldSession = await signIn(app, analyst);
    for (let i = 0; i < CONSOLE_SIGN_IN_MAX_FAILURES; i += 1) await signInRequest(app, { email: analyst.email, password: 'not the password at all', totp_code: '000000' });
    assert.equal((await signInWith(analyst.email, PASSWORD, analyst.secret)).body.error.code, 'account_locked');

    const fresh = 'a brand new passphrase 42';
    const reset = await asConsole(app, adminToken, 'POST', `/v1/console/users/${analyst.id}/reset_credentials`, { body: { password: fresh } });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.equal(reset.headers['cache-control'], 'no-store');
    assert.equal(reset.body.user.id, analyst.id);
    assert.match(reset.body.totp.secret, /^[A-Z2-7]+$/);
    assert.notEqual(reset.body.totp.secret, analyst.secret);
    assert.match(reset.body.totp.otpauth_url, /^otpauth:\/\/totp\//);

    assert.equal((await asConsole(app, oldSession, 'GET', '/v1/console/me')).status, 401, 'the old session ended');
    assert.equal((await signInWith(analyst.email, PASSWORD, reset.body.totp.secret)).status, 401, 'the old password is refused');
    assert.equal((await signInWith(analyst.email, fresh, analyst.secret)).status, 401, 'the old authenticator is refused');
    const signedIn = await signInWith(analyst.email, fresh, reset.body.totp.secret);
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.equal(signedIn.body.user.must_change_password, true);

    // With the temporary password, nothing but choosing their own: then everything their role allows.
    const session = tokenOf(signedIn.headers);
    const held = await asConsole(app, session, 'GET', '/v1/risk/reviews');
    assert.deepEqual([held.status, held.body.error.code], [403, 'password_change_required']);
    assert.equal((await asConsole(app, session, 'GET', '/v1/console/me')).body.must_change_password, true);
    const own = await asConsole(app, session, 'POST', '/v1/console/me/password', { body: { current_password: fresh, new_password: 'the analyst’s own passphrase' } });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.must_change_password, false);
    assert.equal((await asConsole(app, session, 'GET', '/v1/risk/reviews')).status, 200, 'the same session goes on');

    const audit = await asConsole(app, adminToken, 'GET', '/v1/console/audit_log?limit=20');
    const entry = audit.body.data.find((e: { action: string }) => e.action === `POST /v1/console/users/${analyst.id}/reset_credentials`);
    assert.equal(entry?.status, 200, 'the reset is in the audit log');
    assert.ok(!JSON.stringify(audit.body).includes(fresh), 'never the password');
  });

  test('only an admin resets; a short password, or an unknown user, is refused with the parameter named and changes nothing', async () => {
    const support = await createConsoleUser(app, 'support');
    const supportToken = await signIn(app, support);
    const target = await createConsoleUser(app, 'finance');
    const refused = await asConsole(app, supportToken, 'POST', `/v1/console/users/${target.id}/reset_credentials`, { body: { password: 'a brand new passphrase 42' } });
    assert.equal(refused.status, 403);
    const short = await asConsole(app, adminToken, 'POST', `/v1/console/users/${target.id}/reset_credentials`, { body: { password: 'short' } });
    assert.deepEqual([short.status, short.body.error.param], [400, 'password']);
    const unknown = await asConsole(app, adminToken, 'POST', `/v1/console/users/cu_${'0'.repeat(26)}/reset_credentials`, { body: { password: 'a brand new passphrase 42' } });
    assert.deepEqual([unknown.status, unknown.body.error.param], [404, 'id']);
    assert.equal((await signInWith(target.email, PASSWORD, target.secret)).status, 200, 'the user still signs in as before');
  });

  test('a user changes their own password with the current one: the other sessions end, this one stays; a wrong current password changes nothing', async () => {
    const finance = await createConsoleUser(app, 'finance');
    const here = await signIn(app, finance);
    const elsewhere = await signIn(app, finance);
    const wrong = await asConsole(app, here, 'POST', '/v1/console/me/password', { body: { current_password: 'not it', new_password: 'another long passphrase' } });
    assert.deepEqual([wrong.status, wrong.body.error.code, wrong.body.error.param], [400, 'password_incorrect', 'current_password']);
    const short = await asConsole(app, here, 'POST', '/v1/console/me/password', { body: { current_password: PASSWORD, new_password: 'short' } });
    assert.deepEqual([short.status, short.body.error.param], [400, 'new_password']);
    assert.equal((await asConsole(app, elsewhere, 'GET', '/v1/console/me')).status, 200, 'nothing changed yet');

    const changed = await asConsole(app, here, 'POST', '/v1/console/me/password', { body: { current_password: PASSWORD, new_password: 'another long passphrase' } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.id, finance.id);
    assert.equal((await asConsole(app, here, 'GET', '/v1/console/me')).status, 200, 'this session stays');
    assert.equal((await asConsole(app, elsewhere, 'GET', '/v1/console/me')).status, 401, 'the other session ended');
    assert.equal((await signInWith(finance.email, PASSWORD, finance.secret)).status, 401);
    assert.equal((await signInWith(finance.email, 'another long passphrase', finance.secret)).status, 200);
  });

  test('guessing at one’s own password is limited: the sixth try within a minute is 429', async () => {
    const support = await createConsoleUser(app, 'support');
    const token = await signIn(app, support);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await asConsole(app, token, 'POST', '/v1/console/me/password', { body: { current_password: `guess ${i}`, new_password: 'another long passphrase' } })).status);
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429]);
  });
});
