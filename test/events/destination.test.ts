import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import type { Database } from '../../src/db/database.ts';
import {
  Events,
  WEBHOOK_DELIVERY_JOB,
  WEBHOOK_RETRY_POLICY,
  WebhookDeliveries,
  WebhookEndpoints,
  nonPublicRange,
  type AddressRange,
  type DestinationOptions,
  type EndpointInputFailure,
} from '../../src/events/index.ts';
import { JobQueue, JobWorker, backoffCeilingMs } from '../../src/jobs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { PUBLIC_TEST_ADDRESS, randomMerchantId, startReceiver, TestDns, TestSealer, type Receiver } from './support.ts';

/** SSRF protection: which addresses are public, the check at registration, and the check at delivery on the address connected to. */
describe('webhook destinations: which addresses are public', () => {
  test('special-purpose addresses are named by their range; public ones pass', () => {
    const rows: [address: string, range: AddressRange | undefined][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['::1', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['::', 'unspecified'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', undefined],
      ['192.168.1.1', 'private'],
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['169.254.169.254', 'link_local'],
      ['fe80::1', 'link_local'],
      ['fe80::1%eth0', 'link_local'],
      ['100.64.0.1', 'carrier_grade_nat'],
      ['100.127.255.255', 'carrier_grade_nat'],
      ['100.128.0.1', undefined],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['ff02::1', 'multicast'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['192.0.2.1', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['203.0.113.9', 'reserved'],
      ['2001:db8::1', 'reserved'],
      ['100::1', 'reserved'],
      ['::7f00:1', 'reserved'],
      // IPv4 inside IPv6 is judged as the IPv4 address it reaches.
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:169.254.169.254', 'link_local'],
      ['::ffff:a00:1', 'private'],
      ['::ffff:8.8.8.8', undefined],
      ['64:ff9b::a9fe:a9fe', 'link_local'],
      ['64:ff9b::808:808', undefined],
      ['2002:7f00:1::1', 'loopback'],
      ['2002:808:808::1', undefined],
      ['8.8.8.8', undefined],
      [PUBLIC_TEST_ADDRESS, undefined],
      ['2606:4700:4700::1111', undefined],
    ];
    for (const [address, range] of rows) assert.equal(nonPublicRange(address), range, address);
  });

  test('PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS is off unless set to true, and other values stop the start', () => {
    assert.equal(loadConfig({}).webhookAllowPrivateUrls, false);
    assert.equal(loadConfig({ PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }).webhookAllowPrivateUrls, false);
    assert.equal(loadConfig({ PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).webhookAllowPrivateUrls, true);
    assert.throws(() => loadConfig({ PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' }), /PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS: expected true or false/);
  });
});

describe(`webhook destinations: registration and delivery (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
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

  function endpointsWith(options: DestinationOptions): WebhookEndpoints {
    return new WebhookEndpoints(database.db, clock, sealer, options);
  }

  /** One process's events, deliveries and worker, with its own destination settings. */
  function processWith(db: Database, options: DestinationOptions): { events: Events; deliveries: WebhookDeliveries; worker: JobWorker; queue: JobQueue } {
    const queue = new JobQueue(db, clock);
    const deliveries = new WebhookDeliveries(db, clock, sealer, { ...options, timeoutMs: 5_000 });
    const worker = new JobWorker(db, clock, { random: () => 0 });
    deliveries.registerWith(worker);
    return { events: new Events(db, queue), deliveries, worker, queue };
  }

  async function receiver(): Promise<Receiver> {
    const started = await startReceiver(() => 200);
    receivers.push(started);
    return started;
  }

  test('registration refuses every kind of internal address, literal or resolved, with a named failure', async () => {
    const dns = new TestDns();
    dns.set('hooks.example.com', [PUBLIC_TEST_ADDRESS]);
    dns.set('localhost', ['127.0.0.1', '::1']);
    dns.set('metadata.example.com', ['169.254.169.254']);
    dns.set('db.example.com', ['10.0.0.5']);
    dns.set('mixed.example.com', [PUBLIC_TEST_ADDRESS, '192.168.0.10']);
    dns.set('mapped.example.com', ['::ffff:127.0.0.1']);
    const endpoints = endpointsWith({ resolveHost: dns.resolve });
    const merchantId = randomMerchantId();
    const rows: [url: string, failure: EndpointInputFailure][] = [
      ['http://127.0.0.1:8080/hooks', 'url_host_loopback'],
      ['http://2130706433/hooks', 'url_host_loopback'],
      ['http://0x7f.1/hooks', 'url_host_loopback'],
      ['http://[::1]/hooks', 'url_host_loopback'],
      ['http://[::ffff:127.0.0.1]/hooks', 'url_host_loopback'],
      ['http://localhost:9000/admin', 'url_host_loopback'],
      ['http://mapped.example.com/hooks', 'url_host_loopback'],
      ['http://0.0.0.0/hooks', 'url_host_unspecified'],
      ['http://[::]/hooks', 'url_host_unspecified'],
      ['http://10.0.0.1/hooks', 'url_host_private'],
      ['http://172.20.1.1/hooks', 'url_host_private'],
      ['http://192.168.1.1/hooks', 'url_host_private'],
      ['http://[fd00::1]/hooks', 'url_host_private'],
      ['http://db.example.com:5432/', 'url_host_private'],
      ['https://mixed.example.com/hooks', 'url_host_private'],
      ['http://169.254.169.254/latest/meta-data/', 'url_host_link_local'],
      ['http://metadata.example.com/computeMetadata/v1/', 'url_host_link_local'],
      ['http://[fe80::1]/hooks', 'url_host_link_local'],
      ['http://100.64.0.1/hooks', 'url_host_carrier_grade_nat'],
      ['http://224.0.0.1/hooks', 'url_host_multicast'],
      ['http://[ff02::1]/hooks', 'url_host_multicast'],
      ['http://240.0.0.1/hooks', 'url_host_reserved'],
      ['http://192.0.2.1/hooks', 'url_host_reserved'],
      ['http://[2001:db8::1]/hooks', 'url_host_reserved'],
      ['https://nowhere.example.com/hooks', 'url_host_unresolvable'],
      ['https://user:secret@hooks.example.com/hooks', 'url_has_credentials'],
    ];
    for (const [url, failure] of rows) assert.deepEqual(await endpoints.create(merchantId, { url, enabledEvents: ['*'] }), { result: failure }, url);
    assert.deepEqual(await endpoints.list(merchantId), []);

    const ok = await endpoints.create(merchantId, { url: 'https://hooks.example.com/hooks', enabledEvents: ['*'] });
    assert.equal(ok.result, 'ok', 'a name that resolves to public addresses only is accepted');
    assert.equal((await endpoints.create(merchantId, { url: `https://${PUBLIC_TEST_ADDRESS}/hooks`, enabledEvents: ['*'] })).result, 'ok', 'so is a public address');
    if (ok.result !== 'ok') return;
    assert.deepEqual(await endpoints.update(merchantId, ok.endpoint.id, { url: 'http://metadata.example.com/' }), { result: 'url_host_link_local' }, 'an update is checked too');
    assert.equal((await endpoints.get(merchantId, ok.endpoint.id))?.url, 'https://hooks.example.com/hooks');
  });

  test('with private destinations allowed, internal URLs are accepted and nothing is resolved', async () => {
    const dns = new TestDns();
    const endpoints = endpointsWith({ allowPrivateDestinations: true, resolveHost: dns.resolve });
    const merchantId = randomMerchantId();
    for (const url of ['http://127.0.0.1:8080/hooks', 'http://localhost:9000/hooks', 'http://10.0.0.1/hooks', 'http://[::1]/hooks', 'http://receiver.test/hooks']) {
      assert.equal((await endpoints.create(merchantId, { url, enabledEvents: ['*'] })).result, 'ok', url);
    }
    assert.deepEqual(dns.lookups, []);
    assert.deepEqual(await endpoints.create(merchantId, { url: 'https://u:p@10.0.0.1/', enabledEvents: ['*'] }), { result: 'url_has_credentials' }, 'credentials stay refused');
  });

  test('a name rebound to a private address after registration is refused at delivery: logged as a failed attempt, retried, never connected', async () => {
    const hooks = await receiver();
    const port = new URL(hooks.url).port;
    const dns = new TestDns();
    dns.set('hooks.example.com', [PUBLIC_TEST_ADDRESS]);
    const merchantId = randomMerchantId();
    const registered = await endpointsWith({ resolveHost: dns.resolve }).create(merchantId, { url: `http://hooks.example.com:${port}/hooks`, enabledEvents: ['*'] });
    assert.equal(registered.result, 'ok');
    if (registered.result !== 'ok') return;

    // The merchant's DNS now answers with the address of a service inside our network.
    dns.set('hooks.example.com', ['127.0.0.1']);
    const p = processWith(database.db, { resolveHost: dns.resolve });
    const event = await database.db.transaction((tx) => p.events.recordEvent(tx, { type: 'payment_intent.succeeded', merchantId, data: { id: 'pi_1' }, createdAtMs: clock.nowMs() }));
    const [delivery] = await p.deliveries.listForEvent(merchantId, event.id);
    assert.ok(delivery !== undefined);
    assert.equal((await p.worker.runOnce(10)).retryScheduled, 1);
    clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, 1));
    assert.equal((await p.worker.runOnce(10)).retryScheduled, 1, 'refused again at the retry');

    assert.equal(hooks.requests.length, 0, 'nothing reached the internal address');
    const log = await p.deliveries.listAttempts(merchantId, delivery.id);
    assert.deepEqual(
      log.map((a) => [a.attempt, a.succeeded, a.statusCode, a.error]),
      [1, 2].map((attempt) => [attempt, false, undefined, 'destination_not_allowed: hooks.example.com resolves to a loopback address; webhooks go to public addresses only']),
    );
    assert.equal((await p.deliveries.getDelivery(merchantId, delivery.id))?.status, 'pending');
    const job = await p.queue.getJobByKey(`${WEBHOOK_DELIVERY_JOB}:${delivery.id}`);
    assert.equal(job?.state, 'queued');
    assert.match(job?.lastError ?? '', /^destination_not_allowed: /);

    assert.equal(dns.lookups.filter((name) => name === 'hooks.example.com').length, 3, 'registration and each attempt resolved the name');
    // Leave nothing pending for other tests: deleting the endpoint cancels the delivery.
    await endpointsWith({ resolveHost: dns.resolve }).delete(merchantId, registered.endpoint.id);
    clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, 2));
    await p.worker.runOnce(10);
    assert.equal((await p.deliveries.getDelivery(merchantId, delivery.id))?.status, 'canceled');
  });

  test('a literal private address registered while allowed is refused at delivery once the setting is off', async () => {
    const hooks = await receiver();
    const merchantId = randomMerchantId();
    const registered = await endpointsWith({ allowPrivateDestinations: true }).create(merchantId, { url: hooks.url, enabledEvents: ['*'] });
    assert.equal(registered.result, 'ok');
    const p = processWith(database.db, { allowPrivateDestinations: false });
    const event = await database.db.transaction((tx) => p.events.recordEvent(tx, { type: 'charge.succeeded', merchantId, data: { id: 'ch_1' }, createdAtMs: clock.nowMs() }));
    assert.equal((await p.worker.runOnce(10)).retryScheduled, 1);
    assert.equal(hooks.requests.length, 0);
    const [delivery] = await p.deliveries.listForEvent(merchantId, event.id);
    const log = await p.deliveries.listAttempts(merchantId, delivery?.id ?? '');
    assert.equal(log[0]?.error, 'destination_not_allowed: 127.0.0.1 is a loopback address; webhooks go to public addresses only');

    // The operator turns the setting back on: the retry is delivered.
    const allowed = processWith(database.db, { allowPrivateDestinations: true });
    clock.advanceMs(backoffCeilingMs(WEBHOOK_RETRY_POLICY, 1));
    assert.equal((await allowed.worker.runOnce(10)).succeeded, 1);
    assert.equal(hooks.requests.length, 1);
  });

  test('with private destinations allowed, delivery connects to the address the resolver gave', async () => {
    const hooks = await receiver();
    const port = new URL(hooks.url).port;
    const dns = new TestDns();
    dns.set('receiver.test', ['127.0.0.1']);
    const merchantId = randomMerchantId();
    const registered = await endpointsWith({ allowPrivateDestinations: true, resolveHost: dns.resolve }).create(merchantId, { url: `http://receiver.test:${port}/hooks`, enabledEvents: ['*'] });
    assert.equal(registered.result, 'ok');
    const p = processWith(database.db, { allowPrivateDestinations: true, resolveHost: dns.resolve });
    await database.db.transaction((tx) => p.events.recordEvent(tx, { type: 'charge.succeeded', merchantId, data: { id: 'ch_2' }, createdAtMs: clock.nowMs() }));
    assert.equal((await p.worker.runOnce(10)).succeeded, 1);
    assert.equal(hooks.requests.length, 1);
    assert.equal(hooks.requests[0]?.headers.host, `receiver.test:${port}`, 'the request names the registered host');
    assert.deepEqual(dns.lookups, ['receiver.test'], 'resolved at delivery only, by the injected resolver');
  });
});
