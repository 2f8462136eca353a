import { strict as assert } from 'node:assert';
import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { canonicalJson, requestFingerprint } from '../../src/idempotency/index.ts';

/**
 * The fingerprint decides whether a retry is "the same request": equal for bodies
 * that differ only in key order, different for anything a handler could see.
 */
describe('canonicalJson', () => {
  const CASES: { name: string; value: unknown; json: string }[] = [
    { name: 'sorts object keys', value: { b: 1, a: 2, c: { z: true, y: null } }, json: '{"a":2,"b":1,"c":{"y":null,"z":true}}' },
    { name: 'keeps array order', value: [3, 1, 2], json: '[3,1,2]' },
    { name: 'writes scalars as JSON does', value: ['é"\n', 1.5, -0, 1e21, false], json: '["é\\"\\n",1.5,0,1e+21,false]' },
    { name: 'writes bigints as exact digits', value: { amount: 2n ** 70n }, json: '{"amount":1180591620717411303424}' },
    { name: 'leaves out undefined members, as JSON.stringify does', value: { a: undefined, b: [undefined] }, json: '{"b":[null]}' },
    { name: 'writes empty containers', value: { a: {}, b: [] }, json: '{"a":{},"b":[]}' },
    { name: 'writes a top-level scalar', value: 'text', json: '"text"' },
  ];
  for (const { name, value, json } of CASES) {
    test(name, () => {
      assert.equal(canonicalJson(value), json);
    });
  }

  test('handles nesting far deeper than the call stack could (no recursion on outside data)', () => {
    const depth = 200_000;
    const body: unknown = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    assert.equal(canonicalJson(body).length, depth * 6 + 1);
  });
});

describe('requestFingerprint', () => {
  const body = { amount: 100, currency: 'CNY', metadata: { order: '42', channel: 'app' } };

  test('is the SHA-256 of method, path and canonical body', () => {
    const expected = createHash('sha256').update(`POST\n/v1/charges\n${canonicalJson(body)}`).digest('hex');
    assert.equal(requestFingerprint('POST', '/v1/charges', body), expected);
    assert.match(expected, /^[0-9a-f]{64}$/);
  });

  test('with a secret it is the HMAC-SHA256, so that a stored fingerprint cannot be reversed by guessing the body', () => {
    const secret = Buffer.from('0123456789abcdef0123456789abcdef');
    const expected = createHmac('sha256', secret).update(`POST\n/v1/charges\n${canonicalJson(body)}`).digest('hex');
    assert.equal(requestFingerprint('POST', '/v1/charges', body, secret), expected);
    assert.notEqual(expected, requestFingerprint('POST', '/v1/charges', body));
    assert.notEqual(expected, requestFingerprint('POST', '/v1/charges', body, Buffer.from('another secret, another digest..')));
  });

  test('ignores the order of keys, at every depth', () => {
    const reordered = { metadata: { channel: 'app', order: '42' }, currency: 'CNY', amount: 100 };
    assert.equal(requestFingerprint('POST', '/v1/charges', reordered), requestFingerprint('POST', '/v1/charges', body));
  });

  test('differs when anything a handler sees differs', () => {
    const base = requestFingerprint('POST', '/v1/charges', body);
    const variants = [
      requestFingerprint('POST', '/v1/refunds', body),
      requestFingerprint('PUT', '/v1/charges', body),
      requestFingerprint('POST', '/v1/charges', { ...body, amount: 101 }),
      requestFingerprint('POST', '/v1/charges', { ...body, amount: '100' }),
      requestFingerprint('POST', '/v1/charges', { ...body, extra: null }),
      requestFingerprint('POST', '/v1/charges', { ...body, metadata: { order: '42' } }),
      requestFingerprint('POST', '/v1/charges', undefined),
      requestFingerprint('POST', '/v1/charges', null),
    ];
    assert.equal(new Set([base, ...variants]).size, variants.length + 1);
  });
});
