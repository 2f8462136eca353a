import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** 收款码: the merchant's printed QR code opens checkout for a fixed or an open amount; the payer pays from their wallet. */
describe('payment links (merchant-presented QR codes)', () => {
  let app: TestApp;
  let token: string;
  let shop: { id: string; secret_key: string };
  let other: { id: string; secret_key: string };
  before(async () => {
    app = await startTestApp();
    const phone = `+86135${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await app.request('POST', '/v1/auth/otp', { key: null, body: { phone } });
    const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
    token = (await app.request('POST', '/v1/auth/login', { key: null, body: { phone, code: /验证码 (\d{6})/.exec(sms.body.data[0].body)?.[1] } })).body.token;
    assert.equal((await app.request('POST', '/v1/me/payment_password', { key: token, body: { password: '135790' } })).status, 200);
    await app.request('POST', '/v1/top_ups', { key: token, body: { amount: 100_000, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    shop = (await app.request('POST', '/v1/merchants', { body: { name: '老王水果摊', fee_plan: { percent_bps: 60, fixed_amount: 0 } } })).body;
    other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const wallet = async (): Promise<number> => (await app.request('GET', '/v1/me', { key: token })).body.wallet_balances[0].available;

  test('a fixed-amount link: its URL and QR code open checkout, and paying it creates a succeeded payment for the merchant', async () => {
    const created = await app.request('POST', '/v1/payment_links', { key: shop.secret_key, body: { amount: 1_250, currency: 'cny', description: '苹果 1kg' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const link = created.body;
    assert.match(link.id, /^plink_/);
    assert.equal(link.url, `${app.paygrid.config.publicUrl}/pay/${link.id}`);
    assert.equal(link.amount, 1_250);

    const page = await app.request('GET', `/pay/${link.id}`, { key: null });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /老王水果摊/);
    assert.match(page.body, /¥12\.50/);
    const qr = await app.request('GET', `/pay/${link.id}/qr.svg`, { key: null });
    assert.equal(qr.status, 200);
    assert.match(String(qr.headers['content-type']), /image\/svg\+xml/);
    assert.match(qr.body, /^<svg/);

    const before = await wallet();
    const paid = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, headers: { 'idempotency-key': 'pay-1' }, body: { password: '135790' } });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.status, 'succeeded');
    assert.equal(paid.body.amount, 1_250);
    assert.deepEqual(paid.body.metadata, { payment_link: link.id });
    const replay = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, headers: { 'idempotency-key': 'pay-1' }, body: { password: '135790' } });
    assert.equal(replay.body.id, paid.body.id, 'a retried scan pays once');
    assert.equal(await wallet(), before - 1_250);

    const seen = await app.request('GET', `/v1/payment_intents/${paid.body.id}`, { key: shop.secret_key });
    assert.equal(seen.body.status, 'succeeded');
    assert.equal(seen.body.application_fee_amount, 8, '0.6% of ¥12.50 rounded half up');
    assert.equal((await app.request('GET', `/v1/payment_intents/${paid.body.id}`, { key: other.secret_key })).status, 404);
    const mismatch = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, body: { password: '135790', amount: 1 } });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.param, 'amount');
    assert.equal((await app.request('GET', '/v1/ledger/verify')).body.balanced, true);
  });

  test('an open-amount link takes the amount the payer enters; without one it asks for it', async () => {
    const link = (await app.request('POST', '/v1/payment_links', { key: shop.secret_key, body: { currency: 'cny' } })).body;
    assert.equal(link.amount, null);
    assert.match((await app.request('GET', `/pay/${link.id}`, { key: null })).body, /id="amount"/);
    const missing = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, body: { password: '135790' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'parameter_missing');
    assert.equal(missing.body.error.param, 'amount');
    const paid = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, body: { password: '135790', amount: 3_300 } });
    assert.equal(paid.body.status, 'succeeded');
    assert.equal(paid.body.amount, 3_300);
  });

  test('wrong password and too little money answer like any wallet payment', async () => {
    const link = (await app.request('POST', '/v1/payment_links', { key: shop.secret_key, body: { currency: 'cny' } })).body;
    const wrong = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, body: { password: '000000', amount: 100 } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'incorrect_payment_password');
    const poor = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, body: { password: '135790', amount: 10_000_000 } });
    assert.equal(poor.status, 402);
  });

  test('a deactivated link stops taking payments and its page says so; other merchants cannot see or change it', async () => {
    app.clock.advanceMs(1); // ids sort by creation time: this link is the newest
    const link = (await app.request('POST', '/v1/payment_links', { key: shop.secret_key, body: { amount: 500, currency: 'cny' } })).body;
    assert.equal((await app.request('POST', `/v1/payment_links/${link.id}`, { key: other.secret_key, body: { active: false } })).status, 404);
    assert.equal((await app.request('GET', `/v1/payment_links/${link.id}`, { key: other.secret_key })).status, 404);
    const off = await app.request('POST', `/v1/payment_links/${link.id}`, { key: shop.secret_key, body: { active: false } });
    assert.equal(off.body.active, false);
    const refused = await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: token, body: { password: '135790' } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'payment_link_inactive');
    assert.match((await app.request('GET', `/pay/${link.id}`, { key: null })).body, /no longer accepts payments/);
    const listed = await app.request('GET', '/v1/payment_links?limit=2', { key: shop.secret_key });
    assert.equal(listed.body.data[0].id, link.id);
    assert.equal(listed.body.has_more, true);
    const newer = await app.request('GET', `/v1/payment_links?limit=1&ending_before=${listed.body.data[1].id}`, { key: shop.secret_key });
    assert.deepEqual(newer.body.data.map((l: { id: string }) => l.id), [link.id], 'ending_before pages towards newer links');
    assert.equal(newer.body.has_more, false);
    const both = await app.request('GET', `/v1/payment_links?starting_after=${link.id}&ending_before=${link.id}`, { key: shop.secret_key });
    assert.equal(both.status, 400);
    assert.equal((await app.request('GET', '/v1/payment_links', { key: other.secret_key })).body.data.length, 0);
    assert.equal((await app.request('GET', '/pay/plink_00000000000000000000000000', { key: null })).status, 404);
  });

  test('only merchants create links and only consumers pay them', async () => {
    assert.equal((await app.request('POST', '/v1/payment_links', { key: token, body: { currency: 'cny' } })).status, 403);
    const link = (await app.request('POST', '/v1/payment_links', { key: shop.secret_key, body: { currency: 'cny', amount: 100 } })).body;
    assert.equal((await app.request('POST', `/v1/payment_links/${link.id}/pay`, { key: shop.secret_key, body: { password: '135790' } })).status, 403);
    const bad = await app.request('POST', '/v1/payment_links', { key: shop.secret_key, body: { currency: 'xyz' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'currency');
  });
});
