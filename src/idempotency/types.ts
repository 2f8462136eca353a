/**
 * Idempotency keys on Stripe's model (https://docs.stripe.com/api/idempotent_requests):
 * the first request with a key runs and its response is saved; a retry with the same
 * key and the same parameters gets that response again, whatever it was.
 */

/**
 * Keys are kept at least this long, as Stripe keeps them ("at least 24 hours old").
 * A key reused after that starts a new request.
 */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/**
 * How long a request owns its key before another request may take it over. It must
 * outlast any handler (request and statement timeouts are 30 s by default); it only
 * matters when the owner crashed, so waiting a little longer costs nothing.
 */
export const IDEMPOTENCY_LEASE_MS = 2 * 60 * 1000;
/** Stripe's limit: "Idempotency keys are up to 255 characters long". */
export const MAX_IDEMPOTENCY_KEY_CHARS = 255;
/** Printable ASCII only, so that a key reads the same in every header, log and database. */
export const IDEMPOTENCY_KEY_PATTERN = new RegExp(`^[\\x20-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_CHARS}}$`);
/** Responses larger than this are not stored (the migration repeats the limit as a CHECK). */
export const MAX_STORED_RESPONSE_BYTES = 1_048_576;
/** Response headers stored with a body: a few, short ones (content type, request id). */
export const MAX_STORED_HEADERS = 8;
export const MAX_STORED_HEADER_BYTES = 4096;
/** Keys deleted per purge statement; a purge run repeats batches while they come back full. */
export const MAX_PURGE_BATCH = 10_000;
/** Suggested batch and interval for the background purge. */
export const IDEMPOTENCY_PURGE_LIMIT = 1000;
export const IDEMPOTENCY_PURGE_INTERVAL_MS = 60_000;

export type StoredHeaders = Readonly<Record<string, string>>;

/** What `begin` decided for a request carrying an idempotency key. */
export type BeginOutcome =
  /** This request owns the key now and must end with `complete` or `release`. */
  | { kind: 'started'; recordId: string }
  /** An earlier request with this key finished: answer its response again. */
  | { kind: 'replay'; status: number; body: string; headers: StoredHeaders }
  /** The key was first used with other parameters (Stripe: 400 idempotency_error). */
  | { kind: 'mismatch' }
  /** The first request with this key is still running (Stripe: 409). */
  | { kind: 'in_flight' }
  /** The key is empty, longer than 255 characters or not printable ASCII. */
  | { kind: 'key_invalid' };

export type CompleteOutcome =
  | { kind: 'completed' }
  /** Another request took the key over after this one's lease ran out; nothing was stored. */
  | { kind: 'lease_lost' }
  /** Body or headers over the limits; nothing was stored and the key is still in flight. */
  | { kind: 'response_too_large' };

export type ReleaseOutcome = { kind: 'released' } | { kind: 'lease_lost' };

export function isValidIdempotencyKey(key: string): boolean {
  return IDEMPOTENCY_KEY_PATTERN.test(key);
}
