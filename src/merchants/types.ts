import type { Metadata } from '../ledger/index.ts';

/** What a merchant sells; EV-charging merchants get the charging tools in later modules. */
export const MERCHANT_CATEGORIES = ['retail', 'ev_charging', 'food_and_drink', 'travel', 'digital_goods', 'services', 'utilities', 'other'] as const;
export type MerchantCategory = (typeof MERCHANT_CATEGORIES)[number];

export type RefundFeePolicy = 'keep_fee' | 'return_fee';

/** What the platform earns on each successful payment: basis points of the amount plus a fixed amount. */
export interface FeePlan {
  percentBps: number;
  fixedMinor: bigint;
  refundFeePolicy: RefundFeePolicy;
}

export interface Merchant {
  id: string;
  name: string;
  category: MerchantCategory;
  feePlan: FeePlan;
  /** ISO 4217, upper case. */
  defaultCurrency: string;
  metadata: Metadata;
  createdAtMs: number;
}

export interface NewMerchant {
  name: string;
  category?: MerchantCategory;
  feePlan?: Partial<FeePlan>;
  defaultCurrency?: string;
  metadata?: Metadata;
}

/** The two ledger accounts that hold a merchant's money in one currency. */
export interface MerchantBalanceAccounts {
  merchantId: string;
  currency: string;
  /** Captured payments, net of fees, not yet settled. */
  pendingAccountId: string;
  /** Settled and ready for payout. */
  availableAccountId: string;
}

export interface MerchantBalance {
  currency: string;
  pendingMinor: bigint;
  availableMinor: bigint;
}

export type CreateMerchantFailure = 'unknown_currency' | 'fee_percent_out_of_range' | 'fee_fixed_out_of_range';

/** What the operator may change of a merchant: its name and its fee plan (the plan applies to captures from then on). */
export interface MerchantUpdate {
  name?: string;
  feePlan?: Partial<FeePlan>;
}

export type UpdateMerchantFailure = 'merchant_not_found' | 'fee_percent_out_of_range' | 'fee_fixed_out_of_range';

/** The platform default: 0.6 % + nothing, the common Chinese acquiring rate for retail; keep the fee on refunds as Stripe does. */
export const DEFAULT_FEE_PLAN: FeePlan = { percentBps: 60, fixedMinor: 0n, refundFeePolicy: 'keep_fee' };
export const DEFAULT_CURRENCY = 'CNY';
/** The largest fixed fee a plan may carry: ¥10,000.00 in any two-decimal currency, a bound against typos. */
export const MAX_FIXED_FEE_MINOR = 1_000_000n;
