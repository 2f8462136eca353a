import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_STATUSES, type ChargingSession, type ChargingSessions, type IdTag, type IdTagFailure, type IdTags, type StartFailure, type StopFailure } from '../../charging/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import { formatMoney } from '../../money/index.ts';
import type { PrepaidCards } from '../../prepaid/index.ts';
import { requireConsumer } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { requireChargingMerchant } from './charging.ts';
import { AmountSchema } from './ledger-wire.ts';
import { failureToError, intentOrDecline } from './payments.ts';
import { listOf, responses } from './responses.ts';
import { unixSeconds, unixSecondsOrNull } from './wire.ts';

/**
 * Charging sessions: a consumer starts one from a connector's QR page (scan
 * to charge) and watches it; the operator lists, follows and stops theirs.
 * RFID tags that start sessions without the app are registered here too.
 */
const SESSION_ID = '^chs_[0-9a-z]{26}$';
const SessionIdParams = Type.Object({ id: Type.String({ pattern: SESSION_ID }) });
const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    starting_after: Type.Optional(Type.String({ pattern: SESSION_ID })),
    station: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,48}$' })),
    status: Type.Optional(Type.Union(SESSION_STATUSES.map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);
const IdTagSchema = Type.String({ pattern: '^[\\x21-\\x7e]{1,20}$', description: 'The RFID card’s OCPP idTag (its uid): 1 to 20 printable ASCII characters.' });

const StartBody = Type.Object(
  {
    station: Type.String({ pattern: '^[A-Za-z0-9._-]{1,48}$' }),
    connector: Type.Integer({ minimum: 1, maximum: 99 }),
    payment_method: Type.String({
      minLength: 1,
      maxLength: 64,
      description: '`wallet`, a saved card `pm_…` (saved with the operator’s publishable key), a prepaid card bound to the consumer `ppc_…` (with `payment_password`), or a prepaid card number (with `pin`).',
    }),
    hold_amount: AmountSchema,
    payment_password: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The payment password: for the wallet (not needed when the consumer has an agreement (免密支付) with the operator) and for a bound prepaid card.' })),
    pin: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'The prepaid card’s PIN.' })),
    auto_increment: Type.Optional(Type.Boolean({ description: 'Raise the hold when the running cost reaches it instead of stopping (wallet under an agreement only).' })),
  },
  { additionalProperties: false },
);

const LineSchema = Type.Object(
  {
    type: Type.Union(['energy', 'service', 'idle', 'session_fee', 'cap'].map((t) => Type.Literal(t))),
    tier: Type.Optional(Type.String()),
    energy_wh: Type.Optional(Type.Number()),
    minutes: Type.Optional(Type.Integer()),
    unit_price: Type.Optional(Type.String({ description: 'Per kWh in major units (energy, service), or minor units per minute (idle).' })),
    amount: Type.Integer({ description: 'Minor units; the `cap` line is negative: what the session cost beyond its hold, which is not charged.' }),
  },
  { additionalProperties: false },
);

const SessionSchema = Type.Object({
  object: Type.Literal('charging_session'),
  id: Type.String(),
  station: Type.String(),
  connector: Type.Integer(),
  transaction_id: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union(SESSION_STATUSES.map((s) => Type.Literal(s))),
  payer: Type.String(),
  customer: Type.Union([Type.String(), Type.Null()]),
  payment_intent: Type.Union([Type.String(), Type.Null()]),
  tariff: Type.Object({ id: Type.String(), version: Type.Integer() }),
  currency: Type.String(),
  hold_amount: Type.Integer(),
  energy_wh: Type.Integer(),
  power_w: Type.Union([Type.Integer(), Type.Null()]),
  amount: Type.Integer({ description: 'Minor units: running while charging, final once completed; never more than the hold.' }),
  priced_amount: Type.Integer({ description: 'What the tariff prices the session at, before the cap.' }),
  line_items: Type.Array(LineSchema),
  started_at: Type.Union([Type.Integer(), Type.Null()]),
  stopped_at: Type.Union([Type.Integer(), Type.Null()]),
  stop_reason: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(Type.String(), { description: 'What the operator should look at: cap_reached, station_vanished, hold_declined, tag_invalid, …' }),
  failure_reason: Type.Union([Type.String(), Type.Null()]),
  created: Type.Integer(),
  updated: Type.Integer(),
});

