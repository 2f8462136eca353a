import { strict as assert } from 'node:assert';
import { createHash, createHmac } from 'node:crypto';

/**
 * Values a canonical encoding visits at most: more than the largest body Paygrid
 * accepts (16 MiB, about 8.4 million values) can hold, and a stop for a cyclic
 * object handed in by a caller, which JSON.parse can never produce.
 */
export const MAX_CANONICAL_JSON_VALUES = 10_000_000;

type Step = { kind: 'text'; text: string } | { kind: 'value'; value: unknown };

/**
 * JSON with object keys sorted, so that two bodies that mean the same request
 * (`{"a":1,"b":2}` and `{"b":2,"a":1}`) encode the same. Bigints are written as
 * their digits, as src/http/json.ts writes them. Iterative, with an explicit
 * stack: the body comes from outside, and its depth must not decide whether the
 * call stack overflows.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: Step[] = [{ kind: 'value', value }];
  let visited = 0;
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if (step.kind === 'text') {
      out.push(step.text);
      continue;
    }
    visited += 1;
    assert(visited <= MAX_CANONICAL_JSON_VALUES, 'a request body has more values than any accepted body can hold');
    const current = step.value;
    if (Array.isArray(current)) pushArray(stack, current);
    else if (isObject(current)) pushObject(stack, current);
    else out.push(scalarJson(current));
  }
  return out.join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Pushes `[a,b,c]` in reverse, so that popping emits it in order. */
function pushArray(stack: Step[], items: readonly unknown[]): void {
  stack.push({ kind: 'text', text: ']' });
  for (let i = items.length - 1; i >= 0; i -= 1) {
    stack.push({ kind: 'value', value: items[i] });
    if (i > 0) stack.push({ kind: 'text', text: ',' });
  }
  stack.push({ kind: 'text', text: '[' });
}

/** Members whose value JSON cannot write (undefined, functions) are left out, as JSON.stringify leaves them out. */
function pushObject(stack: Step[], object: Record<string, unknown>): void {
  const keys = Object.keys(object)
    .filter((key) => isWritable(object[key]))
    .sort();
  stack.push({ kind: 'text', text: '}' });
  for (let i = keys.length - 1; i >= 0; i -= 1) {
    const key = keys[i] as string;
    stack.push({ kind: 'value', value: object[key] });
    stack.push({ kind: 'text', text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
  }
  stack.push({ kind: 'text', text: '{' });
}

function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function scalarJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  // Inside arrays JSON.stringify writes what it cannot represent as null; so do we.
  if (!isWritable(value)) return 'null';
  const text = JSON.stringify(value);
  assert(typeof text === 'string', 'a scalar has a JSON form');
  return text;
}

/**
 * What makes two requests "the same" for an idempotency key: method, path and
 * the canonical body, hashed with SHA-256, or HMAC-SHA256 under a secret (hex). The path has no query string;
 * Paygrid's POST endpoints take their parameters in the body.
 */
export function requestFingerprint(method: string, path: string, body: unknown, secret?: Buffer): string {
  const canonicalBody = body === undefined ? '' : canonicalJson(body);
  // Keyed when a secret is given: bodies can hold card numbers and PINs, and an unkeyed hash
  // of a body with few unknowns can be reversed by guessing from a stolen database.
  const hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  return hash.update(`${method.toUpperCase()}\n${path}\n${canonicalBody}`, 'utf8').digest('hex');
}
