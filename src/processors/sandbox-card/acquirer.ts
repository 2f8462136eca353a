import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { MAX_API_AMOUNT_MINOR, findCurrency, money, toMajorString, type Money } from '../../money/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { cardBrand, expiryPassed, last4, luhnValid, normalizeCardNumber } from '../../vault/index.ts';
import { fromWireMajor } from '../amounts.ts';
import type { WebhookRequest } from '../types.ts';
import { readWireRequest } from './acquirer-requests.ts';
import * as store from './acquirer-store.ts';
import { MIN_WEBHOOK_SECRET_CHARS, SANDBOX_SIGNATURE_HEADER, signatureHeader } from '../signature.ts';
import { sandboxBehaviour } from './test-cards.ts';
import type {
  WireAuthorization,
  WireAuthorizationStatus,
  WireAuthorizeRequest,
  WireCaptureRequest,
  WireEndpoint,
  WireErrorCode,
  WireNotification,
  WireRefund,
  WireRefundRequest,
  WireResponseCode,
  WireStatusRequest,
  WireVoidRequest,
} from './wire.ts';

/**
 * Card networks let an acquirer hold an online authorization for about a week; Stripe
 * captures online card payments for up to 7 days
 * (https://docs.stripe.com/payments/place-a-hold-on-a-payment-method).
 */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;
/** How long the sandbox's 3-D Secure challenge stays open before the authorization expires. */
export const CHALLENGE_VALIDITY_MS = 60 * 60 * 1000;
/** Partial refunds per authorization. */
export const MAX_REFUNDS_PER_AUTHORIZATION = 100;

/** What the acquirer sends back: an answer, or nothing (the timeout card's lost answer). */
export type AcquirerReply = { kind: 'answer'; httpStatus: number; body: string } | { kind: 'no_answer' };

export interface SandboxCardAcquirerOptions {
  db: Database;
  clock: Clock;
  /** Base URL of the sandbox 3-D Secure page; the authorization id is appended as the last path segment. */
  challengePageUrl: string;
  /** Shared with the connector: signs the acquirer's webhooks. */
  webhookSecret: string;
}

/** What the sandbox 3-D Secure page shows. */
export interface SandboxChallenge {
  authorizationId: string;
  amount: Money;
  brand: string;
  last4: string;
  state: 'pending' | 'approved' | 'declined' | 'expired' | 'closed';
  returnUrl: string | undefined;
}

export type CompleteAuthenticationResult =
  | { result: 'ok'; approved: boolean; returnUrl: string | undefined; webhook: WebhookRequest }
  | { result: 'authorization_not_found' | 'authentication_not_pending' | 'authentication_expired' };

interface Decision {
  status: store.StoredStatus;
  responseCode: WireResponseCode;
  expiresAtMs: number | null;
  loseAnswer: boolean;
}

function answer(body: WireAuthorization | WireRefund): AcquirerReply {
  return { kind: 'answer', httpStatus: 200, body: JSON.stringify(body) };
}

function refuse(code: WireErrorCode, message: string): AcquirerReply {
  const httpStatus = code === 'invalid_request' ? 400 : code === 'not_found' ? 404 : 409;
  return { kind: 'answer', httpStatus, body: JSON.stringify({ error: { code, message } }) };
}

/** Positive minor units of a known currency, or undefined. */
function requestAmount(amount: string, currency: string): bigint | undefined {
  if (findCurrency(currency)?.code !== currency) return undefined;
  const minor = fromWireMajor(amount, currency);
  return minor !== undefined && minor > 0n && minor <= MAX_API_AMOUNT_MINOR ? minor : undefined;
}

/** Authorizations past their expiry read as expired; the stored row keeps what happened before. */
function effectiveStatus(a: store.AuthorizationRecord, nowMs: number): WireAuthorizationStatus {
  const live = a.status === 'approved' || a.status === 'pending_authentication';
  return live && a.expiresAtMs !== null && nowMs >= a.expiresAtMs ? 'expired' : a.status;
}

