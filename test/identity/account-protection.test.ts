import { strict as assert } from 'node:assert';
import { createHash, randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SIGN_IN_FAILURE_WINDOW_MS, SIGN_IN_LOCK_MS, SIGN_IN_MAX_FAILURES, deviceKeyHash, networkOf } from '../../src/identity/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { columnsContaining } from '../support/database-scan.ts';

/**
 * Account protection for consumer sign-in (issue 5): wrong codes lock a phone's
 * sign-in for a while and the consumer is told; sign-ins from a device or
 * network the customer has not used are flagged and announced; the consumer
 * sees the history, and the operator can lift a lock early.
 */

const CODE = /验证码 (\d{6})/;
const LOCK_NOTICE = /已锁定/;
const NEW_DEVICE_NOTICE = /新设备登录提醒/;
const RESEND_INTERVAL_MS = 61_000;

describe('networks and device keys', () => {
  const networks: Array<[string, string]> = [
    ['203.0.113.7', '203.0.113.0/24'],
    ['203.0.113.200', '203.0.113.0/24'],
    ['198.51.100.1', '198.51.100.0/24'],
    ['::ffff:203.0.113.9', '203.0.113.0/24'],
    ['2001:db8:1234:5678::1', '2001:db8:1234::/48'],
    ['2001:0DB8:1234:ffff:0:0:0:2', '2001:db8:1234::/48'],
    ['2001:db8::1', '2001:db8::/48'],
    ['fe80::1%eth0', 'fe80::/48'],
    ['::1', '::/48'],
    ['not an address', 'unknown'],
  ];
  for (const [ip, network] of networks) {
    test(`${ip} is in ${network}`, () => {
      assert.equal(networkOf(ip), network);
    });
  }

  test('a device key is a SHA-256 hash, of the device id or else of the User-Agent, and the two never collide', () => {
    const byId = deviceKeyHash({ deviceId: 'ios-1', userAgent: 'App/1.0' });
    assert.match(byId, /^[0-9a-f]{64}$/);
    assert.equal(byId, deviceKeyHash({ deviceId: 'ios-1', userAgent: 'Other/2.0' }));
    assert.notEqual(deviceKeyHash({ deviceId: undefined, userAgent: 'ios-1' }), byId);
    assert.equal(deviceKeyHash({ deviceId: undefined, userAgent: undefined }), deviceKeyHash({ deviceId: undefined, userAgent: '' }));
  });
});