const IdTagResponse = Type.Object({
  object: Type.Literal('charging_id_tag'),
  id_tag: Type.String(),
  prepaid_card: Type.Union([Type.String(), Type.Null()]),
  customer: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
  created: Type.Integer(),
});

export function sessionToWire(s: ChargingSession): Record<string, unknown> {
  return {
    object: 'charging_session',
    id: s.id,
    station: s.stationId,
    connector: s.connectorId,
    transaction_id: s.transactionId,
    status: s.status,
    payer: s.payer,
    customer: s.customerId,
    payment_intent: s.paymentIntentId,
    tariff: { id: s.tariffId, version: s.tariffVersion },
    currency: s.currency.toLowerCase(),
    hold_amount: s.holdAmountMinor,
    energy_wh: s.energyWh,
    power_w: s.powerW,
    amount: s.amountMinor,
    priced_amount: s.pricedAmountMinor,
    line_items: s.lineItems.map((l) => ({ ...l, amount: BigInt(l.amount) })),
    started_at: unixSecondsOrNull(s.startedAtMs),
    stopped_at: unixSecondsOrNull(s.stoppedAtMs),
    stop_reason: s.stopReason,
    flags: s.flags,
    failure_reason: s.failureReason,
    created: unixSeconds(s.createdAtMs),
    updated: unixSeconds(s.updatedAtMs),
  };
}

function idTagToWire(t: IdTag): Record<string, unknown> {
  return {
    object: 'charging_id_tag',
    id_tag: t.idTag,
    prepaid_card: t.owner.kind === 'prepaid_card' ? t.owner.prepaidCardId : null,
    customer: t.owner.kind === 'customer' ? t.owner.customerId : null,
    status: t.status,
    created: unixSeconds(t.createdAtMs),
  };
}

function startFailureToError(f: StartFailure): ApiError {
  switch (f.failure) {
    case 'station_not_found':
      return new ApiError('resource_missing', 'No such charging station.', 'station');
    case 'connector_not_found':
      return new ApiError('resource_missing', 'The station has no such connector.', 'connector');
    case 'station_offline':
      return new ApiError('parameter_invalid', 'The station is offline; try another one.', 'station', f.failure);
    case 'connector_unavailable':
      return new ApiError('parameter_invalid', `The connector is ${f.status}; plug in at an available one.`, 'connector', f.failure);
    case 'connector_busy':
      return new ApiError('parameter_invalid', 'Someone is already charging at this connector.', 'connector', f.failure);
    case 'hold_below_minimum':
      return new ApiError('parameter_invalid', `The hold must be at least ${formatMoney(f.minimumMinor, f.currency, 'zh-CN')} (${f.minimumMinor} minor units, the tariff’s minimum).`, 'hold_amount', f.failure, { minimum_hold_amount: Number(f.minimumMinor) });
    case 'payment_password_required':
      return new ApiError('parameter_missing', 'Enter the wallet’s payment password (or sign an agreement with this operator).', 'payment_password', f.failure);
    case 'payment_failed':
      // A decline answers 402 with the payment intent, as a payment would; a refusal before it, as its own error.
      if ('failure' in f.payment && f.payment.failure === 'prepaid_card_not_bound') return new ApiError('resource_missing', 'No prepaid card with this id is bound to your account.', 'payment_method');
      if ('failure' in f.payment) return failureToError(f.payment);
      try {
        intentOrDecline(f.payment);
      } catch (error) {
        if (error instanceof ApiError) return error;
        throw error;
      }
      return new ApiError('payment_declined', `The hold could not be placed (the payment is ${f.payment.intent.status}); choose another payment method.`, 'payment_method', 'hold_not_placed');
    default: {
      const unknown: never = f;
      throw new Error(`unhandled start failure ${JSON.stringify(unknown)}`);
    }
  }
}

