import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Event, Events, WebhookDeliveries, WebhookEndpoint, WebhookEndpoints } from '../../events/index.ts';
import { requireMerchant } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { IdParams } from './ledger-wire.ts';
import { StorableText, unixSeconds, unixSecondsOrNull } from './wire.ts';

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
  return new ApiError('parameter_invalid', `Invalid webhook endpoint (${result}).`, param, result);
}

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
    schema: { tags, summary: 'Register an endpoint for events; its signing secret is returned this once', body: CreateEndpointBody },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = request.body as Static<typeof CreateEndpointBody>;
      const created = await webhookEndpoints.create(merchantId, { url: body.url, enabledEvents: body.enabled_events, ...(body.description === undefined ? {} : { description: body.description }) });
      if (created.result !== 'ok') throw endpointFailure(created.result);
      return { ...endpointToWire(created.endpoint), secret: created.secret };
    },
  });

  app.get('/v1/webhook_endpoints', {
    schema: { tags, summary: "The merchant's webhook endpoints" },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const endpoints = await webhookEndpoints.list(merchantId);
      return { object: 'list', url: '/v1/webhook_endpoints', has_more: false, data: endpoints.map(endpointToWire) };
    },
  });

  app.get('/v1/webhook_endpoints/:id', {
    schema: { tags, summary: 'Retrieve a webhook endpoint', params: IdParams },
    handler: async (request) => {
      const endpoint = await webhookEndpoints.get(requireMerchant(request), (request.params as { id: string }).id);
      if (endpoint === undefined) throw endpointFailure('endpoint_not_found');
      return endpointToWire(endpoint);
    },
  });

  app.post('/v1/webhook_endpoints/:id', {
    schema: { tags, summary: 'Update a webhook endpoint (url, events, description, disabled)', params: IdParams, body: UpdateEndpointBody },
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
    schema: { tags, summary: 'Delete a webhook endpoint; its pending deliveries are cancelled', params: IdParams },
    handler: async (request) => {
      const deleted = await webhookEndpoints.delete(requireMerchant(request), (request.params as { id: string }).id);
      if (deleted.result !== 'ok') throw endpointFailure(deleted.result);
      return { ...endpointToWire(deleted.endpoint), deleted: true };
    },
  });

  app.post('/v1/webhook_endpoints/:id/roll_secret', {
    schema: { tags, summary: 'A new signing secret; the previous one keeps signing for a grace period (both signatures are sent)', params: IdParams, body: RollBody },
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
    schema: { tags, summary: "The merchant's events, newest first", querystring: EventListQuery },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const query = request.query as Static<typeof EventListQuery>;
      const page = await events.listEvents(merchantId, {
        limit: query.limit ?? 10,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
      });
      if (page === 'cursor_not_found') throw new ApiError('parameter_invalid', 'No event of yours has that id.', query.starting_after === undefined ? 'ending_before' : 'starting_after');
      return { object: 'list', url: '/v1/events', has_more: page.hasMore, data: page.events.map(eventToWire) };
    },
  });

  app.get('/v1/events/:id', {
    schema: { tags, summary: 'Retrieve an event with its webhook deliveries', params: IdParams },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
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
