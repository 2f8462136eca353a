import type { paths } from '../../../../src/client/openapi.ts';

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type Review = Json<'/v1/risk/reviews/{id}', 'get'>;
export type Decision = Json<'/v1/risk/decisions', 'get'>['data'][number];
export type Rule = Json<'/v1/risk/rules', 'get'>['data'][number];
export type ListEntry = Json<'/v1/risk/list_entries', 'get'>['data'][number];
export type Backtest = Json<'/v1/risk/backtests', 'post'>;
export type PaymentIntent = Json<'/v1/payment_intents/{id}', 'get'>;
export type RiskAction = Rule['action'];

export const ACTION_COLOURS: Record<string, string> = { allow: 'green', review: 'orange', block: 'red', challenge: 'purple' };
