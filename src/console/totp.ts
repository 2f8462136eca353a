import { strict as assert } from 'node:assert';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords as authenticator apps compute them: RFC 6238 over
 * HOTP (RFC 4226) with HMAC-SHA1, 6 digits and 30-second steps counted from the Unix
 * epoch, and the secret shown as RFC 4648 base32 (the Key Uri Format's `secret`).
 */
export const TOTP_DIGITS = 6;
export const TOTP_STEP_MS = 30_000;
/** Steps either side of now that are accepted: clocks of phones drift, and typing takes time. */
export const TOTP_ACCEPTED_DRIFT_STEPS = 1;
/** 160 bits, the HMAC-SHA1 output size RFC 4226 section 4 recommends (R6). */
export const TOTP_SECRET_BYTES = 20;
/** The longest secret accepted when decoding (a 64-byte key); anything longer is not ours. */
const MAX_SECRET_BASE32_CHARS = 104;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DIGITS_PATTERN = /^\d+$/;

/** RFC 4648 section 6 base32, without padding (authenticator apps accept it so). */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET.charAt((value << (5 - bits)) & 31);
  return out;
}

/** Decodes base32 (case, spaces and padding ignored, as people type it); undefined if it is not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  if (clean.length === 0 || clean.length > MAX_SECRET_BASE32_CHARS) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index === -1) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

/** A new random secret, in base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** HOTP (RFC 4226 section 5.3): HMAC-SHA1 of the 8-byte counter, dynamically truncated to `digits` digits. */
export function hotp(key: Buffer, counter: number, digits: number = TOTP_DIGITS): string {
  assert(Number.isSafeInteger(counter) && counter >= 0, `an HOTP counter is a whole number ≥ 0 (${counter})`);
  assert(Number.isInteger(digits) && digits >= 6 && digits <= 8, 'HOTP codes have 6 to 8 digits');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step of an instant (RFC 6238 section 4.2, T0 = 0). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / TOTP_STEP_MS);
}

/** The code an authenticator app shows at `nowMs` for a key given as bytes; `digits` 8 reproduces RFC 6238's test vectors. */
export function totpCodeForKey(key: Buffer, nowMs: number, digits: number = TOTP_DIGITS): string {
  return hotp(key, totpStep(nowMs), digits);
}

/**
 * The code an authenticator app shows at `nowMs` for a base32 secret: what a test
 * types in, e.g. `totpCode(created.totp.secret, app.clock.nowMs())`.
 */
export function totpCode(secretBase32: string, nowMs: number): string {
  const key = base32Decode(secretBase32);
  if (key === undefined) throw new Error('the TOTP secret is not base32');
  return totpCodeForKey(key, nowMs);
}

/**
 * The time step whose code `code` is, within the accepted drift of now and after
 * `lastUsedStep` (a code is used once: RFC 6238 section 5.2), or undefined. Every
 * candidate is compared in constant time, so the answer's timing says nothing of
 * which step matched.
 */
export function matchingTotpStep(key: Buffer, code: string, nowMs: number, lastUsedStep: number | null): number | undefined {
  if (code.length !== TOTP_DIGITS || !DIGITS_PATTERN.test(code)) return undefined;
  const now = totpStep(nowMs);
  let matched: number | undefined;
  for (let step = now - TOTP_ACCEPTED_DRIFT_STEPS; step <= now + TOTP_ACCEPTED_DRIFT_STEPS; step += 1) {
    const equal = timingSafeEqual(Buffer.from(hotp(key, step), 'utf8'), Buffer.from(code, 'utf8'));
    if (equal && (lastUsedStep === null || step > lastUsedStep) && matched === undefined) matched = step;
  }
  return matched;
}

/**
 * The Key Uri Format authenticator apps read from a QR code
 * (https://github.com/google/google-authenticator/wiki/Key-Uri-Format):
 * `otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
 */
export function otpauthUrl(issuer: string, account: string, secretBase32: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_MS / 1000) });
  return `otpauth://totp/${label}?${query.toString()}`;
}
