import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { Events, MAX_EVENTS_PURGED_PER_CALL, WebhookDeliveries, WebhookEndpoints, type Event } from '../../src/events/index.ts';
import { JobQueue, JobWorker } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { randomMerchantId, startReceiver, TestSealer, type Receiver } from './support.ts';

const DAY_MS = 24 * 60 * 60_000;
const RETENTION_MS = 30 * DAY_MS;

/**
 * Events are kept 30 days (as Stripe keeps them), then deleted with their
 * webhook deliveries and attempt logs, in bounded batches, except while a
 * delivery is still pending. The clock is manual; each test has merchants of
 * its own and counts only its own rows.
 */
describe(`event retention (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  const clock = new ManualClock();
  const sealer = new TestSealer();
  let events: Events;
  let endpoints: WebhookEndpoints;
  let deliveries: WebhookDeliveries;
  let worker: JobWorker;
  const receivers: Receiver[] = [];
  before(async () => {
    database = await openTestDatabase();
    const queue = new JobQueue(database.db, clock);
    events = new Events(database.db, queue);
    // The receivers listen on 127.0.0.1.
    endpoints = new WebhookEndpoints(database.db, clock, sealer, { allowPrivateDestinations: true });
    deliveries = new WebhookDeliveries(database.db, clock, sealer, { allowPrivateDestinations: true });
    worker = new JobWorker(database.db, clock, { random: () => 0 });
    deliveries.registerWith(worker);
  });
  after(async () => {
    for (const receiver of receivers) await receiver.close();
    await database.close();
  });

  function record(merchantId: string, type: string): Promise<Event> {
    return database.db.transaction((tx) => events.recordEvent(tx, { type, merchantId, data: { id: 'obj_1' }, createdAtMs: clock.nowMs() }));
  }

  async function subscribe(merchantId: string, type: string, answer: number): Promise<string> {
    const receiver = await startReceiver(() => answer);
    receivers.push(receiver);
    const created = await endpoints.create(merchantId, { url: receiver.url, enabledEvents: [type] });
    assert.equal(created.result, 'ok');
    return created.result === 'ok' ? created.endpoint.id : '';
  }

  /** Rows of the event's deliveries and of their attempts. */
  async function rowsOf(eventId: string): Promise<{ events: number; deliveries: number; attempts: number }> {
    const { rows } = await database.db.query<{ events: bigint; deliveries: bigint; attempts: bigint }>(
      `SELECT (SELECT count(*) FROM events WHERE id = $1)::int8 AS events,
              (SELECT count(*) FROM webhook_deliveries WHERE event_id = $1)::int8 AS deliveries,
              (SELECT count(*) FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.event_id = $1)::int8 AS attempts`,
      [eventId],
    );
    const row = rows[0];
    assert.ok(row !== undefined);
    return { events: Number(row.events), deliveries: Number(row.deliveries), attempts: Number(row.attempts) };
  }

  async function purgeAll(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < 100; batch += 1) {
      const deleted = await events.purgeExpired(clock.nowMs(), RETENTION_MS);
      total += deleted;
      if (deleted < MAX_EVENTS_PURGED_PER_CALL) return total;
    }
    throw new Error('the purge did not finish in 100 batches');
  }

  test('after 30 days an event goes with its deliveries and attempt log; recent events stay', async () => {
    const merchantId = randomMerchantId();
    await subscribe(merchantId, 'charge.succeeded', 200);
    await subscribe(merchantId, 'charge.failed', 500);
    const delivered = await record(merchantId, 'charge.succeeded');
    const abandoned = await record(merchantId, 'charge.failed');
    const unsubscribed = await record(merchantId, 'customer.created');
    const summary = await worker.runOnce(10);
    assert.deepEqual([summary.succeeded, summary.retryScheduled], [1, 1]);
    assert.deepEqual(await rowsOf(delivered.id), { events: 1, deliveries: 1, attempts: 1 });
    assert.deepEqual(await rowsOf(abandoned.id), { events: 1, deliveries: 1, attempts: 1 });

    clock.advanceMs(RETENTION_MS - DAY_MS);
    const recent = await record(merchantId, 'customer.created');
    clock.advanceMs(DAY_MS);
    assert.equal(await purgeAll(), 0, 'exactly 30 days old is not yet past the retention');
    clock.advanceMs(1);
    // A delivery still pending after 30 days was abandoned long ago (every retry is over within two days): it keeps nothing.
    assert.equal(await purgeAll(), 3);

    assert.deepEqual(await rowsOf(delivered.id), { events: 0, deliveries: 0, attempts: 0 }, 'deliveries and their attempt log go with the event');
    assert.deepEqual(await rowsOf(unsubscribed.id), { events: 0, deliveries: 0, attempts: 0 });
    assert.deepEqual(await rowsOf(abandoned.id), { events: 0, deliveries: 0, attempts: 0 });
    assert.equal(await events.getEvent(merchantId, delivered.id), undefined);
    assert.deepEqual(await rowsOf(recent.id), { events: 1, deliveries: 0, attempts: 0 });
    const page = await events.listEvents(merchantId, { limit: 10 });
    assert.ok(page !== 'cursor_not_found');
    assert.deepEqual(
      page.events.map((e) => e.id),
      [recent.id],
    );
  });

  test('with a short retention, a delivery still retrying keeps its event until it finishes', async () => {
    await purgeEarlierTests();
    const merchantId = randomMerchantId();
    const failingEndpoint = await subscribe(merchantId, 'charge.failed', 500);
    const retrying = await record(merchantId, 'charge.failed');
    const delivered = await record(merchantId, 'customer.created');
    assert.equal((await worker.runOnce(10)).retryScheduled, 1);
    clock.advanceMs(DAY_MS + 1);
    const purge = () => events.purgeExpired(clock.nowMs(), DAY_MS);
    assert.equal(await purge(), 1, 'the event without deliveries goes');
    assert.deepEqual(await rowsOf(delivered.id), { events: 0, deliveries: 0, attempts: 0 });
    assert.deepEqual(await rowsOf(retrying.id), { events: 1, deliveries: 1, attempts: 1 }, 'a pending delivery keeps its event');
    // The delivery finishes (its endpoint is deleted, so the next run cancels it): then its event goes too.
    await endpoints.delete(merchantId, failingEndpoint);
    clock.advanceMs(DAY_MS);
    assert.equal((await worker.runOnce(10)).succeeded, 1);
    assert.equal((await deliveries.listForEvent(merchantId, retrying.id))[0]?.status, 'canceled');
    assert.equal(await purge(), 1);
    assert.deepEqual(await rowsOf(retrying.id), { events: 0, deliveries: 0, attempts: 0 });
  });

  /** Lets every event of earlier tests pass its retention and purges it, so that counts below are this test's. */
  async function purgeEarlierTests(): Promise<void> {
    clock.advanceMs(RETENTION_MS + 1);
    await purgeAll();
  }

  test('the purge goes in bounded batches, oldest first', async () => {
    await purgeEarlierTests();
    const merchantId = randomMerchantId();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await record(merchantId, 'customer.created')).id);
      clock.advanceMs(1_000);
    }
    clock.advanceMs(RETENTION_MS);
    const remaining = async (): Promise<string[]> => {
      const page = await events.listEvents(merchantId, { limit: 10 });
      assert.ok(page !== 'cursor_not_found');
      return page.events.map((e) => e.id).reverse();
    };
    assert.equal(await events.purgeExpired(clock.nowMs(), RETENTION_MS, 2), 2);
    assert.deepEqual(await remaining(), ids.slice(2), 'the two oldest went first');
    assert.equal(await events.purgeExpired(clock.nowMs(), RETENTION_MS, 2), 2);
    assert.equal(await events.purgeExpired(clock.nowMs(), RETENTION_MS, 2), 1);
    assert.equal(await events.purgeExpired(clock.nowMs(), RETENTION_MS, 2), 0);
    assert.deepEqual(await remaining(), []);
  });

  test('purges running at once delete each event once', async () => {
    await purgeEarlierTests();
    const merchantId = randomMerchantId();
    for (let i = 0; i < 7; i += 1) await record(merchantId, 'customer.created');
    clock.advanceMs(RETENTION_MS + 1);
    const concurrent = await Promise.all([1, 2, 3].map(() => events.purgeExpired(clock.nowMs(), RETENTION_MS, 3)));
    const total = concurrent.reduce((sum, n) => sum + n, 0) + (await purgeAll());
    assert.equal(total, 7);
    const page = await events.listEvents(merchantId, { limit: 10 });
    assert.deepEqual(page !== 'cursor_not_found' && page.events, []);
  });

  test('a purge batch is between 1 and the limit; the retention is positive', async () => {
    await assert.rejects(events.purgeExpired(clock.nowMs(), RETENTION_MS, 0), /purge between 1 and/);
    await assert.rejects(events.purgeExpired(clock.nowMs(), RETENTION_MS, MAX_EVENTS_PURGED_PER_CALL + 1), /purge between 1 and/);
    await assert.rejects(events.purgeExpired(clock.nowMs(), 0), /retentionMs is a positive/);
  });

  test('PAYGRID_EVENT_RETENTION_DAYS is 30 by default, and at least a day', () => {
    assert.equal(loadConfig({}).eventRetentionDays, 30);
    assert.equal(loadConfig({ PAYGRID_EVENT_RETENTION_DAYS: '90' }).eventRetentionDays, 90);
    assert.throws(() => loadConfig({ PAYGRID_EVENT_RETENTION_DAYS: '0' }), /PAYGRID_EVENT_RETENTION_DAYS: must be between 1 and 3650/);
  });
});
