import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Event, Events, WebhookDeliveries, WebhookEndpoint, WebhookEndpoints } from '../../events/index.ts';
import { requireMerchant } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { IdParams } from './ledger-wire.ts';
import { listOf, ref, responses } from './responses.ts';
import { StorableText, merchantScopeOf, unixSeconds, unixSecondsOrNull } from './wire.ts';

/** Events and webhook endpoints (Stripe's shapes): merchants read their own events and choose where they are delivered. */
const EventTypeSchema = Type.String({ minLength: 1, maxLength: 100, pattern: '^(\\*|[a-z_]+(\\.[a-z_]+)+)$' });
const CreateEndpointBody = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2048 }),
    enabled_events: Type.Array(EventTypeSchema, { minItems: 1, maxItems: 100 }),
    description: Type.Optional(StorableText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const UpdateEndpointBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 8, maxLength: 2048 })),
    enabled_events: Type.Optional(Type.Array(EventTypeSchema, { minItems: 1, maxItems: 100 })),
    description: Type.Optional(StorableText({ maxLength: 500 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const RollBody = Type.Object({ expire_previous_in_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600 })) }, { additionalProperties: false });
const EventListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    starting_after: Type.Optional(Type.String({ pattern: '^evt_[0-9a-z]{26}$' })),
    ending_before: Type.Optional(Type.String({ pattern: '^evt_[0-9a-z]{26}$' })),
    object_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Only events about this object (data.object.id), e.g. a payment intent: its history.' })),
  },
  { additionalProperties: false },
);

function eventToWire(e: Event): Record<string, unknown> {
  return { object: 'event', id: e.id, type: e.type, created: unixSeconds(e.createdAtMs), data: { object: e.data } };
}

function endpointToWire(e: WebhookEndpoint): Record<string, unknown> {
  return {
    object: 'webhook_endpoint',
    id: e.id,
    url: e.url,
    enabled_events: e.enabledEvents,
    description: e.description,
    status: e.status,
    previous_secret_expires_at: unixSecondsOrNull(e.previousSecretExpiresAtMs),
    created: unixSeconds(e.createdAtMs),
  };
}

function endpointFailure(result: string): ApiError {
  if (result === 'endpoint_not_found') return new ApiError('resource_missing', 'No such webhook_endpoint.', 'id');
  if (result === 'too_many_endpoints') return new ApiError('parameter_invalid', 'A merchant may have at most 16 webhook endpoints.', undefined, result);
  const param = result.startsWith('url') ? 'url' : result.includes('event') ? 'enabled_events' : result.startsWith('description') ? 'description' : undefined;
  return new ApiError('parameter_invalid', URL_HOST_MESSAGES[result] ?? `Invalid webhook endpoint (${result}).`, param, result);
}

/** Webhooks go to public addresses only (SSRF protection, src/events/destination.ts); the resolved address is not echoed. */
const PRIVATE_URLS_HINT = ' Paygrid delivers webhooks to public addresses only. For local testing, the operator can allow private destinations by starting Paygrid with PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS=true.';
const URL_HOST_MESSAGES: Readonly<Record<string, string>> = {
  url_host_loopback: `The url's host is or resolves to a loopback address (127.0.0.0/8, ::1, localhost).${PRIVATE_URLS_HINT}`,
  url_host_unspecified: `The url's host is or resolves to an unspecified address (0.0.0.0/8, ::).${PRIVATE_URLS_HINT}`,
  url_host_private: `The url's host is or resolves to a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7).${PRIVATE_URLS_HINT}`,
  url_host_link_local: `The url's host is or resolves to a link-local address (169.254.0.0/16, fe80::/10), such as a cloud metadata service.${PRIVATE_URLS_HINT}`,
  url_host_carrier_grade_nat: `The url's host is or resolves to a carrier-grade NAT address (100.64.0.0/10).${PRIVATE_URLS_HINT}`,
  url_host_multicast: `The url's host is or resolves to a multicast address (224.0.0.0/4, ff00::/8).${PRIVATE_URLS_HINT}`,
  url_host_reserved: `The url's host is or resolves to a reserved or special-purpose address (documentation, benchmarking, 240.0.0.0/4, …).${PRIVATE_URLS_HINT}`,
  url_host_unresolvable: "The url's host name does not resolve to any address (DNS). Check the name, or register the endpoint once its DNS record exists.",
};

export interface EventRouteDependencies {
  events: Events;
  webhookEndpoints: WebhookEndpoints;
  webhookDeliveries: WebhookDeliveries;
}

export function registerEventRoutes(app: FastifyInstance, deps: EventRouteDependencies): void {
  registerEndpointRoutes(app, deps);
  registerEventReadRoutes(app, deps);
}

