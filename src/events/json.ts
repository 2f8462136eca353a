import { strict as assert } from 'node:assert';

/** JSON as events carry it: money amounts are bigint minor units and must stay exact. */
export type EventJson = string | number | bigint | boolean | null | readonly EventJson[] | { readonly [key: string]: EventJson };

/**
 * A bigint travels through JSON.stringify as a marked string and the marks are
 * then replaced by the digits. Node 20 has no JSON.rawJSON, hence the marker.
 * The writer refuses NUL in keys and strings (PostgreSQL refuses it in text
 * anyway), so the marker can never come from the data itself.
 */
const MARKER = '\u0000bigint:';
const MARKED = /"\\u0000bigint:(-?\d+)"/g;
const UNSAFE_INTEGER_DIGITS = 16;

/** Writes JSON with bigints as exact integers. */
export function writeJson(value: EventJson): string {
  const text = JSON.stringify(value, (key: string, v: unknown) => {
    assert(!key.includes('\u0000'), 'event JSON keys contain no NUL');
    if (typeof v === 'bigint') return `${MARKER}${v.toString()}`;
    if (typeof v === 'string') assert(!v.includes('\u0000'), 'event JSON strings contain no NUL');
    return v;
  });
  return text.replace(MARKED, '$1');
}

/**
 * Parses JSON that writeJson wrote, giving back integers beyond 2^53 as bigint
 * (smaller numbers stay numbers). One pass over the text marks long integer
 * literals outside strings; JSON.parse then does the rest.
 */
export function parseJson(text: string): EventJson {
  return JSON.parse(markLongIntegers(text), (_key, v: unknown) => {
    if (typeof v === 'string' && v.startsWith(MARKER)) return BigInt(v.slice(MARKER.length));
    return v;
  }) as EventJson;
}

function markLongIntegers(text: string): string {
  let out = '';
  let inString = false;
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text.charAt(i + 1);
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i += 1;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch !== '-' && (ch < '0' || ch > '9')) {
      out += ch;
      i += 1;
      continue;
    }
    const end = numberEnd(text, i);
    out += markIfLongInteger(text.slice(i, end));
    i = end;
  }
  return out;
}

function numberEnd(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && /[0-9eE.+-]/.test(text.charAt(end))) end += 1;
  return end;
}

function markIfLongInteger(literal: string): string {
  const digits = literal.startsWith('-') ? literal.length - 1 : literal.length;
  if (digits < UNSAFE_INTEGER_DIGITS || !/^-?\d+$/.test(literal)) return literal;
  return Number.isSafeInteger(Number(literal)) ? literal : `"${MARKER.replace('\u0000', '\\u0000')}${literal}"`;
}
