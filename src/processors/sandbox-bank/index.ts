import type { Clock } from '../../platform/clock.ts';
import { AUTHORIZATION_VALIDITY_MS } from '../sandbox-card/acquirer.ts';
import { DECLINE_CODES, type DeclineCode, type OperationFailureCode } from '../codes.ts';
import { signatureHeader, verifySignature, MIN_WEBHOOK_SECRET_CHARS, SANDBOX_SIGNATURE_HEADER } from '../signature.ts';
import type {
  AuthorizeOutcome,
  AuthorizeRequest,
  CaptureOutcome,
  CaptureRequest,
  PaymentMethodType,
  Processor,
  RefundOutcome,
  RefundRequest,
  SyncOutcome,
  SyncRequest,
  VoidOutcome,
  VoidRequest,
  WebhookOutcome,
  WebhookRequest,
} from '../types.ts';
import { notificationOf, snapshotOf, type BankNotification, type BankPayment, type BankPaymentState, type SandboxBank } from './bank.ts';

export { BANK_PAGE_CHOICES, BANK_PAGE_VALIDITY_MS, SANDBOX_BANKS, SandboxBank, type BankPageChoice, type BankPayment, type SandboxBankCode } from './bank.ts';

/** Bank notifications are a few hundred bytes; the bound refuses anything else before hashing it. */
const MAX_NOTIFICATION_CHARS = 16 * 1024;
const STATES: ReadonlySet<BankPaymentState> = new Set(['pending', 'paid', 'declined', 'expired', 'canceled']);

/**
 * The online banking connector: the Processor interface over the sandbox bank.
 * A bank payment is a sale, not an authorization: the money leaves the payer's
 * account when they approve, so capture only confirms the full amount and the
 * way back is a refund.
 */
export class SandboxBankProcessor implements Processor {
  readonly id = 'sandbox_bank';
  readonly paymentMethodTypes: readonly PaymentMethodType[] = ['online_banking'];

