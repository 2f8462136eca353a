import { createPaygridClient } from '../../src/client/index.ts';

/**
 * Checked by `npm run typecheck`, never run: the typed client refuses to compile what
 * the API would refuse at run time. Each line below must be a type error; if the client
 * ever lets one through, its `@ts-expect-error` is unused and the typecheck fails.
 */
export function refusedAtCompileTime(): unknown[] {
  const client = createPaygridClient({ baseUrl: 'http://localhost:4000' });
  return [
    // @ts-expect-error an unknown field (openapi-fetch alone would allow it: openapi-typescript issue #1769)
    client.POST('/v1/merchants', { body: { name: 'Shop', country: 'CN' } }),
    // @ts-expect-error an unknown field in a nested object
    client.POST('/v1/merchants', { body: { name: 'Shop', fee_plan: { percent_bps: 60, cap: 100 } } }),
    // @ts-expect-error an amount as text
    client.POST('/v1/payment_intents', { body: { amount: '100', currency: 'cny' } }),
    // @ts-expect-error a required field left out
    client.POST('/v1/payment_intents', { body: { currency: 'cny' } }),
    // @ts-expect-error an unknown query parameter
    client.GET('/v1/merchants', { params: { query: { limit: 2, sort: 'name' } } }),
    // @ts-expect-error a path parameter left out
    client.GET('/v1/payment_intents/{id}'),
    // @ts-expect-error a path the API does not have
    client.GET('/v1/charges'),
    // @ts-expect-error a method the path does not take
    client.DELETE('/v1/merchants'),
  ];
}
