import type { Queryable } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Metadata } from '../ledger/index.ts';
import type { CaptureMethod, CardPaymentMethod, DeferredConfirmation, NextAction, PaymentError, PaymentRisk, PaymentIntent, PaymentIntentStatus, PaymentMethodType, Refund } from './types.ts';

/** SQL for the payments module's own tables. */
interface IntentRow {
  id: string;
  merchant_id: string;
  customer_id: string | null;
  amount: bigint;
  currency: string;
  status: PaymentIntentStatus;
  capture_method: CaptureMethod;
  payment_method_id: string | null;
  payment_method_type: PaymentMethodType | null;
  amount_capturable: bigint;
  amount_received: bigint;
  amount_refunded: bigint;
  fee_amount: bigint;
  fee_refunded: bigint;
  attempt: number;
  hold_transfer_id: string | null;
  processor_id: string | null;
  processor_reference: string | null;
  authorization_expires_at: Date | null;
  next_action: NextAction | null;
  last_payment_error: PaymentError | null;
  client_secret: string;
  description: string;
  metadata: Metadata;
  canceled_at: Date | null;
  cancellation_reason: string | null;
  created_at: Date;
  updated_at: Date;
  risk: PaymentRisk | null;
  deferred_confirmation: DeferredConfirmation | null;
}

const INTENT_COLUMNS =
  'id, merchant_id, customer_id, amount, currency, status, capture_method, payment_method_id, payment_method_type, amount_capturable, amount_received, amount_refunded, fee_amount, fee_refunded, attempt, hold_transfer_id, processor_id, processor_reference, authorization_expires_at, next_action, last_payment_error, client_secret, description, metadata, canceled_at, cancellation_reason, created_at, updated_at, risk, deferred_confirmation';

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());
const date = (v: number | null): Date | null => (v === null ? null : new Date(v));

function toIntent(r: IntentRow): PaymentIntent {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    customerId: r.customer_id,
    amountMinor: r.amount,
    currency: r.currency,
    status: r.status,
    captureMethod: r.capture_method,
    paymentMethodId: r.payment_method_id,
    paymentMethodType: r.payment_method_type,
    amountCapturableMinor: r.amount_capturable,
    amountReceivedMinor: r.amount_received,
    amountRefundedMinor: r.amount_refunded,
    feeMinor: r.fee_amount,
    feeRefundedMinor: r.fee_refunded,
    attempt: r.attempt,
    holdTransferId: r.hold_transfer_id,
    processorId: r.processor_id,
    processorReference: r.processor_reference,
    authorizationExpiresAtMs: ms(r.authorization_expires_at),
    nextAction: r.next_action,
    lastPaymentError: r.last_payment_error,
    clientSecret: r.client_secret,
    description: r.description,
    metadata: r.metadata,
    canceledAtMs: ms(r.canceled_at),
    cancellationReason: r.cancellation_reason,
    createdAtMs: r.created_at.getTime(),
    updatedAtMs: r.updated_at.getTime(),
    risk: r.risk,
    deferredConfirmation: r.deferred_confirmation,
  };
}

function intentValues(p: PaymentIntent): unknown[] {
  return [
    p.id,
    p.merchantId,
    p.customerId,
    p.amountMinor,
    p.currency,
    p.status,
    p.captureMethod,
    p.paymentMethodId,
    p.paymentMethodType,
    p.amountCapturableMinor,
    p.amountReceivedMinor,
    p.amountRefundedMinor,
    p.feeMinor,
    p.feeRefundedMinor,
    p.attempt,
    p.holdTransferId,
    p.processorId,
    p.processorReference,
    date(p.authorizationExpiresAtMs),
    p.nextAction === null ? null : JSON.stringify(p.nextAction),
    p.lastPaymentError === null ? null : JSON.stringify(p.lastPaymentError),
    p.clientSecret,
    p.description,
    JSON.stringify(p.metadata),
    date(p.canceledAtMs),
    p.cancellationReason,
    new Date(p.createdAtMs),
    new Date(p.updatedAtMs),
    p.risk === null ? null : JSON.stringify(p.risk),
    p.deferredConfirmation === null ? null : JSON.stringify(p.deferredConfirmation),
  ];
}

const PLACEHOLDERS = Array.from({ length: 30 }, (_, i) => `$${i + 1}`).join(', ');

export async function insertIntent(db: Queryable, p: PaymentIntent): Promise<void> {
  await db.query(`INSERT INTO payment_intents (${INTENT_COLUMNS}) VALUES (${PLACEHOLDERS})`, intentValues(p) as never[]);
}

/** Writes every mutable field; callers hold the row lock from `lockIntent`. */
export async function saveIntent(db: Queryable, p: PaymentIntent): Promise<void> {
  const columns = INTENT_COLUMNS.split(', ');
  const assignments = columns.slice(1).map((c, i) => `${c} = $${i + 2}`).join(', ');
  await db.query(`UPDATE payment_intents SET ${assignments} WHERE id = $1`, intentValues(p) as never[]);
}

