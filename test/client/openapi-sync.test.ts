import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { OpenAPI3 } from 'openapi-typescript';
import { CLIENT_TYPES_FILE, liveOpenApiDocument, renderClientTypes } from '../../scripts/openapi-client.ts';

/**
 * The typed client (src/client) is generated from the OpenAPI document and committed;
 * these tests keep the two from drifting apart, and keep the document complete enough
 * for the client to be worth having.
 */
describe('the OpenAPI document and the typed client', () => {
  let document: OpenAPI3;
  before(async () => {
    document = await liveOpenApiDocument();
  });

  test('src/client/openapi.ts is what the current OpenAPI document generates', async () => {
    const expected = await renderClientTypes(document);
    const committed = readFileSync(CLIENT_TYPES_FILE, 'utf8');
    if (committed !== expected) {
      const lines = { committed: committed.split('\n'), expected: expected.split('\n') };
      const at = lines.expected.findIndex((line, i) => line !== lines.committed[i]);
      assert.fail(
        `src/client/openapi.ts differs from the OpenAPI document (first at line ${at + 1}: ${JSON.stringify(lines.committed[at])}, the document gives ${JSON.stringify(lines.expected[at])}): run npm run client:generate`,
      );
    }
  });

  test('every operation documents its 200 (or 202) answer and the error object for 4xx and 5xx', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>)) {
        const responses = operation.responses ?? {};
        const schemaOf = (status: string) => responses[status]?.content?.['application/json']?.schema;
        if (schemaOf('200') === undefined && schemaOf('202') === undefined) problems.push(`${method.toUpperCase()} ${path}: no schema for 200 or 202`);
        for (const status of ['4XX', '5XX']) {
          if (JSON.stringify(schemaOf(status)) !== JSON.stringify({ $ref: '#/components/schemas/error' })) problems.push(`${method.toUpperCase()} ${path}: ${status} is not the error object`);
        }
      }
    }
    assert.deepEqual(problems, [], 'declare `response: responses(...)` (src/http/routes/responses.ts) on these routes');
  });

  test('every POST documents the Idempotency-Key header', () => {
    const missing = Object.entries(document.paths ?? {})
      .filter(([, item]) => 'post' in item)
      .filter(([, item]) => !JSON.stringify((item as { post: unknown }).post).includes('"name":"Idempotency-Key"'))
      .map(([path]) => path);
    assert.deepEqual(missing, []);
  });
});
