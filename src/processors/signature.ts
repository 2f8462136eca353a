import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRejectionCode } from './codes.ts';

/**
 * The sandboxes (card acquirer, bank) sign their webhooks as Stripe does
 * (https://docs.stripe.com/webhooks#verify-manually): the header holds a timestamp and an
 * HMAC-SHA256 of "<timestamp>.<raw body>" under the shared secret, `t=…,v1=…`; a receiver
 * recomputes it and refuses timestamps outside a tolerance to stop replays.
 */
export const SANDBOX_SIGNATURE_HEADER = 'paygrid-sandbox-signature';
/** Stripe's libraries default to five minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** A signing secret shorter than this can be guessed offline from one signed body. */
export const MIN_WEBHOOK_SECRET_CHARS = 32;
/** The header carries one timestamp and a few signatures (more while a secret rotates). */
const MAX_SIGNATURE_HEADER_CHARS = 1_024;
const MAX_SIGNATURES_PER_HEADER = 8;

function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, body: string, nowMs: number): string {
  const timestampSeconds = Math.floor(nowMs / 1000);
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

function parseHeader(header: string): { timestampSeconds: number; signatures: string[] } | undefined {
  if (header.length > MAX_SIGNATURE_HEADER_CHARS) return undefined;
  let timestampSeconds: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',').slice(0, 1 + MAX_SIGNATURES_PER_HEADER)) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestampSeconds = Number(value);
    if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestampSeconds === undefined || signatures.length === 0 ? undefined : { timestampSeconds, signatures };
}

/** Checks a signature header against the raw body: undefined when it verifies, else why not. */
export function verifySignature(header: string | undefined, body: string, secret: string, nowMs: number, toleranceSeconds: number = WEBHOOK_TOLERANCE_SECONDS): WebhookRejectionCode | undefined {
  const parsed = header === undefined ? undefined : parseHeader(header);
  if (parsed === undefined) return 'signature_missing';
  const expected = Buffer.from(hmacHex(secret, parsed.timestampSeconds, body), 'hex');
  const matches = parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!matches) return 'signature_invalid';
  // Checked after the signature, so an attacker learns nothing about timing from an unsigned header.
  if (Math.abs(nowMs / 1000 - parsed.timestampSeconds) > toleranceSeconds) return 'signature_expired';
  return undefined;
}
