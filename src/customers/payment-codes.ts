import { createHash, randomInt } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { Customers } from './customers.ts';
import type { Wallet } from './types.ts';

/**
 * The consumer-presented payment code (付款码): the wallet page shows a numeric
 * code (and its QR/barcode) that the merchant's till scans and submits. It lives
 * for a minute, works once, and charges the wallet without the password up to the
 * wallet's password-free limit, as Alipay's and WeChat Pay's codes do.
 */
export const PAYMENT_CODE_TTL_MS = 60_000;
/** 18 digits starting with 28: the length and range shoppers' scanners expect of wallet codes. */
const CODE_PREFIX = '28';
const CODE_RANDOM_DIGITS = 16;
/** Codes a consumer may hold open at once: a stolen phone screen should not mint many. */
export const MAX_OPEN_CODES = 5;

export type PaymentCodeSpend =
  | { result: 'ok'; wallet: Wallet; customerId: string }
  | { result: 'payment_code_invalid' | 'payment_code_expired' | 'payment_code_used' | 'exceeds_password_free_limit' | 'exceeds_per_payment_limit' | 'exceeds_daily_limit' | 'currency_mismatch' | 'customer_mismatch' | 'customer_blocked' };

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export class PaymentCodes {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly customers: Customers,
  ) {}

  async issue(customerId: string, currency: string): Promise<{ code: string; expiresAtMs: number } | { result: 'too_many_open_codes' }> {
    const now = this.clock.nowMs();
    return this.db.transaction(async (tx) => {
      await this.customers.openWallet(tx, customerId, currency);
      const open = await tx.query<{ n: bigint }>('SELECT count(*) AS n FROM customer_payment_codes WHERE customer_id = $1 AND used_at IS NULL AND expires_at > $2', [customerId, new Date(now)]);
      if ((open.rows[0]?.n ?? 0n) >= BigInt(MAX_OPEN_CODES)) return { result: 'too_many_open_codes' as const };
      let code = CODE_PREFIX;
      for (let i = 0; i < CODE_RANDOM_DIGITS; i += 1) code += String(randomInt(0, 10));
      const expiresAtMs = now + PAYMENT_CODE_TTL_MS;
      await tx.query('INSERT INTO customer_payment_codes (code_hash, customer_id, currency, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [sha256(code), customerId, currency, new Date(expiresAtMs), new Date(now)]);
      return { code, expiresAtMs };
    });
  }

  /** Uses the code up in the caller's transaction (which then moves the money) and checks the wallet's limits. */
  async spendIn(tx: Queryable, spend: { code: string; currency: string; amountMinor: bigint; reference: string; expectedCustomerId: string | null }): Promise<PaymentCodeSpend> {
    const { rows } = await tx.query<{ customer_id: string; currency: string; expires_at: Date; used_at: Date | null }>(
      'SELECT customer_id, currency, expires_at, used_at FROM customer_payment_codes WHERE code_hash = $1 FOR UPDATE',
      [sha256(spend.code)],
    );
    const row = rows[0];
    if (row === undefined) return { result: 'payment_code_invalid' };
    if (row.used_at !== null) return { result: 'payment_code_used' };
    if (row.expires_at.getTime() <= this.clock.nowMs()) return { result: 'payment_code_expired' };
    if (row.currency !== spend.currency) return { result: 'currency_mismatch' };
    // A payment meant for someone else must not use up this customer's code.
    if (spend.expectedCustomerId !== null && spend.expectedCustomerId !== row.customer_id) return { result: 'customer_mismatch' };
    const wallet = await this.customers.authorizeWalletSpendIn(tx, { customerId: row.customer_id, currency: spend.currency, amountMinor: spend.amountMinor, password: undefined });
    // A blocked customer's code is refused without being used up.
    if (wallet.result === 'customer_blocked') return { result: wallet.result };
    if (wallet.result !== 'ok') return { result: wallet.result === 'exceeds_daily_limit' ? wallet.result : 'exceeds_per_payment_limit' };
    if (spend.amountMinor > wallet.wallet.passwordFreeLimitMinor) return { result: 'exceeds_password_free_limit' };
    await tx.query('UPDATE customer_payment_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1', [sha256(spend.code), new Date(this.clock.nowMs()), spend.reference]);
    return { result: 'ok', wallet: wallet.wallet, customerId: row.customer_id };
  }
}
