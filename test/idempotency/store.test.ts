import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
  IdempotencyStore,
  MAX_STORED_HEADER_BYTES,
  MAX_STORED_RESPONSE_BYTES,
  type BeginOutcome,
} from '../../src/idempotency/index.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';

/**
 * The idempotency store on the test database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): what `begin` decides for each state of a key, the lease, the
 * retention, the limits, and races between many callers. Every test uses its own
 * scope, so tests share one database without seeing each other's keys.
 */

const T0_MS = Date.UTC(2026, 0, 1);
const HOUR_MS = 60 * 60 * 1000;

/** A fingerprint per request name, as requestFingerprint would make one. */
function fp(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function newScope(): string {
  return `key_${randomBytes(6).toString('hex')}`;
}

let database: TestDatabase;
let store: IdempotencyStore;

before(async () => {
  database = await openTestDatabase({ poolSize: 16 });
  store = new IdempotencyStore(database.db);
});

after(async () => {
  await database.close();
});

async function keysIn(db: Database, scope: string): Promise<string[]> {
  const { rows } = await db.query<{ idempotency_key: string }>('SELECT idempotency_key FROM idempotency_keys WHERE scope = $1 ORDER BY idempotency_key', [scope]);
  return rows.map((r) => r.idempotency_key);
}

function startedId(outcome: BeginOutcome): string {
  assert.equal(outcome.kind, 'started', `expected started, got ${JSON.stringify(outcome)}`);
  return (outcome as { recordId: string }).recordId;
}

/**
 * A scenario is a list of steps on one key. `begin` steps name the request
 * (its fingerprint) and the time since the scenario began; a started request is
 * remembered under `as`, so that later steps can complete or release it.
 */
type Step =
  | { begin: string; atMs: number; expect: BeginOutcome['kind']; as?: string; replays?: { status: number; body: string } }
  | { complete: string; status: number; body: string; expect: 'completed' | 'lease_lost' }
  | { release: string; expect: 'released' | 'lease_lost' };

interface Scenario {
  name: string;
  steps: Step[];
}

const LEASE = IDEMPOTENCY_LEASE_MS;
const RETENTION = IDEMPOTENCY_RETENTION_MS;

const SCENARIOS: Scenario[] = [
  {
    name: 'a retry of a completed request replays its saved status and body until the retention ends',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'first' },
      { complete: 'first', status: 201, body: '{"id":"ch_1","amount":100}', expect: 'completed' },
      { begin: 'A', atMs: 1, expect: 'replay', replays: { status: 201, body: '{"id":"ch_1","amount":100}' } },
      { begin: 'A', atMs: LEASE * 10, expect: 'replay', replays: { status: 201, body: '{"id":"ch_1","amount":100}' } },
      { begin: 'A', atMs: RETENTION - 1, expect: 'replay', replays: { status: 201, body: '{"id":"ch_1","amount":100}' } },
    ],
  },
  {
    name: 'a saved error is replayed like a success',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'first' },
      { complete: 'first', status: 402, body: '{"error":{"code":"card_declined"}}', expect: 'completed' },
      { begin: 'A', atMs: 5, expect: 'replay', replays: { status: 402, body: '{"error":{"code":"card_declined"}}' } },
    ],
  },
  {
    name: 'the same key with other parameters is a mismatch, in flight and completed',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'first' },
      { begin: 'B', atMs: 1, expect: 'mismatch' },
      { complete: 'first', status: 200, body: '{}', expect: 'completed' },
      { begin: 'B', atMs: 2, expect: 'mismatch' },
      { begin: 'A', atMs: 3, expect: 'replay', replays: { status: 200, body: '{}' } },
    ],
  },
  {
    name: 'a retry during the lease is in flight; after the lease it takes over, and the old owner can neither complete nor release',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'crashed' },
      { begin: 'A', atMs: LEASE - 1, expect: 'in_flight' },
      { begin: 'A', atMs: LEASE, expect: 'started', as: 'second' },
      { begin: 'A', atMs: LEASE + 1, expect: 'in_flight' },
      { complete: 'crashed', status: 200, body: '{"from":"crashed"}', expect: 'lease_lost' },
      { release: 'crashed', expect: 'lease_lost' },
      { complete: 'second', status: 200, body: '{"from":"second"}', expect: 'completed' },
      { begin: 'A', atMs: LEASE + 2, expect: 'replay', replays: { status: 200, body: '{"from":"second"}' } },
    ],
  },
  {
    name: 'an owner that outlived its lease still completes while nobody took the key over',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'slow' },
      { complete: 'slow', status: 200, body: '{"slow":true}', expect: 'completed' },
      { begin: 'A', atMs: LEASE * 3, expect: 'replay', replays: { status: 200, body: '{"slow":true}' } },
    ],
  },
  {
    name: 'other parameters after an expired lease are still a mismatch',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'crashed' },
      { begin: 'B', atMs: LEASE, expect: 'mismatch' },
    ],
  },
  {
    name: 'a released key is free again, for other parameters too',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'invalid' },
      { release: 'invalid', expect: 'released' },
      { release: 'invalid', expect: 'lease_lost' },
      { begin: 'B', atMs: 1, expect: 'started', as: 'corrected' },
      { complete: 'corrected', status: 200, body: '"ok"', expect: 'completed' },
      { begin: 'B', atMs: 2, expect: 'replay', replays: { status: 200, body: '"ok"' } },
    ],
  },
  {
    name: 'a completed key cannot be released or completed again',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'first' },
      { complete: 'first', status: 200, body: '1', expect: 'completed' },
      { complete: 'first', status: 500, body: '2', expect: 'lease_lost' },
      { release: 'first', expect: 'lease_lost' },
      { begin: 'A', atMs: 1, expect: 'replay', replays: { status: 200, body: '1' } },
    ],
  },
  {
    name: 'a key reused after the retention starts a new request, whatever its parameters (purged or not)',
    steps: [
      { begin: 'A', atMs: 0, expect: 'started', as: 'old' },
      { complete: 'old', status: 200, body: '"old"', expect: 'completed' },
      { begin: 'B', atMs: RETENTION, expect: 'started', as: 'new' },
      { begin: 'A', atMs: RETENTION + 1, expect: 'mismatch' },
      { complete: 'new', status: 201, body: '"new"', expect: 'completed' },
      { begin: 'B', atMs: RETENTION + 2, expect: 'replay', replays: { status: 201, body: '"new"' } },
    ],
  },
];

