import type { Database, Queryable } from '../db/database.ts';
import { findCurrency } from '../money/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { startOfLocalDayMs } from '../platform/time.ts';
import type { Customers } from './customers.ts';
import { LIMITS_TIME_ZONE, type PasswordCheck, type Wallet } from './types.ts';

/**
 * Agreements (免密支付 / auto-debit): a consumer authorizes one merchant to
 * charge their wallet without the payment password, within a per-payment and a
 * daily limit, until revoked. Charging stations and installment auto-debit use
 * them. The wallet's own limits apply as well.
 */
export interface Agreement {
  id: string;
  customerId: string;
  merchantId: string;
  currency: string;
  perPaymentLimitMinor: bigint;
  dailyLimitMinor: bigint;
  status: 'active' | 'revoked';
  createdAtMs: number;
  revokedAtMs: number | null;
}

/**
 * Charges an agreement may attempt per day, declined ones included: far beyond
 * any charging or installment schedule, and a bound on the work each charge's
 * daily-limit check does.
 */
const MAX_CHARGES_PER_DAY = 1_000;

export type CreateAgreementResult = { result: 'ok'; agreement: Agreement } | Exclude<PasswordCheck, { result: 'ok' }> | { result: 'limit_out_of_range' | 'unknown_currency' | 'agreement_exists' };

export type AgreementSpend =
  | { result: 'ok'; wallet: Wallet; agreementId: string }
  | { result: 'no_active_agreement' | 'exceeds_agreement_per_payment_limit' | 'exceeds_agreement_daily_limit' | 'exceeds_per_payment_limit' | 'exceeds_daily_limit' | 'customer_blocked' };

interface AgreementRow {
  id: string;
  customer_id: string;
  merchant_id: string;
  currency: string;
  per_payment_limit_minor: bigint;
  daily_limit_minor: bigint;
  status: Agreement['status'];
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, customer_id, merchant_id, currency, per_payment_limit_minor, daily_limit_minor, status, created_at, revoked_at';
const toAgreement = (r: AgreementRow): Agreement => ({
  id: r.id,
  customerId: r.customer_id,
  merchantId: r.merchant_id,
  currency: r.currency,
  perPaymentLimitMinor: r.per_payment_limit_minor,
  dailyLimitMinor: r.daily_limit_minor,
  status: r.status,
  createdAtMs: r.created_at.getTime(),
  revokedAtMs: r.revoked_at?.getTime() ?? null,
});

export class Agreements {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly customers: Customers,
  ) {}

  /** Signed with the payment password: giving a merchant password-free access is itself a payment decision. */
  async create(input: { customerId: string; merchantId: string; currency: string; perPaymentLimitMinor: bigint; dailyLimitMinor: bigint; password: string }): Promise<CreateAgreementResult> {
    if (findCurrency(input.currency)?.code !== input.currency) return { result: 'unknown_currency' };
    if (input.perPaymentLimitMinor <= 0n || input.dailyLimitMinor < input.perPaymentLimitMinor) return { result: 'limit_out_of_range' };
    return this.db.transaction(async (tx) => {
      const password = await this.customers.checkPaymentPasswordIn(tx, input.customerId, input.password);
      if (password.result !== 'ok') return password;
      const now = this.clock.nowMs();
      const { rows } = await tx.query<AgreementRow>(
        `INSERT INTO customer_agreements (id, customer_id, merchant_id, currency, per_payment_limit_minor, daily_limit_minor, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7) ON CONFLICT (customer_id, merchant_id, currency) WHERE status = 'active' DO NOTHING RETURNING ${COLUMNS}`,
        [newId('agr', now), input.customerId, input.merchantId, input.currency, input.perPaymentLimitMinor, input.dailyLimitMinor, new Date(now)],
      );
      return rows[0] === undefined ? { result: 'agreement_exists' } : { result: 'ok', agreement: toAgreement(rows[0]) };
    });
  }