/** What the issuer decides, from the card alone: the sandbox's test cards decide the outcome. */
function decide(number: string, request: WireAuthorizeRequest, nowMs: number): Decision {
  const approved: Decision = { status: 'approved', responseCode: '00', expiresAtMs: nowMs + AUTHORIZATION_VALIDITY_MS, loseAnswer: false };
  const declined = (responseCode: WireResponseCode): Decision => ({ status: 'declined', responseCode, expiresAtMs: null, loseAnswer: false });
  if (!luhnValid(number)) return declined('14');
  if (cardBrand(number) === 'unknown') return declined('57');
  const behaviour = sandboxBehaviour(number);
  if (behaviour.kind !== 'decline' && expiryPassed(request.card.exp_month, request.card.exp_year, nowMs)) return declined('54');
  switch (behaviour.kind) {
    case 'approve':
      return approved;
    case 'lose_answer':
      return { ...approved, loseAnswer: true };
    case 'decline':
      return declined(behaviour.responseCode);
    case 'challenge':
      return { status: 'pending_authentication', responseCode: '1A', expiresAtMs: nowMs + CHALLENGE_VALIDITY_MS, loseAnswer: false };
    default: {
      const unhandled: never = behaviour;
      throw new Error(`unhandled behaviour ${JSON.stringify(unhandled)}`);
    }
  }
}