function stopFailureToError(f: StopFailure): ApiError {
  if (f.failure === 'session_not_found') return new ApiError('resource_missing', 'No such charging session.', 'id');
  return new ApiError('parameter_invalid', `The session is ${f.status}; only a starting or charging session can be stopped.`, 'id', 'session_not_running');
}

const ID_TAG_ERRORS: Record<IdTagFailure, () => ApiError> = {
  id_tag_invalid: () => new ApiError('parameter_invalid', 'An idTag is 1 to 20 printable ASCII characters.', 'id_tag', 'id_tag_invalid'),
  id_tag_taken: () => new ApiError('resource_already_exists', 'This idTag is registered already.', 'id_tag', 'id_tag_taken'),
};

export interface ChargingSessionRouteDependencies {
  chargingSessions: ChargingSessions;
  idTags: IdTags;
  merchants: Merchants;
  prepaidCards: PrepaidCards;
}

/** The payment method field: `wallet`, a saved card, a bound prepaid card with the payment password, or a prepaid card number with its PIN. */
function paymentFromWire(body: Static<typeof StartBody>): Parameters<ChargingSessions['startFromApp']>[1]['payment'] {
  const method = body.payment_method;
  if (method === 'wallet') return { kind: 'wallet', ...(body.payment_password === undefined ? {} : { paymentPassword: body.payment_password }) };
  if (/^pm_[0-9a-z]{26}$/.test(method)) return { kind: 'card', paymentMethodId: method };
  if (/^ppc_[0-9a-z]{26}$/.test(method)) {
    if (body.payment_password === undefined) throw new ApiError('parameter_missing', 'A bound prepaid card is paid with the payment password.', 'payment_password');
    return { kind: 'bound_prepaid_card', prepaidCardId: method, paymentPassword: body.payment_password };
  }
  if (/^\d{16,19}$/.test(method.replaceAll(' ', ''))) {
    if (body.pin === undefined) throw new ApiError('parameter_missing', 'A prepaid card needs its PIN.', 'pin');
    return { kind: 'prepaid_card', number: method, pin: body.pin };
  }
  throw new ApiError('parameter_invalid', 'payment_method is `wallet`, a saved card (pm_…), a bound prepaid card (ppc_…) or a prepaid card number.', 'payment_method');
}

async function ownSession(request: FastifyRequest, sessions: ChargingSessions, merchants: Merchants): Promise<ChargingSession> {
  const id = (request.params as { id: string }).id;
  const session = await sessions.get(id);
  const principal = request.principal;
  const mine = principal?.role === 'consumer' ? session?.customerId === principal.customerId : session?.merchantId === (await requireChargingMerchant(request, merchants));
  if (session === undefined || !mine) throw new ApiError('resource_missing', 'No such charging session.', 'id');
  return session;
}

function page(url: string, result: { sessions: ChargingSession[]; hasMore: boolean }): Record<string, unknown> {
  return { object: 'list', url, has_more: result.hasMore, data: result.sessions.map(sessionToWire) };
}

