import { strict as assert } from 'node:assert';
import type { Clock } from '../../platform/clock.ts';
import {
  MAX_REFERENCE_CHARS,
  type AuthorizeOutcome,
  type AuthorizeRequest,
  type CaptureOutcome,
  type CaptureRequest,
  type PaymentMethodType,
  type Processor,
  type RefundOutcome,
  type RefundRequest,
  type SyncOutcome,
  type SyncRequest,
  type VoidOutcome,
  type VoidRequest,
  type WebhookOutcome,
  type WebhookRequest,
} from '../types.ts';
import { MIN_WEBHOOK_SECRET_CHARS, SANDBOX_SIGNATURE_HEADER, WEBHOOK_TOLERANCE_SECONDS, verifySignature } from '../signature.ts';
import type { SandboxAcquirerTransport } from './transport.ts';
import {
  authorizeOutcomeFromWire,
  authorizeRequestToWire,
  captureOutcomeFromWire,
  captureRequestToWire,
  eventFromWire,
  refundOutcomeFromWire,
  refundRequestToWire,
  statusRequestToWire,
  syncOutcomeFromWire,
  voidOutcomeFromWire,
  voidRequestToWire,
  type WireEndpoint,
} from './wire.ts';

export {
  AUTHORIZATION_VALIDITY_MS,
  CHALLENGE_VALIDITY_MS,
  MAX_REFUNDS_PER_AUTHORIZATION,
  SandboxCardAcquirer,
  type CompleteAuthenticationResult,
  type SandboxCardAcquirerOptions,
  type SandboxChallenge,
} from './acquirer.ts';
export { SANDBOX_TEST_CARDS, SANDBOX_TIMEOUT_CARD_NUMBER, type SandboxBehaviour, type SandboxTestCard } from './test-cards.ts';
export { SANDBOX_REQUEST_TIMEOUT_MS, inProcessTransport, type SandboxAcquirerTransport, type SimulatedNetwork, type TransportReply } from './transport.ts';
export { MIN_WEBHOOK_SECRET_CHARS, SANDBOX_SIGNATURE_HEADER, WEBHOOK_TOLERANCE_SECONDS } from '../signature.ts';

/** Webhook bodies from the sandbox are a few hundred bytes; the bound refuses anything else before hashing it. */
export const MAX_SANDBOX_WEBHOOK_BODY_CHARS = 64 * 1024;

export interface SandboxCardProcessorOptions {
  transport: SandboxAcquirerTransport;
  /** Shared with the acquirer; verifies its webhooks. */
  webhookSecret: string;
  clock: Clock;
  webhookToleranceSeconds?: number;
}

/**
 * The connector for the sandbox card acquirer: maps Paygrid's processor requests to the
 * acquirer's wire format (wire.ts), sends them, and maps the answers back, checking that
 * every amount the acquirer echoes is the amount asked for. A timeout is `unknown`, never a
 * failure: the acquirer may have acted, and `syncStatus` finds out.
 */
export class SandboxCardProcessor implements Processor {
  readonly id = 'sandbox_card';
  readonly paymentMethodTypes: readonly PaymentMethodType[] = ['card'];
  private readonly transport: SandboxAcquirerTransport;
  private readonly webhookSecret: string;
  private readonly clock: Clock;
  private readonly webhookToleranceSeconds: number;

  constructor(options: SandboxCardProcessorOptions) {
    if (options.webhookSecret.length < MIN_WEBHOOK_SECRET_CHARS) throw new Error(`webhookSecret must have at least ${MIN_WEBHOOK_SECRET_CHARS} characters`);
    this.transport = options.transport;
    this.webhookSecret = options.webhookSecret;
    this.clock = options.clock;
    this.webhookToleranceSeconds = options.webhookToleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome> {
    assertReference(request.reference);
    assert(request.amount.amountMinor > 0n, 'an authorization is for a positive amount');
    const reply = await this.send('authorize', authorizeRequestToWire(request));
    return reply === 'timed_out' ? { status: 'unknown', reason: 'timeout' } : authorizeOutcomeFromWire(reply, request);
  }

  async capture(request: CaptureRequest): Promise<CaptureOutcome> {
    assertReference(request.reference);
    assert(request.amount.amountMinor > 0n, 'a capture is for a positive amount');
    const reply = await this.send('capture', captureRequestToWire(request));
    return reply === 'timed_out' ? { status: 'unknown', reason: 'timeout', processorReference: request.processorReference } : captureOutcomeFromWire(reply, request);
  }

  async void(request: VoidRequest): Promise<VoidOutcome> {
    assertReference(request.reference);
    const reply = await this.send('void', voidRequestToWire(request));
    return reply === 'timed_out' ? { status: 'unknown', reason: 'timeout', processorReference: request.processorReference } : voidOutcomeFromWire(reply);
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    assertReference(request.reference);
    assert(request.amount.amountMinor > 0n, 'a refund is for a positive amount');
    const reply = await this.send('refund', refundRequestToWire(request));
    return reply === 'timed_out' ? { status: 'unknown', reason: 'timeout', processorReference: request.processorReference } : refundOutcomeFromWire(reply, request);
  }

  async syncStatus(request: SyncRequest): Promise<SyncOutcome> {
    assertReference(request.reference);
    const reply = await this.send('status', statusRequestToWire(request));
    return reply === 'timed_out' ? { status: 'unknown', reason: 'timeout' } : syncOutcomeFromWire(reply, request);
  }

  parseWebhook(request: WebhookRequest): WebhookOutcome {
    if (request.rawBody.length > MAX_SANDBOX_WEBHOOK_BODY_CHARS) return { status: 'rejected', code: 'payload_too_large' };
    const header = request.headers[SANDBOX_SIGNATURE_HEADER];
    const rejection = verifySignature(header, request.rawBody, this.webhookSecret, this.clock.nowMs(), this.webhookToleranceSeconds);
    if (rejection !== undefined) return { status: 'rejected', code: rejection };
    const event = eventFromWire(request.rawBody);
    return event === undefined ? { status: 'rejected', code: 'payload_malformed' } : { status: 'accepted', event };
  }

  private async send(endpoint: WireEndpoint, body: object): Promise<{ httpStatus: number; body: string } | 'timed_out'> {
    const reply = await this.transport.send(endpoint, JSON.stringify(body));
    return reply.kind === 'timed_out' ? 'timed_out' : { httpStatus: reply.httpStatus, body: reply.body };
  }
}

function assertReference(reference: string): void {
  assert(reference.length > 0 && reference.length <= MAX_REFERENCE_CHARS, `a reference has 1 to ${MAX_REFERENCE_CHARS} characters`);
}
