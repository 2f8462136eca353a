export const CUSTOMER_STATUSES = ['active', 'blocked'] as const;
/** `blocked`: the operator blocked the customer, who can neither sign in nor pay until unblocked. */
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export interface Customer {
  id: string;
  /** E.164, e.g. +8613812345678. */
  phone: string;
  name: string;
  hasPaymentPassword: boolean;
  status: CustomerStatus;
  createdAtMs: number;
}

/** Which customers a list shows: an id prefix (`cus_…`), or the last digits of the phone number. */
export interface CustomerSearch {
  idPrefix?: string;
  phoneSuffix?: string;
}

/** Customers one list page returns at most. */
export const MAX_CUSTOMERS_PER_PAGE = 100;

export interface Wallet {
  customerId: string;
  currency: string;
  accountId: string;
  perPaymentLimitMinor: bigint;
  dailyLimitMinor: bigint;
  /** Payment codes charge up to this much without the payment password. */
  passwordFreeLimitMinor: bigint;
}

export interface WalletBalance {
  currency: string;
  /** What the customer can spend: credits less debits, holds included. */
  availableMinor: bigint;
  /** Held for payments not yet captured. */
  heldMinor: bigint;
}

export type PasswordCheck =
  | { result: 'ok' }
  | { result: 'payment_password_not_set' }
  | { result: 'payment_password_locked'; lockedUntilMs: number }
  | { result: 'incorrect_payment_password'; attemptsLeft: number };

export type SetPasswordResult = { result: 'ok' } | { result: 'invalid_payment_password' } | Exclude<PasswordCheck, { result: 'ok' | 'payment_password_not_set' }> | { result: 'current_password_required' };

export type WalletTransferResult =
  | { result: 'ok'; transferId: string }
  | Exclude<PasswordCheck, { result: 'ok' }>
  | { result: 'recipient_not_found' | 'cannot_transfer_to_self' | 'insufficient_funds' | 'exceeds_per_payment_limit' | 'exceeds_daily_limit' | 'unknown_currency' }
  | { result: 'transfer_id_reused' }
  | { result: 'customer_blocked' }
  /** The risk engine refused it (a review or a challenge cannot wait in a transfer, so they refuse it too). */
  | { result: 'risk_blocked'; reasons: { code: string; message: string }[] };

/** A 6-digit PIN, as Chinese wallets use. */
export const PAYMENT_PASSWORD_PATTERN = /^\d{6}$/;
/** Wrong passwords in a row before the wallet locks, and for how long (Alipay locks for 3 hours). */
export const MAX_PASSWORD_FAILURES = 5;
export const PASSWORD_LOCK_MS = 3 * 3600_000;
/** Default wallet limits in major units of the wallet's currency; customers may lower or raise them up to the caps. */
export const DEFAULT_PER_PAYMENT_LIMIT_MAJOR = 5_000n;
export const DEFAULT_DAILY_LIMIT_MAJOR = 20_000n;
export const MAX_DAILY_LIMIT_MAJOR = 200_000n;
/** What a payment code may charge without the password, in major units (Alipay's small-amount default is of this order). */
export const DEFAULT_PASSWORD_FREE_LIMIT_MAJOR = 1_000n;
/** Daily limits reset at midnight here. */
export const LIMITS_TIME_ZONE = 'Asia/Shanghai';
