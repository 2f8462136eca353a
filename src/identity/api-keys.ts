import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId, randomToken } from '../platform/ids.ts';

export type ApiKeyRole = 'operator' | 'merchant_secret' | 'merchant_publishable';

export type ApiKeyPrincipal =
  | { keyId: string; role: 'operator'; merchantId?: undefined }
  | { keyId: string; role: 'merchant_secret' | 'merchant_publishable'; merchantId: string };

/**
 * Keys read `<kind>_` + 32 random bytes: the prefix tells a leaked key's kind at
 * a glance (operator `sk_op_`, merchant secret `sk_test_`, publishable `pk_test_`,
 * as Stripe names its test-mode keys: every processor here is a sandbox).
 */
const KEY_PREFIXES: Record<ApiKeyRole, string> = { operator: 'sk_op_', merchant_secret: 'sk_test_', merchant_publishable: 'pk_test_' };
const KEY_RANDOM_BYTES = 32;
/** Characters of the key kept in clear to tell keys apart in lists and logs. */
const DISPLAY_PREFIX_CHARS = 10;
/** A key longer than this is not one of ours: refuse it before hashing. */
const MAX_KEY_CHARS = 200;

/**
 * API keys are random and long, so a fast hash (SHA-256) is enough: unlike
 * passwords they cannot be guessed from a dictionary, and each request must
 * check one quickly. Only the hash is stored; the key is shown once.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface MerchantKeys {
  secretKey: string;
  publishableKey: string;
}

function newKey(role: ApiKeyRole): string {
  return `${KEY_PREFIXES[role]}${randomToken(KEY_RANDOM_BYTES)}`;
}

export class ApiKeys {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async createOperatorKey(label: string): Promise<{ keyId: string; key: string }> {
    const key = newKey('operator');
    const keyId = await this.store(this.db, key, 'operator', undefined, label);
    return { keyId, key };
  }

  /** A merchant's secret and publishable keys, in the caller's transaction (with the merchant itself). */
  async createMerchantKeys(tx: Queryable, merchantId: string): Promise<MerchantKeys> {
    const secretKey = newKey('merchant_secret');
    const publishableKey = newKey('merchant_publishable');
    await this.store(tx, secretKey, 'merchant_secret', merchantId, 'created with the merchant');
    await this.store(tx, publishableKey, 'merchant_publishable', merchantId, 'created with the merchant');
    return { secretKey, publishableKey };
  }

  /**
   * Replaces a merchant's key of one kind: the old key stops working at once
   * (a leaked key must die now), the new one is shown this once.
   */
  async rollMerchantKey(merchantId: string, role: 'merchant_secret' | 'merchant_publishable'): Promise<string> {
    const key = newKey(role);
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE identity_api_keys SET revoked_at = $3 WHERE merchant_id = $1 AND role = $2 AND revoked_at IS NULL', [merchantId, role, new Date(this.clock.nowMs())]);
      await this.store(tx, key, role, merchantId, 'rolled');
    });
    return key;
  }

  /** Accepts a key chosen by the deployment (PAYGRID_ADMIN_API_KEY) as an operator key, once. */
  async ensureOperatorKey(key: string, label: string): Promise<{ keyId: string; created: boolean }> {
    const existing = await this.authenticate(key);
    if (existing !== undefined) return { keyId: existing.keyId, created: false };
    return { keyId: await this.store(this.db, key, 'operator', undefined, label), created: true };
  }

  async hasOperatorKey(): Promise<boolean> {
    const { rows } = await this.db.query<{ present: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM identity_api_keys WHERE role = 'operator' AND revoked_at IS NULL) AS present",
    );
    return rows[0]?.present === true;
  }

  async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
    if (key.length === 0 || key.length > MAX_KEY_CHARS) return undefined;
    const { rows } = await this.db.query<{ id: string; role: ApiKeyRole; merchant_id: string | null }>(
      'SELECT id, role, merchant_id FROM identity_api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashApiKey(key)],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    if (row.role === 'operator') return { keyId: row.id, role: 'operator' };
    if (row.merchant_id === null) throw new Error(`merchant key ${row.id} has no merchant`);
    return { keyId: row.id, role: row.role, merchantId: row.merchant_id };
  }

  private async store(db: Queryable, key: string, role: ApiKeyRole, merchantId: string | undefined, label: string): Promise<string> {
    const keyId = newId('key', this.clock.nowMs());
    await db.query(
      `INSERT INTO identity_api_keys (id, role, merchant_id, key_hash, key_prefix, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key_hash) DO NOTHING`,
      [keyId, role, merchantId ?? null, hashApiKey(key), key.slice(0, DISPLAY_PREFIX_CHARS), label, new Date(this.clock.nowMs())],
    );
    return keyId;
  }
}
