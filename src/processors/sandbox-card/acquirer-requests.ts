import { isRecord, parseJson, WireReader } from '../wire-reader.ts';
import { MAX_REFERENCE_CHARS } from '../types.ts';
import type { WireAuthorizeRequest, WireCaptureRequest, WireEndpoint, WireRefundRequest, WireStatusRequest, WireVoidRequest } from './wire.ts';

/** The acquirer's side of its API: reading the requests it receives. Anything unreadable is `invalid_request`. */

export type WireRequest =
  | { endpoint: 'authorize'; body: WireAuthorizeRequest }
  | { endpoint: 'capture'; body: WireCaptureRequest }
  | { endpoint: 'void'; body: WireVoidRequest }
  | { endpoint: 'refund'; body: WireRefundRequest }
  | { endpoint: 'status'; body: WireStatusRequest };

/** Requests are small; anything bigger is refused before parsing. */
export const MAX_ACQUIRER_REQUEST_CHARS = 16 * 1024;
const MAX_CARD_NUMBER_CHARS = 19;
const MAX_URL_CHARS = 2_048;

function readAuthorize(r: WireReader): WireAuthorizeRequest {
  const card = r.record('card');
  return {
    merchant_reference: r.string('merchant_reference', MAX_REFERENCE_CHARS),
    amount: r.string('amount', 40),
    currency: r.string('currency', 3),
    card: {
      number: card.string('number', MAX_CARD_NUMBER_CHARS),
      exp_month: card.integer('exp_month', 1, 12),
      exp_year: card.integer('exp_year', 2000, 9999),
      cvc: card.nullableString('cvc', 4),
    },
    return_url: r.nullableString('return_url', MAX_URL_CHARS),
  };
}

function readCapture(r: WireReader): WireCaptureRequest {
  return {
    authorization_id: r.string('authorization_id', MAX_REFERENCE_CHARS),
    capture_reference: r.string('capture_reference', MAX_REFERENCE_CHARS),
    amount: r.string('amount', 40),
    currency: r.string('currency', 3),
  };
}

function readVoid(r: WireReader): WireVoidRequest {
  return { authorization_id: r.string('authorization_id', MAX_REFERENCE_CHARS), void_reference: r.string('void_reference', MAX_REFERENCE_CHARS) };
}

function readRefund(r: WireReader): WireRefundRequest {
  return {
    authorization_id: r.string('authorization_id', MAX_REFERENCE_CHARS),
    refund_reference: r.string('refund_reference', MAX_REFERENCE_CHARS),
    amount: r.string('amount', 40),
    currency: r.string('currency', 3),
  };
}

function readStatus(r: WireReader): WireStatusRequest | undefined {
  const body = { authorization_id: r.nullableString('authorization_id', MAX_REFERENCE_CHARS), merchant_reference: r.nullableString('merchant_reference', MAX_REFERENCE_CHARS) };
  return (body.authorization_id === null) === (body.merchant_reference === null) ? undefined : body;
}

/** Reads a request body for an endpoint, or undefined when it is not valid for it. */
export function readWireRequest(endpoint: WireEndpoint, text: string): WireRequest | undefined {
  const json = text.length <= MAX_ACQUIRER_REQUEST_CHARS ? parseJson(text) : undefined;
  if (!isRecord(json)) return undefined;
  const r = new WireReader(json);
  let request: WireRequest | undefined;
  switch (endpoint) {
    case 'authorize':
      request = { endpoint, body: readAuthorize(r) };
      break;
    case 'capture':
      request = { endpoint, body: readCapture(r) };
      break;
    case 'void':
      request = { endpoint, body: readVoid(r) };
      break;
    case 'refund':
      request = { endpoint, body: readRefund(r) };
      break;
    case 'status': {
      const body = readStatus(r);
      request = body === undefined ? undefined : { endpoint, body };
      break;
    }
    default: {
      const unhandled: never = endpoint;
      throw new Error(`unhandled endpoint ${String(unhandled)}`);
    }
  }
  return r.ok ? request : undefined;
}