  async list(customerId: string): Promise<Agreement[]> {
    const { rows } = await this.db.query<AgreementRow>(`SELECT ${COLUMNS} FROM customer_agreements WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`, [customerId]);
    return rows.map(toAgreement);
  }

  async revoke(customerId: string, id: string): Promise<Agreement | undefined> {
    const { rows } = await this.db.query<AgreementRow>(
      `UPDATE customer_agreements SET status = 'revoked', revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND customer_id = $2 RETURNING ${COLUMNS}`,
      [id, customerId, new Date(this.clock.nowMs())],
    );
    return rows[0] === undefined ? undefined : toAgreement(rows[0]);
  }

  /**
   * May `merchantId` charge this wallet `amountMinor` now, under an agreement?
   * The agreement row is locked so concurrent charges count against its daily
   * limit one at a time; the charge is recorded in the caller's transaction,
   * which then moves the money.
   *
   * `reference` is the id of the ledger transfer that will move this charge's
   * money (the hold on the wallet): the daily limit counts what that transfer
   * took, so a hold voided or expired counts nothing and a partial capture what
   * it captured. A reference the ledger never sees counts in full.
   */
  async authorizeSpendIn(tx: Queryable, spend: { customerId: string; merchantId: string; currency: string; amountMinor: bigint; reference: string; replacesMinor?: bigint }): Promise<AgreementSpend> {
    const { rows } = await tx.query<AgreementRow>(
      `SELECT ${COLUMNS} FROM customer_agreements WHERE customer_id = $1 AND merchant_id = $2 AND currency = $3 AND status = 'active' FOR UPDATE`,
      [spend.customerId, spend.merchantId, spend.currency],
    );
    const agreement = rows[0] === undefined ? undefined : toAgreement(rows[0]);
    if (agreement === undefined) return { result: 'no_active_agreement' };
    if (spend.amountMinor > agreement.perPaymentLimitMinor) return { result: 'exceeds_agreement_per_payment_limit' };
    const usedToday = await this.usedTodayIn(tx, agreement.id);
    // A raised hold replaces the old one, which still counts until it is voided in the same transaction.
    const addedMinor = spend.amountMinor - (spend.replacesMinor ?? 0n);
    if (usedToday === 'too_many_charges' || usedToday + addedMinor > agreement.dailyLimitMinor) return { result: 'exceeds_agreement_daily_limit' };
    const wallet = await this.customers.authorizeWalletSpendIn(tx, { customerId: spend.customerId, currency: spend.currency, amountMinor: addedMinor, password: undefined });
    if (wallet.result !== 'ok') return { result: wallet.result === 'exceeds_per_payment_limit' || wallet.result === 'exceeds_daily_limit' || wallet.result === 'customer_blocked' ? wallet.result : 'no_active_agreement' };
    await tx.query('INSERT INTO customer_agreement_charges (agreement_id, reference, amount_minor, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [agreement.id, spend.reference, spend.amountMinor, new Date(this.clock.nowMs())]);
    return { result: 'ok', wallet: wallet.wallet, agreementId: agreement.id };
  }

  /** What the agreement's charges since local midnight took or still hold (see authorizeSpendIn). */
  private async usedTodayIn(tx: Queryable, agreementId: string): Promise<bigint | 'too_many_charges'> {
    const since = new Date(startOfLocalDayMs(this.clock.nowMs(), LIMITS_TIME_ZONE));
    const { rows } = await tx.query<{ reference: string; amount_minor: bigint }>(
      'SELECT reference, amount_minor FROM customer_agreement_charges WHERE agreement_id = $1 AND created_at >= $2 LIMIT $3',
      [agreementId, since, MAX_CHARGES_PER_DAY],
    );
    if (rows.length >= MAX_CHARGES_PER_DAY) return 'too_many_charges';
    return this.customers.chargedTotalIn(tx, rows.map((r) => ({ transferId: r.reference, amountMinor: r.amount_minor })));
  }
}
