import { money, type Money } from '../../money/index.ts';
import { echoMismatch, fromWireMajor, toWireMajor } from '../amounts.ts';
import type { DeclineCode, OperationFailureCode } from '../codes.ts';
import type {
  AuthorizationSnapshot,
  AuthorizationState,
  AuthorizeOutcome,
  AuthorizeRequest,
  CaptureOutcome,
  CaptureRequest,
  ProcessorEvent,
  RefundOutcome,
  RefundRequest,
  SyncOutcome,
  SyncRequest,
  UnknownOutcome,
  VoidOutcome,
  VoidRequest,
} from '../types.ts';
import { isRecord, parseJson, WireReader } from '../wire-reader.ts';

/**
 * The sandbox acquirer's own API: its request and response bodies (JSON, snake_case,
 * major-unit decimal amounts as strings, as many Chinese acquirers take them) and their
 * mapping to and from Paygrid's processor types. Nothing outside this folder sees these.
 */

export const WIRE_ENDPOINTS = ['authorize', 'capture', 'void', 'refund', 'status'] as const;
export type WireEndpoint = (typeof WIRE_ENDPOINTS)[number];

/**
 * The acquirer's response codes: ISO 8583 field 39 codes where one exists, Visa's `N7` and
 * `1A`, and `S1`, the sandbox's own code for a failed 3-D Secure challenge.
 */
export const WIRE_RESPONSE_CODES = {
  '00': 'approved',
  '05': 'do not honour',
  '14': 'invalid card number',
  '41': 'lost card, pick up',
  '43': 'stolen card, pick up',
  '51': 'not sufficient funds',
  '54': 'expired card',
  '57': 'transaction not permitted to cardholder',
  '96': 'system malfunction',
  N7: 'decline for CVV2 failure',
  '1A': 'additional customer authentication required',
  S1: 'cardholder failed 3-D Secure authentication',
} as const;
export type WireResponseCode = keyof typeof WIRE_RESPONSE_CODES;
const RESPONSE_CODE_LIST = Object.keys(WIRE_RESPONSE_CODES) as [WireResponseCode, ...WireResponseCode[]];

export const WIRE_AUTHORIZATION_STATUSES = ['pending_authentication', 'approved', 'declined', 'captured', 'voided', 'expired'] as const;
export type WireAuthorizationStatus = (typeof WIRE_AUTHORIZATION_STATUSES)[number];

export const WIRE_ERROR_CODES = [
  'invalid_request',
  'not_found',
  'not_approved',
  'expired',
  'voided',
  'already_captured',
  'exceeds_authorized',
  'not_captured',
  'exceeds_captured',
  'too_many_refunds',
  'currency_mismatch',
  'reference_conflict',
] as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

export interface WireCard {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string | null;
}

export interface WireAuthorizeRequest {
  merchant_reference: string;
  amount: string;
  currency: string;
  card: WireCard;
  return_url: string | null;
}

export interface WireCaptureRequest {
  authorization_id: string;
  capture_reference: string;
  amount: string;
  currency: string;
}

export interface WireVoidRequest {
  authorization_id: string;
  void_reference: string;
}

export interface WireRefundRequest {
  authorization_id: string;
  refund_reference: string;
  amount: string;
  currency: string;
}

/** One of the two is set: the acquirer's id, or the merchant's reference when the answer was lost. */
export interface WireStatusRequest {
  authorization_id: string | null;
  merchant_reference: string | null;
}

export interface WireAuthorization {
  authorization_id: string;
  merchant_reference: string;
  status: WireAuthorizationStatus;
  /** The issuer's decision: `00`, a decline code, or `1A` while authentication is pending. */
  response_code: WireResponseCode;
  amount: string;
  captured_amount: string;
  refunded_amount: string;
  currency: string;
  expires_at: string | null;
  challenge_url: string | null;
}

export interface WireRefund {
  refund_id: string;
  refund_reference: string;
  authorization_id: string;
  amount: string;
  currency: string;
  status: 'succeeded';
}

export interface WireError {
  error: { code: WireErrorCode; message: string };
}

/** The body of the acquirer's webhook. */
export interface WireNotification {
  type: 'authorization.updated';
  authorization: WireAuthorization;
}

/** An HTTP-like answer from the acquirer. */
export interface WireAnswer {
  httpStatus: number;
  body: string;
}

// ---- Parsing the acquirer's answers ----