  constructor(
    private readonly bank: SandboxBank,
    private readonly webhookSecret: string,
    private readonly clock: Clock,
  ) {
    if (webhookSecret.length < MIN_WEBHOOK_SECRET_CHARS) throw new Error(`webhookSecret must have at least ${MIN_WEBHOOK_SECRET_CHARS} characters`);
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome> {
    if (request.paymentMethod.type !== 'online_banking') throw new Error(`the bank cannot authorize ${request.paymentMethod.type}`);
    const payment = await this.bank.open({ reference: request.reference, bank: request.paymentMethod.bank, amountMinor: request.amount.amountMinor, currency: request.amount.currency, returnUrl: request.returnUrl });
    if (payment.amountMinor !== request.amount.amountMinor || payment.currency !== request.amount.currency) return { status: 'unknown', reason: 'amount_mismatch', processorReference: payment.id };
    const snapshot = snapshotOf(payment, this.bank.pageUrl);
    switch (payment.state) {
      case 'pending':
        return { status: 'requires_action', processorReference: payment.id, nextAction: { type: 'redirect_to_url', url: `${this.bank.pageUrl}${payment.id}` }, expiresAtMs: payment.expiresAtMs };
      case 'paid':
        // The money has left the payer's account; the platform captures at once, within the card networks' usual week.
        return { status: 'authorized', processorReference: payment.id, amount: snapshot.amountAuthorized, expiresAtMs: this.clock.nowMs() + AUTHORIZATION_VALIDITY_MS };
      default:
        return { status: 'declined', processorReference: payment.id, declineCode: payment.declineCode ?? 'authentication_required' };
    }
  }

  async capture(request: CaptureRequest): Promise<CaptureOutcome> {
    const payment = await this.bank.byId(request.processorReference);
    const refused = payment === undefined ? 'authorization_not_found' : notPaid(payment);
    if (refused !== undefined || payment === undefined) return { status: 'failed', code: refused ?? 'authorization_not_found' };
    if (request.amount.currency !== payment.currency) return { status: 'failed', code: 'currency_differs_from_authorization' };
    if (request.amount.amountMinor > payment.amountMinor) return { status: 'failed', code: 'amount_exceeds_authorized' };
    if (request.amount.amountMinor < payment.amountMinor) return { status: 'failed', code: 'partial_capture_not_supported' };
    await this.bank.markCaptured(payment.id);
    return { status: 'succeeded', amount: request.amount };
  }

  /** Closes the bank's page, so that an approval after a cancel cannot take money. A paid payment cannot be voided. */
  async void(request: VoidRequest): Promise<VoidOutcome> {
    const payment = await this.bank.cancel(request.processorReference);
    if (payment === undefined) return { status: 'failed', code: 'authorization_not_found' };
    if (payment.state === 'canceled') return { status: 'succeeded' };
    return { status: 'failed', code: notPaid(payment) ?? 'authorization_already_captured' };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    const refunded = await this.bank.refund(request.processorReference, request.reference, request.amount.amountMinor);
    switch (refunded.result) {
      case 'ok':
        return { status: 'succeeded', processorRefundReference: request.reference, amount: request.amount };
      case 'not_paid':
        return { status: 'failed', code: 'authorization_not_captured' };
      case 'exceeds_paid':
        return { status: 'failed', code: 'amount_exceeds_captured' };
      case 'reference_reused':
        return { status: 'failed', code: 'reference_reused_with_different_request' };
      default: {
        const unknown: never = refunded;
        throw new Error(`unhandled bank refund result ${JSON.stringify(unknown)}`);
      }
    }
  }

  async syncStatus(request: SyncRequest): Promise<SyncOutcome> {
    const payment = await this.bank.byReference(request.reference);
    if (payment === undefined) return { status: 'not_found' };
    if (payment.amountMinor !== request.amount.amountMinor || payment.currency !== request.amount.currency) return { status: 'unknown', reason: 'amount_mismatch', processorReference: payment.id };
    return { status: 'found', authorization: snapshotOf(payment, this.bank.pageUrl) };
  }

  /** The bank's signed notification, as it would arrive at a webhook endpoint. */
  notification(payment: BankPayment): WebhookRequest {
    const rawBody = JSON.stringify(notificationOf(payment));
    return { headers: { [SANDBOX_SIGNATURE_HEADER]: signatureHeader(this.webhookSecret, rawBody, this.clock.nowMs()) }, rawBody };
  }

  parseWebhook(request: WebhookRequest): WebhookOutcome {
    if (request.rawBody.length > MAX_NOTIFICATION_CHARS) return { status: 'rejected', code: 'payload_too_large' };
    const rejected = verifySignature(request.headers[SANDBOX_SIGNATURE_HEADER], request.rawBody, this.webhookSecret, this.clock.nowMs());
    if (rejected !== undefined) return { status: 'rejected', code: rejected };
    const payment = paymentFromNotification(request.rawBody);
    if (payment === undefined) return { status: 'rejected', code: 'payload_malformed' };
    return { status: 'accepted', event: { type: 'authorization.updated', authorization: snapshotOf(payment, this.bank.pageUrl) } };
  }
}

/** Why a payment that is not paid cannot be captured or voided as one; undefined when it is paid. */
function notPaid(payment: BankPayment): OperationFailureCode | undefined {
  switch (payment.state) {
    case 'paid':
      return undefined;
    case 'expired':
      return 'authorization_expired';
    case 'canceled':
      return 'authorization_voided';
    default:
      return 'authorization_not_approved';
  }
}

const DIGITS = /^\d{1,19}$/;

/** Reads a notification body field by field; anything unexpected makes it malformed. */
function paymentFromNotification(rawBody: string): BankPayment | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  const body = parsed as Partial<BankNotification>;
  const p = body?.payment;
  if (body?.type !== 'payment.updated' || typeof p !== 'object' || p === null) return undefined;
  const valid =
    typeof p.id === 'string' &&
    typeof p.reference === 'string' &&
    STATES.has(p.state) &&
    typeof p.captured === 'boolean' &&
    typeof p.amount === 'string' &&
    DIGITS.test(p.amount) &&
    typeof p.amount_refunded === 'string' &&
    DIGITS.test(p.amount_refunded) &&
    typeof p.currency === 'string' &&
    /^[A-Z]{3}$/.test(p.currency) &&
    (p.decline_code === null || Object.hasOwn(DECLINE_CODES, p.decline_code)) &&
    Number.isSafeInteger(p.expires_at_ms);
  if (!valid) return undefined;
  return {
    id: p.id,
    reference: p.reference,
    bank: '',
    amountMinor: BigInt(p.amount),
    currency: p.currency,
    state: p.state,
    captured: p.captured,
    declineCode: p.decline_code as DeclineCode | null,
    amountRefundedMinor: BigInt(p.amount_refunded),
    returnUrl: null,
    expiresAtMs: p.expires_at_ms,
  };
}
