import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import {
  Events,
  WEBHOOK_DELIVERY_JOB,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_POLICY,
  WebhookDeliveries,
  WebhookEndpoints,
  verifyWebhookSignature,
  type Event,
} from '../../src/events/index.ts';
import { JobQueue, JobWorker, backoffCeilingMs, minimumRetryWindowMs } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { closedPortUrl, randomMerchantId, startReceiver, TestSealer, type Receiver, type ReceivedRequest } from './support.ts';

const TOLERANCE_SECONDS = 300;

/** One Paygrid process: its own modules and worker over a database handle. */
interface Process {
  events: Events;
  endpoints: WebhookEndpoints;
  deliveries: WebhookDeliveries;
  worker: JobWorker;
  queue: JobQueue;
}

/**
 * Webhook delivery end to end: real sockets (a receiver on 127.0.0.1), the job
 * worker, and a manual clock to jump over the retry delays. Tests share one
 * database and one clock that only moves forward; each leaves no delivery
 * pending, so no test's worker runs another test's jobs.
 */
describe(`webhook delivery (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  const clock = new ManualClock();
  const sealer = new TestSealer();
  const receivers: Receiver[] = [];
  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    for (const receiver of receivers) await receiver.close();
    await database.close();
  });

  function startProcess(db: Database, options: { timeoutMs?: number } = {}): Process {
    const queue = new JobQueue(db, clock);
    // The receivers listen on 127.0.0.1: private destinations are allowed here (test/events/destination.test.ts checks the refusals).
    const deliveries = new WebhookDeliveries(db, clock, sealer, { ...options, allowPrivateDestinations: true });
    // No jitter, so that each retry is due exactly at its backoff ceiling.
    const worker = new JobWorker(db, clock, { random: () => 0 });
    deliveries.registerWith(worker);
    return { events: new Events(db, queue), endpoints: new WebhookEndpoints(db, clock, sealer, { allowPrivateDestinations: true }), deliveries, worker, queue };
  }

  async function receiver(answer: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const started = await startReceiver(answer);
    receivers.push(started);
    return started;
  }

  async function endpointFor(p: Process, merchantId: string, url: string): Promise<{ id: string; secret: string }> {
    const created = await p.endpoints.create(merchantId, { url, enabledEvents: ['payment_intent.succeeded'] });
    if (created.result !== 'ok') throw new Error(`endpoint not created: ${created.result}`);
    return { id: created.endpoint.id, secret: created.secret };
  }

  function record(p: Process, merchantId: string, data: Event['data'] = { id: 'pi_123', amount: 4520n, currency: 'CNY' }): Promise<Event> {
    return database.db.transaction((tx) => p.events.recordEvent(tx, { type: 'payment_intent.succeeded', merchantId, data, createdAtMs: clock.nowMs() }));
  }

  function signatureOf(request: ReceivedRequest): string {
    const header = request.headers['paygrid-signature'];
    assert.equal(typeof header, 'string', 'every delivery carries a Paygrid-Signature header');
    return header as string;
  }

  test('the webhook schedule keeps trying for at least 24 hours', () => {
    assert.equal(WEBHOOK_MAX_ATTEMPTS, 15);
    assert.ok(minimumRetryWindowMs(WEBHOOK_RETRY_POLICY, WEBHOOK_MAX_ATTEMPTS) >= 24 * 60 * 60_000);
  });

  test('a receiver that fails three times gets the event on the fourth attempt, across a restart, signed, with every attempt logged', async () => {
    const merchantId = randomMerchantId();
    const hooks = await receiver((n) => (n <= 3 ? 500 : 200));
    const first = startProcess(database.db);
    const { secret } = await endpointFor(first, merchantId, hooks.url);
    const event = await record(first, merchantId);
    const [delivery] = await first.deliveries.listForEvent(merchantId, event.id);
    assert.ok(delivery !== undefined);
    const attemptTimesMs: number[] = [];

    // Attempt 1 in the background loop of the first process, which then stops.
    first.worker.start(10);
    await hooks.waitForRequests(1);
    attemptTimesMs.push(clock.nowMs());
    assert.equal(await first.worker.stop(), 'stopped');
    assert.equal((await first.deliveries.listAttempts(merchantId, delivery.id)).length, 1, 'stop waited for the attempt to be logged');

    // A restart: new modules and a new worker, on PostgreSQL over a new connection pool.
    const secondDb =
      TEST_DATABASE_URL === undefined || database.schema === undefined
        ? database.db
        : await openPostgres({ connectionString: TEST_DATABASE_URL, poolSize: 4, schema: database.schema, statementTimeoutMs: 30_000 });
    try {
      const second = startProcess(secondDb);
      clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, 1));
      second.worker.start(10);
      await hooks.waitForRequests(2);
      attemptTimesMs.push(clock.nowMs());
      assert.equal(await second.worker.stop(), 'stopped');

      for (const failedAttempt of [2, 3]) {
        clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, failedAttempt) - 1);
        assert.equal((await second.worker.runOnce(10)).claimed, 0, `attempt ${failedAttempt + 1} waits for its backoff`);
        clock.advanceMs(1);
        const summary = await second.worker.runOnce(10);
        assert.equal(summary.claimed, 1);
        attemptTimesMs.push(clock.nowMs());
        // Every request must verify at the moment it arrives.
        const request = hooks.requests[failedAttempt];
        assert.ok(request !== undefined);
        assert.equal(verifyWebhookSignature(request.body, signatureOf(request), secret, TOLERANCE_SECONDS, clock.nowMs()), 'ok');
      }

      assert.equal(hooks.requests.length, 4);
      const body: unknown = JSON.parse(hooks.requests[3]?.body ?? '');
      assert.deepEqual(body, {
        id: event.id,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: Math.floor(event.createdAtMs / 1000),
        data: { object: { id: 'pi_123', amount: 4520, currency: 'CNY' } },
      });
      assert.ok(hooks.requests.every((r) => r.body === hooks.requests[0]?.body && r.method === 'POST'), 'every attempt sends the same bytes');
      for (const [i, request] of hooks.requests.entries()) {
        const atMs = attemptTimesMs[i] ?? 0;
        assert.equal(verifyWebhookSignature(request.body, signatureOf(request), secret, TOLERANCE_SECONDS, atMs), 'ok', `attempt ${i + 1} is signed`);
        assert.match(signatureOf(request), new RegExp(`^t=${Math.floor(atMs / 1000)},v1=[0-9a-f]{64}$`));
      }

      const log = await second.deliveries.listAttempts(merchantId, delivery.id);
      assert.deepEqual(
        log.map((a) => [a.attempt, a.statusCode, a.succeeded, a.attemptedAtMs]),
        [
          [1, 500, false, attemptTimesMs[0]],
          [2, 500, false, attemptTimesMs[1]],
          [3, 500, false, attemptTimesMs[2]],
          [4, 200, true, attemptTimesMs[3]],
        ],
      );
      assert.ok(log.every((a) => a.error === undefined && a.durationMs >= 0));
      assert.equal(log[0]?.responseBody, 'failing on purpose (500)');
      assert.equal(log[3]?.responseBody, 'ok');
      const delivered = await second.deliveries.getDelivery(merchantId, delivery.id);
      assert.equal(delivered?.status, 'succeeded');
      assert.equal(delivered?.attempts, 4);
      assert.equal((await second.queue.getJobByKey(`${WEBHOOK_DELIVERY_JOB}:${delivery.id}`))?.state, 'succeeded');

      clock.advanceMs(48 * 60 * 60_000);
      assert.equal((await second.worker.runOnce(10)).claimed, 0, 'a delivered event is not sent again');
      assert.equal(hooks.requests.length, 4);
    } finally {
      if (secondDb !== database.db) await secondDb.close();
    }
  });

  test('no answer within the timeout, or no listener at all, is a failed attempt with its cause logged', async () => {
    const merchantId = randomMerchantId();
    const silent = await receiver(() => 'hang');
    const p = startProcess(database.db, { timeoutMs: 100 });
    const hanging = await endpointFor(p, merchantId, silent.url);
    const refused = await endpointFor(p, merchantId, await closedPortUrl());
    const event = await record(p, merchantId);
    const summary = await p.worker.runOnce(10);
    assert.equal(summary.retryScheduled, 2);
    const byEndpoint = new Map((await p.deliveries.listForEvent(merchantId, event.id)).map((d) => [d.endpointId, d]));
    const hangingLog = await p.deliveries.listAttempts(merchantId, byEndpoint.get(hanging.id)?.id ?? '');
    assert.equal(hangingLog.length, 1);
    assert.equal(hangingLog[0]?.statusCode, undefined);
    assert.match(hangingLog[0]?.error ?? '', /^timeout: no answer within 100 ms/);
    const refusedLog = await p.deliveries.listAttempts(merchantId, byEndpoint.get(refused.id)?.id ?? '');
    assert.match(refusedLog[0]?.error ?? '', /^ECONNREFUSED/);
    assert.equal(byEndpoint.get(hanging.id)?.status, 'pending');

    // Deleting the endpoints cancels what is still pending without calling out again:
    // every call is logged as an attempt, and the count stays at one.
    await p.endpoints.delete(merchantId, hanging.id);
    await p.endpoints.delete(merchantId, refused.id);
    clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, 1));
    assert.equal((await p.worker.runOnce(10)).succeeded, 2);
    const afterDelete = await p.deliveries.listForEvent(merchantId, event.id);
    assert.deepEqual(
      afterDelete.map((d) => [d.status, d.attempts]),
      [
        ['canceled', 1],
        ['canceled', 1],
      ],
    );
  });

  test(`a receiver that always fails gets ${WEBHOOK_MAX_ATTEMPTS} attempts over more than a day; then the delivery is failed and its job dead`, async () => {
    const merchantId = randomMerchantId();
    const hooks = await receiver(() => 503);
    const p = startProcess(database.db);
    await endpointFor(p, merchantId, hooks.url);
    const event = await record(p, merchantId);
    const [delivery] = await p.deliveries.listForEvent(merchantId, event.id);
    assert.ok(delivery !== undefined);
    const startMs = clock.nowMs();
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt += 1) {
      if (attempt > 1) clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, attempt - 1));
      assert.equal((await p.worker.runOnce(10)).claimed, 1, `attempt ${attempt}`);
    }
    assert.equal(hooks.requests.length, WEBHOOK_MAX_ATTEMPTS);
    const log = await p.deliveries.listAttempts(merchantId, delivery.id);
    assert.equal(log.length, WEBHOOK_MAX_ATTEMPTS);
    assert.ok((log.at(-1)?.attemptedAtMs ?? 0) - startMs >= 24 * 60 * 60_000, 'the last attempt is more than a day after the first');
    const failed = await p.deliveries.getDelivery(merchantId, delivery.id);
    assert.equal(failed?.status, 'failed');
    const job = await p.queue.getJobByKey(`${WEBHOOK_DELIVERY_JOB}:${delivery.id}`);
    assert.equal(job?.state, 'dead');
    assert.equal(job?.lastError, 'http_status_503');
    clock.advanceMs(7 * 24 * 60 * 60_000);
    assert.equal((await p.worker.runOnce(10)).claimed, 0);
  });

  test('while a rolled secret is in its grace period both secrets verify; after it only the new one', async () => {
    const merchantId = randomMerchantId();
    const hooks = await receiver(() => 200);
    const p = startProcess(database.db);
    const { id, secret: oldSecret } = await endpointFor(p, merchantId, hooks.url);
    const rolled = await p.endpoints.rollSecret(merchantId, id, { previousSecretValidForMs: 60 * 60_000 });
    assert.equal(rolled.result, 'ok');
    if (rolled.result !== 'ok') return;
    const newSecret = rolled.secret;

    await record(p, merchantId);
    await p.worker.runOnce(10);
    const during = hooks.requests[0];
    assert.ok(during !== undefined);
    assert.match(signatureOf(during), /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    const verify = (request: ReceivedRequest, secret: string): string => verifyWebhookSignature(request.body, signatureOf(request), secret, TOLERANCE_SECONDS, clock.nowMs());
    assert.equal(verify(during, newSecret), 'ok');
    assert.equal(verify(during, oldSecret), 'ok');
    assert.equal(verify(during, 'whsec_someone_else'), 'no_matching_signature');

    clock.advanceMs(60 * 60_000);
    await record(p, merchantId);
    await p.worker.runOnce(10);
    const afterGrace = hooks.requests[1];
    assert.ok(afterGrace !== undefined);
    assert.match(signatureOf(afterGrace), /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(verify(afterGrace, newSecret), 'ok');
    assert.equal(verify(afterGrace, oldSecret), 'no_matching_signature');
  });

  test('bigint amounts reach the receiver as exact JSON integers', async () => {
    const merchantId = randomMerchantId();
    const hooks = await receiver(() => 204);
    const p = startProcess(database.db);
    await endpointFor(p, merchantId, hooks.url);
    await record(p, merchantId, { id: 'pi_big', amount: 123_456_789_012_345_678_901n });
    await p.worker.runOnce(10);
    assert.match(hooks.requests[0]?.body ?? '', /"amount":123456789012345678901[,}]/);
  });
});
