import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { Type } from 'typebox';
import type { ChargingSessions, Enrollment, IdTags, StationCommands, Stations, Tariffs } from '../charging/index.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Agreements, Customers, PaymentCodes } from '../customers/index.ts';
import type { AccountProtection, ApiKeys, OneTimeCodes, Sessions } from '../identity/index.ts';
import type { ConsoleIdentity } from '../console/index.ts';
import type { SandboxSms } from '../notifications/index.ts';
import type { IdempotencyStore } from '../idempotency/index.ts';
import type { Events, WebhookDeliveries, WebhookDeliveryLog, WebhookEndpoints } from '../events/index.ts';
import type { PaymentIntents, PaymentLinks, PaymentMethods, Refunds, TopUps } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { SandboxBank, SandboxBankProcessor, SandboxCardAcquirer, SandboxCardProcessor } from '../processors/index.ts';
import type { Ledger } from '../ledger/index.ts';
import type { Merchants } from '../merchants/index.ts';
import type { PrepaidCards } from '../prepaid/index.ts';
import type { Reports } from '../reports/index.ts';
import { PAYGRID_VERSION } from '../version.ts';
import { ApiError, type ErrorBody } from './errors.ts';
import { stringifyJson } from './json.ts';
import type { PaygridMetrics } from './metrics.ts';
import { registerAuth } from './auth.ts';
import { RateLimiter } from './rate-limit.ts';
import { registerLedgerRoutes } from './routes/ledger.ts';
import { registerMerchantRoutes } from './routes/merchants.ts';
import { registerCustomerRoutes } from './routes/customers.ts';
import { registerPaymentRoutes } from './routes/payments.ts';
import { registerPaymentLinkRoutes } from './routes/payment-links.ts';
import { registerChargingRoutes } from './routes/charging.ts';
import { registerChargingCommandRoutes } from './routes/charging-commands.ts';
import { registerChargingSessionRoutes } from './routes/charging-sessions.ts';
import { registerChargingEnrollmentRoutes } from './routes/charging-enrollment.ts';
import { registerChargingListRoutes } from './routes/charging-lists.ts';
import { registerChargingLiveRoutes } from './routes/charging-live.ts';
import { registerChargingStatsRoutes } from './routes/charging-stats.ts';
import { registerRiskRoutes } from './routes/risk.ts';
import { registerConsoleRoutes } from './routes/console.ts';
import type { Risk } from '../risk/index.ts';
import { registerScanToChargeRoutes } from './routes/scan-to-charge.ts';
import { registerPrepaidCardRoutes } from './routes/prepaid-cards.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { registerWebAppRoutes } from './routes/web-app.ts';
import { registerCheckoutRoutes } from './routes/checkout.ts';
import { registerCustomerAdminRoutes } from './routes/customer-admin.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerWireSchemas } from './routes/responses.ts';

export interface HttpDependencies {
  config: Config;
  risk: Risk;
  /** Console users, their cookie sessions and the audit log. */
  consoleIdentity: ConsoleIdentity;
  db: Database;
  ledger: Ledger;
  merchants: Merchants;
  customers: Customers;
  agreements: Agreements;
  paymentCodes: PaymentCodes;
  apiKeys: ApiKeys;
  sessions: Sessions;
  codes: OneTimeCodes;
  accountProtection: AccountProtection;
  sandboxSms: SandboxSms;
  paymentIntents: PaymentIntents;
  paymentMethods: PaymentMethods;
  refunds: Refunds;
  topUps: TopUps;
  paymentLinks: PaymentLinks;
  tariffs: Tariffs;
  stations: Stations;
  /** Unknown stations an operator lets in as pending, and its approvals. */
  enrollment: Enrollment;
  /** Remote commands to stations, sent through the job queue. */
  stationCommands: StationCommands;
  /** Charging sessions and the RFID tags that start them. */
  chargingSessions: ChargingSessions;
  idTags: IdTags;
  prepaidCards: PrepaidCards;
  sandboxAcquirer: SandboxCardAcquirer;
  cardProcessor: SandboxCardProcessor;
  sandboxBank: SandboxBank;
  bankProcessor: SandboxBankProcessor;
  events: Events;
  webhookEndpoints: WebhookEndpoints;
  webhookDeliveries: WebhookDeliveries;
  /** The delivery log the consoles read, and manual retries. */
  webhookDeliveryLog: WebhookDeliveryLog;
  /** The console's dashboard. */
  reports: Reports;
  /** Saved responses of POST requests sent with an Idempotency-Key. */
  idempotency: IdempotencyStore;
  /** Keys the stored request fingerprints: request bodies can hold card numbers and PINs. */
  idempotencyFingerprintKey: Buffer;
  clock: Clock;
  metrics: PaygridMetrics;
  /** Health answers 503 once shutdown has begun, so load balancers stop sending work. */
  isShuttingDown: () => boolean;
}

