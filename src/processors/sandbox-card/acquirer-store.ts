import type { Queryable, Transaction } from '../../db/database.ts';
import type { WireResponseCode } from './wire.ts';

/**
 * SQL for the sandbox acquirer's own tables. Only the acquirer (acquirer.ts) uses it; Paygrid's
 * core learns about authorizations through the acquirer's API, as it would from a real one.
 */

export type StoredStatus = 'pending_authentication' | 'approved' | 'declined' | 'captured' | 'voided';

export interface AuthorizationRecord {
  id: string;
  merchantReference: string;
  requestDigest: string;
  status: StoredStatus;
  responseCode: WireResponseCode;
  currency: string;
  amountMinor: bigint;
  capturedMinor: bigint;
  refundedMinor: bigint;
  refundCount: number;
  captureReference: string | null;
  voidReference: string | null;
  brand: string;
  last4: string;
  returnUrl: string | null;
  expiresAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

interface AuthorizationRow {
  id: string;
  merchant_reference: string;
  request_digest: string;
  status: StoredStatus;
  response_code: WireResponseCode;
  currency: string;
  amount_minor: bigint;
  captured_minor: bigint;
  refunded_minor: bigint;
  refund_count: number;
  capture_reference: string | null;
  void_reference: string | null;
  brand: string;
  last4: string;
  return_url: string | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RefundRecord {
  id: string;
  refundReference: string;
  authorizationId: string;
  amountMinor: bigint;
  createdAtMs: number;
}

interface RefundRow {
  id: string;
  refund_reference: string;
  authorization_id: string;
  amount_minor: bigint;
  created_at: Date;
}

const AUTHORIZATIONS = 'processors_sandbox_card_authorizations';
const REFUNDS = 'processors_sandbox_card_refunds';
const AUTHORIZATION_COLUMNS =
  'id, merchant_reference, request_digest, status, response_code, currency, amount_minor, captured_minor, refunded_minor, refund_count, ' +
  'capture_reference, void_reference, brand, last4, return_url, expires_at, created_at, updated_at';
const REFUND_COLUMNS = 'id, refund_reference, authorization_id, amount_minor, created_at';

function toAuthorization(row: AuthorizationRow): AuthorizationRecord {
  return {
    id: row.id,
    merchantReference: row.merchant_reference,
    requestDigest: row.request_digest,
    status: row.status,
    responseCode: row.response_code,
    currency: row.currency,
    amountMinor: row.amount_minor,
    capturedMinor: row.captured_minor,
    refundedMinor: row.refunded_minor,
    refundCount: row.refund_count,
    captureReference: row.capture_reference,
    voidReference: row.void_reference,
    brand: row.brand,
    last4: row.last4,
    returnUrl: row.return_url,
    expiresAtMs: row.expires_at === null ? null : row.expires_at.getTime(),
    createdAtMs: row.created_at.getTime(),
    updatedAtMs: row.updated_at.getTime(),
  };
}

function toRefund(row: RefundRow): RefundRecord {
  return { id: row.id, refundReference: row.refund_reference, authorizationId: row.authorization_id, amountMinor: row.amount_minor, createdAtMs: row.created_at.getTime() };
}

function date(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** Inserts a new authorization, or returns undefined if its merchant reference is taken (a retry raced us). */
export async function insertAuthorization(db: Queryable, a: AuthorizationRecord): Promise<AuthorizationRecord | undefined> {
  const { rows } = await db.query<AuthorizationRow>(
    `INSERT INTO ${AUTHORIZATIONS} (${AUTHORIZATION_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (merchant_reference) DO NOTHING
     RETURNING ${AUTHORIZATION_COLUMNS}`,
    [
      a.id,
      a.merchantReference,
      a.requestDigest,
      a.status,
      a.responseCode,
      a.currency,
      a.amountMinor,
      a.capturedMinor,
      a.refundedMinor,
      a.refundCount,
      a.captureReference,
      a.voidReference,
      a.brand,
      a.last4,
      a.returnUrl,
      date(a.expiresAtMs),
      new Date(a.createdAtMs),
      new Date(a.updatedAtMs),
    ],
  );
  return rows[0] === undefined ? undefined : toAuthorization(rows[0]);
}

export async function findAuthorization(db: Queryable, by: { id: string } | { merchantReference: string }): Promise<AuthorizationRecord | undefined> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['merchant_reference', by.merchantReference];
  const { rows } = await db.query<AuthorizationRow>(`SELECT ${AUTHORIZATION_COLUMNS} FROM ${AUTHORIZATIONS} WHERE ${column} = $1`, [value]);
  return rows[0] === undefined ? undefined : toAuthorization(rows[0]);
}

/** Locks the authorization for a state change: concurrent captures, voids and refunds of one authorization run one at a time. */
export async function lockAuthorization(tx: Transaction, id: string): Promise<AuthorizationRecord | undefined> {
  const { rows } = await tx.query<AuthorizationRow>(`SELECT ${AUTHORIZATION_COLUMNS} FROM ${AUTHORIZATIONS} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] === undefined ? undefined : toAuthorization(rows[0]);
}

/** Writes the fields a state change may touch. */
export async function updateAuthorization(tx: Transaction, a: AuthorizationRecord): Promise<AuthorizationRecord> {
  const { rows } = await tx.query<AuthorizationRow>(
    `UPDATE ${AUTHORIZATIONS}
     SET status = $2, response_code = $3, captured_minor = $4, refunded_minor = $5, refund_count = $6,
         capture_reference = $7, void_reference = $8, expires_at = $9, updated_at = $10
     WHERE id = $1
     RETURNING ${AUTHORIZATION_COLUMNS}`,
    [a.id, a.status, a.responseCode, a.capturedMinor, a.refundedMinor, a.refundCount, a.captureReference, a.voidReference, date(a.expiresAtMs), new Date(a.updatedAtMs)],
  );
  if (rows[0] === undefined) throw new Error(`authorization ${a.id} vanished while locked`);
  return toAuthorization(rows[0]);
}

export async function findRefund(db: Queryable, refundReference: string): Promise<RefundRecord | undefined> {
  const { rows } = await db.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM ${REFUNDS} WHERE refund_reference = $1`, [refundReference]);
  return rows[0] === undefined ? undefined : toRefund(rows[0]);
}

export async function insertRefund(tx: Transaction, refund: RefundRecord): Promise<void> {
  await tx.query(`INSERT INTO ${REFUNDS} (${REFUND_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
    refund.id,
    refund.refundReference,
    refund.authorizationId,
    refund.amountMinor,
    new Date(refund.createdAtMs),
  ]);
}
