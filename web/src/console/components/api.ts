import type { components, paths } from '../../../../src/client/index.ts';

/**
 * Named types of the API objects the console shows, all taken from the OpenAPI
 * document (src/client/openapi.ts), so that a screen and the API cannot drift
 * apart without the build failing. The screens call the API through the typed
 * client (`consoleApi` in web/src/api.ts).
 */
type Schemas = components['schemas'];
type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;

export type PaymentIntent = Schemas['payment_intent'];
export type Refund = Schemas['refund'];
export type Merchant = Schemas['merchant'];
export type Customer = Schemas['customer'];
export type LedgerTransfer = Schemas['ledger_transfer'];
export type LedgerAccount = Schemas['ledger_account'];
export type EventObject = Schemas['event'];
export type WebhookEndpoint = Schemas['webhook_endpoint'];
export type WebhookDelivery = Ok<'/v1/webhook_deliveries', 'get'>['data'][number];
export type ConsoleUserRow = Ok<'/v1/console/users', 'get'>['data'][number];
export type AuditEntry = Ok<'/v1/console/audit_log', 'get'>['data'][number];
