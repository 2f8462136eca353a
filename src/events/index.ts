/** The events module's public surface: the merchant's event log, webhook endpoints and signed deliveries. */
export { Events } from './events.ts';
export { WebhookEndpoints } from './endpoints.ts';
export { ALL_EVENTS } from './endpoint-validation.ts';
export { WebhookDeliveries, type WebhookDeliveryOptions } from './delivery.ts';
export { MAX_DELIVERIES_PER_PAGE, WebhookDeliveryLog, type DeliveryFilter, type DeliveryLogEntry, type RetryResult } from './delivery-log.ts';
export { HOST_RESOLVE_TIMEOUT_MS, nonPublicRange, type AddressRange, type DestinationOptions, type HostResolver } from './destination.ts';
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  MAX_SIGNATURE_HEADER_CHARS,
  SIGNATURE_HEADER,
  computeSignature,
  signatureHeader,
  verifyWebhookSignature,
  type SignatureVerification,
} from './signature.ts';
export { parseJson, writeJson, type EventJson } from './json.ts';
export {
  ENDPOINT_INPUT_FAILURES,
  EVENT_TYPE_PATTERN,
  MAX_ATTEMPTS_LISTED,
  MAX_DESCRIPTION_CHARS,
  MAX_ENABLED_EVENTS,
  MAX_ENDPOINTS_PER_MERCHANT,
  MAX_EVENT_DATA_BYTES,
  MAX_EVENT_TYPE_CHARS,
  MAX_EVENTS_PAGE_LIMIT,
  MAX_EVENTS_PURGED_PER_CALL,
  EVENT_PURGE_INTERVAL_MS,
  MAX_MERCHANT_ID_CHARS,
  MAX_RESPONSE_BODY_CHARS,
  MAX_SECRET_GRACE_MS,
  MAX_URL_CHARS,
  MAX_WEBHOOK_TIMEOUT_MS,
  WEBHOOK_DELIVERY_JOB,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_POLICY,
  WEBHOOK_TIMEOUT_MS,
  deliveryJobKey,
  type CreateEndpointResult,
  type DeleteEndpointResult,
  type DeliveryAttempt,
  type DeliveryStatus,
  type EndpointInputFailure,
  type Event,
  type EventData,
  type EventPage,
  type NewEvent,
  type NewWebhookEndpoint,
  type PageRequest,
  type RollSecretResult,
  type SecretSealer,
  type UpdateEndpointResult,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointStatus,
  type WebhookEndpointUpdate,
} from './types.ts';
