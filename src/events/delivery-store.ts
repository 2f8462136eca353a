import type { Database, Queryable, Transaction } from '../db/database.ts';
import { keysetPage, type KeysetCondition, type PageCursor } from '../db/keyset.ts';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookEndpointStatus } from './types.ts';

/** SQL for `webhook_deliveries` and `webhook_delivery_attempts`. Nothing outside src/events uses it. */

interface DeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  merchant_id: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: Date;
  last_attempt_at: Date | null;
  finished_at: Date | null;
}

const DELIVERY_COLUMNS = 'id, event_id, endpoint_id, merchant_id, status, attempts, created_at, last_attempt_at, finished_at';

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    merchantId: row.merchant_id,
    status: row.status,
    attempts: row.attempts,
    createdAtMs: row.created_at.getTime(),
    lastAttemptAtMs: row.last_attempt_at?.getTime(),
    finishedAtMs: row.finished_at?.getTime(),
  };
}

/** Everything one attempt needs, read in one query before calling out. */
export interface DeliveryWork {
  deliveryId: string;
  status: DeliveryStatus;
  eventId: string;
  eventType: string;
  /** The event's data exactly as written. */
  dataJson: string;
  eventCreatedAtMs: number;
  endpointId: string;
  url: string;
  endpointStatus: WebhookEndpointStatus;
  endpointDeleted: boolean;
  secretSealed: string | null;
  previousSecretSealed: string | null;
  previousSecretExpiresAtMs: number | undefined;
}

interface WorkRow {
  id: string;
  status: DeliveryStatus;
  event_id: string;
  type: string;
  data_json: string;
  event_created_at: Date;
  endpoint_id: string;
  url: string;
  endpoint_status: WebhookEndpointStatus;
  deleted_at: Date | null;
  secret_sealed: string | null;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

export async function loadDeliveryWork(db: Queryable, deliveryId: string): Promise<DeliveryWork | undefined> {
  const { rows } = await db.query<WorkRow>(
    `SELECT d.id, d.status, e.id AS event_id, e.type, e.data::text AS data_json, e.created_at AS event_created_at,
            w.id AS endpoint_id, w.url, w.status AS endpoint_status, w.deleted_at, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_expires_at
     FROM webhook_deliveries d
     JOIN events e ON e.id = d.event_id
     JOIN webhook_endpoints w ON w.id = d.endpoint_id
     WHERE d.id = $1`,
    [deliveryId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    deliveryId: row.id,
    status: row.status,
    eventId: row.event_id,
    eventType: row.type,
    dataJson: row.data_json,
    eventCreatedAtMs: row.event_created_at.getTime(),
    endpointId: row.endpoint_id,
    url: row.url,
    endpointStatus: row.endpoint_status,
    endpointDeleted: row.deleted_at !== null,
    secretSealed: row.secret_sealed,
    previousSecretSealed: row.previous_secret_sealed,
    previousSecretExpiresAtMs: row.previous_secret_expires_at?.getTime(),
  };
}

export async function cancelDelivery(db: Queryable, deliveryId: string, nowMs: number): Promise<void> {
  await db.query(`UPDATE webhook_deliveries SET status = 'canceled', finished_at = $2 WHERE id = $1 AND status = 'pending'`, [deliveryId, new Date(nowMs)]);
}

export interface AttemptRecord {
  deliveryId: string;
  attemptedAtMs: number;
  durationMs: number;
  statusCode: number | undefined;
  error: string | undefined;
  responseBody: string;
  succeeded: boolean;
  /** The delivery's status after this attempt: still pending, or finished. */
  statusAfter: DeliveryStatus;
}

/**
 * Logs the attempt and moves the delivery on, in one transaction. A delivery
 * that was finished meanwhile (a second run after a lost lease) keeps its
 * status; the attempt is logged all the same, because it happened.
 */
export async function recordAttempt(db: Database, attempt: AttemptRecord): Promise<number> {
  return db.transaction(async (tx) => {
    const attemptedAt = new Date(attempt.attemptedAtMs);
    const { rows } = await tx.query<{ attempts: number }>(
      `UPDATE webhook_deliveries SET
         attempts = attempts + 1,
         last_attempt_at = $2,
         finished_at = CASE WHEN status = 'pending' AND $3::text <> 'pending' THEN $2 ELSE finished_at END,
         status = CASE WHEN status = 'pending' THEN $3::text ELSE status END
       WHERE id = $1 RETURNING attempts`,
      [attempt.deliveryId, attemptedAt, attempt.statusAfter],
    );
    const number = rows[0]?.attempts;
    if (number === undefined) throw new Error(`delivery ${attempt.deliveryId} vanished during its attempt`);
    await tx.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, duration_ms, status_code, error, response_body, succeeded)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [attempt.deliveryId, number, attemptedAt, attempt.durationMs, attempt.statusCode ?? null, attempt.error ?? null, attempt.responseBody, attempt.succeeded],
    );
    return number;
  });
}

/** The deliveries of one of the merchant's events (any merchant's for `undefined`): one per endpoint, so at most the endpoint limit. */
export async function listDeliveriesForEvent(db: Queryable, merchantId: string | undefined, eventId: string, limit: number): Promise<WebhookDelivery[]> {
  const { rows } =
    merchantId === undefined
      ? await db.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE event_id = $1 ORDER BY created_at, id LIMIT $2`, [eventId, limit])
      : await db.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE event_id = $1 AND merchant_id = $2 ORDER BY created_at, id LIMIT $3`, [eventId, merchantId, limit]);
  return rows.map(toDelivery);
}