describe('consumer sign-in protection', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  const newPhone = (): string => `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const anonymous = () => app.client(null);

  async function messages(phone: string): Promise<string[]> {
    return ok(await app.client().GET('/v1/test_helpers/sms', { params: { query: { phone } } })).data.map((m) => m.body);
  }

  async function sendCode(phone: string): Promise<string> {
    app.clock.advanceMs(RESEND_INTERVAL_MS);
    ok(await anonymous().POST('/v1/auth/otp', { body: { phone } }));
    const code = CODE.exec((await messages(phone))[0] ?? '')?.[1];
    assert.ok(code !== undefined, 'the sandbox recorded a code');
    return code;
  }

  const wrongFor = (code: string): string => (code === '000000' ? '111111' : '000000');
  const login = (phone: string, code: string, deviceId?: string) =>
    anonymous().POST('/v1/auth/login', { body: { phone, code }, ...(deviceId === undefined ? {} : { headers: { 'X-Device-Id': deviceId } }) });

  async function signIn(phone: string, deviceId?: string): Promise<{ token: string; customerId: string }> {
    const session = ok(await login(phone, await sendCode(phone), deviceId));
    return { token: session.token, customerId: session.customer.id };
  }

  /** Signs in from another address through inject, which the typed client cannot choose. */
  async function signInFrom(phone: string, remoteAddress: string, deviceId: string): Promise<string> {
    const code = await sendCode(phone);
    const answer = await app.paygrid.http.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress, headers: { 'content-type': 'application/json', 'x-device-id': deviceId }, payload: JSON.stringify({ phone, code }) });
    assert.equal(answer.statusCode, 200, answer.body);
    return (JSON.parse(answer.body) as { token: string }).token;
  }

  /** Sends wrong codes until the one that locks; every earlier one answers 401. */
  async function lockOut(phone: string): Promise<void> {
    const code = await sendCode(phone);
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i += 1) assert.equal(failed(await login(phone, wrongFor(code)), 401).code, 'invalid_code');
    assert.equal(failed(await login(phone, wrongFor(code)), 403).code, 'account_locked');
  }

  test('five wrong codes within 15 minutes lock sign-in for 30 minutes and tell the consumer by SMS, once', async () => {
    const phone = newPhone();
    const { token } = await signIn(phone);
    const code = await sendCode(phone);
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i += 1) {
      // A second apart, so that the history's order is the order of the attempts.
      app.clock.advanceMs(1_000);
      const refused = failed(await login(phone, wrongFor(code)), 401);
      assert.equal(refused.code, 'invalid_code');
      assert.match(refused.message, new RegExp(`${SIGN_IN_MAX_FAILURES - i} more wrong codes lock sign-in`));
    }
    app.clock.advanceMs(1_000);
    const locking = await login(phone, wrongFor(code));
    assert.equal(failed(locking, 403).code, 'account_locked');
    assert.equal(locking.error?.error.type, 'permission_error');
    assert.equal(locking.response.headers.get('retry-after'), String(SIGN_IN_LOCK_MS / 1000));
    const notices = (await messages(phone)).filter((m) => LOCK_NOTICE.test(m));
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /locked for 30 minutes/);

    const history = ok(await app.clientFor(token).GET('/v1/me/sign_ins', { params: { query: { limit: 10 } } }));
    assert.deepEqual(
      history.data.map((s) => s.outcome),
      ['locked', 'failed', 'failed', 'failed', 'failed', 'succeeded'],
    );
  });

  test('while locked, even the right code is refused with account_locked and Retry-After, no code is sent and nothing else changes', async () => {
    const phone = newPhone();
    const { token } = await signIn(phone);
    await lockOut(phone);
    const sentBefore = await messages(phone);
    const historyBefore = ok(await app.clientFor(token).GET('/v1/me/sign_ins')).data;

    app.clock.advanceMs(60_000);
    const [lastCode] = sentBefore.map((m) => CODE.exec(m)?.[1]).filter((c) => c !== undefined);
    assert.ok(lastCode !== undefined);
    const right = await login(phone, lastCode);
    const refused = failed(right, 403);
    assert.equal(refused.code, 'account_locked');
    assert.match(refused.message, /locked until \d{4}-\d\d-\d\dT.*Retry in 1740 seconds/);
    assert.equal(right.response.headers.get('retry-after'), String(SIGN_IN_LOCK_MS / 1000 - 60));

    app.clock.advanceMs(RESEND_INTERVAL_MS);
    const otp = await anonymous().POST('/v1/auth/otp', { body: { phone } });
    assert.equal(failed(otp, 403).code, 'account_locked');
    assert.ok(Number(otp.response.headers.get('retry-after')) > 0);
    assert.deepEqual(await messages(phone), sentBefore, 'no code and no second notice were sent');
    assert.deepEqual(ok(await app.clientFor(token).GET('/v1/me/sign_ins')).data, historyBefore, 'refused attempts are not recorded');
  });

  test('after 30 minutes sign-in works again and the failure count has started afresh', async () => {
    const phone = newPhone();
    await signIn(phone);
    await lockOut(phone);
    app.clock.advanceMs(SIGN_IN_LOCK_MS - RESEND_INTERVAL_MS);
    assert.equal(failed(await anonymous().POST('/v1/auth/otp', { body: { phone } }), 403).code, 'account_locked', 'still locked a minute before the end');
    await signIn(phone);
    const code = await sendCode(phone);
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i += 1) assert.equal(failed(await login(phone, wrongFor(code)), 401).code, 'invalid_code');
  });

  test('a successful sign-in resets the failure count', async () => {
    const phone = newPhone();
    const code = await sendCode(phone);
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i += 1) failed(await login(phone, wrongFor(code)), 401);
    ok(await login(phone, code));
    const next = await sendCode(phone);
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i += 1) {
      assert.match(failed(await login(phone, wrongFor(next)), 401).message, new RegExp(`; ${SIGN_IN_MAX_FAILURES - i} more wrong codes`));
    }
    ok(await login(phone, next));
  });

  test('failures count across codes, and only those of the last 15 minutes', async () => {
    const phone = newPhone();
    const first = await sendCode(phone);
    for (let i = 0; i < 3; i += 1) failed(await login(phone, wrongFor(first)), 401);
    const second = await sendCode(phone);
    assert.match(failed(await login(phone, wrongFor(second)), 401).message, /; 1 more wrong codes/);
    app.clock.advanceMs(SIGN_IN_FAILURE_WINDOW_MS);
    const third = await sendCode(phone);
    assert.match(failed(await login(phone, wrongFor(third)), 401).message, /; 4 more wrong codes/, 'the first code’s failures are more than 15 minutes old');
  });

  test('wrong codes racing each other all count, and exactly one of them locks', async () => {
    const phone = newPhone();
    const { token } = await signIn(phone);
    const code = await sendCode(phone);
    const answers = await Promise.all(Array.from({ length: 2 * SIGN_IN_MAX_FAILURES }, () => login(phone, wrongFor(code))));
    const statuses = answers.map((a) => a.response.status).sort();
    assert.deepEqual(statuses, [...Array<number>(SIGN_IN_MAX_FAILURES - 1).fill(401), ...Array<number>(SIGN_IN_MAX_FAILURES + 1).fill(403)]);
    assert.equal((await messages(phone)).filter((m) => LOCK_NOTICE.test(m)).length, 1);
    // The racing attempts share one instant, so their order in the history is not theirs: compare the outcomes as a set.
    const outcomes = ok(await app.clientFor(token).GET('/v1/me/sign_ins')).data.map((s) => s.outcome);
    assert.deepEqual(outcomes.sort(), ['failed', 'failed', 'failed', 'failed', 'locked', 'succeeded']);
  });

  test('a sign-in from a new device gets a security SMS; one from a known device does not; the first sign-in sets the baseline', async () => {
    const phone = newPhone();
    const { token } = await signIn(phone, 'android-aaaa');
    assert.equal((await messages(phone)).filter((m) => NEW_DEVICE_NOTICE.test(m)).length, 0, 'no notice at sign-up');
    await signIn(phone, 'android-aaaa');
    assert.equal((await messages(phone)).filter((m) => NEW_DEVICE_NOTICE.test(m)).length, 0, 'no notice for a known device');
    await signIn(phone, 'iphone-bbbb');
    const notices = (await messages(phone)).filter((m) => NEW_DEVICE_NOTICE.test(m));
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /If this was not you/);
    const history = ok(await app.clientFor(token).GET('/v1/me/sign_ins')).data;
    assert.deepEqual(
      history.map((s) => [s.outcome, s.new_device, s.new_network]),
      [
        ['succeeded', true, false],
        ['succeeded', false, false],
        ['succeeded', true, true],
      ],
    );
    assert.equal(history[0]?.network, '127.0.0.0/24');
  });

  test('without X-Device-Id the User-Agent names the device; a malformed X-Device-Id is refused before any code is checked', async () => {
    const phone = newPhone();
    await signIn(phone);
    const code = await sendCode(phone);
    const malformed = await anonymous().POST('/v1/auth/login', { body: { phone, code }, headers: { 'X-Device-Id': 'x'.repeat(201) } });
    assert.equal(failed(malformed, 400).param, 'X-Device-Id');
    ok(await anonymous().POST('/v1/auth/login', { body: { phone, code }, headers: { 'User-Agent': 'PaygridApp/2.0 (HarmonyOS)' } }));
    assert.equal((await messages(phone)).filter((m) => NEW_DEVICE_NOTICE.test(m)).length, 1);
  });

  test('a sign-in from another /24 is from a new network; the session records its device key hash and network', async () => {
    const phone = newPhone();
    const { token: first } = await signIn(phone, 'tablet-cccc');
    const sameNetwork = await signInFrom(phone, '127.0.0.99', 'tablet-cccc');
    assert.equal((await messages(phone)).filter((m) => NEW_DEVICE_NOTICE.test(m)).length, 0);
    const elsewhere = await signInFrom(phone, '198.51.100.23', 'tablet-cccc');
    const notices = (await messages(phone)).filter((m) => NEW_DEVICE_NOTICE.test(m));
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /198\.51\.100\.0\/24/);
    const history = ok(await app.clientFor(first).GET('/v1/me/sign_ins')).data;
    assert.deepEqual(history[0], { ...history[0], new_device: false, new_network: true, network: '198.51.100.0/24' });

    const sessions = app.paygrid.modules.sessions;
    const expectedHash = deviceKeyHash({ deviceId: 'tablet-cccc', userAgent: undefined });
    const session = await sessions.authenticate(elsewhere);
    assert.equal(session?.deviceKeyHash, expectedHash);
    assert.equal(session?.network, '198.51.100.0/24');
    assert.equal((await sessions.authenticate(sameNetwork))?.network, '127.0.0.0/24');
  });

  test('the operator unlocks a customer early; others may not', async () => {
    const phone = newPhone();
    const { token, customerId } = await signIn(phone);
    await lockOut(phone);
    failed(await app.clientFor(token).POST('/v1/customers/{id}/unlock', { params: { path: { id: customerId } } }), 403);
    failed(await app.client().POST('/v1/customers/{id}/unlock', { params: { path: { id: 'cus_00000000000000000000000000' } } }), 404);
    const unlocked = ok(await app.client().POST('/v1/customers/{id}/unlock', { params: { path: { id: customerId } } }));
    assert.deepEqual(unlocked, { object: 'sign_in_lock', customer: customerId, locked: false, was_locked: true });
    await signIn(phone);
    assert.equal(ok(await app.client().POST('/v1/customers/{id}/unlock', { params: { path: { id: customerId } } })).was_locked, false);
  });

  test('the history pages newest first and shows no secrets', async () => {
    const phone = newPhone();
    const { token } = await signIn(phone);
    for (let i = 0; i < 3; i += 1) await signIn(phone);
    const asConsumer = app.clientFor(token);
    const firstPage = ok(await asConsumer.GET('/v1/me/sign_ins', { params: { query: { limit: 3 } } }));
    assert.equal(firstPage.has_more, true);
    assert.equal(firstPage.url, '/v1/me/sign_ins');
    const last = firstPage.data.at(-1)?.id;
    assert.ok(last !== undefined);
    const secondPage = ok(await asConsumer.GET('/v1/me/sign_ins', { params: { query: { limit: 3, starting_after: last } } }));
    assert.equal(secondPage.has_more, false);
    const all = [...firstPage.data, ...secondPage.data];
    assert.equal(all.length, 4);
    assert.deepEqual(all.map((s) => s.created), [...all.map((s) => s.created)].sort((a, b) => b - a));
    for (const s of all) assert.deepEqual(Object.keys(s).sort(), ['created', 'id', 'network', 'new_device', 'new_network', 'object', 'outcome']);
    failed(await app.client().GET('/v1/me/sign_ins'), 403);
  });

  test('no raw device id is stored: only its SHA-256 hash', async () => {
    const phone = newPhone();
    const deviceId = `raw-device-${randomInt(1e9)}-do-not-store`;
    const { customerId } = await signIn(phone, deviceId);
    await signIn(phone, deviceId);
    failed(await login(phone, '000000', deviceId), 401);
    assert.deepEqual(await columnsContaining(app.database.db, [deviceId]), []);
    const { rows } = await app.database.db.query<{ device_key_hash: string }>('SELECT device_key_hash FROM identity_known_devices WHERE customer_id = $1', [customerId]);
    assert.deepEqual(rows, [{ device_key_hash: deviceKeyHash({ deviceId, userAgent: undefined }) }]);
    assert.notEqual(rows[0]?.device_key_hash, createHash('sha256').update(deviceId).digest('hex'), 'the hash is domain-separated, not a bare SHA-256 of the id');
  });
});