export function parseWireAuthorization(value: unknown): WireAuthorization | undefined {
  if (!isRecord(value)) return undefined;
  const r = new WireReader(value);
  const parsed: WireAuthorization = {
    authorization_id: r.string('authorization_id'),
    merchant_reference: r.string('merchant_reference'),
    status: r.oneOf('status', WIRE_AUTHORIZATION_STATUSES),
    response_code: r.oneOf('response_code', RESPONSE_CODE_LIST),
    amount: r.string('amount'),
    captured_amount: r.string('captured_amount'),
    refunded_amount: r.string('refunded_amount'),
    currency: r.string('currency'),
    expires_at: r.nullableString('expires_at'),
    challenge_url: r.nullableString('challenge_url'),
  };
  return r.ok ? parsed : undefined;
}

function parseWireRefund(value: unknown): WireRefund | undefined {
  if (!isRecord(value)) return undefined;
  const r = new WireReader(value);
  const parsed: WireRefund = {
    refund_id: r.string('refund_id'),
    refund_reference: r.string('refund_reference'),
    authorization_id: r.string('authorization_id'),
    amount: r.string('amount'),
    currency: r.string('currency'),
    status: r.oneOf('status', ['succeeded']),
  };
  return r.ok ? parsed : undefined;
}

function parseWireError(value: unknown): WireError | undefined {
  if (!isRecord(value)) return undefined;
  const error = new WireReader(value).record('error');
  const parsed: WireError = { error: { code: error.oneOf('code', WIRE_ERROR_CODES), message: error.string('message') } };
  return error.ok ? parsed : undefined;
}

export function parseWireNotification(value: unknown): WireNotification | undefined {
  if (!isRecord(value) || value.type !== 'authorization.updated') return undefined;
  const authorization = parseWireAuthorization(value.authorization);
  return authorization === undefined ? undefined : { type: 'authorization.updated', authorization };
}

/** A success body (200), an error body (4xx), or neither: an answer we cannot read. */
function readAnswer<T>(answer: WireAnswer, parseSuccess: (value: unknown) => T | undefined): { kind: 'success'; body: T } | { kind: 'error'; code: WireErrorCode } | { kind: 'malformed' } {
  const json = parseJson(answer.body);
  if (answer.httpStatus === 200) {
    const body = parseSuccess(json);
    return body === undefined ? { kind: 'malformed' } : { kind: 'success', body };
  }
  if (answer.httpStatus >= 400 && answer.httpStatus < 500) {
    const error = parseWireError(json);
    return error === undefined ? { kind: 'malformed' } : { kind: 'error', code: error.error.code };
  }
  return { kind: 'malformed' };
}

// ---- Requests: Paygrid → acquirer ----

export function authorizeRequestToWire(request: AuthorizeRequest): WireAuthorizeRequest {
  // The card processor is only ever handed cards (PaymentIntents routes by method type).
  if (request.paymentMethod.type !== 'card') throw new Error(`the card acquirer cannot authorize ${request.paymentMethod.type}`);
  const { card } = request.paymentMethod;
  return {
    merchant_reference: request.reference,
    amount: toWireMajor(request.amount),
    currency: request.amount.currency,
    // The one place the clear number leaves the vault's wrapper: the body sent to the acquirer.
    card: { number: card.revealNumber(), exp_month: card.expMonth, exp_year: card.expYear, cvc: card.revealCvc() ?? null },
    return_url: request.returnUrl ?? null,
  };
}

export function captureRequestToWire(request: CaptureRequest): WireCaptureRequest {
  return { authorization_id: request.processorReference, capture_reference: request.reference, amount: toWireMajor(request.amount), currency: request.amount.currency };
}

export function voidRequestToWire(request: VoidRequest): WireVoidRequest {
  return { authorization_id: request.processorReference, void_reference: request.reference };
}

export function refundRequestToWire(request: RefundRequest): WireRefundRequest {
  return { authorization_id: request.processorReference, refund_reference: request.reference, amount: toWireMajor(request.amount), currency: request.amount.currency };
}

export function statusRequestToWire(request: SyncRequest): WireStatusRequest {
  return request.processorReference === undefined
    ? { authorization_id: null, merchant_reference: request.reference }
    : { authorization_id: request.processorReference, merchant_reference: null };
}

// ---- Answers: acquirer → Paygrid ----

const MALFORMED: UnknownOutcome = { status: 'unknown', reason: 'malformed_response' };

/** What the issuer decided, from the response code. Exhaustive: a new code fails to compile here. */
function decisionFromWire(code: WireResponseCode): { kind: 'approved' } | { kind: 'authentication_pending' } | { kind: 'declined'; declineCode: DeclineCode } {
  switch (code) {
    case '00':
      return { kind: 'approved' };
    case '1A':
      return { kind: 'authentication_pending' };
    case '05':
      return { kind: 'declined', declineCode: 'generic_decline' };
    case '14':
      return { kind: 'declined', declineCode: 'incorrect_number' };
    case '41':
      return { kind: 'declined', declineCode: 'lost_card' };
    case '43':
      return { kind: 'declined', declineCode: 'stolen_card' };
    case '51':
      return { kind: 'declined', declineCode: 'insufficient_funds' };
    case '54':
      return { kind: 'declined', declineCode: 'expired_card' };
    case '57':
      return { kind: 'declined', declineCode: 'card_not_supported' };
    case '96':
      return { kind: 'declined', declineCode: 'processing_error' };
    case 'N7':
      return { kind: 'declined', declineCode: 'incorrect_cvc' };
    case 'S1':
      return { kind: 'declined', declineCode: 'authentication_failed' };
    default: {
      const unhandled: never = code;
      throw new Error(`unhandled sandbox response code ${String(unhandled)}`);
    }
  }
}

