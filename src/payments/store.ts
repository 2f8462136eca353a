import type { Queryable } from '../db/database.ts';
import { keysetPage, type KeysetCondition, type PageCursor } from '../db/keyset.ts';
import type { Metadata } from '../ledger/index.ts';
import type { CaptureMethod, CardPaymentMethod, DeferredConfirmation, NextAction, PaymentError, PaymentFigures, PaymentIntentFilter, PaymentRisk, PaymentIntent, PaymentIntentStatus, PaymentMethodType, Refund, RefundFilter, TimeWindow } from './types.ts';

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

export async function listIntents(db: Queryable, filter: PaymentIntentFilter, limit: number, cursor: PageCursor): Promise<{ intents: PaymentIntent[]; hasMore: boolean }> {
  const { merchantId, customerId, status, createdFromMs, createdBeforeMs, query } = filter;
  const where: KeysetCondition[] = [
    ...(customerId === undefined ? [] : [(p: Param) => `customer_id = ${p(customerId)}`]),
    ...(status === undefined ? [] : [(p: Param) => `status = ${p(status)}`]),
    ...createdConditions(createdFromMs, createdBeforeMs),
    // starts_with needs no escaping of % and _, which LIKE would.
    ...(query === undefined ? [] : [(p: Param) => `starts_with(id, ${p(query)}) OR starts_with(lower(description), lower(${p(query)}))`]),
  ];
  const scope = merchantId === undefined ? {} : { scope: { column: 'merchant_id', value: merchantId } };
  const page = await keysetPage<IntentRow>(db, { table: 'payment_intents', columns: INTENT_COLUMNS, ...scope, where }, limit, cursor);
  return { intents: page.rows.map(toIntent), hasMore: page.hasMore };
}

type Param = Parameters<KeysetCondition>[0];

function createdConditions(fromMs: number | undefined, beforeMs: number | undefined): KeysetCondition[] {
  return [
    ...(fromMs === undefined ? [] : [(p: Param) => `created_at >= ${p(new Date(fromMs))}`]),
    ...(beforeMs === undefined ? [] : [(p: Param) => `created_at < ${p(new Date(beforeMs))}`]),
  ];
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
  return rows[0] === undefined ? undefined : toCardMethod(rows[0]);
}

function toCardMethod(r: MethodRow): CardPaymentMethod {
  return { id: r.id, merchantId: r.merchant_id, customerId: r.customer_id, type: 'card', cardId: r.card_id, brand: r.card_brand, last4: r.card_last4, expMonth: r.card_exp_month, expYear: r.card_exp_year, fingerprint: r.card_fingerprint, createdAtMs: r.created_at.getTime() };
}

/** A customer's saved cards at every merchant, newest first. */
export async function listCardMethodsOfCustomer(db: Queryable, customerId: string, limit: number): Promise<CardPaymentMethod[]> {
  const { rows } = await db.query<MethodRow>(
    `SELECT id, merchant_id, customer_id, card_id, card_brand, card_last4, card_exp_month, card_exp_year, card_fingerprint, created_at FROM payment_methods
     WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [customerId, limit],
  );
  return rows.map(toCardMethod);
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

/** One merchant's refund; `undefined` as the merchant is for the operator, who sees every merchant's. */
export async function findRefund(db: Queryable, id: string, merchantId: string | undefined): Promise<Refund | undefined> {
  const { rows } =
    merchantId === undefined
      ? await db.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1`, [id])
      : await db.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1 AND merchant_id = $2`, [id, merchantId]);
  return rows[0] === undefined ? undefined : toRefund(rows[0]);
}

export async function listRefunds(db: Queryable, filter: RefundFilter, limit: number, cursor: PageCursor): Promise<{ refunds: Refund[]; hasMore: boolean }> {
  const { merchantId, paymentIntentId, status, createdFromMs, createdBeforeMs } = filter;
  const where: KeysetCondition[] = [
    ...(paymentIntentId === undefined ? [] : [(p: Param) => `payment_intent_id = ${p(paymentIntentId)}`]),
    ...(status === undefined ? [] : [(p: Param) => `status = ${p(status)}`]),
    ...createdConditions(createdFromMs, createdBeforeMs),
  ];
  const scope = merchantId === undefined ? {} : { scope: { column: 'merchant_id', value: merchantId } };
  const page = await keysetPage<RefundRow>(db, { table: 'refunds', columns: REFUND_COLUMNS, ...scope, where }, limit, cursor);
  return { refunds: page.rows.map(toRefund), hasMore: page.hasMore };
}

/** The window table the figures join to: one row per window, numbered from 0. */
const WINDOWS_CTE = `WITH windows AS (
  SELECT w.i, w.from_at, w.before_at FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) AS w(i, from_at, before_at))`;

function windowParams(windows: readonly TimeWindow[]): [readonly string[], readonly string[], readonly string[]] {
  return [windows.map((_, i) => String(i)), windows.map((w) => new Date(w.fromMs).toISOString()), windows.map((w) => new Date(w.beforeMs).toISOString())];
}

interface IntentFiguresRow {
  i: number;
  payments: bigint;
  succeeded: bigint;
  failed: bigint;
  canceled: bigint;
  gross: string;
}

/**
 * Per window, in one currency (and of one merchant, or all): the payment intents
 * created in it by outcome, and the succeeded refunds created in it. Sums travel
 * as numeric text: they may pass 2^63.
 */
export async function figuresByWindow(db: Queryable, filter: { merchantId?: string; currency: string }, windows: readonly TimeWindow[]): Promise<PaymentFigures[]> {
  const byMerchant = filter.merchantId === undefined ? '' : 'AND x.merchant_id = $5';
  const params = [...windowParams(windows), filter.currency, ...(filter.merchantId === undefined ? [] : [filter.merchantId])];
  const intents = await db.query<IntentFiguresRow>(
    `${WINDOWS_CTE}
     SELECT w.i, count(x.id) AS payments,
       count(x.id) FILTER (WHERE x.status = 'succeeded') AS succeeded,
       count(x.id) FILTER (WHERE x.status = 'requires_payment_method' AND x.last_payment_error IS NOT NULL) AS failed,
       count(x.id) FILTER (WHERE x.status = 'canceled') AS canceled,
       coalesce(sum(x.amount_received) FILTER (WHERE x.status = 'succeeded'), 0)::text AS gross
     FROM windows w LEFT JOIN payment_intents x ON x.created_at >= w.from_at AND x.created_at < w.before_at AND x.currency = $4 ${byMerchant}
     GROUP BY w.i`,
    params,
  );
  const refunds = await db.query<{ i: number; refunds: bigint; refunded: string }>(
    `${WINDOWS_CTE}
     SELECT w.i, count(x.id) AS refunds, coalesce(sum(x.amount), 0)::text AS refunded
     FROM windows w LEFT JOIN refunds x ON x.created_at >= w.from_at AND x.created_at < w.before_at AND x.currency = $4 AND x.status = 'succeeded' ${byMerchant}
     GROUP BY w.i`,
    params,
  );
  return windows.map((_, i) => {
    const p = intents.rows.find((r) => Number(r.i) === i);
    const r = refunds.rows.find((row) => Number(row.i) === i);
    return {
      paymentCount: Number(p?.payments ?? 0n),
      succeededCount: Number(p?.succeeded ?? 0n),
      grossMinor: BigInt(p?.gross ?? '0'),
      failedCount: Number(p?.failed ?? 0n),
      canceledCount: Number(p?.canceled ?? 0n),
      refundCount: Number(r?.refunds ?? 0n),
      refundedMinor: BigInt(r?.refunded ?? '0'),
    };
  });
}
