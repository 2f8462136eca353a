import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, ApiKeys, Sessions } from '../identity/index.ts';
import { ApiError } from './errors.ts';
import { callerOf, type RateLimiter } from './rate-limit.ts';

/** Who is calling: an API key (operator or merchant) or a consumer's session (`keyId` is then the session id). */
export type Principal = ApiKeyPrincipal | { keyId: string; role: 'consumer'; customerId: string; merchantId?: undefined };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

const BEARER = /^Bearer ([^\s]+)$/;
/** Paths that answer without a key and without counting against a limit: probes and scrapers. */
const OPERATIONAL_PATHS: ReadonlySet<string> = new Set(['/healthz', '/metrics']);
/** /v1 paths anyone may call (rate-limited by address): signing in. */
const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(['/v1/auth/otp', '/v1/auth/login']);

async function identify(token: string, apiKeys: ApiKeys, sessions: Sessions): Promise<Principal | undefined> {
  if (!sessions.isSessionToken(token)) return apiKeys.authenticate(token);
  const session = await sessions.authenticate(token);
  return session === undefined ? undefined : { keyId: session.sessionId, role: 'consumer', customerId: session.customerId };
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Authentication and rate limiting, both before the body is read: a caller
 * without a valid key learns nothing about the API's parameters and costs no
 * parsing. Every /v1 route needs `Authorization: Bearer <key>`; the key is
 * looked up by its hash and never logged or stored.
 */
export function registerAuth(app: FastifyInstance, apiKeys: ApiKeys, sessions: Sessions, limiter: RateLimiter): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (OPERATIONAL_PATHS.has(path)) return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    request.principal = match?.[1] === undefined ? undefined : await identify(match[1], apiKeys, sessions);

    const decision = limiter.take(callerOf(request));
    reply.header('x-ratelimit-limit', decision.limit);
    reply.header('x-ratelimit-remaining', decision.remaining);
    reply.header('x-ratelimit-reset', decision.resetInSeconds);
    if (!decision.allowed) {
      reply.header('retry-after', decision.resetInSeconds);
      throw new ApiError('rate_limited', `Too many requests: the limit is ${decision.limit} per minute. Retry after ${decision.resetInSeconds} seconds.`);
    }

    if (!path.startsWith('/v1/') || request.principal !== undefined || PUBLIC_API_PATHS.has(path)) return;
    if (header === undefined || header === '') throw new ApiError('api_key_missing', 'No API key provided. Send it as `Authorization: Bearer <key>`.');
    throw new ApiError('api_key_invalid', 'Invalid API key provided.');
  });
}

/**
 * A merchant's own resources: its secret key, or (where `publishable` is
 * allowed, as for creating a card from a checkout page) its publishable key.
 */
export function requireMerchant(request: FastifyRequest, options: { publishable?: boolean } = {}): string {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role === 'merchant_secret') return principal.merchantId;
  if (principal.role === 'merchant_publishable' && options.publishable === true) return principal.merchantId;
  throw new ApiError('permission_denied', principal.role === 'operator' ? 'This endpoint needs a merchant secret key.' : 'A publishable key cannot use this endpoint; use the secret key.');
}

/**
 * The operator, or the merchant `merchantId` itself with its secret key. Any
 * other merchant is told the resource does not exist: a merchant's id never
 * reveals another merchant's data.
 */
export function requireOperatorOrMerchant(request: FastifyRequest, merchantId: string, resource: string): void {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role === 'operator') return;
  if (principal.role === 'merchant_secret' && principal.merchantId === merchantId) return;
  throw new ApiError('resource_missing', `No such ${resource}: '${merchantId}'.`, 'id');
}

/** The signed-in consumer's own resources (`/v1/me/…`). */
export function requireConsumer(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'Sign in first: send the session token as `Authorization: Bearer <token>`.');
  if (principal.role !== 'consumer') throw new ApiError('permission_denied', 'This endpoint needs a consumer session token (POST /v1/auth/login).');
  return principal.customerId;
}

/** Ledger and other platform routes are for the operator's keys only. */
export function requireOperator(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role !== 'operator') throw new ApiError('permission_denied', 'This endpoint needs a platform operator key.');
  return principal;
}
