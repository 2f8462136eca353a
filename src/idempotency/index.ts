/** The idempotency module's public surface: Stripe-style idempotency keys for POST requests. */
export { IdempotencyStore, type IdempotencyStoreOptions } from './store.ts';
export { canonicalJson, requestFingerprint, MAX_CANONICAL_JSON_VALUES } from './fingerprint.ts';
export {
  IDEMPOTENCY_RETENTION_MS,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_PURGE_LIMIT,
  IDEMPOTENCY_PURGE_INTERVAL_MS,
  MAX_IDEMPOTENCY_KEY_CHARS,
  MAX_PURGE_BATCH,
  MAX_STORED_HEADERS,
  MAX_STORED_HEADER_BYTES,
  MAX_STORED_RESPONSE_BYTES,
  isValidIdempotencyKey,
  type BeginOutcome,
  type CompleteOutcome,
  type ReleaseOutcome,
  type StoredHeaders,
} from './types.ts';