export type PaygridHttp = FastifyInstance;

/**
 * Logs never carry secrets: no request bodies, and these headers and fields are
 * censored wherever they appear.
 */
const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.password', '*.card.number', '*.number', '*.pin', '*.cvc', '*.secret', '*.key'];

function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

/**
 * Bodies are validated without type coercion ("100" is not an amount) and
 * unknown fields are refused, as Stripe refuses them; query strings and path
 * parameters arrive as text, so those are coerced.
 */
function schemaCompilers(): { body: Ajv; other: Ajv } {
  const common = { allErrors: false, strict: false, useDefaults: true, removeAdditional: false } as const;
  return { body: new Ajv({ ...common, coerceTypes: false }), other: new Ajv({ ...common, coerceTypes: true }) };
}

export async function buildHttpServer(deps: HttpDependencies): Promise<PaygridHttp> {
  const { config } = deps;
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    genReqId: () => `req_${randomUUID().replaceAll('-', '')}`,
    requestIdHeader: false,
    // Refused by our own hook below, so that the answer has the error object's shape.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const compilers = schemaCompilers();
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const validate: ValidateFunction = (httpPart === 'body' ? compilers.body : compilers.other).compile(schema);
    return (data: unknown) => (validate(data) ? { value: data } : { error: toValidationError(validate.errors ?? [], httpPart ?? 'body') });
  });
  app.setReplySerializer((payload) => stringifyJson(payload));
  // Routes declare response schemas for the OpenAPI document only: without this, Fastify would
  // serialize them with fast-json-stringify, which drops undeclared fields and cannot write bigints.
  app.setSerializerCompiler(() => (data) => stringifyJson(data));
  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
    if (deps.isShuttingDown() && request.url !== '/healthz') {
      reply.header('connection', 'close');
      throw new ApiError('service_unavailable', 'The server is shutting down; retry on another instance or in a moment.');
    }
  });
  // Once shutdown has begun, every answer closes its connection, so that keep-alive
  // clients do not hold the server open until their idle timeout.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (deps.isShuttingDown()) reply.header('connection', 'close');
    return payload;
  });
  installErrorHandlers(app);
  installMetrics(app, deps.metrics);
  // Only JSON bodies are accepted: without this, text/plain would reach validation as a string.
  app.removeContentTypeParser('text/plain');

  await registerOpenApi(app);
  registerWireSchemas(app);
  registerOperationalRoutes(app, deps);
  registerAuth(app, deps.apiKeys, deps.sessions, new RateLimiter(config.rateLimitPerMinute), {
    console: deps.consoleIdentity,
    secureCookie: config.publicUrl.startsWith('https:'),
    publicOrigin: new URL(config.publicUrl).origin,
  });
  // Before any POST route: routes declared earlier would not have their responses saved.
  registerIdempotency(app, deps.idempotency, { clock: deps.clock, fingerprintKey: deps.idempotencyFingerprintKey });
  registerLedgerRoutes(app, deps.ledger);
  registerMerchantRoutes(app, deps.merchants, deps.apiKeys);
  registerCustomerRoutes(app, deps);
  registerCustomerAdminRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerPaymentLinkRoutes(app, deps);
  registerChargingRoutes(app, deps);
  registerChargingCommandRoutes(app, deps);
  registerChargingSessionRoutes(app, deps);
  registerChargingEnrollmentRoutes(app, deps);
  registerChargingListRoutes(app, deps);
  registerChargingLiveRoutes(app, deps);
  registerChargingStatsRoutes(app, deps);
  registerScanToChargeRoutes(app, deps);
  registerPrepaidCardRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerWebhookDeliveryRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerRiskRoutes(app, deps);
  registerConsoleRoutes(app, deps);
  registerSandboxRoutes(app, deps);
  registerCheckoutRoutes(app, deps);
  registerWebAppRoutes(app);
  return app;
}

