import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DATABASE_URL } from '../support/database.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { assertApiError, createAccount, createTransfer, uniquePrefix, type Response } from './helpers.ts';

/**
 * Authentication and the unauthenticated operational endpoints of the HTTP edge:
 * every /v1/ledger route needs an operator key (`Authorization: Bearer <key>`),
 * health, the OpenAPI document and metrics do not, and every answer carries a
 * request id.
 */

const p = uniquePrefix('auth');
const account = `${p}_acct`;
const other = `${p}_other`;
const transferId = `${p}_t1`;

const REQUEST_ID = /^req_[0-9a-f]{32}$/;

interface Route {
  method: 'GET' | 'POST';
  url: string;
  /** The OpenAPI path of the route. */
  path: string;
  body?: unknown;
}

/** Every ledger route, each with a request that the operator key would get answered with 200. */
const LEDGER_ROUTES: Route[] = [
  { method: 'POST', url: '/v1/ledger/accounts', path: '/v1/ledger/accounts', body: { id: `${p}_unauth_acct`, ledger: 'CNY', code: 1 } },
  { method: 'GET', url: `/v1/ledger/accounts/${account}`, path: '/v1/ledger/accounts/{id}' },
  { method: 'GET', url: `/v1/ledger/accounts/${account}/transfers`, path: '/v1/ledger/accounts/{id}/transfers' },
  {
    method: 'POST',
    url: '/v1/ledger/transfers',
    path: '/v1/ledger/transfers',
    body: { id: `${p}_unauth_t`, debit_account_id: account, credit_account_id: other, amount: 1, ledger: 'CNY', code: 1 },
  },
  { method: 'GET', url: `/v1/ledger/transfers/${transferId}`, path: '/v1/ledger/transfers/{id}' },
  { method: 'GET', url: '/v1/ledger/verify', path: '/v1/ledger/verify' },
];

function send(app: TestApp, route: Route, key: string | null, headers?: Record<string, string>): Promise<Response> {
  return app.request(route.method, route.url, { key, ...(route.body === undefined ? {} : { body: route.body }), ...(headers === undefined ? {} : { headers }) });
}