export function registerChargingSessionRoutes(app: FastifyInstance, { chargingSessions, idTags, merchants, prepaidCards }: ChargingSessionRouteDependencies): void {
  const tags = ['Charging'];
  app.post('/v1/me/charging/sessions', {
    schema: { tags, summary: 'Start charging at a connector (scan to charge): the hold is placed, then the station is told to start', body: StartBody, response: responses(SessionSchema, 'The session, starting') },
    handler: async (request) => {
      const body = request.body as Static<typeof StartBody>;
      const started = await chargingSessions.startFromApp(requireConsumer(request), {
        stationId: body.station,
        connectorId: body.connector,
        payment: paymentFromWire(body),
        holdAmountMinor: BigInt(body.hold_amount),
        autoIncrement: body.auto_increment === true,
      });
      if ('failure' in started) throw startFailureToError(started);
      return sessionToWire(started.session);
    },
  });

  app.get('/v1/me/charging/sessions', {
    schema: { tags, summary: 'The consumer’s charging sessions, newest first', querystring: ListQuery, response: responses(listOf(SessionSchema), 'A page of sessions') },
    handler: async (request) => {
      const q = request.query as Static<typeof ListQuery>;
      const filter = { customerId: requireConsumer(request), ...(q.station === undefined ? {} : { stationId: q.station }), ...(q.status === undefined ? {} : { status: q.status }) };
      return page('/v1/me/charging/sessions', await chargingSessions.list(filter, q.limit ?? 10, q.starting_after));
    },
  });

  app.get('/v1/charging/sessions', {
    schema: { tags, summary: 'The operator’s charging sessions, newest first, by station and status', querystring: ListQuery, response: responses(listOf(SessionSchema), 'A page of sessions') },
    handler: async (request) => {
      const q = request.query as Static<typeof ListQuery>;
      const filter = { merchantId: await requireChargingMerchant(request, merchants), ...(q.station === undefined ? {} : { stationId: q.station }), ...(q.status === undefined ? {} : { status: q.status }) };
      return page('/v1/charging/sessions', await chargingSessions.list(filter, q.limit ?? 10, q.starting_after));
    },
  });

  app.get('/v1/charging/sessions/:id', {
    schema: { tags, summary: 'Retrieve a charging session (the operator’s key, or the consumer’s session token for their own)', params: SessionIdParams, response: responses(SessionSchema, 'The session') },
    handler: async (request) => sessionToWire(await ownSession(request, chargingSessions, merchants)),
  });

  app.post('/v1/charging/sessions/:id/stop', {
    schema: { tags, summary: 'Stop a session (the consumer their own, the operator any of theirs): RemoteStopTransaction goes to the station', params: SessionIdParams, response: responses(SessionSchema, 'The session; it completes when the station sends StopTransaction') },
    handler: async (request) => {
      const stopped = await chargingSessions.requestStopBy(await ownSession(request, chargingSessions, merchants));
      if ('failure' in stopped) throw stopFailureToError(stopped);
      return sessionToWire(stopped.session);
    },
  });

  const OperatorTagBody = Type.Object({ id_tag: IdTagSchema, prepaid_card: Type.String({ pattern: '^ppc_[0-9a-z]{26}$' }) }, { additionalProperties: false });
  app.post('/v1/charging/id_tags', {
    schema: { tags, summary: 'Register the RFID tag of a prepaid card the operator issued (or a platform card)', body: OperatorTagBody, response: responses(IdTagResponse, 'The tag') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const body = request.body as Static<typeof OperatorTagBody>;
      const card = await prepaidCards.get({ role: 'operator' }, body.prepaid_card);
      if (card === undefined || (card.issuer !== 'platform' && card.issuer !== merchantId)) throw new ApiError('resource_missing', 'No such prepaid card accepted by you.', 'prepaid_card');
      const registered = await idTags.register(body.id_tag, { kind: 'prepaid_card', prepaidCardId: card.id, merchantId });
      if ('failure' in registered) throw ID_TAG_ERRORS[registered.failure]();
      return idTagToWire(registered.tag);
    },
  });

  const ConsumerTagBody = Type.Object({ id_tag: IdTagSchema }, { additionalProperties: false });
  app.post('/v1/me/charging/id_tags', {
    schema: { tags, summary: 'Register your own RFID card: it charges your wallet under your agreement (免密支付) with the operator', body: ConsumerTagBody, response: responses(IdTagResponse, 'The tag') },
    handler: async (request) => {
      const body = request.body as Static<typeof ConsumerTagBody>;
      const registered = await idTags.register(body.id_tag, { kind: 'customer', customerId: requireConsumer(request) });
      if ('failure' in registered) throw ID_TAG_ERRORS[registered.failure]();
      return idTagToWire(registered.tag);
    },
  });

  app.get('/v1/me/charging/id_tags', {
    schema: { tags, summary: 'Your registered RFID cards', response: responses(listOf(IdTagResponse), 'Your tags') },
    handler: async (request) => {
      const list = await idTags.listForCustomer(requireConsumer(request));
      return { object: 'list', url: '/v1/me/charging/id_tags', has_more: false, data: list.map(idTagToWire) };
    },
  });
}
