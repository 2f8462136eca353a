import { strict as assert } from 'node:assert';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { requestFingerprint, type BeginOutcome, type IdempotencyStore, type StoredHeaders } from '../idempotency/index.ts';
import type { Clock } from '../platform/clock.ts';
import { ApiError } from './errors.ts';

/**
 * Idempotency keys on POST requests, as Stripe has them
 * (https://docs.stripe.com/api/idempotent_requests): the first request with a key
 * runs and its response (success or error) is saved; a retry with the same key and
 * parameters gets that response again, with `Idempotent-Replayed: true`; the same
 * key with other parameters is refused; a retry while the first still runs is told
 * to wait. Nothing is saved for a request that never began executing: one refused
 * by authentication, rate limiting, validation or a permission check.
 */

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: IdempotencyClaim | undefined;
  }
  interface FastifyContextConfig {
    /**
     * Rewrites a response before it is saved for replays, for a route whose answer
     * carries a secret shown once (a new prepaid card's number and PIN): the secret
     * must not rest in clear in the idempotency table, so a replay answers without it.
     */
    redactSavedResponse?: (body: string) => string;
  }
}

/** The key a request owns, from `begin` until its response is saved or the key is released. */
export interface IdempotencyClaim {
  recordId: string;
  /** Set when the route handler is entered: only then is the response saved. */
  handlerStarted: boolean;
  /** Set once the response was saved or the key released, so that it happens once. */
  settled: boolean;
}

export interface IdempotencyOptions {
  clock: Clock;
  /**
   * Whose keys a request uses. Defaults to the API key's id (a session's id for a
   * consumer), so that two merchants, or a merchant's secret and publishable keys,
   * never see each other's saved responses.
   */
  scopeOf?: (request: FastifyRequest) => string | undefined;
  /** Keys the request fingerprints (HMAC-SHA256), so that stored fingerprints reveal nothing of the bodies. */
  fingerprintKey?: Buffer;
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Stripe's header on a response that repeats a saved one. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** Stripe's header naming the request whose response a replay repeats. */
export const ORIGINAL_REQUEST_HEADER = 'original-request';
/** Headers saved with a response: what a replay needs to read the same, and where it came from. */
const SAVED_HEADERS = ['content-type', 'request-id'] as const;
/** Set in a route's config when its handler tells the claim that it started. */
const HANDLER_MARKS_START = Symbol('paygrid.idempotency.handlerMarksStart');

/**
 * Call before the routes are declared: the routes' handlers are wrapped as they are
 * declared, to tell a request that failed before its handler ran from one that ran.
 */
export function registerIdempotency(app: FastifyInstance, store: IdempotencyStore, options: IdempotencyOptions): void {
  const scopeOf = options.scopeOf ?? ((request: FastifyRequest) => request.principal?.keyId);
  app.decorateRequest('idempotency', undefined);
  app.addHook('onRoute', markHandlerStart);
  // A preHandler runs after authentication and body validation: a request refused by
  // those never claims its key (Stripe: "If incoming parameters fail validation … no
  // idempotent result is saved").
  app.addHook('preHandler', async (request, reply) => {
    const key = idempotencyKeyOf(request);
    const scope = key === undefined ? undefined : scopeOf(request);
    if (key === undefined || scope === undefined) return;
    assert(isWrapped(request), `registerIdempotency must be called before the route ${request.routeOptions.url ?? ''} is declared`);
    const fingerprint = requestFingerprint(request.method, pathOf(request), request.body, options.fingerprintKey);
    const outcome = await store.begin(scope, key, fingerprint, options.clock.nowMs());
    if (outcome.kind === 'started') {
      request.idempotency = { recordId: outcome.recordId, handlerStarted: false, settled: false };
      return;
    }
    if (outcome.kind === 'replay') return sendReplay(reply, outcome);
    throw refusal(outcome, key);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    await settle(request, reply, payload, store);
    return payload;
  });
}

/** The key of a POST request, if it sent one; other methods are safe to retry without. */
function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  if (request.method !== 'POST') return undefined;
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (header === undefined) return undefined;
  // Node joins a repeated header into one string; an array would not be one key, so the store refuses it.
  return typeof header === 'string' ? header : '';
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

function markHandlerStart(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.includes('POST')) return;
  const handler = route.handler;
  route.handler = function handlerWithIdempotency(this: FastifyInstance, request, reply) {
    if (request.idempotency !== undefined) request.idempotency.handlerStarted = true;
    return handler.call(this, request, reply);
  };
  const config: FastifyContextConfig & { [HANDLER_MARKS_START]?: true } = { ...route.config, [HANDLER_MARKS_START]: true };
  route.config = config;
}