async function runScenario(scenario: Scenario): Promise<void> {
  const scope = newScope();
  const key = `idem_${randomBytes(4).toString('hex')}`;
  const owners = new Map<string, string>();
  for (const [index, step] of scenario.steps.entries()) {
    const where = `step ${index} ${JSON.stringify(step)}`;
    if ('begin' in step) {
      const outcome = await store.begin(scope, key, fp(step.begin), T0_MS + step.atMs);
      assert.equal(outcome.kind, step.expect, `${where}: got ${JSON.stringify(outcome)}`);
      if (outcome.kind === 'started' && step.as !== undefined) owners.set(step.as, outcome.recordId);
      if (step.replays !== undefined) {
        assert.ok(outcome.kind === 'replay', where);
        assert.deepEqual({ status: outcome.status, body: outcome.body }, step.replays, where);
      }
    } else if ('complete' in step) {
      const recordId = owners.get(step.complete);
      assert.ok(recordId !== undefined, `${where}: no owner named ${step.complete}`);
      assert.equal((await store.complete(recordId, step.status, step.body)).kind, step.expect, where);
    } else {
      const recordId = owners.get(step.release);
      assert.ok(recordId !== undefined, `${where}: no owner named ${step.release}`);
      assert.equal((await store.release(recordId)).kind, step.expect, where);
    }
  }
}

