import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, ApiKeys } from '../identity/index.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiKeyPrincipal | undefined;
  }
}

const BEARER = /^Bearer ([^\s]+)$/;

/**
 * Every /v1 route needs an API key (`Authorization: Bearer <key>`). The key is
 * looked up by its hash; the key itself is never logged or stored.
 */
export function registerAuth(app: FastifyInstance, apiKeys: ApiKeys): void {
  app.decorateRequest('principal', undefined);
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new ApiError('api_key_missing', 'No API key provided. Send it as `Authorization: Bearer <key>`.');
    }
    const match = BEARER.exec(header);
    const principal = match?.[1] === undefined ? undefined : await apiKeys.authenticate(match[1]);
    if (principal === undefined) throw new ApiError('api_key_invalid', 'Invalid API key provided.');
    request.principal = principal;
  });
}

/** Ledger and other platform routes are for the operator's keys only. */
export function requireOperator(request: FastifyRequest): ApiKeyPrincipal {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role !== 'operator') throw new ApiError('permission_denied', 'This endpoint needs a platform operator key.');
  return principal;
}
