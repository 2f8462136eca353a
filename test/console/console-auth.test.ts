import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_SESSION_IDLE_MS, CONSOLE_SESSION_TTL_MS, CONSOLE_SIGN_IN_LOCK_MS, CONSOLE_SIGN_IN_MAX_FAILURES, totpCode } from '../../src/console/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { columnsContaining } from '../support/database-scan.ts';
import { PASSWORD, asConsole, consoleClient, createConsoleUser, nextStep, signIn, signInRequest, tokenOf, type TestConsoleUser } from './support.ts';

/**
 * Sign-in to the web console (password + TOTP), its cookie sessions, and what
 * the session lets each role do, with the audit log of what was done.
 */

const WRONG_PASSWORD = 'not the password at all';
const wrongCode = (code: string): string => (code === '000000' ? '111111' : '000000');

describe('console sign-in', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  const codeNow = (user: TestConsoleUser): string => totpCode(user.secret, app.clock.nowMs());

  test('the right email, password and code set an HttpOnly, SameSite=Strict cookie whose session answers /v1/console/me', async () => {
    const analyst = await createConsoleUser(app, 'risk_analyst');
    nextStep(app);
    const answer = await signInRequest(app, { email: analyst.email.toUpperCase(), password: PASSWORD, totp_code: codeNow(analyst) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(String(answer.headers['set-cookie']), /^paygrid_console=pgcs_[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    assert.deepEqual(answer.body, {
      object: 'console_session',
      user: { id: analyst.id, object: 'console_user', email: analyst.email, name: 'Test risk_analyst', role: 'risk_analyst', merchant_id: null, disabled: false, must_change_password: false, created_at: answer.body.user.created_at },
      expires_at: Math.floor((app.clock.nowMs() + CONSOLE_SESSION_TTL_MS) / 1000),
    });
    assert.ok(Number.isInteger(answer.body.user.created_at) && answer.body.user.created_at < 1e10, 'unix seconds');

    const me = ok(await consoleClient(app, tokenOf(answer.headers)).GET('/v1/console/me'));
    assert.equal(me.object, 'console_user');
    assert.equal(me.id, analyst.id);
    assert.ok(me.permissions.includes('risk:write') && me.permissions.includes('reads:all'));
    assert.ok(!me.permissions.includes('refunds:write') && !me.permissions.includes('users:admin'));
  });

  test('a wrong password, a wrong code, an unknown email and a disabled user all answer the same 401 invalid_credentials', async () => {
    const user = await createConsoleUser(app, 'support');
    const disabled = await createConsoleUser(app, 'support');
    const update = await app.paygrid.modules.consoleIdentity.users.update(disabled.id, { disabled: true });
    assert.ok(!('failure' in update));
    nextStep(app);
    const attempts = [
      { email: user.email, password: WRONG_PASSWORD, totp_code: codeNow(user) },
      { email: user.email, password: PASSWORD, totp_code: wrongCode(codeNow(user)) },
      { email: 'nobody@paygrid.test', password: PASSWORD, totp_code: codeNow(user) },
      { email: disabled.email, password: PASSWORD, totp_code: codeNow(disabled) },
    ];
    const answers = [];
    for (const body of attempts) answers.push(await signInRequest(app, body));
    for (const answer of answers) {
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, { error: { type: 'authentication_error', code: 'invalid_credentials', message: 'The email, password or code is not right.' } });
      assert.equal(answer.headers['set-cookie'], undefined);
    }
    // The wrong password did not use up the code: the user can still sign in with it.
    assert.equal((await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: codeNow(user) })).status, 200);
  });

  test('a code signs in once: the same code again, even in a later step, answers 401; the next step’s code works', async () => {
    const user = await createConsoleUser(app, 'finance');
    nextStep(app);
    const code = codeNow(user);
    assert.equal((await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: code })).status, 200);
    assert.equal(failed_(await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: code })), 'invalid_credentials');
    app.clock.advanceMs(20_000);
    assert.equal(failed_(await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: code })), 'invalid_credentials', 'accepted drift does not reopen a used step');
    nextStep(app);
    assert.equal((await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: codeNow(user) })).status, 200);
  });

  test('a code from the previous or next 30-second step is accepted, two steps away is not', async () => {
    const user = await createConsoleUser(app, 'finance');
    nextStep(app);
    nextStep(app);
    const previous = totpCode(user.secret, app.clock.nowMs() - 30_000);
    const tooOld = totpCode(user.secret, app.clock.nowMs() - 60_000);
    assert.equal(failed_(await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: tooOld })), 'invalid_credentials');
    assert.equal((await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: previous })).status, 200);
    const next = totpCode(user.secret, app.clock.nowMs() + 30_000);
    assert.equal((await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: next })).status, 200);
  });

  test(`${CONSOLE_SIGN_IN_MAX_FAILURES} failures lock the email for 30 minutes with Retry-After; locked, even the right credentials are refused; then it works`, async () => {
    const user = await createConsoleUser(app, 'admin');
    nextStep(app);
    for (let i = 1; i < CONSOLE_SIGN_IN_MAX_FAILURES; i += 1) {
      // A second apart, so that the log's order is the order of the attempts.
      app.clock.advanceMs(1_000);
      assert.equal(failed_(await signInRequest(app, { email: user.email, password: WRONG_PASSWORD, totp_code: codeNow(user) })), 'invalid_credentials');
    }
    app.clock.advanceMs(1_000);
    const locking = await signInRequest(app, { email: user.email, password: WRONG_PASSWORD, totp_code: codeNow(user) });
    assert.equal(locking.status, 403);
    assert.equal(locking.body.error.code, 'account_locked');
    assert.equal(locking.body.error.type, 'permission_error');
    assert.equal(locking.headers['retry-after'], String(CONSOLE_SIGN_IN_LOCK_MS / 1000));

    app.clock.advanceMs(60_000);
    const right = await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: codeNow(user) });
    assert.equal(right.status, 403);
    assert.equal(right.body.error.code, 'account_locked');
    assert.equal(right.headers['retry-after'], String(CONSOLE_SIGN_IN_LOCK_MS / 1000 - 60));

    app.clock.advanceMs(CONSOLE_SIGN_IN_LOCK_MS);
    const token = await signIn(app, user);
    const log = ok(await consoleClient(app, token).GET('/v1/console/audit_log', { params: { query: { limit: 8 } } }));
    const mine = log.data.filter((e) => e.actor.email === user.email).map((e) => [e.action, e.status]);
    assert.deepEqual(mine, [
      ['sign_in.succeeded', 200],
      ['sign_in.refused_locked', 403],
      ['sign_in.locked', 403],
      ['sign_in.failed', 401],
      ['sign_in.failed', 401],
      ['sign_in.failed', 401],
      ['sign_in.failed', 401],
    ]);
  });

  test('an email that names no user locks the same way, so locks tell nothing of which emails exist', async () => {
    nextStep(app);
    const body = { email: 'ghost@paygrid.test', password: WRONG_PASSWORD, totp_code: '123456' };
    for (let i = 1; i < CONSOLE_SIGN_IN_MAX_FAILURES; i += 1) assert.equal(failed_(await signInRequest(app, body)), 'invalid_credentials');
    assert.equal(failed_(await signInRequest(app, body)), 'account_locked');
  });

  test('guards of emails that neither lock nor count any more are deleted as others fail; a locked email stays locked', async () => {
    const { db } = app.database;
    const guards = async (email: string): Promise<number> => Number((await db.query<{ n: bigint }>('SELECT count(*) AS n FROM console_sign_in_guards WHERE email = $1', [email])).rows[0]?.n ?? 0n);
    nextStep(app);
    const wrong = (email: string) => ({ email, password: WRONG_PASSWORD, totp_code: '123456' });
    assert.equal(failed_(await signInRequest(app, wrong('stale@paygrid.test'))), 'invalid_credentials');
    for (let i = 0; i < CONSOLE_SIGN_IN_MAX_FAILURES; i += 1) await signInRequest(app, wrong('locked@paygrid.test'));
    assert.equal(await guards('stale@paygrid.test'), 1);
    app.clock.advanceMs(16 * 60_000);
    assert.equal(failed_(await signInRequest(app, wrong('another@paygrid.test'))), 'invalid_credentials');
    assert.equal(await guards('stale@paygrid.test'), 0);
    assert.equal(failed_(await signInRequest(app, wrong('locked@paygrid.test'))), 'account_locked');
    assert.equal(failed_(await signInRequest(app, wrong('stale@paygrid.test'))), 'invalid_credentials', 'a deleted guard starts afresh');
  });

  test('a session ends after 30 idle minutes; each use slides the deadline; the cookie is cleared with a 401', async () => {
    const user = await createConsoleUser(app, 'support');
    const token = await signIn(app, user);
    for (let i = 0; i < 3; i += 1) {
      app.clock.advanceMs(CONSOLE_SESSION_IDLE_MS - 60_000);
      assert.equal((await asConsole(app, token, 'GET', '/v1/console/me')).status, 200, `use ${i + 1}`);
    }
    app.clock.advanceMs(CONSOLE_SESSION_IDLE_MS + 1);
    const expired = await asConsole(app, token, 'GET', '/v1/console/me');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'session_expired');
    assert.match(String(expired.headers['set-cookie']), /^paygrid_console=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0$/);
  });

  test('a session lasts 12 hours at most, however often it is used', async () => {
    const user = await createConsoleUser(app, 'support');
    const token = await signIn(app, user);
    const steps = CONSOLE_SESSION_TTL_MS / (20 * 60_000);
    for (let i = 1; i < steps; i += 1) {
      app.clock.advanceMs(20 * 60_000);
      assert.equal((await asConsole(app, token, 'GET', '/v1/console/me')).status, 200, `at ${i * 20} minutes`);
    }
    app.clock.advanceMs(20 * 60_000);
    assert.equal((await asConsole(app, token, 'GET', '/v1/console/me')).status, 401);
  });

  test('signing out ends the session and clears the cookie, and is in the audit log', async () => {
    const admin = await createConsoleUser(app, 'admin');
    const token = await signIn(app, admin);
    const out = await consoleClient(app, token).DELETE('/v1/console/sessions/current');
    assert.deepEqual(ok(out), { object: 'console_session', deleted: true });
    assert.match(out.response.headers.get('set-cookie') ?? '', /^paygrid_console=; .*Max-Age=0/);
    assert.equal((await asConsole(app, token, 'GET', '/v1/console/me')).status, 401);
    const other = await signIn(app, admin);
    const log = ok(await consoleClient(app, other).GET('/v1/console/audit_log', { params: { query: { limit: 3 } } }));
    const signOut = log.data.find((e) => e.action === 'DELETE /v1/console/sessions/current' && e.actor.user_id === admin.id);
    assert.ok(signOut !== undefined, JSON.stringify(log.data));
    assert.equal(signOut.status, 200);
  });

  test('neither the session token, the TOTP secret nor the password rests in clear anywhere in the database', async () => {
    const user = await createConsoleUser(app, 'admin');
    const token = await signIn(app, user);
    assert.deepEqual(await columnsContaining(app.database.db, [token, user.secret, PASSWORD]), []);
  });

  test('an Authorization header wins over the cookie, and a console token is not an API key', async () => {
    const admin = await createConsoleUser(app, 'admin');
    const token = await signIn(app, admin);
    const withKey = await app.request('GET', '/v1/console/me', { headers: { cookie: `paygrid_console=${token}` } });
    assert.equal(withKey.status, 403, 'the operator key is used, and it is not a console session');
    const asBearer = await app.request('GET', '/v1/ledger/verify', { key: token });
    assert.equal(asBearer.status, 401);
    assert.equal((await app.request('GET', '/v1/console/users')).status, 403, 'the operator key does not manage console users');
  });

  test('a sign-in from another site’s page is refused, and a request with a bad cookie on a public route is not', async () => {
    const user = await createConsoleUser(app, 'support');
    nextStep(app);
    const body = { email: user.email, password: PASSWORD, totp_code: codeNow(user) };
    const crossSite = await signInRequest(app, body, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.equal(crossSite.body.error.code, 'permission_denied');
    const stale = await signInRequest(app, body, { cookie: 'paygrid_console=pgcs_stale' });
    assert.equal(stale.status, 200);
  });
});

