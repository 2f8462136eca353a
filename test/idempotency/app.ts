import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ApiError } from '../../src/http/errors.ts';
import { registerIdempotency } from '../../src/http/idempotency.ts';
import { stringifyJson } from '../../src/http/json.ts';
import type { IdempotencyStore } from '../../src/idempotency/index.ts';
import type { ManualClock } from '../../src/platform/clock.ts';

/**
 * A small Fastify app around the idempotency plugin, shaped like Paygrid's server:
 * the principal is set in onRequest (as src/http/auth.ts sets it: `Bearer <key id>`
 * here, without a database), responses go through stringifyJson, errors have the
 * error object's shape, and every answer carries a request id.
 *
 * `POST /v1/counters` counts how often its handler really ran. Its body says how
 * to answer: `outcome` picks a success, a 404 or a 500; `hold` parks the handler
 * until the test lets it go.
 */

export interface CounterBody {
  amount: number;
  outcome?: 'ok' | 'not_found' | 'crash';
  hold?: boolean;
}

export interface Holds {
  /** Resolves once `count` handlers (in all, since the last release) are parked. */
  parked(count: number): Promise<void>;
  /** Lets every parked handler finish. */
  releaseAll(): void;
}

export interface CounterApp {
  app: FastifyInstance;
  /** How many times the counter handler ran. */
  runs(): number;
  holds: Holds;
}

const CounterBodySchema = {
  type: 'object',
  required: ['amount'],
  additionalProperties: false,
  properties: {
    amount: { type: 'integer', minimum: 1 },
    outcome: { type: 'string', enum: ['ok', 'not_found', 'crash'] },
    hold: { type: 'boolean' },
  },
} as const;

function createHolds(): Holds & { park(): Promise<void> } {
  let parkedCount = 0;
  let waiting: (() => void)[] = [];
  let watchers: { count: number; resolve: () => void }[] = [];
  return {
    parked(count) {
      if (parkedCount >= count) return Promise.resolve();
      return new Promise<void>((resolve) => watchers.push({ count, resolve }));
    },
    releaseAll() {
      for (const release of waiting) release();
      waiting = [];
      parkedCount = 0;
    },
    park() {
      parkedCount += 1;
      for (const watcher of watchers.filter((w) => w.count <= parkedCount)) watcher.resolve();
      watchers = watchers.filter((w) => w.count > parkedCount);
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}

function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, _request, reply) => {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if ('validation' in error && error.validation !== undefined) apiError = new ApiError('parameter_invalid', `Invalid request: ${error.message}.`);
    else apiError = new ApiError('internal_error', 'An internal error occurred.');
    return reply.code(apiError.status).send(apiError.body());
  });
}

function installPrincipal(app: FastifyInstance): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    request.principal = match?.[1] === undefined ? undefined : { keyId: match[1], role: 'operator' };
  });
}

export async function buildCounterApp(store: IdempotencyStore, clock: ManualClock): Promise<CounterApp> {
  const app = Fastify({
    logger: false,
    genReqId: () => `req_${randomUUID().replaceAll('-', '')}`,
    // As Paygrid's server: no coercion, unknown fields refused rather than dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });
  app.setReplySerializer((payload) => stringifyJson(payload));
  installErrorHandler(app);
  installPrincipal(app);
  registerIdempotency(app, store, { clock });

  let runs = 0;
  const holds = createHolds();
  app.post('/v1/counters', {
    schema: { body: CounterBodySchema },
    // A check that runs after idempotency's preHandler but before the handler, as a permission check would.
    preHandler: async (request) => {
      if (request.headers['x-test-deny'] === 'true') throw new ApiError('permission_denied', 'Denied by the test.');
    },
    handler: async (request) => {
      runs += 1;
      const run = runs;
      const body = request.body as CounterBody;
      if (body.hold === true) await holds.park();
      if (body.outcome === 'not_found') throw new ApiError('resource_missing', `No such counter (run ${run}).`, 'amount');
      if (body.outcome === 'crash') throw new Error('the handler failed');
      // A bigint beyond 2^53 checks that the replay is the serialized text, not re-serialized data.
      return { object: 'counter', run, amount: body.amount, total_minor: 2n ** 70n + BigInt(run) };
    },
  });
  app.get('/v1/counters', async () => ({ runs }));
  await app.ready();
  return { app, runs: () => runs, holds };
}
