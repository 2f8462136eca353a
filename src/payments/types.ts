import type { PayerContext, ScreeningVerdict } from '../platform/screening.ts';
import type { Metadata } from '../ledger/index.ts';

/** Stripe's payment intent statuses (https://docs.stripe.com/payments/paymentintents/lifecycle). */
export const PAYMENT_INTENT_STATUSES = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled'] as const;
export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[number];

export type CaptureMethod = 'automatic' | 'manual';
export type PaymentMethodType = 'card' | 'wallet' | 'prepaid_card' | 'online_banking';

/** Stripe's `last_payment_error`: a type, a stable code, and for declines the issuer's decline code. */
export interface PaymentError {
  type: 'card_error' | 'wallet_error' | 'bank_error' | 'api_error';
  code: string;
  declineCode?: string;
  message: string;
}

/** What the payer does next: open a page (3-D Secure, a bank), or enter the one-time code the risk engine sent. */
export type NextAction = { type: 'redirect_to_url'; url: string } | { type: 'verify_with_code'; channel: 'sms' };

/** The risk engine's decision as the intent carries it (`risk` on the wire). */
export type PaymentRisk = ScreeningVerdict;

/**
 * A confirmation the risk engine deferred (to a review or a challenge), kept
 * to be carried out later. It holds no secret: a payment password was checked
 * before the deferral.
 */
export type DeferredConfirmation =
  | { kind: 'wallet'; customerId: string }
  | { kind: 'agreement' }
  | { kind: 'prepaid_card_present'; cardId: string }
  | { kind: 'card'; paymentMethodId: string; returnUrl?: string }
  | { kind: 'online_banking'; bank: string; returnUrl?: string };

export type { PayerContext };

export interface PaymentIntent {
  id: string;
  merchantId: string;
  customerId: string | null;
  amountMinor: bigint;
  currency: string;
  status: PaymentIntentStatus;
  captureMethod: CaptureMethod;
  paymentMethodId: string | null;
  paymentMethodType: PaymentMethodType | null;
  amountCapturableMinor: bigint;
  amountReceivedMinor: bigint;
  amountRefundedMinor: bigint;
  feeMinor: bigint;
  feeRefundedMinor: bigint;
  attempt: number;
  holdTransferId: string | null;
  processorId: string | null;
  processorReference: string | null;
  authorizationExpiresAtMs: number | null;
  nextAction: NextAction | null;
  lastPaymentError: PaymentError | null;
  clientSecret: string;
  description: string;
  metadata: Metadata;
  canceledAtMs: number | null;
  cancellationReason: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  risk: PaymentRisk | null;
  deferredConfirmation: DeferredConfirmation | null;
}

export interface CardPaymentMethod {
  id: string;
  merchantId: string;
  customerId: string | null;
  type: 'card';
  cardId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
  createdAtMs: number;
}

export interface Refund {
  id: string;
  merchantId: string;
  paymentIntentId: string;
  amountMinor: bigint;
  currency: string;
  feeReturnedMinor: bigint;
  status: 'pending' | 'succeeded' | 'failed';
  reason: string | null;
  failureReason: string | null;
  metadata: Metadata;
  createdAtMs: number;
}

/** Why an operation on a payment intent was refused: one catalogue, mapped to HTTP in the edge. */
export type PaymentFailure =
  | { failure: 'payment_intent_not_found' }
  | { failure: 'payment_intent_unexpected_state'; status: PaymentIntentStatus }
  | { failure: 'payment_method_not_found' }
  | { failure: 'payment_method_required' }
  | { failure: 'customer_required' }
  | { failure: 'agreement_required' }
  | { failure: 'payment_code_invalid'; reason?: string }
  /** Not a prepaid card number of ours, or a card in another currency: bad input, not a decline. */
  | { failure: 'prepaid_card_invalid'; reason: 'invalid_number' | 'currency_mismatch' }
  /** The consumer named a prepaid card that is not bound to their account. */
  | { failure: 'prepaid_card_not_bound' }
  | { failure: 'payment_method_not_supported'; type: PaymentMethodType }
  | { failure: 'capture_method_not_supported'; type: PaymentMethodType }
  | { failure: 'customer_mismatch' }
  /** The operator blocked the paying customer: nothing was charged or used up. */
  | { failure: 'customer_blocked' }
  | { failure: 'client_secret_mismatch' }
  | { failure: 'amount_too_large'; maxMinor: bigint }
  | { failure: 'increment_not_supported' }
  | { failure: 'processor_error'; code: string }
  | { failure: 'wallet_password_rejected'; code: string; attemptsLeft?: number; lockedUntilMs?: number }
  | { failure: 'refund_exceeds_captured'; refundableMinor: bigint }
  | { failure: 'unknown_currency' }
  | { failure: 'challenge_failed'; code: 'invalid_code' | 'code_expired' | 'too_many_attempts' | 'no_challenge'; attemptsLeft?: number };

/** Holds on manual-capture payments last as long as a card authorization: 7 days (Stripe's default for most cards). */
export const AUTHORIZATION_WINDOW_MS = 7 * 24 * 3600_000;
/** Intents one expiry sweep cancels at most. */
export const EXPIRY_BATCH_LIMIT = 100;

/** Which payment intents a list shows (every field narrows it; none shows all the caller may see). */
export interface PaymentIntentFilter {
  merchantId?: string;
  customerId?: string;
  status?: PaymentIntentStatus;
  /** Created at or after (inclusive). */
  createdFromMs?: number;
  /** Created before (exclusive). */
  createdBeforeMs?: number;
  /** A prefix of the intent's id, or of its description (case-insensitive). */
  query?: string;
}

export interface RefundFilter {
  merchantId?: string;
  paymentIntentId?: string;
  status?: Refund['status'];
  createdFromMs?: number;
  createdBeforeMs?: number;
}

/** A half-open window of time, [fromMs, beforeMs). */
export interface TimeWindow {
  fromMs: number;
  beforeMs: number;
}

/**
 * A window's payment figures in one currency (docs/api.md, "Dashboard"): payment
 * intents counted by the window they were created in, refunds by theirs.
 */
export interface PaymentFigures {
  /** Payment intents created in the window. */
  paymentCount: number;
  /** Of those, the ones that succeeded, and the sum of what they received (minor units). */
  succeededCount: number;
  grossMinor: bigint;
  /** Of those, the ones whose last attempt failed (declined or blocked by risk) and the canceled ones. */
  failedCount: number;
  canceledCount: number;
  /** Succeeded refunds created in the window, and their sum (minor units). */
  refundCount: number;
  refundedMinor: bigint;
}

/** Saved cards a list returns at most. */
export const MAX_SAVED_CARDS = 100;
