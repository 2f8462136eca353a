/**
 * The one catalogue of processor codes. Every processor maps its own codes onto these, in
 * its wire mapping, with an exhaustive switch; the core and the API see only these. Decline
 * codes are Stripe's (https://docs.stripe.com/declines/codes) where Stripe has one, so the
 * API can answer them unchanged. Adding a code is an API change: document it here.
 */

/** Why an authorization was declined. */
export const DECLINE_CODES = {
  generic_decline: 'The card was declined for a reason the issuer did not give (ISO 8583 "do not honour"). The customer should contact their issuer.',
  insufficient_funds: 'The card has insufficient funds to complete the purchase.',
  lost_card: 'The card was reported lost. Show the customer generic_decline: Stripe advises not revealing this reason.',
  stolen_card: 'The card was reported stolen. Show the customer generic_decline: Stripe advises not revealing this reason.',
  expired_card: 'The issuer reports the card has expired.',
  incorrect_cvc: 'The card verification code is incorrect.',
  incorrect_number: 'The issuer does not know this card number.',
  processing_error: 'An error occurred while processing the card. The payment may be retried.',
  card_not_supported: 'The card network is not one this processor accepts.',
  authentication_required: 'The issuer requires cardholder authentication (3-D Secure), and it was not completed.',
  authentication_failed: "The cardholder failed 3-D Secure authentication (Stripe's error code payment_intent_authentication_failure).",
} as const;
export type DeclineCode = keyof typeof DECLINE_CODES;

/** Why a capture, void or refund was refused. TigerBeetle-style names that read as sentences. */
export const OPERATION_FAILURE_CODES = {
  authorization_not_found: 'The processor has no authorization with this reference.',
  authorization_not_approved: 'The authorization was declined or is still waiting for cardholder authentication.',
  authorization_expired: 'The authorization expired before it was captured; the hold on the card is released.',
  authorization_voided: 'The authorization was voided.',
  authorization_already_captured: 'The authorization was captured already; an authorization is captured at most once (a partial capture releases the rest).',
  amount_exceeds_authorized: 'The capture amount is larger than the authorized amount.',
  authorization_not_captured: 'Only a captured authorization can be refunded; void an uncaptured one instead.',
  amount_exceeds_captured: 'The refunds would exceed the captured amount.',
  refund_limit_reached: 'The authorization has as many refunds as the processor allows.',
  currency_differs_from_authorization: 'The currency differs from the authorization’s.',
  partial_capture_not_supported: 'The payment method takes the money when the payer approves (online banking): it is captured in full or refunded.',
  reference_reused_with_different_request: 'This reference was used before with a different amount or card; references are idempotency keys.',
} as const;
export type OperationFailureCode = keyof typeof OPERATION_FAILURE_CODES;

/**
 * Why the outcome of an operation is unknown. The core must treat it as neither success nor
 * failure and resolve it with `syncStatus` (a timeout) or by review (an answer it cannot
 * trust): record intent, call out, then confirm or compensate.
 */
export const UNKNOWN_OUTCOME_REASONS = {
  timeout: 'No answer within the request timeout. The processor may or may not have acted.',
  amount_mismatch: 'The processor answered with another amount than the one requested (Hyperswitch’s integrity check).',
  currency_mismatch: 'The processor answered with another currency than the one requested.',
  malformed_response: 'The processor’s answer did not match its documented format.',
} as const;
export type UnknownOutcomeReason = keyof typeof UNKNOWN_OUTCOME_REASONS;

/** Why an incoming webhook was refused. Stripe's signature scheme: https://docs.stripe.com/webhooks#verify-manually */
export const WEBHOOK_REJECTION_CODES = {
  payload_too_large: 'The body is larger than processors send.',
  signature_missing: 'The signature header is absent or not in the expected form.',
  signature_invalid: 'No signature in the header matches the body under the shared secret.',
  signature_expired: 'The signed timestamp is outside the tolerance: possibly a replayed request.',
  payload_malformed: 'The signature is valid but the body is not a notification this processor sends.',
} as const;
export type WebhookRejectionCode = keyof typeof WEBHOOK_REJECTION_CODES;
