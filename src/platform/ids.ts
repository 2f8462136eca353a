import { randomBytes } from 'node:crypto';

/** Crockford base32, lower case: no I, L, O, U, so ids read back unambiguously. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/**
 * A prefixed, time-ordered id such as `lacct_01jd…`: 10 characters of milliseconds
 * (so ids sort by creation, as ULIDs do) and 80 random bits.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  let time = '';
  let rest = nowMs;
  for (let i = 0; i < TIME_CHARS; i += 1) {
    time = ALPHABET.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  const bytes = randomBytes(RANDOM_CHARS);
  let random = '';
  for (const byte of bytes) random += ALPHABET.charAt(byte % 32);
  return `${prefix}_${time}${random}`;
}

/** Random url-safe text for secrets (API keys): `bytes` of entropy. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