export async function findIntent(db: Queryable, id: string, merchantId?: string): Promise<PaymentIntent | undefined> {
  const { rows } =
    merchantId === undefined
      ? await db.query<IntentRow>(`SELECT ${INTENT_COLUMNS} FROM payment_intents WHERE id = $1`, [id])
      : await db.query<IntentRow>(`SELECT ${INTENT_COLUMNS} FROM payment_intents WHERE id = $1 AND merchant_id = $2`, [id, merchantId]);
  return rows[0] === undefined ? undefined : toIntent(rows[0]);
}

/** Every change to an intent happens under this row lock: one state change at a time. */
export async function lockIntent(db: Queryable, id: string): Promise<PaymentIntent | undefined> {
  const { rows } = await db.query<IntentRow>(`SELECT ${INTENT_COLUMNS} FROM payment_intents WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] === undefined ? undefined : toIntent(rows[0]);
}

export async function listIntents(db: Queryable, merchantId: string, limit: number, cursor: PageCursor): Promise<{ intents: PaymentIntent[]; hasMore: boolean }> {
  const page = await keysetPage<IntentRow>(db, { table: 'payment_intents', columns: INTENT_COLUMNS, scope: { column: 'merchant_id', value: merchantId } }, limit, cursor);
  return { intents: page.rows.map(toIntent), hasMore: page.hasMore };
}

export async function findExpiredAuthorizations(db: Queryable, nowMs: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM payment_intents WHERE status = 'requires_capture' AND authorization_expires_at <= $1 ORDER BY authorization_expires_at LIMIT $2",
    [new Date(nowMs), limit],
  );
  return rows.map((r) => r.id);
}

interface MethodRow {
  id: string;
  merchant_id: string;
  customer_id: string | null;
  card_id: string;
  card_brand: string;
  card_last4: string;
  card_exp_month: number;
  card_exp_year: number;
  card_fingerprint: string;
  created_at: Date;
}

export async function insertCardMethod(db: Queryable, m: CardPaymentMethod): Promise<void> {
  await db.query(
    `INSERT INTO payment_methods (id, merchant_id, customer_id, type, card_id, card_brand, card_last4, card_exp_month, card_exp_year, card_fingerprint, created_at)
     VALUES ($1, $2, $3, 'card', $4, $5, $6, $7, $8, $9, $10)`,
    [m.id, m.merchantId, m.customerId, m.cardId, m.brand, m.last4, m.expMonth, m.expYear, m.fingerprint, new Date(m.createdAtMs)],
  );
}

export async function findCardMethod(db: Queryable, id: string, merchantId: string): Promise<CardPaymentMethod | undefined> {
  const { rows } = await db.query<MethodRow>(
    'SELECT id, merchant_id, customer_id, card_id, card_brand, card_last4, card_exp_month, card_exp_year, card_fingerprint, created_at FROM payment_methods WHERE id = $1 AND merchant_id = $2',
    [id, merchantId],
  );
  const r = rows[0];
  if (r === undefined) return undefined;
  return { id: r.id, merchantId: r.merchant_id, customerId: r.customer_id, type: 'card', cardId: r.card_id, brand: r.card_brand, last4: r.card_last4, expMonth: r.card_exp_month, expYear: r.card_exp_year, fingerprint: r.card_fingerprint, createdAtMs: r.created_at.getTime() };
}

interface RefundRow {
  id: string;
  merchant_id: string;
  payment_intent_id: string;
  amount: bigint;
  currency: string;
  fee_returned: bigint;
  status: Refund['status'];
  reason: string | null;
  failure_reason: string | null;
  metadata: Metadata;
  created_at: Date;
}

const REFUND_COLUMNS = 'id, merchant_id, payment_intent_id, amount, currency, fee_returned, status, reason, failure_reason, metadata, created_at';

function toRefund(r: RefundRow): Refund {
  return { id: r.id, merchantId: r.merchant_id, paymentIntentId: r.payment_intent_id, amountMinor: r.amount, currency: r.currency, feeReturnedMinor: r.fee_returned, status: r.status, reason: r.reason, failureReason: r.failure_reason, metadata: r.metadata, createdAtMs: r.created_at.getTime() };
}

export async function insertRefund(db: Queryable, r: Refund): Promise<void> {
  await db.query(`INSERT INTO refunds (${REFUND_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`, [
    r.id,
    r.merchantId,
    r.paymentIntentId,
    r.amountMinor,
    r.currency,
    r.feeReturnedMinor,
    r.status,
    r.reason,
    r.failureReason,
    JSON.stringify(r.metadata),
    new Date(r.createdAtMs),
  ]);
}

export async function updateRefundStatus(db: Queryable, id: string, status: Refund['status'], failureReason: string | null): Promise<void> {
  await db.query('UPDATE refunds SET status = $2, failure_reason = $3 WHERE id = $1', [id, status, failureReason]);
}

export async function findRefund(db: Queryable, id: string, merchantId: string): Promise<Refund | undefined> {
  const { rows } = await db.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1 AND merchant_id = $2`, [id, merchantId]);
  return rows[0] === undefined ? undefined : toRefund(rows[0]);
}