/** The error code of an answer that failed (401 or 403). */
function failed_(answer: { status: number; body: { error?: { code: string } } }): string {
  assert.ok(answer.status === 401 || answer.status === 403, `expected 401 or 403, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.error?.code ?? '';
}

describe('console roles, permissions and the audit log', () => {
  let app: TestApp;
  let admin: string;
  let analyst: { user: TestConsoleUser; token: string };
  let shop: { id: string; secret_key: string; publishable_key: string };
  let otherShop: { id: string; secret_key: string };
  before(async () => {
    app = await startTestApp();
    admin = await signIn(app, await createConsoleUser(app, 'admin'));
    const user = await createConsoleUser(app, 'risk_analyst');
    analyst = { user, token: await signIn(app, user) };
    shop = (await app.request('POST', '/v1/merchants', { body: { name: 'Console Shop' } })).body;
    otherShop = (await app.request('POST', '/v1/merchants', { body: { name: 'Other Shop' } })).body;
  });
  after(async () => {
    await app.close();
  });

  /** A card payment of `amount` at `merchant`, confirmed at once. */
  async function cardPayment(merchant: { secret_key: string }, amount: number): Promise<{ id: string; status: string }> {
    const method = await app.request('POST', '/v1/payment_methods', { key: merchant.secret_key, body: { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' } } });
    assert.equal(method.status, 200, JSON.stringify(method.body));
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount, currency: 'cny', payment_method: method.body.id, confirm: true } });
    assert.equal(pi.status, 200, JSON.stringify(pi.body));
    return pi.body;
  }

  test('an analyst approves a held payment’s review; the audit log shows who, the route and its target, never the body', async () => {
    const note = 'Called the customer back on 138-0000-0000';
    assert.equal((await app.request('POST', '/v1/risk/rules', { body: { name: 'Hold 12345', expression: 'amount == 12345', action: 'review' } })).status, 200);
    const held = await cardPayment(shop, 12_345);
    assert.equal(held.status, 'processing');
    const reviews = await asConsole(app, analyst.token, 'GET', '/v1/risk/reviews');
    assert.equal(reviews.status, 200);
    const review = reviews.body.data.find((r: { payment_intent: string }) => r.payment_intent === held.id);
    assert.ok(review !== undefined);

    const approved = await asConsole(app, analyst.token, 'POST', `/v1/risk/reviews/${review.id}/approve`, { body: { note } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'approved');

    const log = ok(await consoleClient(app, admin).GET('/v1/console/audit_log', { params: { query: { limit: 5 } } }));
    const entry = log.data.find((e) => e.target === review.id);
    assert.ok(entry !== undefined, JSON.stringify(log.data));
    assert.deepEqual(
      { ...entry, id: undefined, created_at: undefined },
      {
        id: undefined,
        object: 'audit_entry',
        actor: { user_id: analyst.user.id, email: analyst.user.email, role: 'risk_analyst' },
        action: `POST /v1/risk/reviews/${review.id}/approve`,
        route: '/v1/risk/reviews/:id/approve',
        target: review.id,
        status: 200,
        created_at: undefined,
        ip: '127.0.0.1',
      },
    );
    const rest = await columnsContaining(app.database.db, [note]);
    assert.ok(!rest.some((c) => c.startsWith('audit_log.')), `the note is not in the audit log: ${rest.join(', ')}`);
  });

  test('an analyst may not refund, move ledger money or manage users: 403 permission_denied naming the role, and the refusal is recorded', async () => {
    const refund = await asConsole(app, analyst.token, 'POST', '/v1/refunds', { body: { payment_intent: 'pi_00000000000000000000000000' } });
    assert.equal(refund.status, 403);
    assert.deepEqual(refund.body.error, { type: 'permission_error', code: 'permission_denied', message: 'The risk_analyst role may not call POST /v1/refunds.' });
    assert.equal((await asConsole(app, analyst.token, 'POST', '/v1/ledger/accounts', { body: { id: 'console_denied', ledger: 'CNY', code: 1 } })).status, 403);
    assert.equal((await asConsole(app, analyst.token, 'GET', '/v1/console/users')).status, 403);
    assert.equal((await asConsole(app, analyst.token, 'GET', '/v1/console/audit_log')).status, 403);
    assert.equal((await asConsole(app, analyst.token, 'GET', '/v1/ledger/verify')).body.balanced, true, 'operator reads are open to an analyst');
    const log = ok(await consoleClient(app, admin).GET('/v1/console/audit_log', { params: { query: { limit: 10 } } }));
    const refused = log.data.find((e) => e.action === 'POST /v1/refunds' && e.actor.user_id === analyst.user.id);
    assert.equal(refused?.status, 403);
    assert.equal(refused?.route, '/v1/refunds');
    assert.ok(!log.data.some((e) => e.action.startsWith('GET ')), 'reads are not audited');
  });

  test('finance may create ledger accounts but not change risk rules; support reads customers but not the ledger', async () => {
    const finance = await signIn(app, await createConsoleUser(app, 'finance'));
    assert.equal((await asConsole(app, finance, 'POST', '/v1/ledger/accounts', { body: { id: 'console_finance_acct', ledger: 'CNY', code: 1 } })).status, 200);
    const rule = await asConsole(app, finance, 'POST', '/v1/risk/rules', { body: { name: 'x', expression: 'amount > 1', action: 'block' } });
    assert.equal(rule.status, 403);
    assert.match(rule.body.error.message, /finance role/);
    const support = await signIn(app, await createConsoleUser(app, 'support'));
    const customer = (await app.request('POST', '/v1/customers', { body: { phone: '+8613912345678' } })).body;
    assert.equal((await asConsole(app, support, 'GET', `/v1/customers/${customer.id}`)).status, 200);
    assert.equal((await asConsole(app, support, 'POST', `/v1/customers/${customer.id}/unlock`, { body: {} })).status, 200);
    assert.equal((await asConsole(app, support, 'GET', '/v1/ledger/verify')).status, 403);
    const operator = await signIn(app, await createConsoleUser(app, 'station_operator'));
    assert.equal((await asConsole(app, operator, 'GET', '/v1/ledger/verify')).status, 403);
    assert.equal((await asConsole(app, operator, 'GET', '/v1/risk/reviews')).status, 403);
  });

  test('a merchant’s user acts as its secret key: its own payment, not another’s (404), and no ledger, users or audit log', async () => {
    const merchantUser = await createConsoleUser(app, 'merchant', shop.id);
    const token = await signIn(app, merchantUser);
    const mine = await cardPayment(shop, 2_000);
    const theirs = await cardPayment(otherShop, 2_000);
    const client = consoleClient(app, token);
    assert.equal(ok(await client.GET('/v1/payment_intents/{id}', { params: { path: { id: mine.id } } })).id, mine.id);
    assert.equal(failed(await client.GET('/v1/payment_intents/{id}', { params: { path: { id: theirs.id } } }), 404).code, 'resource_missing');
    assert.equal(failed(await client.GET('/v1/ledger/verify'), 403).code, 'permission_denied');
    assert.equal(failed(await client.GET('/v1/console/users'), 403).code, 'permission_denied');
    assert.equal(failed(await client.POST('/v1/console/users', { body: { email: 'x@paygrid.test', name: 'X', role: 'admin', password: PASSWORD } }), 403).code, 'permission_denied');
    assert.equal(failed(await client.GET('/v1/console/audit_log'), 403).code, 'permission_denied');
    const me = ok(await client.GET('/v1/console/me'));
    assert.equal(me.merchant_id, shop.id);
    assert.ok(me.permissions.includes('merchant:api') && !me.permissions.includes('charging:write'), 'a retail merchant sees no charging menus');
    const refund = ok(await client.POST('/v1/refunds', { body: { payment_intent: mine.id, amount: 500 } }));
    assert.equal(refund.status, 'succeeded');
  });

  test('a cookie-authenticated POST from another origin is refused; from this server’s own origin, or with no Origin, it is not', async () => {
    const evil = await asConsole(app, analyst.token, 'POST', '/v1/risk/list_entries', { body: { list: 'block', kind: 'ip', value: '203.0.113.9' }, headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.body.error.code, 'permission_denied');
    assert.match(evil.body.error.message, /Cross-origin/);
    const nullOrigin = await asConsole(app, analyst.token, 'POST', '/v1/risk/list_entries', { body: { list: 'block', kind: 'ip', value: '203.0.113.9' }, headers: { origin: 'null' } });
    assert.equal(nullOrigin.status, 403);
    const same = await asConsole(app, analyst.token, 'POST', '/v1/risk/list_entries', { body: { list: 'block', kind: 'ip', value: '203.0.113.9' }, headers: { origin: 'http://localhost:80' } });
    assert.equal(same.status, 200, JSON.stringify(same.body));
    const none = await asConsole(app, analyst.token, 'POST', '/v1/risk/list_entries', { body: { list: 'block', kind: 'ip', value: '203.0.113.10' } });
    assert.equal(none.status, 200);
    assert.equal((await asConsole(app, analyst.token, 'GET', '/v1/risk/list_entries', { headers: { origin: 'https://evil.example' } })).status, 200, 'reads are not refused');
  });

  test('the audit log refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { db } = app.database;
    await assert.rejects(db.query("UPDATE audit_log SET status = 200 WHERE status = 403"), /append-only/);
    await assert.rejects(db.query('DELETE FROM audit_log'), /append-only/);
    await assert.rejects(db.query('TRUNCATE audit_log'), /append-only/);
    const { rows } = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_log');
    assert.ok((rows[0]?.n ?? 0n) > 0n);
  });

  test('the audit log pages with limit and starting_after, newest first', async () => {
    const client = consoleClient(app, admin);
    const first = ok(await client.GET('/v1/console/audit_log', { params: { query: { limit: 2 } } }));
    assert.equal(first.data.length, 2);
    assert.equal(first.has_more, true);
    const second = ok(await client.GET('/v1/console/audit_log', { params: { query: { limit: 2, starting_after: first.data[1]?.id ?? '' } } }));
    assert.ok(second.data.every((e) => !first.data.some((f) => f.id === e.id)));
    assert.ok((second.data[0]?.created_at ?? 0) <= (first.data[1]?.created_at ?? 0));
  });
});

describe('console users, managed by an admin', () => {
  let app: TestApp;
  let adminUser: TestConsoleUser;
  let admin: string;
  before(async () => {
    app = await startTestApp();
    adminUser = await createConsoleUser(app, 'admin');
    admin = await signIn(app, adminUser);
  });
  after(async () => {
    await app.close();
  });

  test('an admin creates a user, who sees the TOTP secret once and signs in with it', async () => {
    const client = consoleClient(app, admin);
    const request = { params: { header: { 'Idempotency-Key': 'create-new-analyst' } }, body: { email: 'New.Analyst@Paygrid.test', name: 'New Analyst', role: 'risk_analyst' as const, password: PASSWORD } };
    const created = ok(await client.POST('/v1/console/users', request));
    const replay = ok(await client.POST('/v1/console/users', request));
    assert.deepEqual([replay.user.id, replay.totp], [created.user.id, { secret: '', otpauth_url: '' }], 'a replay answers the user without the secret, which was never saved');
    assert.equal(created.user.email, 'new.analyst@paygrid.test');
    assert.match(created.user.id, /^cu_[0-9a-z]{26}$/);
    assert.match(created.totp.secret, /^[A-Z2-7]{32}$/);
    assert.ok(created.totp.otpauth_url.startsWith('otpauth://totp/Paygrid:new.analyst%40paygrid.test?secret='));
    const listed = ok(await client.GET('/v1/console/users'));
    assert.ok(listed.data.some((u) => u.id === created.user.id));
    assert.ok(!JSON.stringify(listed).includes(created.totp.secret), 'the secret is shown only on creation');
    assert.equal(ok(await client.GET('/v1/console/users/{id}', { params: { path: { id: created.user.id } } })).role, 'risk_analyst');
    await signIn(app, { id: created.user.id, email: created.user.email, role: 'risk_analyst', secret: created.totp.secret });
    const log = ok(await client.GET('/v1/console/audit_log', { params: { query: { limit: 5 } } }));
    const creation = log.data.find((e) => e.action === 'POST /v1/console/users');
    assert.equal(creation?.actor.user_id, adminUser.id);
    assert.deepEqual(await columnsContaining(app.database.db, [created.totp.secret]), []);
  });

  test('a taken email is 409, a merchant user needs an existing merchant, staff have none, a short password is 400', async () => {
    const client = consoleClient(app, admin);
    const body = { email: adminUser.email, name: 'Twice', role: 'support' as const, password: PASSWORD };
    assert.equal(failed(await client.POST('/v1/console/users', { body }), 409).code, 'email_taken');
    assert.equal(failed(await client.POST('/v1/console/users', { body: { ...body, email: 'm@paygrid.test', role: 'merchant' } }), 400).param, 'merchant_id');
    assert.equal(failed(await client.POST('/v1/console/users', { body: { ...body, email: 'm@paygrid.test', role: 'merchant', merchant_id: 'mch_00000000000000000000000000' } }), 404).param, 'merchant_id');
    assert.equal(failed(await client.POST('/v1/console/users', { body: { ...body, email: 'm@paygrid.test', merchant_id: 'mch_00000000000000000000000000' } }), 400).param, 'merchant_id');
    assert.equal(failed(await client.POST('/v1/console/users', { body: { ...body, email: 'm@paygrid.test', password: 'short' } }), 400).param, 'password');
  });

  test('a role change counts at the next request; disabling ends the user’s sessions at once', async () => {
    const client = consoleClient(app, admin);
    const user = await createConsoleUser(app, 'support');
    const token = await signIn(app, user);
    assert.equal((await asConsole(app, token, 'GET', '/v1/ledger/verify')).status, 403);
    assert.equal(ok(await client.POST('/v1/console/users/{id}', { params: { path: { id: user.id } }, body: { role: 'finance', name: 'Promoted' } })).role, 'finance');
    assert.equal((await asConsole(app, token, 'GET', '/v1/ledger/verify')).status, 200);
    assert.equal(ok(await client.POST('/v1/console/users/{id}', { params: { path: { id: user.id } }, body: { disabled: true } })).disabled, true);
    assert.equal((await asConsole(app, token, 'GET', '/v1/console/me')).status, 401);
    nextStep(app);
    assert.equal((await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: totpCode(user.secret, app.clock.nowMs()) })).status, 401);
  });

  test('the last enabled admin can be neither demoted nor disabled', async () => {
    const client = consoleClient(app, admin);
    const refused = failed(await client.POST('/v1/console/users/{id}', { params: { path: { id: adminUser.id } }, body: { role: 'support' } }), 400);
    assert.equal(refused.code, 'last_admin');
    assert.equal(failed(await client.POST('/v1/console/users/{id}', { params: { path: { id: adminUser.id } }, body: { disabled: true } }), 400).code, 'last_admin');
    const second = await createConsoleUser(app, 'admin');
    assert.equal(ok(await client.POST('/v1/console/users/{id}', { params: { path: { id: second.id } }, body: { disabled: true } })).disabled, true);
  });
});

describe('console cookie behind https', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ PAYGRID_PUBLIC_URL: 'https://console.paygrid.example' });
  });
  after(async () => {
    await app.close();
  });

  test('is Secure, and the public URL’s origin is accepted', async () => {
    const user = await createConsoleUser(app, 'admin');
    nextStep(app);
    const answer = await signInRequest(app, { email: user.email, password: PASSWORD, totp_code: totpCode(user.secret, app.clock.nowMs()) }, { origin: 'https://console.paygrid.example' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(String(answer.headers['set-cookie']), /; HttpOnly; SameSite=Strict; Path=\/; Secure$/);
  });
});
