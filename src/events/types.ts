import type { RetryPolicy } from '../jobs/index.ts';
import type { EventJson } from './json.ts';

/** The object an event is about, in its wire shape (Stripe's `data.object`). */
export type EventData = { readonly [key: string]: EventJson };

export interface NewEvent {
  /** `payment_intent.succeeded`, `charging_session.completed`, … */
  type: string;
  merchantId: string;
  data: EventData;
  /** When the change happened; the caller's clock, so the event and its cause agree. */
  createdAtMs: number;
}

export interface Event {
  id: string;
  merchantId: string;
  type: string;
  /** Integers beyond 2^53 come back as bigint, exactly as written. */
  data: EventData;
  createdAtMs: number;
}

export interface EventPage {
  events: Event[];
  hasMore: boolean;
}

export interface PageRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  /** Only events about this object (`data.object.id`, e.g. a payment intent's id). */
  objectId?: string;
}

/**
 * Seals secrets for storage (the vault: AES-256-GCM with key versions). The
 * events module never stores a signing secret in clear. It passes the
 * endpoint's id as `context`, which a sealer may authenticate as associated
 * data, so that a sealed secret copied to another endpoint's row does not open.
 */
export interface SecretSealer {
  seal(plain: string, context?: string): string;
  open(sealed: string, context?: string): string;
}

export type WebhookEndpointStatus = 'enabled' | 'disabled';

export interface WebhookEndpoint {
  id: string;
  merchantId: string;
  url: string;
  /** Event types this endpoint receives; `*` is every type. */
  enabledEvents: string[];
  description: string;
  status: WebhookEndpointStatus;
  /** While a rolled secret's predecessor still signs deliveries: until when. */
  previousSecretExpiresAtMs: number | undefined;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface NewWebhookEndpoint {
  url: string;
  enabledEvents: readonly string[];
  description?: string;
}

export interface WebhookEndpointUpdate {
  url?: string;
  enabledEvents?: readonly string[];
  description?: string;
  /** Stripe's `disabled`: a disabled endpoint receives nothing, and its pending deliveries are canceled. */
  disabled?: boolean;
}

export const ENDPOINT_INPUT_FAILURES = [
  'url_invalid',
  'url_too_long',
  'url_scheme_not_allowed',
  'url_has_credentials',
  // The host is, or resolves to, an address webhooks may not go to (src/events/destination.ts).
  'url_host_loopback',
  'url_host_unspecified',
  'url_host_private',
  'url_host_link_local',
  'url_host_carrier_grade_nat',
  'url_host_multicast',
  'url_host_reserved',
  'url_host_unresolvable',
  'enabled_events_empty',
  'too_many_enabled_events',
  'event_type_invalid',
  'description_too_long',
  'description_invalid',
] as const;
export type EndpointInputFailure = (typeof ENDPOINT_INPUT_FAILURES)[number];

export type CreateEndpointResult = { result: 'ok'; endpoint: WebhookEndpoint; secret: string } | { result: EndpointInputFailure | 'too_many_endpoints' };
export type UpdateEndpointResult = { result: 'ok'; endpoint: WebhookEndpoint } | { result: EndpointInputFailure | 'endpoint_not_found' };
export type DeleteEndpointResult = { result: 'ok'; endpoint: WebhookEndpoint } | { result: 'endpoint_not_found' };
export type RollSecretResult = { result: 'ok'; endpoint: WebhookEndpoint; secret: string } | { result: 'endpoint_not_found' | 'grace_period_out_of_range' };

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface WebhookDelivery {
  id: string;
  eventId: string;
  endpointId: string;
  merchantId: string;
  status: DeliveryStatus;
  attempts: number;
  createdAtMs: number;
  lastAttemptAtMs: number | undefined;
  finishedAtMs: number | undefined;
}

/** One try to deliver: what the receiver answered, or why there was no answer. */
export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  attemptedAtMs: number;
  durationMs: number;
  statusCode: number | undefined;
  error: string | undefined;
  /** The start of the receiver's answer, for the merchant's delivery log. */
  responseBody: string;
  succeeded: boolean;
}

/** Stripe allows 16 endpoints per account; a bound keeps each event's fan-out small. */
export const MAX_ENDPOINTS_PER_MERCHANT = 16;
export const MAX_ENABLED_EVENTS = 100;
export const MAX_EVENT_TYPE_CHARS = 100;
/** Event types read like `payment_intent.succeeded`: lower-case words joined by dots. */
export const EVENT_TYPE_PATTERN = new RegExp(`^(?=.{1,${MAX_EVENT_TYPE_CHARS}}$)[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$`);
export const MAX_URL_CHARS = 2048;
export const MAX_DESCRIPTION_CHARS = 500;
export const MAX_MERCHANT_ID_CHARS = 100;
/** Events carry one object, not files. */
export const MAX_EVENT_DATA_BYTES = 256 * 1024;
export const MAX_EVENTS_PAGE_LIMIT = 100;
/**
 * Events deleted per purge statement at most. Each takes its deliveries (at
 * most MAX_ENDPOINTS_PER_MERCHANT) and their attempts (WEBHOOK_MAX_ATTEMPTS,
 * a few more if workers died) along: a few hundred rows per statement as a
 * rule, some tens of thousands at worst.
 */
export const MAX_EVENTS_PURGED_PER_CALL = 100;
/** How often each process purges events past their retention. */
export const EVENT_PURGE_INTERVAL_MS = 60_000;
/** Stripe keeps an old secret valid for up to 24 hours after a roll. */
export const MAX_SECRET_GRACE_MS = 24 * 60 * 60_000;

export const WEBHOOK_DELIVERY_JOB = 'events.webhook_delivery';

/** The job that delivers a delivery: one per delivery, named after it. */
export function deliveryJobKey(deliveryId: string): string {
  return `${WEBHOOK_DELIVERY_JOB}:${deliveryId}`;
}
/** Stripe answers within 10 s or counts the attempt as failed; so do we. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const MAX_WEBHOOK_TIMEOUT_MS = 30_000;
/**
 * 1 min, 2 min, 4 min, … capped at 6 h, 15 attempts: with the jitter taken off,
 * the attempts span at least 30 hours, so a receiver down for a day still gets
 * the event (Stripe retries for up to three days). The test suite checks the
 * 24-hour floor with minimumRetryWindowMs.
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = { baseDelayMs: 60_000, maxDelayMs: 6 * 60 * 60_000 };
export const WEBHOOK_MAX_ATTEMPTS = 15;
/**
 * A delivery still pending this long after its event was abandoned: every retry
 * (15 attempts, backoff capped at 6 hours: under two days) is long over, so its
 * job died with a worker on the last attempt. It no longer keeps its event from
 * the retention purge.
 */
export const ABANDONED_DELIVERY_AFTER_MS = 7 * 24 * 60 * 60_000;
/** The delivery log keeps this much of a receiver's answer. */
export const MAX_RESPONSE_BODY_CHARS = 1000;
/** Attempts listed per delivery at most: the job's attempts plus room for runs whose worker died. */
export const MAX_ATTEMPTS_LISTED = 100;
