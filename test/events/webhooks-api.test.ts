import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { verifyWebhookSignature } from '../../src/events/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

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
    app = await startTestApp();
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
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Hooked' } })).body;
    const endpoint = await app.request('POST', '/v1/webhook_endpoints', { key: merchant.secret_key, body: { url, enabled_events: ['payment_intent.succeeded'] } });
    assert.equal(endpoint.status, 200, JSON.stringify(endpoint.body));
    assert.match(endpoint.body.secret, /^whsec_/);
    const pm = await app.request('POST', '/v1/payment_methods', { key: merchant.publishable_key, body: { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount: 1_234, currency: 'cny', payment_method: pm.body.id, confirm: true } });
    assert.equal(pi.body.status, 'succeeded');

    const events = await app.request('GET', '/v1/events', { key: merchant.secret_key });
    const types = events.body.data.map((e: { type: string }) => e.type);
    assert.ok(types.includes('payment_intent.created') && types.includes('payment_intent.succeeded'), types.join(','));

    // Attempt, fail, wait out the backoff, and again, until it is delivered (bounded).
    for (let round = 0; round < 6 && received.length === 0; round += 1) {
      await app.paygrid.jobWorker.runOnce();
      app.clock.advanceMs(60 * 60_000);
    }
    assert.equal(received.length, 1, 'delivered once the receiver answered 2xx');
    const delivered = received[0];
    assert.ok(delivered !== undefined);
    assert.equal(verifyWebhookSignature(delivered.body, delivered.signature, endpoint.body.secret, 1e9, app.clock.nowMs()), 'ok');
    const payload = JSON.parse(delivered.body) as { type: string; data: { object: { id: string; amount: number } } };
    assert.equal(payload.type, 'payment_intent.succeeded');
    assert.equal(payload.data.object.id, pi.body.id);
    assert.equal(payload.data.object.amount, 1_234);

    const succeeded = events.body.data.find((e: { type: string }) => e.type === 'payment_intent.succeeded');
    const detail = await app.request('GET', `/v1/events/${succeeded.id}`, { key: merchant.secret_key });
    assert.equal(detail.body.deliveries[0].status, 'succeeded');
    assert.equal(detail.body.deliveries[0].attempts, 3);

    const other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other' } })).body;
    assert.equal((await app.request('GET', `/v1/events/${succeeded.id}`, { key: other.secret_key })).status, 404);
    assert.deepEqual((await app.request('GET', '/v1/events', { key: other.secret_key })).body.data, []);
    assert.equal((await app.request('GET', `/v1/webhook_endpoints/${endpoint.body.id}`, { key: other.secret_key })).status, 404);
    assert.equal((await app.request('POST', `/v1/webhook_endpoints/${endpoint.body.id}/roll_secret`, { key: other.secret_key, body: {} })).status, 404);
  });

  test('endpoint URLs are validated', async () => {
    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Validating' } })).body;
    for (const bad of ['ftp://example.com/hook', 'https://user:pass@example.com/hook', 'not a url']) {
      const response = await app.request('POST', '/v1/webhook_endpoints', { key: merchant.secret_key, body: { url: bad, enabled_events: ['*'] } });
      assert.equal(response.status, 400, bad);
      assert.equal(response.body.error.param, 'url');
    }
  });
});
