import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { cardPayment, shop, type ShopFixture } from './support.ts';

/**
 * The webhook delivery log and its manual retry, against a receiver on
 * 127.0.0.1 that answers 500 until told otherwise. The job worker runs when the
 * test says so, on the test's clock.
 */
describe('the webhook delivery log', () => {
  let app: TestApp;
  let receiver: Server;
  let answer = 500;
  let received = 0;
  let a: ShopFixture;
  let b: ShopFixture;
  let eventId: string;
  let endpointId: string;
  const HOUR = 3_600_000;

  before(async () => {
    app = await startTestApp({ PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received += 1;
        response.writeHead(answer).end(answer === 200 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    a = await shop(app, 'Hooked');
    b = await shop(app, 'Other');
    const endpoint = ok(await a.client.POST('/v1/webhook_endpoints', { body: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, enabled_events: ['payment_intent.succeeded'] } }));
    endpointId = endpoint.id;
    const pi = await cardPayment(a, 1_234);
    const events = ok(await a.client.GET('/v1/events', { params: { query: { object_id: pi.id, limit: 100 } } }));
    const succeeded = events.data.find((e) => e.type === 'payment_intent.succeeded');
    assert.ok(succeeded !== undefined);
    eventId = succeeded.id;
  });
  after(async () => {
    await app.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const deliveries = async (query: { event?: string; endpoint?: string; status?: 'pending' | 'succeeded' | 'failed' | 'canceled'; merchant?: string }, client = a.client) => ok(await client.GET('/v1/webhook_deliveries', { params: { query } })).data;
  const only = async () => {
    const [delivery, ...rest] = await deliveries({ event: eventId });
    assert.ok(delivery !== undefined && rest.length === 0);
    return delivery;
  };
  const now = () => Math.floor(app.clock.nowMs() / 1000);
  const retry = (id: string, client = a.client) => client.POST('/v1/webhook_deliveries/{id}/retry', { params: { path: { id } }, body: {} });

  test('a failed attempt shows its status code, the attempts so far and when the next one is due', async () => {
    const fresh = await only();
    assert.equal(fresh.status, 'pending');
    assert.equal(fresh.event_type, 'payment_intent.succeeded');
    assert.equal(fresh.endpoint, endpointId);
    assert.equal(fresh.attempts, 0);
    assert.equal(fresh.next_retry_at, now());
    await app.paygrid.jobWorker.runOnce();
    const after = await only();
    assert.equal(after.attempts, 1);
    assert.equal(after.last_response_status, 500);
    assert.equal(after.last_error, null);
    assert.equal(after.max_attempts, 15);
    assert.ok(after.next_retry_at !== null && after.next_retry_at > now(), 'the retry waits out its backoff');
    assert.deepEqual((await deliveries({ endpoint: endpointId })).map((d) => d.id), [after.id]);
    assert.deepEqual((await deliveries({ status: 'succeeded' })).map((d) => d.id), []);
  });

  test('a retry makes a pending delivery due now, keeping its attempts', async () => {
    const { id } = await only();
    const retried = ok(await retry(id));
    assert.equal(retried.status, 'pending');
    assert.equal(retried.next_retry_at, now());
    assert.equal(retried.attempts, 1);
    const before = received;
    await app.paygrid.jobWorker.runOnce();
    assert.equal(received, before + 1, 'attempted at once, without waiting for the backoff');
    assert.equal((await only()).attempts, 2);
  });

  test('once every attempt failed the delivery is failed; a retry gives it one more attempt, which can succeed', async () => {
    for (let round = 0; round < 20 && (await only()).status === 'pending'; round += 1) {
      app.clock.advanceMs(7 * HOUR);
      await app.paygrid.jobWorker.runOnce();
    }
    const dead = await only();
    assert.equal(dead.status, 'failed');
    assert.equal(dead.attempts, 15);
    assert.equal(dead.next_retry_at, null);
    assert.ok(dead.finished_at !== null);
    const reopened = ok(await retry(dead.id));
    assert.deepEqual([reopened.status, reopened.next_retry_at, reopened.max_attempts, reopened.finished_at], ['pending', now(), 16, null]);
    answer = 200;
    await app.paygrid.jobWorker.runOnce();
    const delivered = await only();
    assert.deepEqual([delivered.status, delivered.attempts, delivered.last_response_status, delivered.next_retry_at], ['succeeded', 16, 200, null]);
    const again = failed(await retry(delivered.id), 400);
    assert.equal(again.code, 'webhook_delivery_not_retryable');
    assert.equal(again.param, 'id');
  });

  test('another merchant neither sees nor retries the delivery; the operator sees every merchant’s', async () => {
    const { id } = await only();
    assert.deepEqual(await deliveries({}, b.client), []);
    assert.deepEqual(await deliveries({ event: eventId }, b.client), []);
    assert.equal(failed(await b.client.GET('/v1/webhook_deliveries/{id}', { params: { path: { id } } }), 404).code, 'resource_missing');
    assert.equal(failed(await retry(id, b.client), 404).code, 'resource_missing');
    assert.equal(failed(await b.client.GET('/v1/webhook_deliveries', { params: { query: { merchant: a.merchant.id } } }), 403).param, 'merchant');
    assert.deepEqual((await deliveries({}, app.client())).map((d) => d.id), [id]);
    assert.deepEqual((await deliveries({ merchant: b.merchant.id }, app.client())).map((d) => d.id), []);
    assert.equal(ok(await app.client().GET('/v1/webhook_deliveries/{id}', { params: { path: { id } } })).merchant, a.merchant.id);
  });
});
