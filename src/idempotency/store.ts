import { strict as assert } from 'node:assert';
import type { Queryable } from '../db/database.ts';
import { newId } from '../platform/ids.ts';
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
  MAX_PURGE_BATCH,
  MAX_STORED_HEADER_BYTES,
  MAX_STORED_HEADERS,
  MAX_STORED_RESPONSE_BYTES,
  isValidIdempotencyKey,
  type BeginOutcome,
  type CompleteOutcome,
  type ReleaseOutcome,
  type StoredHeaders,
} from './types.ts';

/**
 * A key vanished between our insert and our read (its owner released it, or it was
 * purged) or another request took it over first: each costs one more round, and a
 * key that keeps changing hands this often is, for the caller, in use.
 */
const MAX_BEGIN_ATTEMPTS = 3;
const MAX_SCOPE_CHARS = 255;
const FINGERPRINT = /^[0-9a-f]{64}$/;
const RECORD_ID_PREFIX = 'idem';

interface KeyRow {
  record_id: string;
  fingerprint: string;
  created_at: Date;
  lease_expires_at: Date | null;
  response_status: number | null;
  response_body: string | null;
  response_headers: unknown;
}

export interface IdempotencyStoreOptions {
  /** How long a request owns its key; see IDEMPOTENCY_LEASE_MS. */
  leaseMs?: number;
}

/**
 * The idempotency module's table, `idempotency_keys`. Safe with many processes on
 * one PostgreSQL database: a key is claimed by `INSERT … ON CONFLICT DO NOTHING`
 * (the primary key decides the one winner) and taken over by an `UPDATE` whose
 * condition PostgreSQL checks again on the row's latest version, never by a read
 * followed by a write that another process could slip between.
 */
export class IdempotencyStore {
  private readonly leaseMs: number;

  constructor(
    private readonly db: Queryable,
    options: IdempotencyStoreOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
    if (!Number.isSafeInteger(this.leaseMs) || this.leaseMs <= 0 || this.leaseMs >= IDEMPOTENCY_RETENTION_MS) {
      throw new Error(`The idempotency lease must be a whole number of ms between 1 and ${IDEMPOTENCY_RETENTION_MS - 1}, got ${this.leaseMs}`);
    }
  }

  /**
   * Claims `key` for a request of `scope` (the authenticated principal, so that two
   * callers' keys never collide), or says why the request must not run.
   */
  async begin(scope: string, key: string, fingerprint: string, nowMs: number): Promise<BeginOutcome> {
    if (!isValidIdempotencyKey(key)) return { kind: 'key_invalid' };
    assert(scope.length > 0 && scope.length <= MAX_SCOPE_CHARS, 'an idempotency scope is 1 to 255 characters');
    assert(FINGERPRINT.test(fingerprint), 'a request fingerprint is a hex SHA-256');
    assert(Number.isSafeInteger(nowMs) && nowMs >= 0, 'nowMs is a whole number of ms');
    for (let attempt = 1; attempt <= MAX_BEGIN_ATTEMPTS; attempt += 1) {
      const recordId = newId(RECORD_ID_PREFIX, nowMs);
      if (await this.insert(scope, key, recordId, fingerprint, nowMs)) return { kind: 'started', recordId };
      const existing = await this.find(scope, key);
      if (existing === undefined) continue;
      const decision = decide(existing, fingerprint, nowMs);
      if (decision !== 'take_over') return decision;
      if (await this.takeOver(existing.record_id, recordId, fingerprint, nowMs)) return { kind: 'started', recordId };
    }
    return { kind: 'in_flight' };
  }

  /**
   * Saves the response of a request that `begin` started, so that retries replay it.
   * Errors are saved too (Stripe saves 4xx and 5xx answers of endpoints that began
   * executing); a request refused before its handler ran is released instead.
   */
  async complete(recordId: string, status: number, body: string, headers: StoredHeaders = {}): Promise<CompleteOutcome> {
    assert(Number.isInteger(status) && status >= 100 && status <= 599, 'an HTTP status is 100 to 599');
    if (Buffer.byteLength(body, 'utf8') > MAX_STORED_RESPONSE_BYTES || !headersFit(headers)) return { kind: 'response_too_large' };
    const { rowCount } = await this.db.query(
      `UPDATE idempotency_keys
          SET response_status = $2, response_body = $3, response_headers = $4::jsonb, lease_expires_at = NULL
        WHERE record_id = $1 AND response_status IS NULL`,
      [recordId, status, body, JSON.stringify(headers)],
    );
    assert(rowCount <= 1, 'a record id names one key');
    return rowCount === 1 ? { kind: 'completed' } : { kind: 'lease_lost' };
  }