export async function findDelivery(db: Queryable, merchantId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
  const { rows } = await db.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND merchant_id = $2`, [deliveryId, merchantId]);
  return rows[0] === undefined ? undefined : toDelivery(rows[0]);
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  attempted_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string;
  succeeded: boolean;
}

export async function listAttempts(db: Queryable, merchantId: string, deliveryId: string, limit: number): Promise<DeliveryAttempt[]> {
  const { rows } = await db.query<AttemptRow>(
    `SELECT a.delivery_id, a.attempt, a.attempted_at, a.duration_ms, a.status_code, a.error, a.response_body, a.succeeded
     FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
     WHERE a.delivery_id = $1 AND d.merchant_id = $2 ORDER BY a.seq LIMIT $3`,
    [deliveryId, merchantId, limit],
  );
  return rows.map((row) => ({
    deliveryId: row.delivery_id,
    attempt: row.attempt,
    attemptedAtMs: row.attempted_at.getTime(),
    durationMs: row.duration_ms,
    statusCode: row.status_code ?? undefined,
    error: row.error ?? undefined,
    responseBody: row.response_body,
    succeeded: row.succeeded,
  }));
}

/** A delivery as the delivery log shows it: with its event's type and the receiver's last answer. */
export interface DeliveryLogRow {
  delivery: WebhookDelivery;
  eventType: string | undefined;
  lastStatusCode: number | undefined;
  lastError: string | undefined;
}

interface LogRow extends DeliveryRow {
  event_type: string | null;
  last_status_code: number | null;
  last_error: string | null;
}

/** The delivery's columns, its event's type, and its last attempt's answer (webhook_delivery_attempts (delivery_id, seq) finds it). */
const LOG_COLUMNS = `${DELIVERY_COLUMNS},
  (SELECT e.type FROM events e WHERE e.id = webhook_deliveries.event_id) AS event_type,
  (SELECT a.status_code FROM webhook_delivery_attempts a WHERE a.delivery_id = webhook_deliveries.id ORDER BY a.seq DESC LIMIT 1) AS last_status_code,
  (SELECT a.error FROM webhook_delivery_attempts a WHERE a.delivery_id = webhook_deliveries.id ORDER BY a.seq DESC LIMIT 1) AS last_error`;

function toLogRow(row: LogRow): DeliveryLogRow {
  return { delivery: toDelivery(row), eventType: row.event_type ?? undefined, lastStatusCode: row.last_status_code ?? undefined, lastError: row.last_error ?? undefined };
}

export interface DeliveryFilter {
  /** One merchant's deliveries; every merchant's when undefined (the operator). */
  merchantId?: string;
  eventId?: string;
  endpointId?: string;
  status?: DeliveryStatus;
}

/** Deliveries newest first; the merchant scopes the list and its cursor. */
export async function listDeliveries(db: Queryable, filter: DeliveryFilter, limit: number, cursor: PageCursor): Promise<{ rows: DeliveryLogRow[]; hasMore: boolean }> {
  const { merchantId, eventId, endpointId, status } = filter;
  type Param = Parameters<KeysetCondition>[0];
  const where: KeysetCondition[] = [
    ...(eventId === undefined ? [] : [(p: Param) => `event_id = ${p(eventId)}`]),
    ...(endpointId === undefined ? [] : [(p: Param) => `endpoint_id = ${p(endpointId)}`]),
    ...(status === undefined ? [] : [(p: Param) => `status = ${p(status)}`]),
  ];
  const scope = merchantId === undefined ? {} : { scope: { column: 'merchant_id', value: merchantId } };
  const page = await keysetPage<LogRow>(db, { table: 'webhook_deliveries', columns: LOG_COLUMNS, ...scope, where }, limit, cursor);
  return { rows: page.rows.map(toLogRow), hasMore: page.hasMore };
}

export async function findDeliveryLogRow(db: Queryable, merchantId: string | undefined, deliveryId: string): Promise<DeliveryLogRow | undefined> {
  const { rows } =
    merchantId === undefined
      ? await db.query<LogRow>(`SELECT ${LOG_COLUMNS} FROM webhook_deliveries WHERE id = $1`, [deliveryId])
      : await db.query<LogRow>(`SELECT ${LOG_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND merchant_id = $2`, [deliveryId, merchantId]);
  return rows[0] === undefined ? undefined : toLogRow(rows[0]);
}

/** The delivery under its row lock, for a retry: one change to it at a time. */
export async function lockDelivery(tx: Transaction, merchantId: string | undefined, deliveryId: string): Promise<WebhookDelivery | undefined> {
  const { rows } =
    merchantId === undefined
      ? await tx.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 FOR UPDATE`, [deliveryId])
      : await tx.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND merchant_id = $2 FOR UPDATE`, [deliveryId, merchantId]);
  return rows[0] === undefined ? undefined : toDelivery(rows[0]);
}

/** A failed delivery is pending again: its next attempt is queued. */
export async function reopenDelivery(tx: Transaction, deliveryId: string): Promise<void> {
  await tx.query(`UPDATE webhook_deliveries SET status = 'pending', finished_at = NULL WHERE id = $1 AND status = 'failed'`, [deliveryId]);
}