describe('idempotency store: what begin decides', () => {
  for (const scenario of SCENARIOS) test(scenario.name, () => runScenario(scenario));

  test('two scopes with the same key are independent', async () => {
    const [merchantA, merchantB] = [newScope(), newScope()];
    const a = startedId(await store.begin(merchantA, 'order-42', fp('A'), T0_MS));
    const b = startedId(await store.begin(merchantB, 'order-42', fp('B'), T0_MS));
    assert.equal((await store.complete(a, 200, '"a"')).kind, 'completed');
    assert.equal((await store.begin(merchantB, 'order-42', fp('B'), T0_MS + 1)).kind, 'in_flight');
    assert.equal((await store.complete(b, 200, '"b"')).kind, 'completed');
    assert.deepEqual(await store.begin(merchantA, 'order-42', fp('A'), T0_MS + 2), { kind: 'replay', status: 200, body: '"a"', headers: {} });
    assert.deepEqual(await store.begin(merchantB, 'order-42', fp('B'), T0_MS + 2), { kind: 'replay', status: 200, body: '"b"', headers: {} });
  });

  test('keys are 1 to 255 printable ASCII characters; anything else is key_invalid and stores nothing', async () => {
    const scope = newScope();
    const cases: { key: string; valid: boolean }[] = [
      { key: 'a', valid: true },
      { key: 'x'.repeat(255), valid: true },
      { key: ' !~ 7f3c-uuid:{"quoted"}', valid: true },
      { key: '', valid: false },
      { key: 'x'.repeat(256), valid: false },
      { key: 'clé', valid: false },
      { key: 'line\nbreak', valid: false },
      { key: 'tab\there', valid: false },
      { key: 'del\u007f', valid: false },
      { key: '订单1', valid: false },
    ];
    for (const { key, valid } of cases) {
      const outcome = await store.begin(scope, key, fp(key), T0_MS);
      assert.equal(outcome.kind, valid ? 'started' : 'key_invalid', `key ${JSON.stringify(key)}`);
    }
    assert.equal((await keysIn(database.db, scope)).length, cases.filter((c) => c.valid).length);
  });

  test('the saved body comes back byte for byte, multi-byte text and all, with its headers', async () => {
    const scope = newScope();
    const body = '{"description":"充值 ¥100.00 — café","amount":1180591620717411303424,"nested":{"z":1,"a":[1.5,null]}}';
    const headers = { 'content-type': 'application/json; charset=utf-8', 'request-id': 'req_0123' };
    const id = startedId(await store.begin(scope, 'k', fp('A'), T0_MS));
    assert.equal((await store.complete(id, 200, body, headers)).kind, 'completed');
    assert.deepEqual(await store.begin(scope, 'k', fp('A'), T0_MS + 1), { kind: 'replay', status: 200, body, headers });
  });
});

describe('idempotency store: limits', () => {
  test('a response of exactly the limit is saved; one byte more is response_too_large and leaves the key in flight', async () => {
    const scope = newScope();
    const fits = `"${'x'.repeat(MAX_STORED_RESPONSE_BYTES - 2)}"`;
    const id = startedId(await store.begin(scope, 'fits', fp('A'), T0_MS));
    assert.equal((await store.complete(id, 200, fits)).kind, 'completed');
    const replay = await store.begin(scope, 'fits', fp('A'), T0_MS + 1);
    assert.ok(replay.kind === 'replay' && replay.body === fits);

    // Two bytes per character: the limit counts bytes, as the database's CHECK does.
    const tooLarge = 'é'.repeat(MAX_STORED_RESPONSE_BYTES / 2) + 'x';
    assert.ok(tooLarge.length < MAX_STORED_RESPONSE_BYTES);
    const big = startedId(await store.begin(scope, 'big', fp('A'), T0_MS));
    assert.equal((await store.complete(big, 200, tooLarge)).kind, 'response_too_large');
    assert.equal((await store.begin(scope, 'big', fp('A'), T0_MS + 1)).kind, 'in_flight');
    assert.equal((await store.release(big)).kind, 'released');
  });

  test('headers over their limits are response_too_large', async () => {
    const scope = newScope();
    const id = startedId(await store.begin(scope, 'h', fp('A'), T0_MS));
    assert.equal((await store.complete(id, 200, '{}', { 'x-long': 'v'.repeat(MAX_STORED_HEADER_BYTES) })).kind, 'response_too_large');
    const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`x-${i}`, 'v']));
    assert.equal((await store.complete(id, 200, '{}', many)).kind, 'response_too_large');
    assert.equal((await store.complete(id, 200, '{}', { 'content-type': 'application/json' })).kind, 'completed');
  });

  test('programming errors fail loudly: bad fingerprints, scopes, statuses, purge limits and leases', async () => {
    await assert.rejects(store.begin(newScope(), 'k', 'not-a-sha256', T0_MS), /fingerprint/);
    await assert.rejects(store.begin('', 'k', fp('A'), T0_MS), /scope/);
    const id = startedId(await store.begin(newScope(), 'k', fp('A'), T0_MS));
    await assert.rejects(store.complete(id, 99, '{}'), /status/);
    await assert.rejects(store.purgeExpired(T0_MS, 0), /purge batch/);
    await assert.rejects(store.purgeExpired(T0_MS, 10_001), /purge batch/);
    assert.throws(() => new IdempotencyStore(database.db, { leaseMs: 0 }), /lease/);
    assert.throws(() => new IdempotencyStore(database.db, { leaseMs: IDEMPOTENCY_RETENTION_MS }), /lease/);
  });
});