function stateFromWire(status: WireAuthorizationStatus): AuthorizationState {
  switch (status) {
    case 'pending_authentication':
      return 'requires_action';
    case 'approved':
      return 'authorized';
    case 'declined':
      return 'declined';
    case 'captured':
      return 'captured';
    case 'voided':
      return 'voided';
    case 'expired':
      return 'expired';
    default: {
      const unhandled: never = status;
      throw new Error(`unhandled sandbox authorization status ${String(unhandled)}`);
    }
  }
}

/**
 * Requests the acquirer refused as malformed, or references reused for another authorization,
 * are bugs in Paygrid (it validates requests and makes references unique): they fail loudly.
 */
function operationFailureFromWire(code: WireErrorCode, endpoint: WireEndpoint): OperationFailureCode {
  switch (code) {
    case 'not_found':
      return 'authorization_not_found';
    case 'not_approved':
      return 'authorization_not_approved';
    case 'expired':
      return 'authorization_expired';
    case 'voided':
      return 'authorization_voided';
    case 'already_captured':
      return 'authorization_already_captured';
    case 'exceeds_authorized':
      return 'amount_exceeds_authorized';
    case 'not_captured':
      return 'authorization_not_captured';
    case 'exceeds_captured':
      return 'amount_exceeds_captured';
    case 'too_many_refunds':
      return 'refund_limit_reached';
    case 'currency_mismatch':
      return 'currency_differs_from_authorization';
    case 'reference_conflict':
      return 'reference_reused_with_different_request';
    case 'invalid_request':
      throw new Error(`the sandbox acquirer refused a ${endpoint} request as invalid: a bug in the request mapping`);
    default: {
      const unhandled: never = code;
      throw new Error(`unhandled sandbox error code ${String(unhandled)}`);
    }
  }
}

/** The amounts of an answer, or undefined if any is not a decimal of its currency. */
function wireAmounts(auth: WireAuthorization): { authorized: Money; captured: Money; refunded: Money } | undefined {
  const authorized = fromWireMajor(auth.amount, auth.currency);
  const captured = fromWireMajor(auth.captured_amount, auth.currency);
  const refunded = fromWireMajor(auth.refunded_amount, auth.currency);
  if (authorized === undefined || captured === undefined || refunded === undefined) return undefined;
  return { authorized: money(authorized, auth.currency), captured: money(captured, auth.currency), refunded: money(refunded, auth.currency) };
}

function timestampMs(text: string | null): number | undefined | 'malformed' {
  if (text === null) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : 'malformed';
}

/** The processor's view of an authorization, or undefined if the answer is inconsistent. */
export function snapshotFromWire(auth: WireAuthorization): AuthorizationSnapshot | undefined {
  const amounts = wireAmounts(auth);
  const expiresAtMs = timestampMs(auth.expires_at);
  if (amounts === undefined || expiresAtMs === 'malformed') return undefined;
  const state = stateFromWire(auth.status);
  const decision = decisionFromWire(auth.response_code);
  if (state === 'requires_action' && auth.challenge_url === null) return undefined;
  return {
    processorReference: auth.authorization_id,
    reference: auth.merchant_reference,
    state,
    amountAuthorized: amounts.authorized,
    amountCaptured: amounts.captured,
    amountRefunded: amounts.refunded,
    expiresAtMs,
    declineCode: state === 'declined' && decision.kind === 'declined' ? decision.declineCode : undefined,
    nextAction: state === 'requires_action' && auth.challenge_url !== null ? { type: 'redirect_to_url', url: auth.challenge_url } : undefined,
  };
}

/**
 * An authorize answer describes the authorization as it is now (a retried reference may find
 * it captured since). The issuer's decision is in the response code, so that is what decides
 * the outcome: `00` was authorized whatever happened after; `1A` asks for authentication while
 * it is pending, and reads as Stripe's `authentication_required` decline once it no longer is.
 */
