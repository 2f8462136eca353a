import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { registerIdempotency } from '../../src/http/idempotency.ts';
import { IDEMPOTENCY_LEASE_MS, IdempotencyStore } from '../../src/idempotency/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { assertApiError } from '../http/helpers.ts';
import { buildCounterApp, type CounterApp, type CounterBody } from './app.ts';

/**
 * Idempotency-Key on POST requests through Fastify (inject, no socket), on the test
 * database: Stripe's behaviour (https://docs.stripe.com/api/idempotent_requests)
 * seen from a client. Every test uses fresh keys, so tests share one database.
 */

interface Sent {
  status: number;
  body: unknown;
  /** The body exactly as it came over the wire. */
  raw: string;
  headers: Record<string, unknown>;
}

interface PostOptions {
  key?: string;
  /** The API key id the request authenticates as; null for none. */
  principal?: string | null;
  body?: CounterBody;
  /** A body sent as given, to control key order. */
  rawBody?: string;
  headers?: Record<string, string>;
}

const clock = new ManualClock();
let database: TestDatabase;
let store: IdempotencyStore;

before(async () => {
  database = await openTestDatabase({ poolSize: 16 });
  store = new IdempotencyStore(database.db);
});

after(async () => {
  await database.close();
});

function newKey(): string {
  return `idem-${randomBytes(6).toString('hex')}`;
}

async function post(counter: CounterApp, options: PostOptions): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.headers ?? {}) };
  const principal = options.principal === undefined ? 'key_merchant_a' : options.principal;
  if (principal !== null) headers.authorization = `Bearer ${principal}`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  const payload = options.rawBody ?? JSON.stringify(options.body ?? { amount: 1 });
  const response = await counter.app.inject({ method: 'POST', url: '/v1/counters', headers, payload });
  return { status: response.statusCode, body: JSON.parse(response.body) as unknown, raw: response.body, headers: response.headers as Record<string, unknown> };
}

async function savedKeys(scope: string, key: string): Promise<number> {
  const { rows } = await database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2', [scope, key]);
  return Number(rows[0]?.n ?? 0n);
}

function assertReplayOf(replay: Sent, original: Sent): void {
  assert.equal(replay.status, original.status, 'status');
  assert.equal(replay.raw, original.raw, 'body, byte for byte');
  assert.equal(replay.headers['content-type'], original.headers['content-type'], 'content type');
  assert.equal(replay.headers['idempotent-replayed'], 'true', 'Idempotent-Replayed');
  assert.equal(replay.headers['original-request'], original.headers['request-id'], 'Original-Request names the first request');
  assert.notEqual(replay.headers['request-id'], original.headers['request-id'], 'the replay has its own request id');
}

/** Sends requests at once; `onAnswered` hears how many have answered so far. */
function sendTogether(count: number, send: () => Promise<Sent>, onAnswered: (answered: number) => void = () => undefined): Promise<Sent[]> {
  let answered = 0;
  return Promise.all(
    Array.from({ length: count }, () =>
      send().then((sent) => {
        answered += 1;
        onAnswered(answered);
        return sent;
      }),
    ),
  );
}

