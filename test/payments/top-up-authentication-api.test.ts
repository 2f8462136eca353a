import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** Top-ups from cards that need 3-D Secure, and top-ups whose answer was lost: they wait, then settle exactly once. */
describe('top-ups with 3-D Secure and lost answers', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp();
    const phone = `+86136${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    token = (await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } })).body.token;
  });
  after(async () => {
    await app.close();
  });

  const topUp = (number: string, amount: number) =>
    app.request('POST', '/v1/top_ups', { key: token, body: { amount, currency: 'cny', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' }, return_url: 'https://wallet.example/top-up-done' } });
  const available = async (): Promise<number> => (await app.request('GET', '/v1/me', { key: token })).body.wallet_balances?.[0]?.available ?? 0;

  test('the cardholder approves on the 3-D Secure page: the wallet is credited once and the page sends them back', async () => {
    const before = await available();
    const created = await topUp('4000002500003155', 12_000);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.status, 'requires_action');
    assert.equal(created.body.next_action.type, 'redirect_to_url');
    const url = new URL(created.body.next_action.redirect_to_url.url);
    assert.match(String((await app.request('GET', url.pathname, { key: null })).body), /Sandbox 3-D Secure/);
    assert.equal(await available(), before, 'nothing is credited before authentication');

    const approved = await app.request('POST', `${url.pathname}/complete`, { key: null, body: { approve: true } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.return_url, 'https://wallet.example/top-up-done');
    const settled = await app.request('GET', `/v1/top_ups/${created.body.id}`, { key: token });
    assert.equal(settled.body.status, 'succeeded');
    assert.equal(settled.body.next_action, null);
    assert.equal(await available(), before + 12_000);
    // Reading it again, or a second notification, credits nothing more.
    assert.equal((await app.request('GET', `/v1/top_ups/${created.body.id}`, { key: token })).body.status, 'succeeded');
    assert.equal((await app.request('POST', `${url.pathname}/complete`, { key: null, body: { approve: true } })).status, 400);
    assert.equal(await available(), before + 12_000);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('the cardholder declines: the top-up fails and adds nothing', async () => {
    const before = await available();
    const created = await topUp('4000002500003155', 5_000);
    const url = new URL(created.body.next_action.redirect_to_url.url);
    await app.request('POST', `${url.pathname}/complete`, { key: null, body: { approve: false } });
    const failed = await app.request('GET', `/v1/top_ups/${created.body.id}`, { key: token });
    assert.equal(failed.body.status, 'failed');
    assert.ok(failed.body.failure_code !== null);
    assert.equal(await available(), before);
  });

  test('an answer lost to a timeout leaves the top-up processing until a read syncs it', async () => {
    const before = await available();
    const created = await topUp('4000009990000005', 7_700);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.status, 'processing');
    assert.equal(await available(), before);
    const synced = await app.request('GET', `/v1/top_ups/${created.body.id}`, { key: token });
    assert.equal(synced.body.status, 'succeeded');
    assert.equal(await available(), before + 7_700);
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });
});
