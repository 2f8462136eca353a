import type { FastifyRequest } from 'fastify';
import type { PayerContext } from '../../platform/screening.ts';
import { Type, type Static } from 'typebox';
import { ApiError } from '../errors.ts';

/**
 * Wire pieces every route file shares, so that one rule has one definition.
 *
 * Text PostgreSQL can store: no NUL and no unpaired UTF-16 surrogate (both make
 * text and jsonb columns refuse the value). The pattern runs with the `u` flag,
 * so characters outside the BMP (emoji) match as one code point and are allowed.
 */
export const STORABLE_TEXT = '^[^\\u0000\\uD800-\\uDFFF]*$';

export function StorableText(options: { minLength?: number; maxLength: number }): ReturnType<typeof Type.String> {
  return Type.String({ ...options, pattern: STORABLE_TEXT });
}

/** Currencies on the wire are ISO 4217 codes in lower case, as Stripe writes them. */
export const CurrencySchema = Type.String({ pattern: '^[a-z]{3}$', description: 'ISO 4217 code in lower case, e.g. cny.' });

/** Times on the wire are Unix seconds. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function unixSecondsOrNull(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : unixSeconds(ms);
}

/** A list's query, Stripe's: `limit` (1–100, 10 by default) and one cursor, `starting_after` (older) or `ending_before` (newer). */
export function PageQuery(idPattern: string) {
  return Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
      starting_after: Type.Optional(Type.String({ pattern: idPattern })),
      ending_before: Type.Optional(Type.String({ pattern: idPattern })),
    },
    { additionalProperties: false },
  );
}

export function cursorOf(query: Static<ReturnType<typeof PageQuery>>): { startingAfter?: string; endingBefore?: string } {
  if (query.starting_after !== undefined && query.ending_before !== undefined) throw new ApiError('parameter_invalid', 'Use starting_after or ending_before, not both.', 'ending_before');
  return { ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }), ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }) };
}

/** The consumer's own request, for risk scoring: its address, and the device the app names in `X-Device-Id`. */
export function payerOf(request: FastifyRequest): PayerContext {
  const device = request.headers['x-device-id'];
  return { ip: request.ip, ...(typeof device === 'string' && device !== '' ? { deviceId: device.slice(0, 128) } : {}) };
}

/** The latest Unix second a `created[…]` bound may name: the end of year 9999. */
const MAX_UNIX_SECONDS = 253_402_300_799;
const UnixSecondsBound = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIX_SECONDS, description }));

/** Stripe's `created` range filter on lists, in Unix seconds: `created[gte]=…&created[lt]=…`. */
export const CreatedRangeQuery = {
  'created[gte]': UnixSecondsBound('Created at or after this Unix second.'),
  'created[gt]': UnixSecondsBound('Created after this Unix second.'),
  'created[lte]': UnixSecondsBound('Created at or before this Unix second.'),
  'created[lt]': UnixSecondsBound('Created before this Unix second.'),
};

type CreatedRange = { 'created[gte]'?: number; 'created[gt]'?: number; 'created[lte]'?: number; 'created[lt]'?: number };

/** A `created[…]` range as the half-open window [createdFromMs, createdBeforeMs) the domain takes; the tightest bound wins. */
export function createdWindowOf(query: CreatedRange): { createdFromMs?: number; createdBeforeMs?: number } {
  const from = [query['created[gte]'], query['created[gt]'] === undefined ? undefined : query['created[gt]'] + 1].filter((s): s is number => s !== undefined);
  const before = [query['created[lt]'], query['created[lte]'] === undefined ? undefined : query['created[lte]'] + 1].filter((s): s is number => s !== undefined);
  return {
    ...(from.length === 0 ? {} : { createdFromMs: Math.max(...from) * 1000 }),
    ...(before.length === 0 ? {} : { createdBeforeMs: Math.min(...before) * 1000 }),
  };
}

/**
 * Whose objects a read may see: every merchant's for the operator (undefined),
 * or the calling merchant's own with its secret key. Anyone else is refused.
 */
export function merchantScopeOf(request: FastifyRequest): string | undefined {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role === 'operator') return undefined;
  if (principal.role === 'merchant_secret') return principal.merchantId;
  throw new ApiError('permission_denied', 'Use the operator key or a merchant secret key.');
}

/**
 * The merchant a list is about: a merchant's own (a `merchant` filter naming
 * another is refused), or, for the operator, the one its `merchant` filter
 * names, if any.
 */
export function listScopeOf(request: FastifyRequest, merchantFilter: string | undefined): string | undefined {
  const own = merchantScopeOf(request);
  if (own === undefined) return merchantFilter;
  if (merchantFilter !== undefined && merchantFilter !== own) throw new ApiError('permission_denied', 'The merchant filter is for the operator key; a merchant sees only its own.', 'merchant');
  return own;
}
