import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId, randomToken } from '../platform/ids.ts';

export type ApiKeyRole = 'operator';

export interface ApiKeyPrincipal {
  keyId: string;
  role: ApiKeyRole;
}

/** Operator keys read `sk_op_` + 32 random bytes: the prefix tells a leaked key's kind at a glance. */
const OPERATOR_KEY_PREFIX = 'sk_op_';
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

export class ApiKeys {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async createOperatorKey(label: string): Promise<{ keyId: string; key: string }> {
    const key = `${OPERATOR_KEY_PREFIX}${randomToken(KEY_RANDOM_BYTES)}`;
    const keyId = await this.store(key, label);
    return { keyId, key };
  }

  /** Accepts a key chosen by the deployment (PAYGRID_ADMIN_API_KEY) as an operator key, once. */
  async ensureOperatorKey(key: string, label: string): Promise<{ keyId: string; created: boolean }> {
    const existing = await this.authenticate(key);
    if (existing !== undefined) return { keyId: existing.keyId, created: false };
    return { keyId: await this.store(key, label), created: true };
  }

  async hasOperatorKey(): Promise<boolean> {
    const { rows } = await this.db.query<{ present: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM identity_api_keys WHERE role = 'operator' AND revoked_at IS NULL) AS present",
    );
    return rows[0]?.present === true;
  }

  async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
    if (key.length === 0 || key.length > MAX_KEY_CHARS) return undefined;
    const { rows } = await this.db.query<{ id: string; role: ApiKeyRole }>(
      'SELECT id, role FROM identity_api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashApiKey(key)],
    );
    const row = rows[0];
    return row === undefined ? undefined : { keyId: row.id, role: row.role };
  }

  private async store(key: string, label: string): Promise<string> {
    const keyId = newId('key', this.clock.nowMs());
    await this.db.query(
      `INSERT INTO identity_api_keys (id, role, key_hash, key_prefix, label, created_at)
       VALUES ($1, 'operator', $2, $3, $4, $5) ON CONFLICT (key_hash) DO NOTHING`,
      [keyId, hashApiKey(key), key.slice(0, DISPLAY_PREFIX_CHARS), label, new Date(this.clock.nowMs())],
    );
    return keyId;
  }
}
