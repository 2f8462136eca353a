import type { Queryable, Transaction } from '../db/database.ts';
import type { WebhookEndpoint, WebhookEndpointStatus } from './types.ts';

/** SQL for the `webhook_endpoints` table. Nothing outside src/events uses it. */

interface EndpointRow {
  id: string;
  merchant_id: string;
  url: string;
  enabled_events: string[];
  description: string;
  status: WebhookEndpointStatus;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const ENDPOINT_COLUMNS = 'id, merchant_id, url, enabled_events, description, status, previous_secret_expires_at, created_at, updated_at';
/** First key of the advisory lock that serializes endpoint creation per merchant; any fixed int4 works. */
const ENDPOINT_LOCK_NAMESPACE = 6_006;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    url: row.url,
    enabledEvents: row.enabled_events,
    description: row.description,
    status: row.status,
    previousSecretExpiresAtMs: row.previous_secret_expires_at?.getTime(),
    createdAtMs: row.created_at.getTime(),
    updatedAtMs: row.updated_at.getTime(),
  };
}

function first(rows: EndpointRow[]): WebhookEndpoint | undefined {
  return rows[0] === undefined ? undefined : toEndpoint(rows[0]);
}

/** Two concurrent creations for one merchant must not both pass the endpoint limit. */
export async function lockMerchantEndpoints(tx: Transaction, merchantId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, hashtext($2))', [ENDPOINT_LOCK_NAMESPACE, merchantId]);
}

export async function countLiveEndpoints(tx: Transaction, merchantId: string): Promise<number> {
  const { rows } = await tx.query<{ count: bigint }>('SELECT count(*)::int8 AS count FROM webhook_endpoints WHERE merchant_id = $1 AND deleted_at IS NULL', [merchantId]);
  return Number(rows[0]?.count ?? 0n);
}

export interface EndpointInsert {
  id: string;
  merchantId: string;
  url: string;
  enabledEvents: readonly string[];
  description: string;
  secretSealed: string;
  nowMs: number;
}

export async function insertEndpoint(tx: Transaction, endpoint: EndpointInsert): Promise<WebhookEndpoint> {
  const { rows } = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, merchant_id, url, enabled_events, description, status, secret_sealed, created_at, updated_at)
     VALUES ($1, $2, $3, $4::text[], $5, 'enabled', $6, $7, $7) RETURNING ${ENDPOINT_COLUMNS}`,
    [endpoint.id, endpoint.merchantId, endpoint.url, endpoint.enabledEvents, endpoint.description, endpoint.secretSealed, new Date(endpoint.nowMs)],
  );
  const inserted = first(rows);
  if (inserted === undefined) throw new Error('inserting a webhook endpoint returned no row');
  return inserted;
}

export async function findEndpoint(db: Queryable, merchantId: string, id: string): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND merchant_id = $2 AND deleted_at IS NULL`, [id, merchantId]);
  return first(rows);
}

/** Newest first, as Stripe lists them. */
export async function listEndpoints(db: Queryable, merchantId: string, limit: number): Promise<WebhookEndpoint[]> {
  const { rows } = await db.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE merchant_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2`,
    [merchantId, limit],
  );
  return rows.map(toEndpoint);
}

export interface EndpointChanges {
  url: string | undefined;
  enabledEvents: readonly string[] | undefined;
  description: string | undefined;
  status: WebhookEndpointStatus | undefined;
  nowMs: number;
}

/** Changes only the fields given; absent fields keep their value. */
export async function updateEndpoint(db: Queryable, merchantId: string, id: string, changes: EndpointChanges): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       url = COALESCE($3::text, url),
       enabled_events = COALESCE($4::text[], enabled_events),
       description = COALESCE($5::text, description),
       status = COALESCE($6::text, status),
       updated_at = $7
     WHERE id = $1 AND merchant_id = $2 AND deleted_at IS NULL RETURNING ${ENDPOINT_COLUMNS}`,
    [id, merchantId, changes.url ?? null, changes.enabledEvents ?? null, changes.description ?? null, changes.status ?? null, new Date(changes.nowMs)],
  );
  return first(rows);
}

/** Keeps the row (its deliveries refer to it) but forgets its secrets. */
export async function softDeleteEndpoint(db: Queryable, merchantId: string, id: string, nowMs: number): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET deleted_at = $3, updated_at = $3, status = 'disabled',
       secret_sealed = NULL, previous_secret_sealed = NULL, previous_secret_expires_at = NULL
     WHERE id = $1 AND merchant_id = $2 AND deleted_at IS NULL RETURNING ${ENDPOINT_COLUMNS}`,
    [id, merchantId, new Date(nowMs)],
  );
  return first(rows);
}

/**
 * Replaces the secret; the old one stays valid until `previousExpiresAtMs`
 * (undefined: not at all). Only one predecessor is kept: rolling again drops
 * the one before.
 */
export async function replaceSecret(
  db: Queryable,
  merchantId: string,
  id: string,
  roll: { secretSealed: string; previousExpiresAtMs: number | undefined; nowMs: number },
): Promise<WebhookEndpoint | undefined> {
  const expiresAt = roll.previousExpiresAtMs === undefined ? null : new Date(roll.previousExpiresAtMs);
  const { rows } = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       previous_secret_sealed = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE secret_sealed END,
       previous_secret_expires_at = $4::timestamptz,
       secret_sealed = $3,
       updated_at = $5
     WHERE id = $1 AND merchant_id = $2 AND deleted_at IS NULL RETURNING ${ENDPOINT_COLUMNS}`,
    [id, merchantId, roll.secretSealed, expiresAt, new Date(roll.nowMs)],
  );
  return first(rows);
}
