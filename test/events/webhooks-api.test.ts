import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { verifyWebhookSignature } from '../../src/events/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';

interface Received {
  body: string;
  signature: string;
}

/** Webhooks over the API: a merchant registers an endpoint, pays, and receives every event signed, after retries. */
describe('events and webhooks API', () => {
  let app: TestApp;
  let receiver: Server;
  let url: string;
  const received: Received[] = [];
  let failuresLeft = 2;

  before(async () => {
    // The receiver listens on 127.0.0.1, which webhooks may reach only with this setting.
    app = await startTestApp({ PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    receiver = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          response.writeHead(500).end('not yet');
          return;
        }
        received.push({ body, signature: String(request.headers['paygrid-signature']) });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  after(async () => {
    await app.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  test('a payment’s events reach the endpoint signed, after the receiver fails twice; other merchants see none of it', async () => {
    const merchant = ok(await app.client().POST('/v1/merchants', { body: { name: 'Hooked' } }));
    const asMerchant = app.client(merchant.secret_key);
    const endpoint = ok(await asMerchant.POST('/v1/webhook_endpoints', { body: { url, enabled_events: ['payment_intent.succeeded'] } }));
    assert.match(endpoint.secret, /^whsec_/);
    const pm = ok(await app.client(merchant.publishable_key).POST('/v1/payment_methods', { body: { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } }));
    const pi = ok(await asMerchant.POST('/v1/payment_intents', { body: { amount: 1_234, currency: 'cny', payment_method: pm.id, confirm: true } }));
    assert.equal(pi.status, 'succeeded');

    const events = ok(await asMerchant.GET('/v1/events'));
    const types = events.data.map((e) => e.type);
    assert.ok(types.includes('payment_intent.created') && types.includes('payment_intent.succeeded'), types.join(','));

    // Attempt, fail, wait out the backoff, and again, until it is delivered (bounded).
    for (let round = 0; round < 6 && received.length === 0; round += 1) {
      await app.paygrid.jobWorker.runOnce();
      app.clock.advanceMs(60 * 60_000);
    }
    assert.equal(received.length, 1, 'delivered once the receiver answered 2xx');
    const delivered = received[0];
    assert.ok(delivered !== undefined);
    assert.equal(verifyWebhookSignature(delivered.body, delivered.signature, endpoint.secret, 1e9, app.clock.nowMs()), 'ok');
    const payload = JSON.parse(delivered.body) as { type: string; data: { object: { id: string; amount: number } } };
    assert.equal(payload.type, 'payment_intent.succeeded');
    assert.equal(payload.data.object.id, pi.id);
    assert.equal(payload.data.object.amount, 1_234);

    const succeeded = events.data.find((e) => e.type === 'payment_intent.succeeded');
    assert.ok(succeeded !== undefined);
    const detail = ok(await asMerchant.GET('/v1/events/{id}', { params: { path: { id: succeeded.id } } }));
    assert.equal(detail.deliveries[0]?.status, 'succeeded');
    assert.equal(detail.deliveries[0]?.attempts, 3);

    const other = app.client(ok(await app.client().POST('/v1/merchants', { body: { name: 'Other' } })).secret_key);
    failed(await other.GET('/v1/events/{id}', { params: { path: { id: succeeded.id } } }), 404);
    assert.deepEqual(ok(await other.GET('/v1/events')).data, []);
    failed(await other.GET('/v1/webhook_endpoints/{id}', { params: { path: { id: endpoint.id } } }), 404);
    failed(await other.POST('/v1/webhook_endpoints/{id}/roll_secret', { params: { path: { id: endpoint.id } }, body: {} }), 404);
  });

  test('endpoint URLs are validated', async () => {
    const merchant = ok(await app.client().POST('/v1/merchants', { body: { name: 'Validating' } }));
    for (const bad of ['ftp://example.com/hook', 'https://user:pass@example.com/hook', 'not a url']) {
      const response = await app.client(merchant.secret_key).POST('/v1/webhook_endpoints', { body: { url: bad, enabled_events: ['*'] } });
      assert.equal(response.response.status, 400, bad);
      assert.equal(response.error?.error.param, 'url');
    }
  });
});

/** With the default configuration (as after `npm start`), webhooks go to public addresses only. */
describe('webhook endpoint URLs with the default configuration', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  test('an internal URL is refused with a message that names the reason and the setting for local testing', async () => {
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Internal' } })).body;
    const rows: [url: string, code: string, reason: RegExp][] = [
      ['http://127.0.0.1:4000/hooks', 'url_host_loopback', /loopback address/],
      ['http://[::1]:4000/hooks', 'url_host_loopback', /loopback address/],
      ['http://169.254.169.254/latest/meta-data/', 'url_host_link_local', /link-local address/],
      ['http://10.0.0.5:5432/', 'url_host_private', /private address/],
      ['http://[::ffff:192.168.1.1]/hooks', 'url_host_private', /private address/],
    ];
    for (const [url, code, reason] of rows) {
      const response = await app.request('POST', '/v1/webhook_endpoints', { key: merchant.secret_key, body: { url, enabled_events: ['*'] } });
      assert.equal(response.status, 400, url);
      assert.equal(response.body.error.type, 'invalid_request_error');
      assert.equal(response.body.error.code, code, url);
      assert.equal(response.body.error.param, 'url');
      assert.match(response.body.error.message, reason, url);
      assert.match(response.body.error.message, /PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS=true/, url);
    }
    assert.deepEqual((await app.request('GET', '/v1/webhook_endpoints', { key: merchant.secret_key })).body.data, []);
  });

  test('a host name that does not resolve is refused with its own message', async () => {
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Typo' } })).body;
    // .invalid never resolves (RFC 2606), with or without a network.
    const response = await app.request('POST', '/v1/webhook_endpoints', { key: merchant.secret_key, body: { url: 'https://hooks.paygrid-test.invalid/in', enabled_events: ['*'] } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'url_host_unresolvable');
    assert.equal(response.body.error.param, 'url');
    assert.match(response.body.error.message, /does not resolve/);
  });

  test('changing an endpoint to an internal URL is refused as well', async () => {
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Mover' } })).body;
    const created = await app.request('POST', '/v1/webhook_endpoints', { key: merchant.secret_key, body: { url: 'https://93.184.215.14/hooks', enabled_events: ['*'] } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const moved = await app.request('POST', `/v1/webhook_endpoints/${created.body.id}`, { key: merchant.secret_key, body: { url: 'http://0.0.0.0:6379/' } });
    assert.equal(moved.status, 400);
    assert.equal(moved.body.error.code, 'url_host_unspecified');
    assert.equal((await app.request('GET', `/v1/webhook_endpoints/${created.body.id}`, { key: merchant.secret_key })).body.url, 'https://93.184.215.14/hooks');
  });
});
