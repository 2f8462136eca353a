import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import {
  Events,
  MAX_ENDPOINTS_PER_MERCHANT,
  WEBHOOK_DELIVERY_JOB,
  WebhookDeliveries,
  WebhookEndpoints,
  type EndpointInputFailure,
  type Event,
  type NewWebhookEndpoint,
} from '../../src/events/index.ts';
import { JobQueue } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { publicDns, randomMerchantId, TestSealer } from './support.ts';

describe(`events and webhook endpoints (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  let clock: ManualClock;
  let queue: JobQueue;
  let events: Events;
  let endpoints: WebhookEndpoints;
  let deliveries: WebhookDeliveries;
  before(async () => {
    database = await openTestDatabase();
    clock = new ManualClock();
    queue = new JobQueue(database.db, clock);
    events = new Events(database.db, queue);
    endpoints = new WebhookEndpoints(database.db, clock, new TestSealer(), { resolveHost: publicDns });
    deliveries = new WebhookDeliveries(database.db, clock, new TestSealer());
  });
  after(async () => {
    await database.close();
  });

  function record(merchantId: string, type: string, data: Event['data'] = { id: 'pi_1' }): Promise<Event> {
    return database.db.transaction((tx) => events.recordEvent(tx, { type, merchantId, data, createdAtMs: clock.nowMs() }));
  }

  async function createEndpoint(merchantId: string, input: Partial<NewWebhookEndpoint> = {}): Promise<{ id: string; secret: string }> {
    const created = await endpoints.create(merchantId, { url: 'https://example.com/hooks', enabledEvents: ['*'], ...input });
    assert.equal(created.result, 'ok');
    if (created.result !== 'ok') throw new Error('unreachable');
    return { id: created.endpoint.id, secret: created.secret };
  }

  test('an event recorded in a transaction that rolls back leaves no event and no delivery job', async () => {
    const merchantId = randomMerchantId();
    await createEndpoint(merchantId);
    const queuedBefore = (await queue.countByState()).queued;
    let eventId = '';
    await assert.rejects(
      database.db.transaction(async (tx) => {
        eventId = (await events.recordEvent(tx, { type: 'payment_intent.succeeded', merchantId, data: { id: 'pi_x' }, createdAtMs: clock.nowMs() })).id;
        throw new Error('the payment failed after all');
      }),
      /failed after all/,
    );
    assert.match(eventId, /^evt_/);
    assert.equal(await events.getEvent(merchantId, eventId), undefined);
    assert.equal((await queue.countByState()).queued, queuedBefore);
    const committed = await record(merchantId, 'payment_intent.succeeded');
    assert.equal((await queue.countByState()).queued, queuedBefore + 1);
    const [delivery] = await deliveries.listForEvent(merchantId, committed.id);
    assert.equal((await queue.getJobByKey(`${WEBHOOK_DELIVERY_JOB}:${delivery?.id}`))?.state, 'queued');
  });

  test("a merchant never sees another merchant's events", async () => {
    const alice = randomMerchantId();
    const bob = randomMerchantId();
    const aliceEvent = await record(alice, 'charge.succeeded', { id: 'ch_alice' });
    const bobEvent = await record(bob, 'charge.succeeded', { id: 'ch_bob' });
    assert.deepEqual((await events.getEvent(alice, aliceEvent.id))?.data, { id: 'ch_alice' });
    assert.equal(await events.getEvent(alice, bobEvent.id), undefined);
    assert.equal(await events.getEvent(bob, aliceEvent.id), undefined);
    const page = await events.listEvents(alice, { limit: 100 });
    assert.ok(page !== 'cursor_not_found');
    assert.deepEqual(
      page.events.map((e) => e.id),
      [aliceEvent.id],
    );
    assert.equal(await events.listEvents(alice, { limit: 10, startingAfter: bobEvent.id }), 'cursor_not_found');
  });

  test('events page newest first with starting_after, ending_before and has_more', async () => {
    const merchantId = randomMerchantId();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await record(merchantId, 'charge.succeeded', { n: i })).id);
    const [e0, e1, e2, e3, e4] = ids;
    const idsOf = async (page: Parameters<Events['listEvents']>[1]): Promise<{ ids: string[]; hasMore: boolean }> => {
      const result = await events.listEvents(merchantId, page);
      assert.ok(result !== 'cursor_not_found');
      return { ids: result.events.map((e) => e.id), hasMore: result.hasMore };
    };
    const rows: [page: Parameters<Events['listEvents']>[1], expected: { ids: (string | undefined)[]; hasMore: boolean }][] = [
      [{ limit: 2 }, { ids: [e4, e3], hasMore: true }],
      [{ limit: 2, startingAfter: e3 }, { ids: [e2, e1], hasMore: true }],
      [{ limit: 2, startingAfter: e1 }, { ids: [e0], hasMore: false }],
      [{ limit: 2, endingBefore: e1 }, { ids: [e3, e2], hasMore: true }],
      [{ limit: 2, endingBefore: e3 }, { ids: [e4], hasMore: false }],
      [{ limit: 10 }, { ids: [e4, e3, e2, e1, e0], hasMore: false }],
    ];
    for (const [page, expected] of rows) assert.deepEqual(await idsOf(page), expected, JSON.stringify(page));
  });

  test('event data keeps bigint amounts exact through storage', async () => {
    const merchantId = randomMerchantId();
    const data = { id: 'pi_big', amount: 12_345_678_901_234_567_890n, small: 42n, ratio: 0.5, nested: { list: [1, -9_007_199_254_740_993n, 'x'] } };
    const event = await record(merchantId, 'payment_intent.created', data);
    const stored = await events.getEvent(merchantId, event.id);
    assert.deepEqual(stored?.data, { id: 'pi_big', amount: 12_345_678_901_234_567_890n, small: 42, ratio: 0.5, nested: { list: [1, -9_007_199_254_740_993n, 'x'] } });
    assert.equal(stored?.type, 'payment_intent.created');
    assert.equal(stored?.createdAtMs, clock.nowMs());
  });

  test('an event fans out to the enabled endpoints of its merchant that subscribed to its type or to *', async () => {
    const merchantId = randomMerchantId();
    const all = await createEndpoint(merchantId, { enabledEvents: ['*'] });
    const exact = await createEndpoint(merchantId, { enabledEvents: ['payment_intent.succeeded', 'charge.refunded'] });
    await createEndpoint(merchantId, { enabledEvents: ['charge.refunded'] });
    const disabled = await createEndpoint(merchantId, { enabledEvents: ['*'] });
    assert.equal((await endpoints.update(merchantId, disabled.id, { disabled: true })).result, 'ok');
    const deleted = await createEndpoint(merchantId, { enabledEvents: ['*'] });
    assert.equal((await endpoints.delete(merchantId, deleted.id)).result, 'ok');
    await createEndpoint(randomMerchantId(), { enabledEvents: ['*'] });
    const event = await record(merchantId, 'payment_intent.succeeded');
    const fanOut = await deliveries.listForEvent(merchantId, event.id);
    assert.deepEqual(fanOut.map((d) => d.endpointId).sort(), [all.id, exact.id].sort());
    assert.ok(fanOut.every((d) => d.status === 'pending' && d.attempts === 0 && d.eventId === event.id));
    assert.deepEqual(await deliveries.listForEvent(randomMerchantId(), event.id), [], 'deliveries are scoped to the merchant too');
  });

  test('endpoint input is validated with named failures', async () => {
    const merchantId = randomMerchantId();
    const rows: [input: NewWebhookEndpoint, failure: EndpointInputFailure][] = [
      [{ url: 'not a url', enabledEvents: ['*'] }, 'url_invalid'],
      [{ url: 'ftp://example.com/hooks', enabledEvents: ['*'] }, 'url_scheme_not_allowed'],
      [{ url: 'javascript:alert(1)', enabledEvents: ['*'] }, 'url_scheme_not_allowed'],
      [{ url: 'https://user:pass@example.com/hooks', enabledEvents: ['*'] }, 'url_has_credentials'],
      [{ url: 'https://token@example.com/hooks', enabledEvents: ['*'] }, 'url_has_credentials'],
      [{ url: `https://example.com/${'a'.repeat(2048)}`, enabledEvents: ['*'] }, 'url_too_long'],
      [{ url: 'https://example.com/hooks', enabledEvents: [] }, 'enabled_events_empty'],
      [{ url: 'https://example.com/hooks', enabledEvents: ['Payment Succeeded'] }, 'event_type_invalid'],
      [{ url: 'https://example.com/hooks', enabledEvents: Array.from({ length: 101 }, (_, i) => `type.n${i}`) }, 'too_many_enabled_events'],
      [{ url: 'https://example.com/hooks', enabledEvents: ['*'], description: 'd'.repeat(501) }, 'description_too_long'],
    ];
    for (const [input, failure] of rows) assert.deepEqual(await endpoints.create(merchantId, input), { result: failure }, input.url);
    assert.deepEqual(await endpoints.list(merchantId), []);
    const ok = await endpoints.create(merchantId, { url: 'http://example.com:8080/hooks', enabledEvents: ['charge.succeeded', 'charge.succeeded'] });
    assert.equal(ok.result, 'ok', 'plain http and any port are allowed');
    if (ok.result === 'ok') assert.deepEqual(ok.endpoint.enabledEvents, ['charge.succeeded']);
  });

  test('the signing secret is returned once and stored only sealed', async () => {
    const merchantId = randomMerchantId();
    const { id, secret } = await createEndpoint(merchantId);
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    const endpoint = await endpoints.get(merchantId, id);
    assert.ok(endpoint !== undefined);
    assert.equal(JSON.stringify(endpoint).includes(secret), false, 'the endpoint object never carries the secret');
    const { rows } = await database.db.query<{ row: string }>('SELECT row_to_json(w)::text AS row FROM webhook_endpoints w WHERE id = $1', [id]);
    assert.ok(rows[0] !== undefined);
    assert.equal(rows[0].row.includes(secret), false, 'the secret is not in the table');
    assert.equal(rows[0].row.includes(secret.slice('whsec_'.length)), false, 'nor its random part');
    const sealed = await database.db.query<{ secret_sealed: string }>('SELECT secret_sealed FROM webhook_endpoints WHERE id = $1', [id]);
    const sealedSecret = sealed.rows[0]?.secret_sealed ?? '';
    assert.equal(new TestSealer().open(sealedSecret, id), secret, 'sealed with the endpoint id as context');
    assert.throws(() => new TestSealer().open(sealedSecret, 'we_another_endpoint'), 'a sealed secret copied to another endpoint does not open');
  });

  test('endpoints are listed, read, updated and deleted only by their merchant', async () => {
    const owner = randomMerchantId();
    const stranger = randomMerchantId();
    const first = await createEndpoint(owner, { description: 'first' });
    clock.advanceMs(1);
    const second = await createEndpoint(owner, { description: 'second' });
    assert.deepEqual(
      (await endpoints.list(owner)).map((e) => e.id),
      [second.id, first.id],
      'newest first',
    );
    assert.deepEqual(await endpoints.list(stranger), []);
    assert.equal(await endpoints.get(stranger, first.id), undefined);
    assert.deepEqual(await endpoints.update(stranger, first.id, { disabled: true }), { result: 'endpoint_not_found' });
    assert.deepEqual(await endpoints.delete(stranger, first.id), { result: 'endpoint_not_found' });
    assert.deepEqual(await endpoints.rollSecret(stranger, first.id, { previousSecretValidForMs: 0 }), { result: 'endpoint_not_found' });
    assert.equal((await endpoints.get(owner, first.id))?.status, 'enabled');

    const updated = await endpoints.update(owner, first.id, { url: 'https://example.org/new', enabledEvents: ['charge.refunded'], disabled: true });
    assert.equal(updated.result, 'ok');
    const read = await endpoints.get(owner, first.id);
    assert.equal(read?.url, 'https://example.org/new');
    assert.deepEqual(read?.enabledEvents, ['charge.refunded']);
    assert.equal(read?.status, 'disabled');
    assert.equal(read?.description, 'first', 'fields not given keep their value');
    assert.deepEqual(await endpoints.update(owner, first.id, { url: 'ftp://example.org' }), { result: 'url_scheme_not_allowed' });

    assert.equal((await endpoints.delete(owner, first.id)).result, 'ok');
    assert.equal(await endpoints.get(owner, first.id), undefined);
    assert.deepEqual(await endpoints.delete(owner, first.id), { result: 'endpoint_not_found' });
    assert.deepEqual(
      (await endpoints.list(owner)).map((e) => e.id),
      [second.id],
    );
  });

  test(`a merchant has at most ${MAX_ENDPOINTS_PER_MERCHANT} endpoints, even when created concurrently`, async () => {
    const merchantId = randomMerchantId();
    const results = await Promise.all(
      Array.from({ length: MAX_ENDPOINTS_PER_MERCHANT + 4 }, () => endpoints.create(merchantId, { url: 'https://example.com/hooks', enabledEvents: ['*'] })),
    );
    assert.equal(results.filter((r) => r.result === 'ok').length, MAX_ENDPOINTS_PER_MERCHANT);
    assert.equal(results.filter((r) => r.result === 'too_many_endpoints').length, 4);
    const [oldest] = (await endpoints.list(merchantId)).slice(-1);
    assert.ok(oldest !== undefined);
    await endpoints.delete(merchantId, oldest.id);
    assert.equal((await endpoints.create(merchantId, { url: 'https://example.com/hooks', enabledEvents: ['*'] })).result, 'ok', 'a deleted endpoint frees its place');
  });

  test('a secret can be rolled with a grace period of at most 24 hours', async () => {
    const merchantId = randomMerchantId();
    const { id, secret } = await createEndpoint(merchantId);
    assert.deepEqual(await endpoints.rollSecret(merchantId, id, { previousSecretValidForMs: 24 * 60 * 60_000 + 1 }), { result: 'grace_period_out_of_range' });
    assert.deepEqual(await endpoints.rollSecret(merchantId, id, { previousSecretValidForMs: -1 }), { result: 'grace_period_out_of_range' });
    const rolled = await endpoints.rollSecret(merchantId, id, { previousSecretValidForMs: 60 * 60_000 });
    assert.equal(rolled.result, 'ok');
    if (rolled.result !== 'ok') return;
    assert.notEqual(rolled.secret, secret);
    assert.equal(rolled.endpoint.previousSecretExpiresAtMs, clock.nowMs() + 60 * 60_000);
    const immediate = await endpoints.rollSecret(merchantId, id, { previousSecretValidForMs: 0 });
    assert.equal(immediate.result === 'ok' ? immediate.endpoint.previousSecretExpiresAtMs : 'failed', undefined);
  });
});