function registerEndpointRoutes(app: FastifyInstance, { webhookEndpoints }: EventRouteDependencies): void {
  const tags = ['Webhooks'];
  app.post('/v1/webhook_endpoints', {
    schema: { tags, summary: 'Register an endpoint for events; its signing secret is returned this once', body: CreateEndpointBody, response: responses(ref('webhook_endpoint_with_secret'), 'The endpoint with its signing secret, shown this once') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = request.body as Static<typeof CreateEndpointBody>;
      const created = await webhookEndpoints.create(merchantId, { url: body.url, enabledEvents: body.enabled_events, ...(body.description === undefined ? {} : { description: body.description }) });
      if (created.result !== 'ok') throw endpointFailure(created.result);
      return { ...endpointToWire(created.endpoint), secret: created.secret };
    },
  });

  app.get('/v1/webhook_endpoints', {
    schema: { tags, summary: "The merchant's webhook endpoints", response: responses(listOf('webhook_endpoint'), 'The endpoints (one page: has_more is false)') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const endpoints = await webhookEndpoints.list(merchantId);
      return { object: 'list', url: '/v1/webhook_endpoints', has_more: false, data: endpoints.map(endpointToWire) };
    },
  });

  app.get('/v1/webhook_endpoints/:id', {
    schema: { tags, summary: 'Retrieve a webhook endpoint', params: IdParams, response: responses(ref('webhook_endpoint'), 'The endpoint') },
    handler: async (request) => {
      const endpoint = await webhookEndpoints.get(requireMerchant(request), (request.params as { id: string }).id);
      if (endpoint === undefined) throw endpointFailure('endpoint_not_found');
      return endpointToWire(endpoint);
    },
  });

  app.post('/v1/webhook_endpoints/:id', {
    schema: { tags, summary: 'Update a webhook endpoint (url, events, description, disabled)', params: IdParams, body: UpdateEndpointBody, response: responses(ref('webhook_endpoint'), 'The updated endpoint') },
    handler: async (request) => {
      const body = request.body as Static<typeof UpdateEndpointBody>;
      const updated = await webhookEndpoints.update(requireMerchant(request), (request.params as { id: string }).id, {
        ...(body.url === undefined ? {} : { url: body.url }),
        ...(body.enabled_events === undefined ? {} : { enabledEvents: body.enabled_events }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
      });
      if (updated.result !== 'ok') throw endpointFailure(updated.result);
      return endpointToWire(updated.endpoint);
    },
  });

  app.delete('/v1/webhook_endpoints/:id', {
    schema: { tags, summary: 'Delete a webhook endpoint; its pending deliveries are cancelled', params: IdParams, response: responses(ref('deleted_webhook_endpoint'), 'The deleted endpoint') },
    handler: async (request) => {
      const deleted = await webhookEndpoints.delete(requireMerchant(request), (request.params as { id: string }).id);
      if (deleted.result !== 'ok') throw endpointFailure(deleted.result);
      return { ...endpointToWire(deleted.endpoint), deleted: true };
    },
  });

  app.post('/v1/webhook_endpoints/:id/roll_secret', {
    schema: { tags, summary: 'A new signing secret; the previous one keeps signing for a grace period (both signatures are sent)', params: IdParams, body: RollBody, response: responses(ref('webhook_endpoint_with_secret'), 'The endpoint with its new signing secret, shown this once') },
    handler: async (request) => {
      const body = (request.body ?? {}) as Static<typeof RollBody>;
      const rolled = await webhookEndpoints.rollSecret(requireMerchant(request), (request.params as { id: string }).id, { previousSecretValidForMs: (body.expire_previous_in_seconds ?? 24 * 3600) * 1000 });
      if (rolled.result !== 'ok') throw endpointFailure(rolled.result);
      return { ...endpointToWire(rolled.endpoint), secret: rolled.secret };
    },
  });
}

function registerEventReadRoutes(app: FastifyInstance, { events, webhookDeliveries }: EventRouteDependencies): void {
  const tags = ['Events'];
  app.get('/v1/events', {
    schema: {
      tags,
      summary: "The merchant's events of the last 30 days (every merchant's for the operator), newest first; object_id keeps one object's history",
      description:
        'Events are kept for 30 days, as at Stripe (the operator may change this with PAYGRID_EVENT_RETENTION_DAYS); an event whose webhook delivery is still being retried is kept until the delivery finishes. Older events, and their deliveries, are deleted.',
      querystring: EventListQuery,
      response: responses(listOf('event'), 'A page of events'),
    },
    handler: async (request) => {
      const merchantId = merchantScopeOf(request);
      const query = request.query as Static<typeof EventListQuery>;
      if (query.starting_after !== undefined && query.ending_before !== undefined) throw new ApiError('parameter_invalid', 'Use starting_after or ending_before, not both.', 'ending_before');
      const page = await events.listEvents(merchantId, {
        limit: query.limit ?? 10,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
        ...(query.object_id === undefined ? {} : { objectId: query.object_id }),
      });
      if (page === 'cursor_not_found') throw new ApiError('parameter_invalid', 'No event of yours has that id.', query.starting_after === undefined ? 'ending_before' : 'starting_after');
      return { object: 'list', url: '/v1/events', has_more: page.hasMore, data: page.events.map(eventToWire) };
    },
  });

  app.get('/v1/events/:id', {
    schema: { tags, summary: 'Retrieve an event with its webhook deliveries (the merchant its own, the operator any)', params: IdParams, response: responses(ref('event_with_deliveries'), 'The event and its deliveries') },
    handler: async (request) => {
      const merchantId = merchantScopeOf(request);
      const { id } = request.params as { id: string };
      const event = await events.getEvent(merchantId, id);
      if (event === undefined) throw new ApiError('resource_missing', 'No such event.', 'id');
      const deliveries = await webhookDeliveries.listForEvent(merchantId, id);
      return {
        ...eventToWire(event),
        deliveries: deliveries.map((d) => ({ id: d.id, endpoint: d.endpointId, status: d.status, attempts: d.attempts, last_attempt_at: unixSecondsOrNull(d.lastAttemptAtMs), finished_at: unixSecondsOrNull(d.finishedAtMs) })),
      };
    },
  });
}