async function registerOpenApi(app: PaygridHttp): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Paygrid API', version: PAYGRID_VERSION, description: 'Wallets, payments and a double-entry ledger. Amounts are integers of minor units.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An operator or merchant API key' },
          consoleSession: { type: 'apiKey', in: 'cookie', name: 'paygrid_console', description: 'A console session (POST /v1/console/sessions)' },
        },
      },
      security: [{ bearer: [] }, { consoleSession: [] }],
    },
    // Shared schemas (src/http/routes/responses.ts) appear under their own names in components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: documentIdempotencyKey,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

const IdempotencyKeyHeaders = Type.Object({
  'Idempotency-Key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, description: 'Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency").' }),
  ),
});

/**
 * Every POST takes an Idempotency-Key (registerIdempotency handles it for all of them, and
 * checks it), so the document says so once here rather than in each route's schema.
 */
function documentIdempotencyKey({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.includes('POST') || schema === undefined || schema.headers !== undefined) return { schema, url };
  return { schema: { ...schema, headers: IdempotencyKeyHeaders }, url };
}

function registerOperationalRoutes(app: PaygridHttp, deps: HttpDependencies): void {
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    if (deps.isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
    await deps.db.query('SELECT 1');
    return { status: 'ok', version: PAYGRID_VERSION, database: deps.db.kind };
  });
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).serializer((s: string) => s).send(text);
  });
}

function installMetrics(app: PaygridHttp, metrics: PaygridMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, so that ids do not explode label cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route };
    metrics.httpRequests.inc({ ...labels, status_code: String(reply.statusCode) });
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

interface ValidationFailure extends Error {
  validation: ErrorObject[];
  validationContext: string;
}

function toValidationError(errors: ErrorObject[], httpPart: string): ValidationFailure {
  return Object.assign(new Error('validation failed'), { validation: errors, validationContext: httpPart });
}

/** `/transfers/0/amount` → `transfers[0][amount]`, the way Stripe names nested parameters. */
function paramName(path: string, extra?: string): string | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  if (extra !== undefined) parts.push(extra);
  const [head, ...rest] = parts;
  return head === undefined ? undefined : head + rest.map((p) => `[${p}]`).join('');
}

function validationToApiError(error: ValidationFailure): ApiError {
  const first = error.validation[0];
  if (first === undefined) return new ApiError('parameter_invalid', 'The request is invalid.');
  if (first.keyword === 'required') {
    const missing = String((first.params as { missingProperty?: string }).missingProperty ?? '');
    const param = paramName(first.instancePath, missing);
    return new ApiError('parameter_missing', `Missing required parameter: ${param ?? missing}.`, param);
  }
  if (first.keyword === 'additionalProperties') {
    const unknown = String((first.params as { additionalProperty?: string }).additionalProperty ?? '');
    const param = paramName(first.instancePath, unknown);
    return new ApiError('parameter_unknown', `Received unknown parameter: ${param ?? unknown}.`, param);
  }
  const param = paramName(first.instancePath);
  const where = param ?? (error.validationContext === 'body' ? 'the request body' : error.validationContext);
  return new ApiError('parameter_invalid', `Invalid value for ${where}: ${first.message ?? 'invalid'}.`, param);
}

function fastifyErrorToApiError(error: FastifyError): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('invalid_json', 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('body_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'Send request bodies as application/json.');
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.name))) {
    return new ApiError('invalid_json', 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
  }
  return undefined;
}

function installErrorHandlers(app: PaygridHttp): void {
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    let apiError: ApiError | undefined;
    if (error instanceof ApiError) apiError = error;
    else if ('validation' in error && Array.isArray(error.validation)) apiError = validationToApiError(error as unknown as ValidationFailure);
    else apiError = fastifyErrorToApiError(error);
    if (apiError === undefined) {
      // An assertion or a bug: the request fails loudly, with an id to find it in the logs.
      request.log.error({ err: error }, 'request failed');
      apiError = new ApiError('internal_error', `An internal error occurred. Quote request id ${request.id} when reporting it.`);
    }
    const body: ErrorBody = apiError.body();
    return reply.code(apiError.status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError('route_not_found', `Unrecognized request URL (${request.method} ${request.url.split('?')[0] ?? ''}).`);
    return reply.code(error.status).send(error.body());
  });
}
