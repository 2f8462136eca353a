import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { parseJson, signatureHeader, verifyWebhookSignature, writeJson, type SignatureVerification } from '../../src/events/index.ts';

const SECRET = 'whsec_test_secret';
const OTHER_SECRET = 'whsec_other_secret';
const NOW_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const BODY = '{"id":"evt_1","object":"event","type":"charge.succeeded","created":1767268800,"data":{"object":{"amount":4520}}}';

function hmac(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

test('the header is Stripe-shaped: t=<unix seconds>, then one v1 per secret', () => {
  assert.equal(signatureHeader(NOW_S, BODY, [SECRET]), `t=${NOW_S},v1=${hmac(SECRET, NOW_S, BODY)}`);
  assert.equal(signatureHeader(NOW_S, BODY, [SECRET, OTHER_SECRET]), `t=${NOW_S},v1=${hmac(SECRET, NOW_S, BODY)},v1=${hmac(OTHER_SECRET, NOW_S, BODY)}`);
});

test('verification names what is wrong with a header', () => {
  const good = hmac(SECRET, NOW_S, BODY);
  const rows: [name: string, header: string, body: string, expected: SignatureVerification][] = [
    ['a good signature', `t=${NOW_S},v1=${good}`, BODY, 'ok'],
    ['the matching one of two signatures (a secret being rolled)', `t=${NOW_S},v1=${hmac(OTHER_SECRET, NOW_S, BODY)},v1=${good}`, BODY, 'ok'],
    ['unknown schemes beside v1 are ignored', `t=${NOW_S},v0=abc,v1=${good}`, BODY, 'ok'],
    ['spaces after commas', `t=${NOW_S}, v1=${good}`, BODY, 'ok'],
    ['4 minutes old', `t=${NOW_S - 240},v1=${hmac(SECRET, NOW_S - 240, BODY)}`, BODY, 'ok'],
    ['6 minutes old (a replay)', `t=${NOW_S - 360},v1=${hmac(SECRET, NOW_S - 360, BODY)}`, BODY, 'timestamp_outside_tolerance'],
    ['6 minutes in the future', `t=${NOW_S + 360},v1=${hmac(SECRET, NOW_S + 360, BODY)}`, BODY, 'timestamp_outside_tolerance'],
    ['a tampered body', `t=${NOW_S},v1=${good}`, BODY.replace('4520', '9999'), 'no_matching_signature'],
    ['a changed timestamp', `t=${NOW_S + 1},v1=${good}`, BODY, 'no_matching_signature'],
    ['another secret', `t=${NOW_S},v1=${hmac(OTHER_SECRET, NOW_S, BODY)}`, BODY, 'no_matching_signature'],
    ['no timestamp', `v1=${good}`, BODY, 'header_malformed'],
    ['no v1', `t=${NOW_S}`, BODY, 'header_malformed'],
    ['two timestamps', `t=${NOW_S},t=${NOW_S},v1=${good}`, BODY, 'header_malformed'],
    ['a signature that is not hex', `t=${NOW_S},v1=${'z'.repeat(64)}`, BODY, 'header_malformed'],
    ['a timestamp that is not a number', `t=soon,v1=${good}`, BODY, 'header_malformed'],
    ['an empty header', '', BODY, 'header_malformed'],
    ['a part without =', `t=${NOW_S},junk,v1=${good}`, BODY, 'header_malformed'],
    ['an enormous header', `t=${NOW_S},v1=${good},${'v0=a,'.repeat(2000)}`, BODY, 'header_malformed'],
  ];
  for (const [name, header, body, expected] of rows) assert.equal(verifyWebhookSignature(body, header, SECRET, 300, NOW_MS), expected, name);
});

test('verification accepts the raw body as a Buffer', () => {
  const header = signatureHeader(NOW_S, BODY, [SECRET]);
  assert.equal(verifyWebhookSignature(Buffer.from(BODY, 'utf8'), header, SECRET, 300, NOW_MS), 'ok');
});

test('event JSON keeps integers beyond 2^53 exact both ways', () => {
  const rows: [value: Parameters<typeof writeJson>[0], text: string][] = [
    [{ amount: 12_345_678_901_234_567_890n }, '{"amount":12345678901234567890}'],
    [{ amount: -9_007_199_254_740_993n, n: 1.5 }, '{"amount":-9007199254740993,"n":1.5}'],
    [['a "quoted \\ 12345678901234567890" string', 9_007_199_254_740_993n], '["a \\"quoted \\\\ 12345678901234567890\\" string",9007199254740993]'],
    [{ nested: { list: [1, 2, { deep: 10n ** 30n }] } }, '{"nested":{"list":[1,2,{"deep":1000000000000000000000000000000}]}}'],
  ];
  for (const [value, text] of rows) {
    assert.equal(writeJson(value), text);
    assert.deepEqual(parseJson(text), value);
  }
  assert.deepEqual(parseJson('{"small": 42, "float": 1e300, "safe": 9007199254740991}'), { small: 42, float: 1e300, safe: 9_007_199_254_740_991 });
  assert.throws(() => writeJson({ text: 'a\u0000b' }), assert.AssertionError, 'NUL, which PostgreSQL refuses, is refused before it could collide with the bigint marker');
});
