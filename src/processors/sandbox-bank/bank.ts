import type { Database } from '../../db/database.ts';
import { money } from '../../money/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { DeclineCode } from '../codes.ts';
import type { AuthorizationSnapshot } from '../types.ts';

/**
 * The sandbox bank behind online banking (网银支付): the payer is sent to their
 * bank's page, signs in there and approves or refuses; the bank takes the money
 * at once and tells the merchant's processor by a signed notification, which
 * may arrive late or twice, as real banks' do. Pages left open expire.
 */
export const SANDBOX_BANKS = {
  icbc: '中国工商银行 ICBC',
  ccb: '中国建设银行 CCB',
  abc: '中国农业银行 ABC',
  boc: '中国银行 BOC',
  cmb: '招商银行 CMB',
} as const;
export type SandboxBankCode = keyof typeof SANDBOX_BANKS;

/** Chinese banks' payment pages time out after about 15 minutes. */
export const BANK_PAGE_VALIDITY_MS = 15 * 60_000;

/** What the payer does on the bank's page. `approve_late` pays but the bank's notification is lost: only a status sync finds out. */
export const BANK_PAGE_CHOICES = ['approve', 'decline', 'approve_late'] as const;
export type BankPageChoice = (typeof BANK_PAGE_CHOICES)[number];

export type BankPaymentState = 'pending' | 'paid' | 'declined' | 'expired' | 'canceled';

export interface BankPayment {
  id: string;
  reference: string;
  bank: string;
  amountMinor: bigint;
  currency: string;
  state: BankPaymentState;
  captured: boolean;
  declineCode: DeclineCode | null;
  amountRefundedMinor: bigint;
  returnUrl: string | null;
  expiresAtMs: number;
}

interface Row {
  id: string;
  reference: string;
  bank: string;
  amount: bigint;
  currency: string;
  state: BankPaymentState;
  captured: boolean;
  decline_code: DeclineCode | null;
  amount_refunded: bigint;
  return_url: string | null;
  expires_at: Date;
}

const COLUMNS = 'id, reference, bank, amount, currency, state, captured, decline_code, amount_refunded, return_url, expires_at';

const toPayment = (r: Row): BankPayment => ({
  id: r.id,
  reference: r.reference,
  bank: r.bank,
  amountMinor: r.amount,
  currency: r.currency,
  state: r.state,
  captured: r.captured,
  declineCode: r.decline_code,
  amountRefundedMinor: r.amount_refunded,
  returnUrl: r.return_url,
  expiresAtMs: r.expires_at.getTime(),
});

/** The bank's notification body: the payment as the bank sees it, amounts as decimal strings of minor units. */
export interface BankNotification {
  type: 'payment.updated';
  payment: { id: string; reference: string; state: BankPaymentState; captured: boolean; amount: string; currency: string; amount_refunded: string; decline_code: DeclineCode | null; expires_at_ms: number };
}

export function notificationOf(p: BankPayment): BankNotification {
  return {
    type: 'payment.updated',
    payment: { id: p.id, reference: p.reference, state: p.state, captured: p.captured, amount: p.amountMinor.toString(), currency: p.currency, amount_refunded: p.amountRefundedMinor.toString(), decline_code: p.declineCode, expires_at_ms: p.expiresAtMs },
  };
}

export type BankRefundResult = { result: 'ok' } | { result: 'not_paid' | 'exceeds_paid' | 'reference_reused' };