/** A route declared before registerIdempotency would never save a response; it must not claim keys. */
function isWrapped(request: FastifyRequest): boolean {
  const config: object = request.routeOptions.config;
  return HANDLER_MARKS_START in config;
}

function sendReplay(reply: FastifyReply, outcome: Extract<BeginOutcome, { kind: 'replay' }>): FastifyReply {
  const contentType = outcome.headers['content-type'];
  if (contentType !== undefined) reply.header('content-type', contentType);
  const originalRequest = outcome.headers['request-id'];
  if (originalRequest !== undefined) reply.header(ORIGINAL_REQUEST_HEADER, originalRequest);
  reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  // A string with its content type set goes out as it is, not serialized again: byte-identical.
  return reply.code(outcome.status).send(outcome.body);
}

function refusal(outcome: Exclude<BeginOutcome, { kind: 'started' } | { kind: 'replay' }>, key: string): ApiError {
  switch (outcome.kind) {
    case 'mismatch':
      return new ApiError(
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Use a key other than '${key}' for a different request.`,
      );
    case 'in_flight':
      return new ApiError('idempotency_key_in_use', `Another request with the Idempotency-Key '${key}' is still in progress; retry once it has finished.`);
    case 'key_invalid':
      return new ApiError('parameter_invalid', 'Idempotency-Key must be 1 to 255 printable ASCII characters.', 'Idempotency-Key');
    default: {
      const unknown: never = outcome;
      throw new Error(`unhandled idempotency outcome ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Saves the response of a request whose handler ran, or releases the key of one
 * that failed before. The answer goes out even if saving fails: the work is done,
 * and the client must learn its result. Until the lease runs out, retries then hear
 * that the key is in use; after that, a retry runs again.
 */
async function settle(request: FastifyRequest, reply: FastifyReply, payload: unknown, store: IdempotencyStore): Promise<void> {
  const claim = request.idempotency;
  if (claim === undefined || claim.settled) return;
  claim.settled = true;
  try {
    if (!claim.handlerStarted) {
      await store.release(claim.recordId);
      return;
    }
    const body = redactedForSaving(request, savableBody(payload));
    const outcome = body === undefined ? ({ kind: 'response_too_large' } as const) : await store.complete(claim.recordId, reply.statusCode, body, savedHeaders(reply));
    switch (outcome.kind) {
      case 'completed':
        return;
      case 'lease_lost':
        request.log.warn({ recordId: claim.recordId }, 'idempotent request outlived its lease; another request took the key over and its response is the one kept');
        return;
      case 'response_too_large':
        // Keeping the key would make every retry wait for a lease that is never completed; releasing it lets a retry run again.
        request.log.error({ recordId: claim.recordId }, 'idempotent response could not be saved (too large or not text); key released');
        await store.release(claim.recordId);
        return;
      default: {
        const unknown: never = outcome;
        throw new Error(`unhandled completion ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    request.log.error({ err: error, recordId: claim.recordId }, 'saving the idempotent response failed');
  }
}

/** The payload as text: Paygrid's serializer gives a string; a Buffer must be valid UTF-8; streams cannot be saved. */
function savableBody(payload: unknown): string | undefined {
  if (payload === undefined || payload === null) return '';
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function redactedForSaving(request: FastifyRequest, body: string | undefined): string | undefined {
  const redact = request.routeOptions.config.redactSavedResponse;
  return body === undefined || redact === undefined ? body : redact(body);
}

function savedHeaders(reply: FastifyReply): StoredHeaders {
  const headers: Record<string, string> = {};
  for (const name of SAVED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
