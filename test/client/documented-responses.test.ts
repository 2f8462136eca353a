import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { createPaygridClient, type PaygridClient } from '../../src/client/index.ts';
import { startTestApp, TEST_OPERATOR_KEY, type TestApp } from '../support/app.ts';
import { documentedResponses, failed, injectFetch, ok } from '../support/client.ts';

/**
 * The tests' client checks every answer against the OpenAPI document. These tests
 * show that the check bites: the server's real answers, altered on the way, fail the
 * request that received them.
 */
describe('answers checked against the OpenAPI document', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
  });

  /** A client whose answers pass through `alter` before the check sees them. */
  function alteringClient(alter: (status: number, body: Record<string, unknown>) => { status: number; body: unknown }): PaygridClient {
    const inject = injectFetch(app.paygrid.http);
    return createPaygridClient({
      baseUrl: 'http://paygrid.test',
      apiKey: TEST_OPERATOR_KEY,
      fetch: async (request) => {
        const real = await inject(request);
        const altered = alter(real.status, (await real.json()) as Record<string, unknown>);
        return new Response(JSON.stringify(altered.body), { status: altered.status, headers: { 'content-type': 'application/json' } });
      },
      middleware: [documentedResponses(() => app.paygrid.http.swagger())],
    });
  }

  test('the real answers pass: a merchant, a list, and an error object', async () => {
    const merchant = ok(await app.client().POST('/v1/merchants', { body: { name: 'Checked' } }));
    assert.equal(merchant.object, 'merchant');
    assert.equal(ok(await app.client().GET('/v1/merchants')).object, 'list');
    assert.equal(failed(await app.client().GET('/v1/merchants/{id}', { params: { path: { id: 'mch_none' } } }), 404).code, 'resource_missing');
  });

  const ALTERATIONS: Array<{ name: string; alter: (status: number, body: Record<string, unknown>) => { status: number; body: unknown }; message: RegExp }> = [
    { name: 'an undocumented field', alter: (status, body) => ({ status, body: { ...body, internal_note: 'x' } }), message: /must NOT have additional properties.*internal_note/ },
    { name: 'a missing field', alter: (status, { created: _created, ...body }) => ({ status, body }), message: /must have required property 'created'/ },
    { name: 'an amount as text', alter: (status, body) => ({ status, body: { ...body, fee_plan: { percent_bps: 0, fixed_amount: '0', refund_fee_policy: 'keep_fee' } } }), message: /fixed_amount must be integer/ },
    { name: 'a null where the document allows none', alter: (status, body) => ({ status, body: { ...body, name: null } }), message: /\/name must be string/ },
    { name: 'an undocumented status code', alter: (_status, body) => ({ status: 201, body }), message: /answered 201, which its OpenAPI document does not list/ },
    { name: 'an error object with an unknown type', alter: () => ({ status: 400, body: { error: { type: 'oops', code: 'x', message: 'x' } } }), message: /\/error\/type must be equal to one of the allowed values/ },
  ];
  for (const { name, alter, message } of ALTERATIONS) {
    test(`an answer with ${name} fails the request`, async () => {
      await assert.rejects(alteringClient(alter).POST('/v1/merchants', { body: { name: 'Altered' } }), message);
    });
  }
});
