import { strict as assert } from 'node:assert';
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { createPaygridClient, type ErrorObject, type Middleware, type PaygridClient } from '../../src/client/index.ts';

/**
 * The typed client as the tests use it: requests go through Fastify's inject (no
 * socket), and every answer is checked against the OpenAPI document the server
 * publishes. An answer with a status code its operation does not list, or a body
 * its schema does not describe (a missing, mistyped or undocumented field), fails
 * the request, and so the test that sent it.
 */

/** Never contacted: inject needs only the path. */
const TEST_BASE_URL = 'http://paygrid.test';

/** One check per server, shared by its clients: its schemas are compiled once. */
const checks = new WeakMap<FastifyInstance, Middleware>();

export function testClient(http: FastifyInstance, credential: { apiKey?: string; token?: string }): PaygridClient {
  let check = checks.get(http);
  if (check === undefined) {
    check = documentedResponses(() => http.swagger());
    checks.set(http, check);
  }
  return createPaygridClient({ baseUrl: TEST_BASE_URL, ...credential, fetch: injectFetch(http), middleware: [check] });
}

/** A `fetch` that hands the request to Fastify's inject. */
export function injectFetch(http: FastifyInstance): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const payload = request.body === null ? undefined : await request.text();
    const injected = await http.inject({
      method: request.method as 'GET' | 'POST' | 'DELETE',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(payload === undefined ? {} : { payload }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(injected.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, String(one));
    }
    const noBody = injected.statusCode === 204 || injected.statusCode === 304;
    return new Response(noBody ? null : injected.rawPayload, { status: injected.statusCode, headers });
  };
}

interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
type OpenApiPaths = Record<string, Record<string, Operation | undefined> | undefined>;

/** Checks every answer against an OpenAPI document: the server's own (read at the first answer). */
export function documentedResponses(documentOf: () => unknown): Middleware {
  let checker: ResponseChecker | undefined;
  return {
    async onResponse({ request, response, schemaPath }) {
      checker ??= new ResponseChecker(documentOf() as { paths: OpenApiPaths });
      await checker.check(request.method, schemaPath, response);
    },
  };
}

class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly paths: OpenApiPaths;

  constructor(document: { paths: OpenApiPaths }) {
    // The published document leaves objects open, so that clients accept fields added
    // later; here every described object is closed, so that an undocumented field fails.
    const closed = closeObjects(structuredClone(document));
    this.paths = closed.paths;
    this.ajv.addSchema(closed, 'openapi.json');
  }

  async check(method: string, schemaPath: string, response: Response): Promise<void> {
    const where = `${method} ${schemaPath}`;
    const operation = this.paths[schemaPath]?.[method.toLowerCase()];
    assert.ok(operation !== undefined, `${where} is not in the OpenAPI document`);
    const responses = operation.responses ?? {};
    const status = String(response.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => k in responses);
    assert.ok(key !== undefined, `${where} answered ${status}, which its OpenAPI document does not list (${Object.keys(responses).join(', ')})`);
    const text = await response.clone().text();
    assert.ok(responses[key]?.content?.['application/json'] !== undefined, `${where} answered ${status} with a body its OpenAPI document does not describe: ${text}`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${where} answered ${status} without a JSON content type`);
    const validate = this.validator(schemaPath, method, key);
    const body: unknown = JSON.parse(text);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
      assert.fail(`${where} answered ${status} with a body that does not match its documented schema (${problems}): ${text}`);
    }
  }

  private validator(schemaPath: string, method: string, key: string): ValidateFunction {
    const pointer = ['paths', schemaPath, method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema'].map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
    const validate = this.ajv.getSchema(`openapi.json#/${pointer}`);
    assert.ok(validate !== undefined, `no schema at ${pointer}`);
    return validate;
  }
}

/** Sets `additionalProperties: false` on every schema that lists its properties and says nothing of others. */
function closeObjects<T>(value: T): T {
  const stack: unknown[] = [value];
  // Bounded by the size of the document: each node is visited once (it is a tree, freshly cloned).
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (!Array.isArray(node) && 'properties' in node && typeof node.properties === 'object' && !('additionalProperties' in node)) {
      Object.assign(node, { additionalProperties: false });
    }
    stack.push(...Object.values(node));
  }
  return value;
}

/** What a client call resolves to (openapi-fetch's FetchResponse, either branch). */
type ClientResult<T> = { data?: T; error?: ErrorObject; response: Response };

/** The body of a 200 answer; fails the test, showing the error object, on anything else. */
export function ok<T>(result: ClientResult<T>): T {
  assert.equal(result.response.status, 200, `expected 200, got ${result.response.status}: ${JSON.stringify(result.error)}`);
  assert.ok(result.data !== undefined, 'a 200 answer has a body');
  return result.data;
}

/** The error object's fields of an answer that must have failed with `status`. */
export function failed(result: ClientResult<unknown>, status: number): ErrorObject['error'] {
  assert.equal(result.response.status, status, `expected ${status}, got ${result.response.status}: ${JSON.stringify(result.data ?? result.error)}`);
  assert.ok(result.error !== undefined, `a ${status} answer has the error object`);
  return result.error.error;
}

/**
 * Signs a phone in through the API as a consumer would: a code by SMS (read back from the
 * sandbox gateway with the operator key), then the session. Fails the test on any refusal.
 */
export async function signIn(app: { client(key?: string | null): PaygridClient }, phone: string): Promise<{ token: string; customerId: string }> {
  ok(await app.client(null).POST('/v1/auth/otp', { body: { phone } }));
  const sms = ok(await app.client().GET('/v1/test_helpers/sms', { params: { query: { phone } } }));
  const code = /验证码 (\d{6})/.exec(sms.data[0]?.body ?? '')?.[1];
  assert.ok(code !== undefined, `the sandbox recorded a code for ${phone}`);
  const login = ok(await app.client(null).POST('/v1/auth/login', { body: { phone, code } }));
  return { token: login.token, customerId: login.customer.id };
}
