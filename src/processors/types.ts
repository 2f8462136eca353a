import type { Money } from '../money/index.ts';
import type { CardCredentials } from '../vault/index.ts';
import type { DeclineCode, OperationFailureCode, UnknownOutcomeReason, WebhookRejectionCode } from './codes.ts';

/**
 * The one interface every payment method's processor implements: the sandbox card acquirer
 * now, Alipay, WeChat Pay and UnionPay connectors later, without changes to the core.
 * Amounts are Money (bigint minor units with a currency). Outcomes are values; a processor
 * throws only on programming errors. Each processor maps its own wire format to these types
 * in its own folder; the core never sees a processor's JSON.
 */

/** New methods (`alipay`, `wechat_pay`, `unionpay_online`) extend this union and PaymentMethodData. */
export type PaymentMethodType = 'card' | 'online_banking';

/** Online banking (网银支付) names the payer's bank; the payer signs in on the bank's own page. */
export type PaymentMethodData = { type: 'card'; card: CardCredentials } | { type: 'online_banking'; bank: string };

/** References are idempotency keys; Stripe allows idempotency keys of up to 255 characters. */
export const MAX_REFERENCE_CHARS = 255;

export interface AuthorizeRequest {
  /** The core's id for this attempt. A retry with the same reference returns the same authorization. */
  reference: string;
  amount: Money;
  paymentMethod: PaymentMethodData;
  /** Where the customer returns after a redirect (3-D Secure, a wallet's page). */
  returnUrl?: string;
}

/** Stripe's `next_action` of type `redirect_to_url`. */
export interface NextAction {
  type: 'redirect_to_url';
  url: string;
}

export type AuthorizeOutcome =
  | { status: 'authorized'; processorReference: string; amount: Money; expiresAtMs: number }
  | { status: 'requires_action'; processorReference: string; nextAction: NextAction; expiresAtMs: number }
  | { status: 'declined'; processorReference: string | undefined; declineCode: DeclineCode }
  | UnknownOutcome;

/** Neither success nor failure: resolve with syncStatus. `processorReference` is present when the answer named one. */
export interface UnknownOutcome {
  status: 'unknown';
  reason: UnknownOutcomeReason;
  processorReference?: string;
}

export interface CaptureRequest {
  processorReference: string;
  /** Idempotency key of this capture. */
  reference: string;
  /** At most the authorized amount; less is a partial capture and releases the rest. */
  amount: Money;
}

export type CaptureOutcome =
  | { status: 'succeeded'; amount: Money }
  | { status: 'pending' }
  | { status: 'failed'; code: OperationFailureCode }
  | UnknownOutcome;

export interface VoidRequest {
  processorReference: string;
  reference: string;
}

export type VoidOutcome = { status: 'succeeded' } | { status: 'failed'; code: OperationFailureCode } | UnknownOutcome;

export interface RefundRequest {
  processorReference: string;
  /** Idempotency key of this refund: a retry returns the same refund. */
  reference: string;
  amount: Money;
}

export type RefundOutcome =
  | { status: 'succeeded'; processorRefundReference: string; amount: Money }
  | { status: 'pending'; processorRefundReference: string; amount: Money }
  | { status: 'failed'; code: OperationFailureCode }
  | UnknownOutcome;

export interface SyncRequest {
  /** The authorize reference; enough when the authorize answer was lost. */
  reference: string;
  processorReference?: string;
  /** The amount the core asked to authorize: the answer's amount is checked against it. */
  amount: Money;
}

export type AuthorizationState = 'requires_action' | 'authorized' | 'declined' | 'captured' | 'voided' | 'expired';

/** The processor's view of an authorization at the time it was asked. */
export interface AuthorizationSnapshot {
  processorReference: string;
  reference: string;
  state: AuthorizationState;
  amountAuthorized: Money;
  amountCaptured: Money;
  amountRefunded: Money;
  /** For requires_action and authorized: when the processor drops it. */
  expiresAtMs: number | undefined;
  declineCode: DeclineCode | undefined;
  nextAction: NextAction | undefined;
}

export type SyncOutcome =
  | { status: 'found'; authorization: AuthorizationSnapshot }
  /** The processor never received the authorize request: it is safe to send it again. */
  | { status: 'not_found' }
  | UnknownOutcome;

export interface WebhookRequest {
  /** Header names in lower case, as Node delivers them. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received: signatures are over bytes, not over parsed JSON. */
  rawBody: string;
}

export type ProcessorEvent = { type: 'authorization.updated'; authorization: AuthorizationSnapshot };

export type WebhookOutcome = { status: 'accepted'; event: ProcessorEvent } | { status: 'rejected'; code: WebhookRejectionCode };

export interface Processor {
  /** Stable id, stored with each payment attempt: `sandbox_card`. */
  readonly id: string;
  readonly paymentMethodTypes: readonly PaymentMethodType[];
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome>;
  capture(request: CaptureRequest): Promise<CaptureOutcome>;
  void(request: VoidRequest): Promise<VoidOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
  syncStatus(request: SyncRequest): Promise<SyncOutcome>;
  /** Verifies and parses a notification the processor sent; synchronous, no I/O. */
  parseWebhook(request: WebhookRequest): WebhookOutcome;
}