export function authorizeOutcomeFromWire(answer: WireAnswer, request: AuthorizeRequest): AuthorizeOutcome {
  const read = readAnswer(answer, parseWireAuthorization);
  if (read.kind === 'malformed') return MALFORMED;
  if (read.kind === 'error') {
    throw new Error(`the sandbox acquirer answered an authorize request with ${read.code}: references must be unique per attempt and requests valid`);
  }
  const auth = read.body;
  const processorReference = auth.authorization_id;
  const snapshot = snapshotFromWire(auth);
  if (snapshot === undefined || auth.merchant_reference !== request.reference) return { ...MALFORMED, processorReference };
  const mismatch = echoMismatch(request.amount, snapshot.amountAuthorized.currency, snapshot.amountAuthorized.amountMinor);
  if (mismatch !== undefined) return { status: 'unknown', reason: mismatch, processorReference };
  const decision = decisionFromWire(auth.response_code);
  switch (decision.kind) {
    case 'approved':
      if (snapshot.expiresAtMs === undefined) return { ...MALFORMED, processorReference };
      return { status: 'authorized', processorReference, amount: snapshot.amountAuthorized, expiresAtMs: snapshot.expiresAtMs };
    case 'authentication_pending':
      if (snapshot.nextAction === undefined || snapshot.expiresAtMs === undefined) return { status: 'declined', processorReference, declineCode: 'authentication_required' };
      return { status: 'requires_action', processorReference, nextAction: snapshot.nextAction, expiresAtMs: snapshot.expiresAtMs };
    case 'declined':
      return { status: 'declined', processorReference, declineCode: decision.declineCode };
    default: {
      const unhandled: never = decision;
      throw new Error(`unhandled decision ${JSON.stringify(unhandled)}`);
    }
  }
}

export function captureOutcomeFromWire(answer: WireAnswer, request: CaptureRequest): CaptureOutcome {
  const read = readAnswer(answer, parseWireAuthorization);
  if (read.kind === 'malformed') return MALFORMED;
  if (read.kind === 'error') return { status: 'failed', code: operationFailureFromWire(read.code, 'capture') };
  const snapshot = snapshotFromWire(read.body);
  if (snapshot === undefined || snapshot.state !== 'captured') return MALFORMED;
  const mismatch = echoMismatch(request.amount, snapshot.amountCaptured.currency, snapshot.amountCaptured.amountMinor);
  if (mismatch !== undefined) return { status: 'unknown', reason: mismatch, processorReference: snapshot.processorReference };
  return { status: 'succeeded', amount: snapshot.amountCaptured };
}

export function voidOutcomeFromWire(answer: WireAnswer): VoidOutcome {
  const read = readAnswer(answer, parseWireAuthorization);
  if (read.kind === 'malformed') return MALFORMED;
  if (read.kind === 'error') return { status: 'failed', code: operationFailureFromWire(read.code, 'void') };
  return read.body.status === 'voided' ? { status: 'succeeded' } : MALFORMED;
}

export function refundOutcomeFromWire(answer: WireAnswer, request: RefundRequest): RefundOutcome {
  const read = readAnswer(answer, parseWireRefund);
  if (read.kind === 'malformed') return MALFORMED;
  if (read.kind === 'error') return { status: 'failed', code: operationFailureFromWire(read.code, 'refund') };
  const refund = read.body;
  const amountMinor = fromWireMajor(refund.amount, refund.currency);
  if (amountMinor === undefined || refund.refund_reference !== request.reference) return MALFORMED;
  const mismatch = echoMismatch(request.amount, refund.currency, amountMinor);
  if (mismatch !== undefined) return { status: 'unknown', reason: mismatch, processorReference: refund.authorization_id };
  return { status: 'succeeded', processorRefundReference: refund.refund_id, amount: money(amountMinor, refund.currency) };
}

export function syncOutcomeFromWire(answer: WireAnswer, request: SyncRequest): SyncOutcome {
  const read = readAnswer(answer, parseWireAuthorization);
  if (read.kind === 'malformed') return MALFORMED;
  if (read.kind === 'error') {
    if (read.code === 'not_found') return { status: 'not_found' };
    throw new Error(`the sandbox acquirer answered a status request with ${read.code}`);
  }
  const snapshot = snapshotFromWire(read.body);
  if (snapshot === undefined || snapshot.reference !== request.reference) return MALFORMED;
  const mismatch = echoMismatch(request.amount, snapshot.amountAuthorized.currency, snapshot.amountAuthorized.amountMinor);
  if (mismatch !== undefined) return { status: 'unknown', reason: mismatch, processorReference: snapshot.processorReference };
  return { status: 'found', authorization: snapshot };
}

/** A verified notification's body as a processor event, or undefined if it is not one we send. */
export function eventFromWire(body: string): ProcessorEvent | undefined {
  const notification = parseWireNotification(parseJson(body));
  const authorization = notification === undefined ? undefined : snapshotFromWire(notification.authorization);
  return authorization === undefined ? undefined : { type: 'authorization.updated', authorization };
}
