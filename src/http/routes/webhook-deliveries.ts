import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { DeliveryLogEntry, WebhookDeliveryLog } from '../../events/index.ts';
import { ApiError } from '../errors.ts';
import { Literals, Nullable, listOf, responses } from './responses.ts';
import { PageQuery, cursorOf, listScopeOf, merchantScopeOf, unixSeconds, unixSecondsOrNull } from './wire.ts';

/**
 * The webhook delivery log (Stripe's dashboard shows the same): every delivery
 * of an event to an endpoint with its status, attempts, the receiver's last
 * answer and the next retry, and a manual retry. A merchant sees its own
 * deliveries; the operator every merchant's.
 */
const DeliveryIdParams = Type.Object({ id: Type.String({ pattern: '^whdel_[0-9a-z]{26}$' }) });
const DeliveryListQuery = Type.Object(
  {
    ...PageQuery('^whdel_[0-9a-z]{26}$').properties,
    event: Type.Optional(Type.String({ pattern: '^evt_[0-9a-z]{26}$' })),
    endpoint: Type.Optional(Type.String({ pattern: '^we_[0-9a-z]{26}$' })),
    status: Type.Optional(Literals(['pending', 'succeeded', 'failed', 'canceled'])),
    merchant: Type.Optional(Type.String({ pattern: '^mch_[0-9a-z]{26}$', description: 'Operator key only: one merchant’s deliveries.' })),
  },
  { additionalProperties: false },
);
const RetryBody = Type.Object({}, { additionalProperties: false });

const DeliveryWire = Type.Object({
  object: Type.Literal('webhook_delivery'),
  id: Type.String(),
  event: Type.String(),
  event_type: Nullable(Type.String({ description: 'The event’s type; null once the event was purged.' })),
  endpoint: Type.String(),
  merchant: Type.String(),
  status: Literals(['pending', 'succeeded', 'failed', 'canceled']),
  attempts: Type.Integer({ description: 'Attempts made so far.' }),
  max_attempts: Nullable(Type.Integer({ description: 'Attempts its job allows in all (a manual retry of a failed delivery adds one); null once the job was purged.' })),
  last_attempt_at: Nullable(Type.Integer({ description: 'Unix seconds.' })),
  last_response_status: Nullable(Type.Integer({ description: 'The HTTP status the receiver answered last time, or null (no attempt yet, or no answer: see last_error).' })),
  last_error: Nullable(Type.String({ description: 'Why the last attempt got no answer (timeout, connection refused, destination_not_allowed: …), or null.' })),
  next_retry_at: Nullable(Type.Integer({ description: 'Unix seconds: when the next attempt is due, while the delivery is pending and waiting; null otherwise.' })),
  finished_at: Nullable(Type.Integer({ description: 'Unix seconds.' })),
  created: Type.Integer({ description: 'Unix seconds.' }),
});

function deliveryToWire(e: DeliveryLogEntry): Record<string, unknown> {
  const d = e.delivery;
  return {
    object: 'webhook_delivery',
    id: d.id,
    event: d.eventId,
    event_type: e.eventType ?? null,
    endpoint: d.endpointId,
    merchant: d.merchantId,
    status: d.status,
    attempts: d.attempts,
    max_attempts: e.maxAttempts ?? null,
    last_attempt_at: unixSecondsOrNull(d.lastAttemptAtMs),
    last_response_status: e.lastStatusCode ?? null,
    last_error: e.lastError ?? null,
    next_retry_at: unixSecondsOrNull(e.nextAttemptAtMs),
    finished_at: unixSecondsOrNull(d.finishedAtMs),
    created: unixSeconds(d.createdAtMs),
  };
}

export interface WebhookDeliveryRouteDependencies {
  webhookDeliveryLog: WebhookDeliveryLog;
}

export function registerWebhookDeliveryRoutes(app: FastifyInstance, { webhookDeliveryLog }: WebhookDeliveryRouteDependencies): void {
  const tags = ['Webhooks'];
  app.get('/v1/webhook_deliveries', {
    schema: {
      tags,
      summary: 'The webhook delivery log, newest first: the merchant’s own, or every merchant’s for the operator; filter by event, endpoint, status and merchant (operator)',
      querystring: DeliveryListQuery,
      response: responses(listOf(DeliveryWire), 'A page of deliveries'),
    },
    handler: async (request) => {
      const query = request.query as Static<typeof DeliveryListQuery>;
      const merchantId = listScopeOf(request, query.merchant);
      const filter = {
        ...(merchantId === undefined ? {} : { merchantId }),
        ...(query.event === undefined ? {} : { eventId: query.event }),
        ...(query.endpoint === undefined ? {} : { endpointId: query.endpoint }),
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      const page = await webhookDeliveryLog.list(filter, query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/webhook_deliveries', has_more: page.hasMore, data: page.entries.map(deliveryToWire) };
    },
  });

  app.get('/v1/webhook_deliveries/:id', {
    schema: { tags, summary: 'Retrieve a webhook delivery', params: DeliveryIdParams, response: responses(DeliveryWire, 'The delivery') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const entry = await webhookDeliveryLog.get(merchantScopeOf(request), id);
      if (entry === undefined) throw new ApiError('resource_missing', `No such webhook_delivery: '${id}'.`, 'id');
      return deliveryToWire(entry);
    },
  });

  app.post('/v1/webhook_deliveries/:id/retry', {
    schema: {
      tags,
      summary: 'Attempt a pending or failed delivery now (a failed one gets one more attempt); succeeded and canceled deliveries are final',
      params: DeliveryIdParams,
      body: RetryBody,
      response: responses(DeliveryWire, 'The delivery, pending, with its attempt due now'),
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const result = await webhookDeliveryLog.retry(merchantScopeOf(request), id);
      if ('entry' in result) return deliveryToWire(result.entry);
      switch (result.failure) {
        case 'delivery_not_found':
          throw new ApiError('resource_missing', `No such webhook_delivery: '${id}'.`, 'id');
        case 'delivery_not_retryable':
          throw new ApiError(
            'parameter_invalid',
            result.status === 'attempts_exhausted' ? 'This delivery has used every attempt a job may take.' : `This delivery is ${result.status}: only pending and failed deliveries can be retried.`,
            'id',
            'webhook_delivery_not_retryable',
          );
        default: {
          const unknown: never = result;
          throw new Error(`unhandled retry result ${JSON.stringify(unknown)}`);
        }
      }
    },
  });
}