describe('authentication of the ledger API', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
    await createAccount(app, { id: account, ledger: 'CNY', code: 1 });
    await createAccount(app, { id: other, ledger: 'CNY', code: 1 });
    assert.equal(await createTransfer(app, { id: transferId, debit_account_id: account, credit_account_id: other, amount: 10, ledger: 'CNY', code: 1 }), 'ok');
  });

  after(async () => {
    await app.close();
  });

  it('answers 401 api_key_missing without an Authorization header', async () => {
    assertApiError(await app.request('GET', '/v1/ledger/verify', { key: null }), { status: 401, type: 'authentication_error', code: 'api_key_missing' });
  });

  it('answers 401 api_key_missing for an empty Authorization header', async () => {
    assertApiError(await app.request('GET', '/v1/ledger/verify', { key: null, headers: { authorization: '' } }), {
      status: 401,
      type: 'authentication_error',
      code: 'api_key_missing',
    });
  });

  it('answers 401 api_key_invalid for a key it does not know', async () => {
    assertApiError(await app.request('GET', '/v1/ledger/verify', { key: 'sk_op_not_a_real_key_0123456789abcdef' }), {
      status: 401,
      type: 'authentication_error',
      code: 'api_key_invalid',
    });
  });

  for (const header of ['Basic x', 'Bearer', 'Bearer ', 'sk_op_test_0123456789abcdefghijklmnop', 'Bearer a b', `Bearer ${'k'.repeat(300)}`]) {
    it(`answers 401 api_key_invalid for the malformed header ${JSON.stringify(header.slice(0, 40))}`, async () => {
      const response = await app.request('GET', '/v1/ledger/verify', { key: null, headers: { authorization: header } });
      assertApiError(response, { status: 401, type: 'authentication_error', code: 'api_key_invalid' });
    });
  }

  it('the operator key is accepted on every ledger route (so the refusals below are about the key)', async () => {
    // Run against copies of the two POST bodies, so that the ids used below stay unused.
    for (const route of LEDGER_ROUTES) {
      const body = route.body === undefined ? undefined : { ...(route.body as Record<string, unknown>), id: `${p}_keyed_${route.path.split('/').pop() ?? ''}` };
      const response = await app.request(route.method, route.url, body === undefined ? {} : { body });
      assert.equal(response.status, 200, `${route.method} ${route.url}: ${JSON.stringify(response.body)}`);
    }
  });

  for (const route of LEDGER_ROUTES) {
    it(`${route.method} ${route.path} refuses a request without a key, or with a wrong one, and writes nothing`, async () => {
      assertApiError(await send(app, route, null), { status: 401, type: 'authentication_error', code: 'api_key_missing' });
      assertApiError(await send(app, route, 'sk_op_wrong_key_0123456789abcdefghij'), { status: 401, type: 'authentication_error', code: 'api_key_invalid' });
      assertApiError(await send(app, route, null, { authorization: 'Basic x' }), { status: 401, type: 'authentication_error', code: 'api_key_invalid' });
    });
  }

  it('unauthenticated POSTs created neither the account nor the transfer', async () => {
    assertApiError(await app.request('GET', `/v1/ledger/accounts/${p}_unauth_acct`), { status: 404, code: 'resource_missing', param: 'id' });
    assertApiError(await app.request('GET', `/v1/ledger/transfers/${p}_unauth_t`), { status: 404, code: 'resource_missing', param: 'id' });
  });

  // Authentication must come before input validation (Stripe answers 401 whatever
  // the body): a caller without a key learns nothing about the API's schema and
  // gets no work done on its input.
  const unauthenticatedBadInput: Array<{ name: string; method: 'GET' | 'POST'; url: string; body?: unknown; rawBody?: string }> = [
    { name: 'an account body with an unknown field', method: 'POST', url: '/v1/ledger/accounts', body: { ledger: 'CNY', code: 1, foo: 1 } },
    { name: 'malformed JSON', method: 'POST', url: '/v1/ledger/transfers', rawBody: '{"id":' },
    { name: 'an id that breaks the id pattern', method: 'GET', url: '/v1/ledger/accounts/not%20an%20id' },
    { name: 'limit=abc', method: 'GET', url: `/v1/ledger/accounts/${account}/transfers?limit=abc` },
  ];
  it('a request without a key is refused as unauthenticated (401) before its input is validated', async () => {
    const answers: string[] = [];
    for (const bad of unauthenticatedBadInput) {
      const response = await app.request(bad.method, bad.url, {
        key: null,
        ...(bad.body === undefined ? {} : { body: bad.body }),
        ...(bad.rawBody === undefined ? {} : { rawBody: bad.rawBody }),
      });
      const code = (response.body as { error?: { code?: string } }).error?.code ?? 'none';
      answers.push(`${bad.name}: ${response.status} ${code}`);
    }
    assert.deepEqual(
      answers,
      unauthenticatedBadInput.map((bad) => `${bad.name}: 401 api_key_missing`),
    );
  });

  it('/healthz answers 200 {status:"ok"} without a key', async () => {
    const response = await app.request('GET', '/healthz', { key: null });
    assert.equal(response.status, 200);
    const body = response.body as { status: string; database: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.database, TEST_DATABASE_URL === undefined ? 'pglite' : 'postgres');
  });

  it('/openapi.json is an OpenAPI 3 document listing every ledger route, served without a key', async () => {
    const response = await app.request('GET', '/openapi.json', { key: null });
    assert.equal(response.status, 200);
    const document = response.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(document.openapi, /^3\.\d+\.\d+$/);
    const ledgerPaths = Object.keys(document.paths).filter((path) => path.startsWith('/v1/ledger'));
    assert.deepEqual(ledgerPaths.sort(), [...new Set(LEDGER_ROUTES.map((r) => r.path))].sort());
    for (const route of LEDGER_ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      assert.ok(operation !== undefined, `${route.method} ${route.path} is documented`);
      assert.deepEqual((operation as { security?: unknown }).security, [{ bearer: [] }], `${route.method} ${route.path} documents the bearer key`);
    }
  });

  it('/metrics serves Prometheus text without a key, counting requests, transfers and pool connections', async () => {
    await app.request('GET', '/healthz', { key: null });
    const response = await app.request('GET', '/metrics', { key: null });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    const text = response.body as string;
    assert.equal(typeof text, 'string');
    assert.match(text, /^# TYPE paygrid_http_requests_total counter$/m);
    assert.match(text, /^paygrid_http_requests_total\{method="GET",route="\/healthz",status_code="200"\} [1-9]\d*$/m);
    assert.match(text, /^paygrid_http_requests_total\{method="GET",route="\/v1\/ledger\/verify",status_code="401"\} [1-9]\d*$/m);
    // The transfer created in `before` was counted by its result.
    assert.match(text, /^paygrid_ledger_transfers_total\{result="ok"\} [1-9]\d*$/m);
    assert.match(text, /^paygrid_db_pool_connections\{state="total"\} [1-9]\d*$/m);
  });

  it('every answer carries its own request-id starting with req_', async () => {
    const responses = [
      await app.request('GET', '/healthz', { key: null }),
      await app.request('GET', '/metrics', { key: null }),
      await app.request('GET', '/openapi.json', { key: null }),
      await app.request('GET', '/v1/ledger/verify'),
      await app.request('GET', `/v1/ledger/accounts/${account}`),
      await app.request('GET', '/v1/ledger/verify', { key: null }),
      await app.request('POST', '/v1/ledger/accounts', { rawBody: '{' }),
      await app.request('GET', '/v1/ledger/accounts/nope_missing'),
      await app.request('GET', '/no/such/route', { key: null }),
    ];
    const ids = responses.map((r) => r.headers['request-id']);
    for (const id of ids) assert.match(String(id), REQUEST_ID);
    assert.equal(new Set(ids).size, ids.length, 'request ids are unique');
  });

  it('an unknown route is 404 route_not_found', async () => {
    assertApiError(await app.request('GET', '/no/such/route', { key: null }), { status: 404, code: 'route_not_found' });
    assertApiError(await app.request('GET', '/v1/ledger/no_such_route'), { status: 404, code: 'route_not_found' });
    assertApiError(await app.request('POST', '/v1/ledger/verify', { body: {} }), { status: 404, code: 'route_not_found' });
  });
});