/** What a retry must repeat to be the same request. No card number: last four and expiry suffice. */
function requestDigest(request: WireAuthorizeRequest, amountMinor: bigint, number: string): string {
  const fields = [amountMinor.toString(), request.currency, cardBrand(number), last4(number), request.card.exp_month, request.card.exp_year];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * The sandbox acquirer: a pretend bank on the other side of the wire that behaves like a real
 * one. It keeps its own books (its own tables), decides by test card number, holds
 * authorizations for 7 days, captures once (partially if asked; the rest is released),
 * refunds up to the captured amount, and answers retried references idempotently.
 */
export class SandboxCardAcquirer {
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly challengeBase: URL;
  private readonly webhookSecret: string;

  constructor(options: SandboxCardAcquirerOptions) {
    const base = new URL(options.challengePageUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error('challengePageUrl must be an http(s) URL');
    if (options.webhookSecret.length < MIN_WEBHOOK_SECRET_CHARS) throw new Error(`webhookSecret must have at least ${MIN_WEBHOOK_SECRET_CHARS} characters`);
    this.db = options.db;
    this.clock = options.clock;
    this.challengeBase = base.pathname.endsWith('/') ? base : new URL(`${base.href}/`);
    this.webhookSecret = options.webhookSecret;
  }

  /** One request to the acquirer's API, as its HTTP server would receive it. */
  async handle(endpoint: WireEndpoint, body: string): Promise<AcquirerReply> {
    const request = readWireRequest(endpoint, body);
    if (request === undefined) return refuse('invalid_request', `not a valid ${endpoint} request`);
    switch (request.endpoint) {
      case 'authorize':
        return this.authorize(request.body);
      case 'capture':
        return this.capture(request.body);
      case 'void':
        return this.void(request.body);
      case 'refund':
        return this.refund(request.body);
      case 'status':
        return this.status(request.body);
      default: {
        const unhandled: never = request;
        throw new Error(`unhandled request ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** The sandbox 3-D Secure page's view of a challenge. */
  async challenge(authorizationId: string): Promise<SandboxChallenge | undefined> {
    const a = await store.findAuthorization(this.db, { id: authorizationId });
    if (a === undefined) return undefined;
    const status = effectiveStatus(a, this.clock.nowMs());
    const state = status === 'pending_authentication' ? 'pending' : status === 'expired' ? 'expired' : a.responseCode === '00' ? 'approved' : a.responseCode === 'S1' ? 'declined' : 'closed';
    return { authorizationId: a.id, amount: money(a.amountMinor, a.currency), brand: a.brand, last4: a.last4, state, returnUrl: a.returnUrl ?? undefined };
  }

  /**
   * The cardholder's answer on the sandbox 3-D Secure page. Returns the signed webhook the
   * acquirer sends about it; the caller delivers it (the sandbox has no outbound HTTP).
   */
  async completeAuthentication(authorizationId: string, approve: boolean): Promise<CompleteAuthenticationResult> {
    const nowMs = this.clock.nowMs();
    const outcome = await this.db.transaction(async (tx) => {
      const a = await store.lockAuthorization(tx, authorizationId);
      if (a === undefined) return { result: 'authorization_not_found' as const };
      const status = effectiveStatus(a, nowMs);
      if (status === 'expired') return { result: 'authentication_expired' as const };
      if (status !== 'pending_authentication') return { result: 'authentication_not_pending' as const };
      const completed: store.AuthorizationRecord = approve
        ? { ...a, status: 'approved', responseCode: '00', expiresAtMs: nowMs + AUTHORIZATION_VALIDITY_MS, updatedAtMs: nowMs }
        : { ...a, status: 'declined', responseCode: 'S1', expiresAtMs: null, updatedAtMs: nowMs };
      return { result: 'ok' as const, authorization: await store.updateAuthorization(tx, completed) };
    });
    if (outcome.result !== 'ok') return outcome;
    const { authorization } = outcome;
    return { result: 'ok', approved: approve, returnUrl: authorization.returnUrl ?? undefined, webhook: this.webhook(authorization, nowMs) };
  }

  private webhook(a: store.AuthorizationRecord, nowMs: number): WebhookRequest {
    const notification: WireNotification = { type: 'authorization.updated', authorization: this.toWire(a, nowMs) };
    const rawBody = JSON.stringify(notification);
    return { headers: { [SANDBOX_SIGNATURE_HEADER]: signatureHeader(this.webhookSecret, rawBody, nowMs), 'content-type': 'application/json' }, rawBody };
  }

  private async authorize(request: WireAuthorizeRequest): Promise<AcquirerReply> {
    const amountMinor = requestAmount(request.amount, request.currency);
    const normalized = normalizeCardNumber(request.card.number);
    if (amountMinor === undefined || normalized.result !== 'ok' || request.merchant_reference.length === 0) {
      return refuse('invalid_request', 'amount, currency, card number and merchant_reference are required');
    }
    const number = normalized.number;
    const digest = requestDigest(request, amountMinor, number);
    const existing = await store.findAuthorization(this.db, { merchantReference: request.merchant_reference });
    if (existing !== undefined) return this.replayAuthorize(existing, digest);
    const nowMs = this.clock.nowMs();
    const decision = decide(number, request, nowMs);
    const record: store.AuthorizationRecord = {
      id: newId('sbauth', nowMs),
      merchantReference: request.merchant_reference,
      requestDigest: digest,
      status: decision.status,
      responseCode: decision.responseCode,
      currency: request.currency,
      amountMinor,
      capturedMinor: 0n,
      refundedMinor: 0n,
      refundCount: 0,
      captureReference: null,
      voidReference: null,
      brand: cardBrand(number),
      last4: last4(number),
      returnUrl: request.return_url,
      expiresAtMs: decision.expiresAtMs,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    const inserted = await store.insertAuthorization(this.db, record);
    if (inserted === undefined) {
      // A retry with the same reference committed first: answer as that one did.
      const winner = await store.findAuthorization(this.db, { merchantReference: request.merchant_reference });
      assert(winner !== undefined, 'a merchant reference that conflicted on insert exists');
      return this.replayAuthorize(winner, digest);
    }
    return decision.loseAnswer ? { kind: 'no_answer' } : answer(this.toWire(inserted, nowMs));
  }

  /** A retried reference answers with the authorization it made, as it is now; a lost answer is not lost twice. */
  private replayAuthorize(existing: store.AuthorizationRecord, digest: string): AcquirerReply {
    if (existing.requestDigest !== digest) return refuse('reference_conflict', 'merchant_reference was used for another amount or card');
    return answer(this.toWire(existing, this.clock.nowMs()));
  }

  private async capture(request: WireCaptureRequest): Promise<AcquirerReply> {
    const amountMinor = requestAmount(request.amount, request.currency);
    if (amountMinor === undefined || request.capture_reference.length === 0) return refuse('invalid_request', 'a positive amount, a currency and capture_reference are required');
    const nowMs = this.clock.nowMs();
    return this.db.transaction(async (tx) => {
      const a = await store.lockAuthorization(tx, request.authorization_id);
      if (a === undefined) return refuse('not_found', 'no such authorization');
      if (a.captureReference === request.capture_reference) {
        const same = a.capturedMinor === amountMinor && a.currency === request.currency;
        return same ? answer(this.toWire(a, nowMs)) : refuse('reference_conflict', 'capture_reference was used for another amount');
      }
      const refusal = captureRefusal(effectiveStatus(a, nowMs), a, amountMinor, request.currency);
      if (refusal !== undefined) return refusal;
      const captured = await store.updateAuthorization(tx, { ...a, status: 'captured', capturedMinor: amountMinor, captureReference: request.capture_reference, updatedAtMs: nowMs });
      return answer(this.toWire(captured, nowMs));
    });
  }

  private async void(request: WireVoidRequest): Promise<AcquirerReply> {
    if (request.void_reference.length === 0) return refuse('invalid_request', 'void_reference is required');
    const nowMs = this.clock.nowMs();
    return this.db.transaction(async (tx) => {
      const a = await store.lockAuthorization(tx, request.authorization_id);
      if (a === undefined) return refuse('not_found', 'no such authorization');
      if (a.voidReference === request.void_reference) return answer(this.toWire(a, nowMs));
      const refusal = voidRefusal(effectiveStatus(a, nowMs));
      if (refusal !== undefined) return refusal;
      const voided = await store.updateAuthorization(tx, { ...a, status: 'voided', voidReference: request.void_reference, updatedAtMs: nowMs });
      return answer(this.toWire(voided, nowMs));
    });
  }

  private async refund(request: WireRefundRequest): Promise<AcquirerReply> {
    const amountMinor = requestAmount(request.amount, request.currency);
    if (amountMinor === undefined || request.refund_reference.length === 0) return refuse('invalid_request', 'a positive amount, a currency and refund_reference are required');
    const nowMs = this.clock.nowMs();
    return this.db.transaction(async (tx) => {
      const a = await store.lockAuthorization(tx, request.authorization_id);
      if (a === undefined) return refuse('not_found', 'no such authorization');
      // Under the authorization's lock, so two retries of one refund cannot both pass this check.
      const existing = await store.findRefund(tx, request.refund_reference);
      if (existing !== undefined) {
        const same = existing.authorizationId === a.id && existing.amountMinor === amountMinor && a.currency === request.currency;
        return same ? answer(this.refundToWire(existing, a.currency)) : refuse('reference_conflict', 'refund_reference was used for another refund');
      }
      const refusal = refundRefusal(effectiveStatus(a, nowMs), a, amountMinor, request.currency);
      if (refusal !== undefined) return refusal;
      const refund: store.RefundRecord = { id: newId('sbre', nowMs), refundReference: request.refund_reference, authorizationId: a.id, amountMinor, createdAtMs: nowMs };
      await store.insertRefund(tx, refund);
      await store.updateAuthorization(tx, { ...a, refundedMinor: a.refundedMinor + amountMinor, refundCount: a.refundCount + 1, updatedAtMs: nowMs });
      return answer(this.refundToWire(refund, a.currency));
    });
  }

  private async status(request: WireStatusRequest): Promise<AcquirerReply> {
    const by = request.authorization_id !== null ? { id: request.authorization_id } : { merchantReference: request.merchant_reference ?? '' };
    const a = await store.findAuthorization(this.db, by);
    return a === undefined ? refuse('not_found', 'no such authorization') : answer(this.toWire(a, this.clock.nowMs()));
  }

  private toWire(a: store.AuthorizationRecord, nowMs: number): WireAuthorization {
    const status = effectiveStatus(a, nowMs);
    return {
      authorization_id: a.id,
      merchant_reference: a.merchantReference,
      status,
      response_code: a.responseCode,
      amount: toMajorString(a.amountMinor, a.currency),
      captured_amount: toMajorString(a.capturedMinor, a.currency),
      refunded_amount: toMajorString(a.refundedMinor, a.currency),
      currency: a.currency,
      expires_at: a.expiresAtMs === null ? null : new Date(a.expiresAtMs).toISOString(),
      challenge_url: status === 'pending_authentication' ? new URL(encodeURIComponent(a.id), this.challengeBase).href : null,
    };
  }

  private refundToWire(refund: store.RefundRecord, currency: string): WireRefund {
    return {
      refund_id: refund.id,
      refund_reference: refund.refundReference,
      authorization_id: refund.authorizationId,
      amount: toMajorString(refund.amountMinor, currency),
      currency,
      status: 'succeeded',
    };
  }
}

/** Why a capture is refused, or undefined if it may proceed. One capture per authorization, as Stripe's default. */
function captureRefusal(status: WireAuthorizationStatus, a: store.AuthorizationRecord, amountMinor: bigint, currency: string): AcquirerReply | undefined {
  switch (status) {
    case 'approved':
      if (currency !== a.currency) return refuse('currency_mismatch', `the authorization is in ${a.currency}`);
      return amountMinor > a.amountMinor ? refuse('exceeds_authorized', 'the capture is larger than the authorization') : undefined;
    case 'captured':
      return refuse('already_captured', 'the authorization was captured already');
    case 'voided':
      return refuse('voided', 'the authorization was voided');
    case 'expired':
      return refuse('expired', 'the authorization expired');
    case 'declined':
    case 'pending_authentication':
      return refuse('not_approved', 'the authorization is not approved');
    default: {
      const unhandled: never = status;
      throw new Error(`unhandled status ${String(unhandled)}`);
    }
  }
}

/** A void releases an uncaptured authorization, or abandons one waiting for authentication. */
function voidRefusal(status: WireAuthorizationStatus): AcquirerReply | undefined {
  switch (status) {
    case 'approved':
    case 'pending_authentication':
      return undefined;
    case 'captured':
      return refuse('already_captured', 'a captured authorization is refunded, not voided');
    case 'voided':
      return refuse('voided', 'the authorization was voided already');
    case 'expired':
      return refuse('expired', 'the authorization expired');
    case 'declined':
      return refuse('not_approved', 'the authorization was declined');
    default: {
      const unhandled: never = status;
      throw new Error(`unhandled status ${String(unhandled)}`);
    }
  }
}

function refundRefusal(status: WireAuthorizationStatus, a: store.AuthorizationRecord, amountMinor: bigint, currency: string): AcquirerReply | undefined {
  switch (status) {
    case 'captured':
      if (currency !== a.currency) return refuse('currency_mismatch', `the authorization is in ${a.currency}`);
      if (a.refundedMinor + amountMinor > a.capturedMinor) return refuse('exceeds_captured', 'the refunds would exceed the captured amount');
      return a.refundCount >= MAX_REFUNDS_PER_AUTHORIZATION ? refuse('too_many_refunds', `at most ${MAX_REFUNDS_PER_AUTHORIZATION} refunds`) : undefined;
    case 'approved':
    case 'pending_authentication':
    case 'declined':
    case 'voided':
    case 'expired':
      return refuse('not_captured', 'only a captured authorization can be refunded');
    default: {
      const unhandled: never = status;
      throw new Error(`unhandled status ${String(unhandled)}`);
    }
  }
}