describe(`idempotency over HTTP (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  test('a retry replays the saved status and body byte for byte, and the handler runs once', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const first = await post(counter, { key, rawBody: '{"amount":100,"outcome":"ok"}' });
    assert.equal(first.status, 200, first.raw);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.match(first.raw, /"total_minor":1180591620717411303425/);

    // The same parameters in another order are the same request.
    const retry = await post(counter, { key, rawBody: '{"outcome":"ok","amount":100}' });
    assertReplayOf(retry, first);
    assertReplayOf(await post(counter, { key, body: { amount: 100, outcome: 'ok' } }), first);
    assert.equal(counter.runs(), 1);
  });

  test('a 4xx error from the handler is saved and replayed, without running the handler again', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const first = await post(counter, { key, body: { amount: 3, outcome: 'not_found' } });
    assertApiError(first, { status: 404, code: 'resource_missing', param: 'amount' });
    assertReplayOf(await post(counter, { key, body: { amount: 3, outcome: 'not_found' } }), first);
    assert.equal(counter.runs(), 1);
  });

  test('a 500 from the handler is saved and replayed too, as Stripe replays them', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const first = await post(counter, { key, body: { amount: 3, outcome: 'crash' } });
    assertApiError(first, { status: 500, code: 'internal_error', type: 'api_error' });
    assertReplayOf(await post(counter, { key, body: { amount: 3, outcome: 'crash' } }), first);
    assert.equal(counter.runs(), 1);
  });

  test('the same key with other parameters answers 400 idempotency_error and runs nothing', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    assert.equal((await post(counter, { key, body: { amount: 100 } })).status, 200);
    const other = await post(counter, { key, body: { amount: 200 } });
    assertApiError(other, { status: 400, code: 'idempotency_error', type: 'idempotency_error' });
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.equal(counter.runs(), 1);
  });

  test('a retry while the first request still runs answers 409 idempotency_key_in_use; after it finishes, the retry replays', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const first = post(counter, { key, body: { amount: 5, hold: true } });
    await counter.holds.parked(1);
    const during = await post(counter, { key, body: { amount: 5, hold: true } });
    assertApiError(during, { status: 409, code: 'idempotency_key_in_use', type: 'idempotency_error' });
    counter.holds.releaseAll();
    const original = await first;
    assert.equal(original.status, 200);
    assertReplayOf(await post(counter, { key, body: { amount: 5, hold: true } }), original);
    assert.equal(counter.runs(), 1);
  });

  test('50 concurrent requests with one key while the first runs: the handler runs once, the 49 others answer 409', { timeout: 60_000 }, async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    let othersAnswered: () => void = () => undefined;
    const allOthersAnswered = new Promise<void>((resolve) => (othersAnswered = resolve));
    // The handler is held until every other request has its answer, so all of them overlap it.
    void Promise.all([allOthersAnswered, counter.holds.parked(1)]).then(() => counter.holds.releaseAll());
    const sent = await sendTogether(50, () => post(counter, { key, body: { amount: 9, hold: true } }), (answered) => {
      if (answered === 49) othersAnswered();
    });
    assert.equal(counter.runs(), 1);
    assert.equal(sent.filter((s) => s.status === 200 && s.headers['idempotent-replayed'] === undefined).length, 1);
    assert.equal(sent.filter((s) => s.status === 409).length, 49);
  });

  test('50 concurrent requests with one key: the handler runs once; every other request answers 409 or the replay', { timeout: 60_000 }, async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const sent = await sendTogether(50, () => post(counter, { key, body: { amount: 11 } }));
    assert.equal(counter.runs(), 1);
    const originals = sent.filter((s) => s.status === 200 && s.headers['idempotent-replayed'] === undefined);
    assert.equal(originals.length, 1);
    const original = originals[0] as Sent;
    for (const other of sent.filter((s) => s !== original)) {
      if (other.status === 409) assertApiError(other, { status: 409, code: 'idempotency_key_in_use', type: 'idempotency_error' });
      else assertReplayOf(other, original);
    }
  });

  test('two API keys using the same idempotency key do not collide', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const a = await post(counter, { key, principal: 'key_merchant_a', body: { amount: 1 } });
    const b = await post(counter, { key, principal: 'key_merchant_b', body: { amount: 2 } });
    assert.deepEqual([a.status, b.status], [200, 200]);
    assert.equal(counter.runs(), 2);
    assertReplayOf(await post(counter, { key, principal: 'key_merchant_a', body: { amount: 1 } }), a);
    assertReplayOf(await post(counter, { key, principal: 'key_merchant_b', body: { amount: 2 } }), b);
    assert.equal(counter.runs(), 2);
  });

  test('a request that fails validation saves nothing: the corrected request with the same key runs', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    assertApiError(await post(counter, { key, body: { amount: 0 } }), { status: 400, code: 'parameter_invalid' });
    assert.equal(await savedKeys('key_merchant_a', key), 0);
    const corrected = await post(counter, { key, body: { amount: 5 } });
    assert.equal(corrected.status, 200);
    assertReplayOf(await post(counter, { key, body: { amount: 5 } }), corrected);
    assert.equal(counter.runs(), 1);
  });

  test('a request refused after the key was claimed but before its handler ran releases the key', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    assertApiError(await post(counter, { key, body: { amount: 5 }, headers: { 'x-test-deny': 'true' } }), { status: 403, code: 'permission_denied', type: 'permission_error' });
    assert.equal(await savedKeys('key_merchant_a', key), 0);
    assert.equal(counter.runs(), 0);
    const allowed = await post(counter, { key, body: { amount: 5 } });
    assert.equal(allowed.status, 200);
    assert.equal(counter.runs(), 1);
  });

  test('after the lease of a request that never finished, a retry takes the key over and its response is the one kept', async () => {
    const counter = await buildCounterApp(store, clock);
    const key = newKey();
    const stuck = post(counter, { key, body: { amount: 8, hold: true } });
    await counter.holds.parked(1);
    clock.advanceMs(IDEMPOTENCY_LEASE_MS);
    const takeover = post(counter, { key, body: { amount: 8, hold: true } });
    await counter.holds.parked(2);
    counter.holds.releaseAll();
    const [late, winner] = await Promise.all([stuck, takeover]);
    // The stuck request still answers its own client; only the takeover's answer is saved.
    assert.equal(late.status, 200);
    assert.equal(winner.status, 200);
    assert.notEqual(late.raw, winner.raw);
    assert.equal(counter.runs(), 2);
    assertReplayOf(await post(counter, { key, body: { amount: 8, hold: true } }), winner);
  });

  test('requests without the header, GET requests and unauthenticated requests are untouched', async () => {
    const counter = await buildCounterApp(store, clock);
    const plain = [await post(counter, { body: { amount: 1 } }), await post(counter, { body: { amount: 1 } })];
    assert.deepEqual(plain.map((s) => s.status), [200, 200]);
    assert.ok(plain.every((s) => s.headers['idempotent-replayed'] === undefined));
    assert.equal(counter.runs(), 2);

    const key = newKey();
    const anonymous = [await post(counter, { key, principal: null, body: { amount: 1 } }), await post(counter, { key, principal: null, body: { amount: 1 } })];
    assert.ok(anonymous.every((s) => s.status === 200 && s.headers['idempotent-replayed'] === undefined));
    assert.equal(counter.runs(), 4);

    const get = await counter.app.inject({ method: 'GET', url: '/v1/counters', headers: { authorization: 'Bearer key_merchant_a', 'idempotency-key': key } });
    assert.equal(get.statusCode, 200);
    assert.equal((await counter.app.inject({ method: 'GET', url: '/v1/counters', headers: { authorization: 'Bearer key_merchant_a', 'idempotency-key': key } })).statusCode, 200);
    assert.equal(await savedKeys('key_merchant_a', key), 0);
  });

  test('an Idempotency-Key that is too long or not printable ASCII answers 400 parameter_invalid and runs nothing', async () => {
    const counter = await buildCounterApp(store, clock);
    for (const key of ['x'.repeat(256), 'clé']) {
      assertApiError(await post(counter, { key, body: { amount: 1 } }), { status: 400, code: 'parameter_invalid', param: 'Idempotency-Key' });
    }
    assert.equal(counter.runs(), 0);
  });

  test('a POST route declared before registerIdempotency fails loudly instead of silently never saving', async () => {
    const app = Fastify({ logger: false });
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      request.principal = { keyId: 'key_merchant_a', role: 'operator' };
    });
    app.post('/early', async () => ({ ok: true }));
    registerIdempotency(app, store, { clock });
    assert.equal((await app.inject({ method: 'POST', url: '/early', payload: {} })).statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/early', payload: {}, headers: { 'idempotency-key': newKey() } })).statusCode, 500);
    await app.close();
  });
});