describe('rate limiting', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ PAYGRID_RATE_LIMIT_PER_MINUTE: '5' });
  });

  after(async () => {
    await app.close();
  });

  it('answers the 6th request in a minute with 429 rate_limited', async () => {
    for (let i = 1; i <= 5; i += 1) {
      const response = await app.request('GET', '/v1/ledger/verify');
      assert.equal(response.status, 200, `request ${i}: ${JSON.stringify(response.body)}`);
    }
    const sixth = await app.request('GET', '/v1/ledger/verify');
    assertApiError(sixth, { status: 429, type: 'rate_limit_error', code: 'rate_limited' });
    assert.match(String(sixth.headers['request-id']), REQUEST_ID);
    assert.ok(Number(sixth.headers['retry-after']) > 0, 'says when to retry');
  });

  it('keeps answering /healthz while the limit is exhausted', async () => {
    const response = await app.request('GET', '/healthz', { key: null });
    assert.equal(response.status, 200);
  });

  // The limiter buckets requests by the raw Authorization header before the key
  // is checked, so each made-up key gets a fresh allowance: key guessing from one
  // address is never limited. Unauthenticated requests should share the caller's
  // address bucket.
  it('cannot be dodged by sending a different made-up key with each request', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1) {
      const response = await app.request('GET', '/v1/ledger/verify', { key: `sk_op_guess_${i}_0123456789abcdefghijklmn` });
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });
});
