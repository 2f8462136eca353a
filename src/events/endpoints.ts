import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId, randomToken } from '../platform/ids.ts';
import * as store from './endpoint-store.ts';
import { checkRegistrationUrl, destinationPolicy, type DestinationOptions, type DestinationPolicy } from './destination.ts';
import { validateEndpointInput } from './endpoint-validation.ts';
import {
  MAX_ENDPOINTS_PER_MERCHANT,
  MAX_SECRET_GRACE_MS,
  type CreateEndpointResult,
  type DeleteEndpointResult,
  type EndpointInputFailure,
  type NewWebhookEndpoint,
  type RollSecretResult,
  type SecretSealer,
  type UpdateEndpointResult,
  type WebhookEndpoint,
  type WebhookEndpointUpdate,
} from './types.ts';

/** Signing secrets read `whsec_` + 32 random bytes, as Stripe's do; the whole string is the HMAC key. */
const SECRET_PREFIX = 'whsec_';
const SECRET_RANDOM_BYTES = 32;

/**
 * A merchant's webhook endpoints. Every call is scoped to the merchant: another
 * merchant's endpoint is `endpoint_not_found`, never shown or changed. The
 * signing secret is returned once, at creation and at each roll, and stored
 * only sealed. A URL must lead to a public address (destination.ts) unless the
 * options allow private destinations.
 */
export class WebhookEndpoints {
  private readonly destinations: DestinationPolicy;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sealer: SecretSealer,
    options: DestinationOptions = {},
  ) {
    this.destinations = destinationPolicy(options);
  }

  async create(merchantId: string, input: NewWebhookEndpoint): Promise<CreateEndpointResult> {
    const invalid = await this.validate(input);
    if (invalid !== undefined) return { result: invalid };
    const secret = newSecret();
    const nowMs = this.clock.nowMs();
    const id = newId('we', nowMs);
    return this.db.transaction(async (tx) => {
      await store.lockMerchantEndpoints(tx, merchantId);
      if ((await store.countLiveEndpoints(tx, merchantId)) >= MAX_ENDPOINTS_PER_MERCHANT) return { result: 'too_many_endpoints' };
      const endpoint = await store.insertEndpoint(tx, {
        id,
        merchantId,
        url: input.url,
        enabledEvents: unique(input.enabledEvents),
        description: input.description ?? '',
        secretSealed: this.sealer.seal(secret, id),
        nowMs,
      });
      return { result: 'ok', endpoint, secret };
    });
  }

  /** All of the merchant's endpoints (at most MAX_ENDPOINTS_PER_MERCHANT), newest first. */
  list(merchantId: string): Promise<WebhookEndpoint[]> {
    return store.listEndpoints(this.db, merchantId, MAX_ENDPOINTS_PER_MERCHANT);
  }

  get(merchantId: string, id: string): Promise<WebhookEndpoint | undefined> {
    return store.findEndpoint(this.db, merchantId, id);
  }

  async update(merchantId: string, id: string, changes: WebhookEndpointUpdate): Promise<UpdateEndpointResult> {
    const invalid = await this.validate(changes);
    if (invalid !== undefined) return { result: invalid };
    const endpoint = await store.updateEndpoint(this.db, merchantId, id, {
      url: changes.url,
      enabledEvents: changes.enabledEvents === undefined ? undefined : unique(changes.enabledEvents),
      description: changes.description,
      status: changes.disabled === undefined ? undefined : changes.disabled ? 'disabled' : 'enabled',
      nowMs: this.clock.nowMs(),
    });
    return endpoint === undefined ? { result: 'endpoint_not_found' } : { result: 'ok', endpoint };
  }

  /** Deliveries still pending for a deleted endpoint are canceled at their next attempt. */
  async delete(merchantId: string, id: string): Promise<DeleteEndpointResult> {
    const endpoint = await store.softDeleteEndpoint(this.db, merchantId, id, this.clock.nowMs());
    return endpoint === undefined ? { result: 'endpoint_not_found' } : { result: 'ok', endpoint };
  }

  /**
   * Issues a new secret. The old one keeps signing deliveries, beside the new
   * one, for `previousSecretValidForMs` (0: it stops at once; at most 24 hours,
   * as Stripe allows), so receivers can switch without missing an event.
   */
  async rollSecret(merchantId: string, id: string, options: { previousSecretValidForMs: number }): Promise<RollSecretResult> {
    const graceMs = options.previousSecretValidForMs;
    if (!Number.isSafeInteger(graceMs) || graceMs < 0 || graceMs > MAX_SECRET_GRACE_MS) return { result: 'grace_period_out_of_range' };
    const secret = newSecret();
    const nowMs = this.clock.nowMs();
    const endpoint = await store.replaceSecret(this.db, merchantId, id, {
      secretSealed: this.sealer.seal(secret, id),
      previousExpiresAtMs: graceMs === 0 ? undefined : nowMs + graceMs,
      nowMs,
    });
    return endpoint === undefined ? { result: 'endpoint_not_found' } : { result: 'ok', endpoint, secret };
  }

  /** The form first, then (resolving DNS, outside any transaction) where the URL leads. */
  private async validate(input: { url?: string; enabledEvents?: readonly string[]; description?: string }): Promise<EndpointInputFailure | undefined> {
    const invalid = validateEndpointInput(input);
    if (invalid !== undefined || input.url === undefined) return invalid;
    return checkRegistrationUrl(new URL(input.url), this.destinations);
  }
}

function newSecret(): string {
  return `${SECRET_PREFIX}${randomToken(SECRET_RANDOM_BYTES)}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