  /**
   * Gives up a key whose request never began executing (it failed validation, auth
   * or a permission check), so that a corrected request may use the same key.
   */
  async release(recordId: string): Promise<ReleaseOutcome> {
    const { rowCount } = await this.db.query('DELETE FROM idempotency_keys WHERE record_id = $1 AND response_status IS NULL', [recordId]);
    assert(rowCount <= 1, 'a record id names one key');
    return rowCount === 1 ? { kind: 'released' } : { kind: 'lease_lost' };
  }

  /**
   * Deletes up to `limit` keys older than IDEMPOTENCY_RETENTION_MS, oldest first, and
   * returns how many it deleted; call again while that equals `limit`. Rows locked by
   * a concurrent takeover are skipped, so that purging processes never wait on requests.
   */
  async purgeExpired(nowMs: number, limit: number): Promise<number> {
    assert(Number.isSafeInteger(nowMs) && nowMs >= 0, 'nowMs is a whole number of ms');
    assert(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PURGE_BATCH, `a purge batch is 1 to ${MAX_PURGE_BATCH} keys`);
    const { rowCount } = await this.db.query(
      `DELETE FROM idempotency_keys
        WHERE record_id IN (SELECT record_id FROM idempotency_keys WHERE created_at <= $1
                             ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [new Date(nowMs - IDEMPOTENCY_RETENTION_MS), limit],
    );
    assert(rowCount <= limit, 'a purge deletes at most its limit');
    return rowCount;
  }

  private async insert(scope: string, key: string, recordId: string, fingerprint: string, nowMs: number): Promise<boolean> {
    const { rows } = await this.db.query<{ record_id: string }>(
      `INSERT INTO idempotency_keys (scope, idempotency_key, record_id, fingerprint, created_at, lease_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope, idempotency_key) DO NOTHING
       RETURNING record_id`,
      [scope, key, recordId, fingerprint, new Date(nowMs), new Date(nowMs + this.leaseMs)],
    );
    return rows.length === 1;
  }

  private async find(scope: string, key: string): Promise<KeyRow | undefined> {
    const { rows } = await this.db.query<KeyRow>(
      `SELECT record_id, fingerprint, created_at, lease_expires_at, response_status, response_body, response_headers
         FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2`,
      [scope, key],
    );
    return rows[0];
  }

  /**
   * Hands the key to a new owner if, on the row as it is now, the previous owner's
   * lease ran out without a response or the key outlived the retention. The condition
   * repeats `decide`'s: under READ COMMITTED, PostgreSQL evaluates it again on the
   * newest row version after any concurrent writer commits, so exactly one of several
   * racing requests wins, and a response saved in the meantime is never overwritten.
   */
  private async takeOver(previousRecordId: string, recordId: string, fingerprint: string, nowMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE idempotency_keys
          SET record_id = $2, fingerprint = $3, created_at = $4, lease_expires_at = $5,
              response_status = NULL, response_body = NULL, response_headers = NULL
        WHERE record_id = $1
          AND (created_at <= $6 OR (response_status IS NULL AND lease_expires_at <= $4))`,
      [previousRecordId, recordId, fingerprint, new Date(nowMs), new Date(nowMs + this.leaseMs), new Date(nowMs - IDEMPOTENCY_RETENTION_MS)],
    );
    return rowCount === 1;
  }
}

type Decision = Exclude<BeginOutcome, { kind: 'started' } | { kind: 'key_invalid' }> | 'take_over';

/** What an existing key means for a new request with it. */
function decide(row: KeyRow, fingerprint: string, nowMs: number): Decision {
  // "We generate a new request if a key is reused after the original is pruned";
  // whether the purge has run yet must not change the answer.
  if (row.created_at.getTime() <= nowMs - IDEMPOTENCY_RETENTION_MS) return 'take_over';
  if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (row.response_status !== null) {
    assert(row.response_body !== null, 'a completed key has a body');
    return { kind: 'replay', status: row.response_status, body: row.response_body, headers: headersFromRow(row.response_headers) };
  }
  assert(row.lease_expires_at !== null, 'a key in flight has a lease');
  return row.lease_expires_at.getTime() > nowMs ? { kind: 'in_flight' } : 'take_over';
}

function headersFit(headers: StoredHeaders): boolean {
  const entries = Object.entries(headers);
  const bytes = entries.reduce((sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8'), 0);
  return entries.length <= MAX_STORED_HEADERS && bytes <= MAX_STORED_HEADER_BYTES;
}

/** Stored by `complete` as an object of strings; anything else is a corrupted row. */
function headersFromRow(value: unknown): StoredHeaders {
  assert(typeof value === 'object' && value !== null && !Array.isArray(value), 'stored headers are an object');
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    assert(typeof header === 'string', 'a stored header is a string');
    headers[name] = header;
  }
  return headers;
}