export class SandboxBank {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Base URL of the bank's page; the payment id is appended. */
    readonly pageUrl: string,
  ) {}

  /** Opens a payment on the bank's page; the same reference returns the payment already opened. */
  async open(request: { reference: string; bank: string; amountMinor: bigint; currency: string; returnUrl: string | undefined }): Promise<BankPayment> {
    const now = this.clock.nowMs();
    await this.db.query(
      `INSERT INTO sandbox_bank_payments (id, reference, bank, amount, currency, state, return_url, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $8) ON CONFLICT (reference) DO NOTHING`,
      [newId('bkp', now), request.reference, request.bank, request.amountMinor, request.currency, request.returnUrl ?? null, new Date(now + BANK_PAGE_VALIDITY_MS), new Date(now)],
    );
    const found = await this.byReference(request.reference);
    if (found === undefined) throw new Error(`bank payment ${request.reference} vanished`);
    return found;
  }

  async byReference(reference: string): Promise<BankPayment | undefined> {
    return this.expireIfDue(await this.db.query<Row>(`SELECT ${COLUMNS} FROM sandbox_bank_payments WHERE reference = $1`, [reference]));
  }

  async byId(id: string): Promise<BankPayment | undefined> {
    return this.expireIfDue(await this.db.query<Row>(`SELECT ${COLUMNS} FROM sandbox_bank_payments WHERE id = $1`, [id]));
  }

  /** A page left open past its time is expired lazily, when anyone looks. */
  private async expireIfDue(result: { rows: Row[] }): Promise<BankPayment | undefined> {
    const row = result.rows[0];
    if (row === undefined) return undefined;
    if (row.state !== 'pending' || row.expires_at.getTime() > this.clock.nowMs()) return toPayment(row);
    return (await this.transition(row.id, 'pending', { state: 'expired', declineCode: 'authentication_required' })) ?? this.byId(row.id);
  }

  /** The payer's answer on the page; only a pending payment takes one. */
  async answer(id: string, choice: BankPageChoice): Promise<BankPayment | 'not_pending' | 'not_found'> {
    const payment = await this.byId(id);
    if (payment === undefined) return 'not_found';
    if (payment.state !== 'pending') return 'not_pending';
    const next = choice === 'decline' ? { state: 'declined' as const, declineCode: 'insufficient_funds' as const } : { state: 'paid' as const, declineCode: null };
    return (await this.transition(id, 'pending', next)) ?? 'not_pending';
  }

  /** The merchant side closes the page (the payment was canceled): a late approval can no longer take money. */
  async cancel(id: string): Promise<BankPayment | undefined> {
    return (await this.transition(id, 'pending', { state: 'canceled', declineCode: null })) ?? this.byId(id);
  }

  async markCaptured(id: string): Promise<void> {
    await this.db.query("UPDATE sandbox_bank_payments SET captured = true, updated_at = $2 WHERE id = $1 AND state = 'paid'", [id, new Date(this.clock.nowMs())]);
  }

  /** Sends money back to the payer's account, once per reference. */
  async refund(id: string, reference: string, amountMinor: bigint): Promise<BankRefundResult> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM sandbox_bank_payments WHERE id = $1 FOR UPDATE`, [id]);
      const row = rows[0];
      if (row === undefined || row.state !== 'paid') return { result: 'not_paid' as const };
      const done = await tx.query<{ payment_id: string; amount: bigint }>('SELECT payment_id, amount FROM sandbox_bank_refunds WHERE reference = $1', [reference]);
      const previous = done.rows[0];
      if (previous !== undefined) return previous.payment_id === id && previous.amount === amountMinor ? { result: 'ok' as const } : { result: 'reference_reused' as const };
      if (row.amount_refunded + amountMinor > row.amount) return { result: 'exceeds_paid' as const };
      await tx.query('INSERT INTO sandbox_bank_refunds (reference, payment_id, amount, created_at) VALUES ($1, $2, $3, $4)', [reference, id, amountMinor, new Date(this.clock.nowMs())]);
      await tx.query('UPDATE sandbox_bank_payments SET amount_refunded = amount_refunded + $2, updated_at = $3 WHERE id = $1', [id, amountMinor, new Date(this.clock.nowMs())]);
      return { result: 'ok' as const };
    });
  }

  private async transition(id: string, from: BankPaymentState, to: { state: BankPaymentState; declineCode: DeclineCode | null }): Promise<BankPayment | undefined> {
    const { rows } = await this.db.query<Row>(`UPDATE sandbox_bank_payments SET state = $3, decline_code = $4, updated_at = $5 WHERE id = $1 AND state = $2 RETURNING ${COLUMNS}`, [id, from, to.state, to.declineCode, new Date(this.clock.nowMs())]);
    return rows[0] === undefined ? undefined : toPayment(rows[0]);
  }
}

/** The bank's view of a payment in the processor interface's terms: paid is authorized (and captured once the core captured it). */
export function snapshotOf(p: BankPayment, pageUrl: string): AuthorizationSnapshot {
  const state = p.state === 'pending' ? 'requires_action' : p.state === 'paid' ? (p.captured ? 'captured' : 'authorized') : p.state === 'declined' ? 'declined' : p.state === 'canceled' ? 'voided' : 'expired';
  return {
    processorReference: p.id,
    reference: p.reference,
    state,
    amountAuthorized: money(p.state === 'paid' ? p.amountMinor : 0n, p.currency),
    amountCaptured: money(p.captured ? p.amountMinor : 0n, p.currency),
    amountRefunded: money(p.amountRefundedMinor, p.currency),
    expiresAtMs: p.state === 'pending' ? p.expiresAtMs : undefined,
    declineCode: p.declineCode ?? undefined,
    nextAction: p.state === 'pending' ? { type: 'redirect_to_url', url: `${pageUrl}${p.id}` } : undefined,
  };
}
