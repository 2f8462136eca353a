import { strict as assert } from 'node:assert';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures in Stripe's scheme (https://docs.stripe.com/webhooks#verify-manually):
 * `Paygrid-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, with one
 * `v1` per valid secret while a rolled secret's predecessor is still valid. The
 * timestamp is signed too, so a captured request cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'Paygrid-Signature';
/** Stripe's libraries accept signatures up to 5 minutes old by default. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;
/** A longer header is not one of ours; refuse it before parsing. */
export const MAX_SIGNATURE_HEADER_CHARS = 4096;
const MAX_SIGNATURE_PARTS = 16;
const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const V1_PATTERN = /^[0-9a-f]{64}$/;

export type SignatureVerification = 'ok' | 'header_malformed' | 'no_matching_signature' | 'timestamp_outside_tolerance';

export function computeSignature(secret: string, timestampSeconds: number, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`, 'utf8').update(payload).digest('hex');
}

/** The header value for `payload` signed at `timestampSeconds` with every secret given (newest first). */
export function signatureHeader(timestampSeconds: number, payload: string, secrets: readonly string[]): string {
  assert(secrets.length >= 1, 'a delivery is signed with at least one secret');
  assert(Number.isSafeInteger(timestampSeconds) && timestampSeconds >= 0, 'signature timestamps are whole seconds');
  return [`t=${timestampSeconds}`, ...secrets.map((secret) => `v1=${computeSignature(secret, timestampSeconds, payload)}`)].join(',');
}

/**
 * Checks a received `Paygrid-Signature` header against one secret: some `v1`
 * must match the HMAC of the raw body, and the timestamp must be within
 * `toleranceSeconds` of now. Verify the raw bytes as received; parsing and
 * re-serializing the JSON changes them.
 */
export function verifyWebhookSignature(payload: string | Buffer, header: string, secret: string, toleranceSeconds: number, nowMs: number): SignatureVerification {
  assert(Number.isSafeInteger(toleranceSeconds) && toleranceSeconds > 0, 'toleranceSeconds is a positive whole number');
  const parsed = parseSignatureHeader(header);
  if (parsed === undefined) return 'header_malformed';
  const expected = Buffer.from(computeSignature(secret, parsed.timestampSeconds, payload), 'hex');
  const matches = parsed.signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  if (!matches) return 'no_matching_signature';
  if (Math.abs(Math.floor(nowMs / 1000) - parsed.timestampSeconds) > toleranceSeconds) return 'timestamp_outside_tolerance';
  return 'ok';
}

/** Unknown schemes (Stripe's `v0`, future versions) are skipped, as Stripe's libraries do. */
function parseSignatureHeader(header: string): { timestampSeconds: number; signatures: string[] } | undefined {
  if (header.length === 0 || header.length > MAX_SIGNATURE_HEADER_CHARS) return undefined;
  const parts = header.split(',', MAX_SIGNATURE_PARTS + 1);
  if (parts.length > MAX_SIGNATURE_PARTS) return undefined;
  let timestampSeconds: number | undefined;
  const signatures: string[] = [];
  for (const part of parts) {
    const separator = part.indexOf('=');
    if (separator <= 0) return undefined;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === 't') {
      if (timestampSeconds !== undefined || !TIMESTAMP_PATTERN.test(value)) return undefined;
      timestampSeconds = Number(value);
    } else if (name === 'v1' && V1_PATTERN.test(value)) {
      signatures.push(value);
    }
  }
  if (timestampSeconds === undefined || signatures.length === 0) return undefined;
  return { timestampSeconds, signatures };
}