describe('idempotency store: purgeExpired', () => {
  /** Purges run over the whole table; these tests use times far from every other test's. */
  const PURGE_T0_MS = T0_MS - 400 * 24 * HOUR_MS;

  test('removes only keys past the 24-hour retention, in bounded batches, oldest first', async () => {
    const scope = newScope();
    for (let i = 0; i < 5; i += 1) {
      const id = startedId(await store.begin(scope, `old_${i}`, fp('A'), PURGE_T0_MS + i));
      if (i % 2 === 0) assert.equal((await store.complete(id, 200, '{}')).kind, 'completed');
    }
    startedId(await store.begin(scope, 'young', fp('A'), PURGE_T0_MS + HOUR_MS));

    // 1 ms before the oldest key is 24 hours old, nothing goes.
    assert.equal(await store.purgeExpired(PURGE_T0_MS + RETENTION - 1, 100), 0);
    assert.equal((await keysIn(database.db, scope)).length, 6);

    const purgeAtMs = PURGE_T0_MS + RETENTION + 10;
    assert.equal(await store.purgeExpired(purgeAtMs, 2), 2);
    assert.deepEqual(await keysIn(database.db, scope), ['old_2', 'old_3', 'old_4', 'young']);
    assert.equal(await store.purgeExpired(purgeAtMs, 2), 2);
    assert.equal(await store.purgeExpired(purgeAtMs, 2), 1);
    assert.equal(await store.purgeExpired(purgeAtMs, 2), 0);
    assert.deepEqual(await keysIn(database.db, scope), ['young']);

    // The young key goes once it, too, is 24 hours old.
    assert.equal(await store.purgeExpired(PURGE_T0_MS + HOUR_MS + RETENTION, 100), 1);
    assert.deepEqual(await keysIn(database.db, scope), []);
  });
});

describe(`idempotency store under concurrency (${TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL, two pools'})`, () => {
  let stores: IdempotencyStore[];
  let second: Database | undefined;

  before(async () => {
    // A second pool on the same schema stands for a second server process.
    second = TEST_DATABASE_URL === undefined || database.schema === undefined ? undefined : await openPostgres({ connectionString: TEST_DATABASE_URL, poolSize: 8, schema: database.schema, statementTimeoutMs: 30_000 });
    stores = second === undefined ? [store] : [store, new IdempotencyStore(second)];
  });

  after(async () => {
    await second?.close();
  });

  function storeFor(i: number): IdempotencyStore {
    return stores[i % stores.length] as IdempotencyStore;
  }

  test('50 concurrent begins with one key: exactly one starts, all others are in flight', async () => {
    const scope = newScope();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => storeFor(i).begin(scope, 'race', fp('A'), T0_MS)));
    assert.equal(outcomes.filter((o) => o.kind === 'started').length, 1);
    assert.equal(outcomes.filter((o) => o.kind === 'in_flight').length, 49);
  });

  test('50 concurrent takeovers of an expired lease: exactly one starts, and the crashed owner cannot complete', async () => {
    const scope = newScope();
    const crashed = startedId(await store.begin(scope, 'race', fp('A'), T0_MS));
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => storeFor(i).begin(scope, 'race', fp('A'), T0_MS + IDEMPOTENCY_LEASE_MS + i)));
    const started = outcomes.filter((o) => o.kind === 'started');
    assert.equal(started.length, 1, JSON.stringify(outcomes.map((o) => o.kind)));
    assert.equal(outcomes.filter((o) => o.kind === 'in_flight').length, 49);
    assert.equal((await store.complete(crashed, 200, '"late"')).kind, 'lease_lost');
    assert.equal((await store.complete(startedId(started[0] as BeginOutcome), 200, '"winner"')).kind, 'completed');
  });

  test('begins racing a completion see either the lease or the saved response, never a second start', async () => {
    const scope = newScope();
    const owner = startedId(await store.begin(scope, 'race', fp('A'), T0_MS));
    const [completion, ...outcomes] = await Promise.all([
      store.complete(owner, 201, '"done"'),
      ...Array.from({ length: 40 }, (_, i) => storeFor(i).begin(scope, 'race', fp('A'), T0_MS + 1)),
    ]);
    assert.equal(completion?.kind, 'completed');
    for (const outcome of outcomes as BeginOutcome[]) {
      assert.ok(outcome.kind === 'in_flight' || (outcome.kind === 'replay' && outcome.body === '"done"' && outcome.status === 201), JSON.stringify(outcome));
    }
  });
});
