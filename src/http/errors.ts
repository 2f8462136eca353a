/**
 * The one catalogue of API errors. Every error answer has MISSION.md's shape:
 * `{ "error": { "type", "code", "message", "param"? } }`, and the HTTP layer
 * alone picks the status code (Stripe's use of 400/401/402/403/404/409/429).
 */
export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'rate_limit_error' | 'idempotency_error' | 'card_error' | 'api_error';

export const API_ERRORS = {
  parameter_invalid: { status: 400, type: 'invalid_request_error' },
  parameter_missing: { status: 400, type: 'invalid_request_error' },
  parameter_unknown: { status: 400, type: 'invalid_request_error' },
  invalid_json: { status: 400, type: 'invalid_request_error' },
  body_too_large: { status: 413, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  api_key_missing: { status: 401, type: 'authentication_error' },
  authentication_failed: { status: 401, type: 'authentication_error' },
  api_key_invalid: { status: 401, type: 'authentication_error' },
  payment_declined: { status: 402, type: 'card_error' },
  permission_denied: { status: 403, type: 'permission_error' },
  resource_missing: { status: 404, type: 'invalid_request_error' },
  route_not_found: { status: 404, type: 'invalid_request_error' },
  resource_exists_with_different_fields: { status: 409, type: 'invalid_request_error' },
  resource_already_exists: { status: 409, type: 'invalid_request_error' },
  payment_intent_unexpected_state: { status: 400, type: 'invalid_request_error' },
  idempotency_error: { status: 400, type: 'idempotency_error' },
  idempotency_key_in_use: { status: 409, type: 'idempotency_error' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  service_unavailable: { status: 503, type: 'api_error' },
  internal_error: { status: 500, type: 'api_error' },
} as const satisfies Record<string, { status: number; type: ErrorType }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ErrorBody {
  error: { type: ErrorType; code: string; message: string; param?: string; [extra: string]: unknown };
}

/** Thrown by route handlers; the error handler turns it into the error object. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly param?: string,
    /** A more specific code (for example a ledger result) shown instead of `code`. */
    readonly detailCode?: string,
    /** Further fields of the error object, as Stripe adds `decline_code` and `payment_intent` to card errors. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return API_ERRORS[this.code].status;
  }

  body(): ErrorBody {
    const error: ErrorBody['error'] = { type: API_ERRORS[this.code].type, code: this.detailCode ?? this.code, message: this.message, ...this.extra };
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}
