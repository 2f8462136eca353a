import type { Metadata } from '../ledger/index.ts';

/** Who issued a card: the platform operator (any merchant accepts it) or one merchant (a store card). */
export type Issuer = 'platform' | `mch_${string}`;

/** Who is asking: the operator manages platform cards and reads every card; a merchant only its own. */
export type PrepaidActor = { role: 'operator' } | { role: 'merchant'; merchantId: string };

export const PREPAID_CARD_STATUSES = ['active', 'blocked'] as const;
export type PrepaidCardStatus = (typeof PREPAID_CARD_STATUSES)[number];

export interface PrepaidCard {
  id: string;
  issuer: Issuer;
  currency: string;
  /** The card's stored value: a ledger account whose debits never exceed its credits. */
  accountId: string;
  last4: string;
  status: PrepaidCardStatus;
  nickname: string | null;
  metadata: Metadata;
  /** The consumer who bound the card to their account (with its number and PIN), or null. */
  holderCustomerId: string | null;
  createdAtMs: number;
}

export interface PrepaidCardBalance {
  /** What the card can pay now: credits less debits, holds included. */
  availableMinor: bigint;
  /** Held for payments not yet captured. */
  heldMinor: bigint;
}

export type PrepaidCardWithBalance = PrepaidCard & { balance: PrepaidCardBalance };

export interface PrepaidLoad {
  id: string;
  cardId: string;
  amountMinor: bigint;
  currency: string;
  transferId: string;
  createdAtMs: number;
}

export interface NewPrepaidCard {
  currency: string;
  /** Chosen by the buyer; when absent one is generated and shown once. */
  pin?: string;
  initialAmountMinor?: bigint;
  nickname?: string;
  metadata?: Metadata;
}

/** Why a load (or the initial amount of an issue) was refused. */
export type LoadRefusal = 'card_blocked' | 'exceeds_max_load' | 'exceeds_max_balance';

export type IssueResult =
  | { result: 'ok'; card: PrepaidCardWithBalance; number: string; generatedPin: string | undefined }
  | { result: 'unknown_currency' | 'invalid_pin' | LoadRefusal };

export type LoadResult =
  | { result: 'ok'; load: PrepaidLoad; card: PrepaidCardWithBalance }
  /** The request key was used before for a different load. */
  | { result: 'card_not_found' | 'not_card_issuer' | 'load_id_reused' | LoadRefusal };

/** Why a consumer could not bind a card: not one of ours, bound to someone else, blocked, or the PIN (counted as at a till). */
export type BindResult =
  | { result: 'ok'; card: PrepaidCardWithBalance }
  | { result: 'invalid_number' | 'card_already_bound' | 'card_blocked' | 'incorrect_pin' | 'pin_try_exceeded' | 'too_many_cards' };

export type StatusChangeResult = { result: 'ok'; card: PrepaidCardWithBalance } | { result: 'card_not_found' | 'not_card_issuer' };

/** Why a prepaid card cannot pay: Stripe's decline codes where it has one (`incorrect_pin`, `pin_try_exceeded`). */
export type PrepaidSpendRefusal = 'invalid_number' | 'currency_mismatch' | 'card_not_accepted_here' | 'card_blocked' | 'incorrect_pin' | 'pin_try_exceeded';

export type PrepaidSpend = { result: 'ok'; cardId: string; accountId: string } | { result: PrepaidSpendRefusal };

/** A 6-digit PIN, as Chinese stored-value cards and wallets use. */
export const PIN_PATTERN = /^\d{6}$/;
/** Wrong PINs in a row before the card locks, and for how long: the wallet's payment password rule (3 hours, as Alipay locks). */
export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 3 * 3600_000;

/**
 * Limits in major units of the card's currency. Paygrid's cards carry no holder's
 * identity, so they are anonymous (不记名) cards under the People's Bank of China's
 * 《支付机构预付卡业务管理办法》 (PBOC announcement [2012] No. 12, article 9): a single
 * anonymous card may hold at most ¥1,000 (a registered, 记名, card ¥5,000). The
 * Ministry of Commerce's 《单用途商业预付卡管理办法（试行）》 sets the same limits for a
 * merchant's own store cards. So the balance cap is ¥1,000, and one load may be at
 * most that: any load larger than the cap could never land.
 */
export const MAX_BALANCE_MAJOR = 1_000n;
export const MAX_LOAD_MAJOR = 1_000n;
/** Cards one list page returns at most. */
export const MAX_LIST_LIMIT = 100;

/** Cards one consumer may have bound at once. */
export const MAX_CARDS_PER_HOLDER = 20;
