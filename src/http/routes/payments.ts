import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PAYMENT_INTENT_STATUSES, type ConsumerPaymentMethod, type PayerContext, type PaymentFailure, type PaymentIntent, type PaymentIntents, type PaymentRisk, type PaymentMethods, type Refund, type Refunds, type CardPaymentMethod, type TopUp, type TopUps } from '../../payments/index.ts';
import { netEffects, type Ledger } from '../../ledger/index.ts';
import type { CardInput } from '../../vault/index.ts';
import { SANDBOX_BANKS } from '../../processors/index.ts';
import { requireConsumer, requireMerchant, requireOperator } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { AmountSchema, IdParams, MetadataSchema, accountToWire, transferToWire } from './ledger-wire.ts';
import { Literals, listOf, ref, responses } from './responses.ts';
import { CreatedRangeQuery, CurrencySchema, PageQuery, StorableText, createdWindowOf, cursorOf, listScopeOf, merchantScopeOf, payerOf, unixSeconds, unixSecondsOrNull } from './wire.ts';

/** Payment methods, payment intents and refunds: Stripe's shapes on the wire. */
const ReturnUrlSchema = Type.String({ maxLength: 2000, pattern: '^https?://' });

/** A card as a client sends it: the number stops at the vault. */
const CardSchema = Type.Object(
  {
    number: Type.String({ minLength: 12, maxLength: 30, pattern: '^[0-9 -]+$' }),
    exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
    exp_year: Type.Integer({ minimum: 0, maximum: 9999 }),
    cvc: Type.Optional(Type.String({ pattern: '^\\d{3,4}$' })),
  },
  { additionalProperties: false },
);

function cardFromWire(card: Static<typeof CardSchema>): CardInput {
  return { number: card.number, expMonth: card.exp_month, expYear: card.exp_year, ...(card.cvc === undefined ? {} : { cvc: card.cvc }) };
}

const CreateCardBody = Type.Object(
  {
    type: Type.Literal('card'),
    card: CardSchema,
    customer: Type.Optional(Type.String({ pattern: '^cus_[0-9a-z]{26}$' })),
  },
  { additionalProperties: false },
);

/** Wallet payments without a saved method: the wallet itself (consumer or agreement), or a scanned payment code. */
const PaymentMethodDataSchema = Type.Union([
  Type.Object({ type: Type.Literal('wallet') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('payment_code'), code: Type.String({ pattern: '^\\d{18}$' }) }, { additionalProperties: false }),
  /**
   * A prepaid card: the merchant's till sends the number (grouped as printed, if it likes) and the
   * holder's PIN. Their format is the prepaid module's to judge: a number that is not one of ours is
   * `invalid_number`, and a PIN of the wrong shape is a wrong PIN, counted like any other.
   */
  Type.Object({ type: Type.Literal('prepaid_card'), number: Type.String({ minLength: 1, maxLength: 40 }), pin: Type.String({ minLength: 1, maxLength: 12 }) }, { additionalProperties: false }),
  /** Online banking (网银支付): the payer's bank, whose page they are sent to (Stripe's shape for bank redirects such as FPX). */
  Type.Object(
    {
      type: Type.Literal('online_banking'),
      online_banking: Type.Object({ bank: Type.Union(Object.keys(SANDBOX_BANKS).map((b) => Type.Literal(b)), { description: 'The payer’s bank: icbc, ccb, abc, boc or cmb.' }) }, { additionalProperties: false }),
    },
    { additionalProperties: false },
  ),
]);

/** A prepaid card the signed-in consumer bound to their account (GET /v1/me/prepaid_cards), paid with their payment password. */
const BoundPrepaidCardSchema = Type.Object({ type: Type.Literal('prepaid_card'), prepaid_card: Type.String({ pattern: '^ppc_[0-9a-z]{26}$' }) }, { additionalProperties: false });
/** On confirm, the merchant's ways or the consumer's: the same, plus a bound prepaid card. */
const ConfirmMethodDataSchema = Type.Union([...PaymentMethodDataSchema.anyOf, BoundPrepaidCardSchema]);

const CreateIntentBody = Type.Object(
  {
    amount: AmountSchema,
    currency: CurrencySchema,
    customer: Type.Optional(Type.String({ pattern: '^cus_[0-9a-z]{26}$' })),
    payment_method: Type.Optional(Type.String({ pattern: '^pm_[0-9a-z]{26}$' })),
    payment_method_data: Type.Optional(PaymentMethodDataSchema),
    confirm: Type.Optional(Type.Boolean()),
    capture_method: Type.Optional(Type.Union([Type.Literal('automatic'), Type.Literal('manual')])),
    description: Type.Optional(StorableText({ maxLength: 500 })),
    metadata: Type.Optional(MetadataSchema),
    return_url: Type.Optional(ReturnUrlSchema),
  },
  { additionalProperties: false },
);

/** The payer's address and device as the merchant saw them (Stripe's radar_options): velocity by device and IP for server-to-server confirmations. */
const RiskContextSchema = Type.Object(
  { ip_address: Type.Optional(Type.String({ minLength: 2, maxLength: 45 })), device_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false, description: 'The payer’s IP address and device id, for risk scoring.' },
);
const ConfirmBody = Type.Object(
  {
    risk_context: Type.Optional(RiskContextSchema),
    payment_method: Type.Optional(Type.String({ pattern: '^pm_[0-9a-z]{26}$' })),
    payment_method_data: Type.Optional(ConfirmMethodDataSchema),
    password: Type.Optional(Type.String({ maxLength: 64 })),
    client_secret: Type.Optional(Type.String({ maxLength: 200 })),
    return_url: Type.Optional(ReturnUrlSchema),
  },
  { additionalProperties: false },
);
const VerifyChallengeBody = Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }), client_secret: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const CaptureBody = Type.Object({ amount_to_capture: Type.Optional(AmountSchema) }, { additionalProperties: false });
const CancelBody = Type.Object(
  { cancellation_reason: Type.Optional(Type.Union(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'].map((r) => Type.Literal(r)))) },
  { additionalProperties: false },
);
const IncrementBody = Type.Object({ amount: AmountSchema }, { additionalProperties: false });
const RefundBody = Type.Object(
  {
    payment_intent: Type.String({ pattern: '^pi_[0-9a-z]{26}$' }),
    amount: Type.Optional(AmountSchema),
    reason: Type.Optional(Type.Union(['duplicate', 'fraudulent', 'requested_by_customer'].map((r) => Type.Literal(r)))),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
const IntentIdPattern = '^pi_[0-9a-z]{26}$';
const ListQuery = Type.Object(
  {
    ...PageQuery(IntentIdPattern).properties,
    status: Type.Optional(Literals(PAYMENT_INTENT_STATUSES)),
    merchant: Type.Optional(Type.String({ pattern: '^mch_[0-9a-z]{26}$', description: 'Operator key only: one merchant’s payments.' })),
    customer: Type.Optional(Type.String({ pattern: '^cus_[0-9a-z]{26}$' })),
    ...CreatedRangeQuery,
    query: Type.Optional(StorableText({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
const RefundListQuery = Type.Object(
  {
    ...PageQuery('^re_[0-9a-z]{26}$').properties,
    payment_intent: Type.Optional(Type.String({ pattern: IntentIdPattern })),
    status: Type.Optional(Literals(['pending', 'succeeded', 'failed'])),
    merchant: Type.Optional(Type.String({ pattern: '^mch_[0-9a-z]{26}$', description: 'Operator key only: one merchant’s refunds.' })),
    ...CreatedRangeQuery,
  },
  { additionalProperties: false },
);

/** A payment's ledger transfers and what they did to each account (GET /v1/payment_intents/{id}/ledger). */
const PaymentLedgerWire = Type.Object({
  object: Type.Literal('payment_ledger'),
  payment_intent: Type.String(),
  transfers: Type.Array(ref('ledger_transfer'), { description: 'Oldest first: holds (with pending_status), capture, fee, splits, voids, refunds.' }),
  accounts: Type.Array(ref('ledger_account'), { description: 'Every account the transfers touch, with its balances now.' }),
  net: Type.Array(
    Type.Object({
      account: Type.String(),
      posted: Type.Integer({ description: 'Credits less debits these transfers posted to the account, in minor units.' }),
      pending: Type.Integer({ description: 'Credits less debits still held (pending) by them, in minor units.' }),
    }),
    { description: 'What the payment’s transfers did to each account; over all accounts, posted and pending each sum to zero.' },
  ),
});

/** Stripe's `next_action` of type `redirect_to_url` (3-D Secure, a bank's page), or null. */
function redirectToWire(url: string | null): Record<string, unknown> | null {
  return url === null ? null : { type: 'redirect_to_url', redirect_to_url: { url } };
}

export function intentToWire(p: PaymentIntent): Record<string, unknown> {
  return {
    object: 'payment_intent',
    id: p.id,
    amount: p.amountMinor,
    amount_capturable: p.amountCapturableMinor,
    amount_received: p.amountReceivedMinor,
    amount_refunded: p.amountRefundedMinor,
    application_fee_amount: p.feeMinor,
    currency: p.currency.toLowerCase(),
    customer: p.customerId,
    payment_method: p.paymentMethodId,
    payment_method_types: ['card', 'wallet', 'prepaid_card', 'online_banking'],
    payment_method_type: p.paymentMethodType,
    status: p.status,
    capture_method: p.captureMethod,
    client_secret: p.clientSecret,
    description: p.description,
    metadata: p.metadata,
    next_action: p.nextAction?.type === 'verify_with_code' ? { type: 'verify_with_code', verify_with_code: { channel: p.nextAction.channel } } : redirectToWire(p.nextAction?.url ?? null),
    last_payment_error:
      p.lastPaymentError === null ? null : { type: p.lastPaymentError.type, code: p.lastPaymentError.code, decline_code: p.lastPaymentError.declineCode ?? null, message: p.lastPaymentError.message },
    canceled_at: unixSecondsOrNull(p.canceledAtMs),
    cancellation_reason: p.cancellationReason,
    risk: riskToWire(p.risk),
    created: unixSeconds(p.createdAtMs),
  };
}

function riskToWire(r: PaymentRisk | null): Record<string, unknown> | null {
  if (r === null) return null;
  return { decision: r.decision, score: r.score, reasons: r.reasons, ...(r.rule === undefined ? {} : { rule: r.rule }), ...(r.modelVersion === undefined ? {} : { model_version: r.modelVersion }) };
}

function methodToWire(m: CardPaymentMethod): Record<string, unknown> {
  return {
    object: 'payment_method',
    id: m.id,
    type: 'card',
    card: { brand: m.brand, last4: m.last4, exp_month: m.expMonth, exp_year: m.expYear, fingerprint: m.fingerprint },
    customer: m.customerId,
    created: unixSeconds(m.createdAtMs),
  };
}

function refundToWire(r: Refund): Record<string, unknown> {
  return {
    object: 'refund',
    id: r.id,
    amount: r.amountMinor,
    currency: r.currency.toLowerCase(),
    payment_intent: r.paymentIntentId,
    status: r.status,
    reason: r.reason,
    failure_reason: r.failureReason,
    fee_returned: r.feeReturnedMinor,
    metadata: r.metadata,
    created: unixSeconds(r.createdAtMs),
  };
}

/** Every payment failure, mapped to Stripe's statuses in one place. */
export function failureToError(f: PaymentFailure): ApiError {
  switch (f.failure) {
    case 'payment_intent_not_found':
      return new ApiError('resource_missing', 'No such payment_intent.', 'id');
    case 'payment_intent_unexpected_state':
      return new ApiError('payment_intent_unexpected_state', `This PaymentIntent's status is ${f.status}; the operation is not allowed in that status.`, undefined, undefined, { payment_intent_status: f.status });
    case 'payment_method_not_found':
      return new ApiError('resource_missing', 'No such payment_method.', 'payment_method');
    case 'payment_method_required':
      return new ApiError('parameter_missing', 'A payment_method is required to confirm this PaymentIntent.', 'payment_method');
    case 'customer_required':
      return new ApiError('parameter_missing', 'A customer is required.', 'customer');
    case 'prepaid_card_invalid':
      return new ApiError('parameter_invalid', f.reason === 'currency_mismatch' ? 'This prepaid card holds another currency than the payment.' : 'This is not the number of a prepaid card.', 'payment_method_data[number]', f.reason);
    case 'payment_code_invalid':
      return new ApiError('parameter_invalid', `The payment code cannot be used (${f.reason ?? 'invalid'}); ask the customer to refresh it.`, 'payment_method_data[code]', f.reason ?? f.failure);
    case 'agreement_required':
      return new ApiError('permission_denied', 'The customer has no active agreement (免密支付) with you for this currency; they confirm the payment themselves instead.', 'payment_method_data', f.failure);
    case 'customer_mismatch':
      return new ApiError('permission_denied', 'This PaymentIntent belongs to another customer.', 'customer', f.failure);
    case 'customer_blocked':
      return new ApiError('permission_denied', 'The customer is blocked by the platform and cannot pay.', 'customer', f.failure);
    case 'client_secret_mismatch':
      return new ApiError('parameter_invalid', 'The client_secret does not match this PaymentIntent.', 'client_secret', f.failure);
    case 'amount_too_large':
      return new ApiError('parameter_invalid', `The amount must be positive and at most ${f.maxMinor}.`, 'amount', 'amount_too_large');
    case 'increment_not_supported':
      return new ApiError('parameter_invalid', 'Only uncaptured wallet payments can be incremented.', undefined, f.failure);
    case 'processor_error':
      return new ApiError('payment_declined', `The operation was refused: ${f.code.replaceAll('_', ' ')}.`, undefined, f.code);
    case 'wallet_password_rejected':
      return f.code === 'payment_password_locked'
        ? new ApiError('permission_denied', 'Too many wrong payment passwords; wallet payments are locked for a while.', 'password', f.code)
        : new ApiError('parameter_invalid', f.code === 'incorrect_payment_password' ? `Incorrect payment password; ${f.attemptsLeft ?? 0} attempts left.` : 'Set a payment password first.', 'password', f.code);
    case 'refund_exceeds_captured':
      return new ApiError('parameter_invalid', `The refund amount must be positive and at most ${f.refundableMinor}.`, 'amount', 'amount_too_large');
    case 'unknown_currency':
      return new ApiError('parameter_invalid', 'Unknown currency.', 'currency', f.failure);
    case 'prepaid_card_not_bound':
      return new ApiError('resource_missing', 'No prepaid card with this id is bound to your account: bind it first (POST /v1/me/prepaid_cards).', 'payment_method_data[prepaid_card]');
    case 'payment_method_not_supported':
      return new ApiError('parameter_invalid', `Payments by ${f.type.replaceAll('_', ' ')} are not available on this platform.`, 'payment_method_data[type]', f.failure);
    case 'capture_method_not_supported':
      return new ApiError('parameter_invalid', `${f.type.replaceAll('_', ' ')} takes the money when the payer approves: use capture_method automatic.`, 'capture_method', f.failure);
    case 'challenge_failed':
      return f.code === 'invalid_code'
        ? new ApiError('parameter_invalid', `Incorrect code; ${f.attemptsLeft ?? 0} attempts left.`, 'code', f.code)
        : new ApiError('parameter_invalid', f.code === 'code_expired' ? 'The code expired; confirm the payment again for a new one.' : f.code === 'too_many_attempts' ? 'Too many wrong codes; confirm the payment again for a new one.' : 'No code is waiting for this payment.', 'code', f.code);
    default: {
      const unknown: never = f;
      throw new Error(`unhandled payment failure ${JSON.stringify(unknown)}`);
    }
  }
}

/** A confirm that ended declined answers 402 with the decline, as Stripe's card errors do. */
export function intentOrDecline(result: { intent: PaymentIntent } | PaymentFailure): Record<string, unknown> {
  if ('failure' in result) throw failureToError(result);
  const error = result.intent.lastPaymentError;
  if (result.intent.status === 'requires_payment_method' && error !== null) {
    throw new ApiError('payment_declined', error.message, undefined, error.code, { type: error.type, decline_code: error.declineCode ?? null, payment_intent: intentToWire(result.intent) });
  }
  return intentToWire(result.intent);
}

export interface PaymentRouteDependencies {
  ledger: Ledger;
  paymentIntents: PaymentIntents;
  paymentMethods: PaymentMethods;
  refunds: Refunds;
  topUps: TopUps;
}

export function registerPaymentRoutes(app: FastifyInstance, deps: PaymentRouteDependencies): void {
  registerPaymentMethodRoutes(app, deps);
  registerIntentRoutes(app, deps);
  registerIntentActions(app, deps);
  registerRefundRoutes(app, deps);
  registerPaymentLedgerRoute(app, deps);
  registerTopUpRoutes(app, deps);
}

const TopUpBody = Type.Object(
  {
    amount: AmountSchema,
    currency: CurrencySchema,
    card: CardSchema,
    return_url: Type.Optional(ReturnUrlSchema),
  },
  { additionalProperties: false },
);

function topUpToWire(t: TopUp): Record<string, unknown> {
  return { object: 'top_up', id: t.id, amount: t.amountMinor, currency: t.currency.toLowerCase(), status: t.status, failure_code: t.failureCode, next_action: redirectToWire(t.nextActionUrl), card: { brand: t.cardBrand, last4: t.cardLast4 }, created: unixSeconds(t.createdAtMs) };
}

function registerTopUpRoutes(app: FastifyInstance, { topUps }: PaymentRouteDependencies): void {
  const tags = ['Consumer wallet'];
  app.post('/v1/top_ups', {
    schema: { tags, summary: 'Top up the signed-in consumer’s wallet from a bank card (send an Idempotency-Key); a card that needs 3-D Secure answers status requires_action with next_action', body: TopUpBody, response: responses(ref('top_up'), 'The top-up: succeeded, or requires_action (a declined card answers 402 with the failed top-up in error.top_up)') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof TopUpBody>;
      const result = await topUps.create(customerId, {
        amountMinor: BigInt(body.amount),
        currency: body.currency.toUpperCase(),
        card: cardFromWire(body.card),
        ...(body.return_url === undefined ? {} : { returnUrl: body.return_url }),
        payer: payerOf(request),
      });
      if ('failure' in result) {
        if (result.failure === 'unknown_currency') throw new ApiError('parameter_invalid', 'Unknown currency.', 'currency', result.failure);
        if (result.failure === 'amount_too_large') throw new ApiError('parameter_invalid', 'A top-up may be at most 50,000 in major units.', 'amount', result.failure);
        throw new ApiError('payment_declined', `The card is not valid (${result.failure}).`, 'card[number]', result.failure, { type: 'card_error' });
      }
      if (result.topUp.status === 'failed' && result.topUp.failureCode === 'risk_blocked') {
        throw new ApiError('payment_declined', 'The top-up was blocked by risk control.', undefined, 'risk_blocked', { type: 'card_error', decline_code: null, top_up: topUpToWire(result.topUp) });
      }
      if (result.topUp.status === 'failed') {
        throw new ApiError('payment_declined', `The top-up was declined: ${(result.topUp.failureCode ?? 'declined').replaceAll('_', ' ')}.`, undefined, 'card_declined', { type: 'card_error', decline_code: result.topUp.failureCode, top_up: topUpToWire(result.topUp) });
      }
      return topUpToWire(result.topUp);
    },
  });

  app.get('/v1/top_ups/:id', {
    schema: { tags, summary: 'Retrieve one of the signed-in consumer’s top-ups (one waiting on the acquirer is synced first)', params: IdParams, response: responses(ref('top_up'), 'The top-up') },
    handler: async (request) => {
      const topUp = await topUps.get(requireConsumer(request), (request.params as { id: string }).id);
      if (topUp === undefined) throw new ApiError('resource_missing', 'No such top_up.', 'id');
      return topUpToWire(topUp);
    },
  });
}

function registerPaymentMethodRoutes(app: FastifyInstance, { paymentMethods }: PaymentRouteDependencies): void {
  app.post('/v1/payment_methods', {
    schema: { tags: ['Payment methods'], summary: 'Save a card (secret or publishable key); only brand, last four and expiry are ever shown', body: CreateCardBody, response: responses(ref('payment_method'), 'The saved card') },
    handler: async (request) => {
      const merchantId = requireMerchant(request, { publishable: true });
      const body = request.body as Static<typeof CreateCardBody>;
      const created = await paymentMethods.createCard(merchantId, cardFromWire(body.card), body.customer);
      if ('failure' in created) {
        const param = created.failure.includes('expiry_month') ? 'card[exp_month]' : created.failure.includes('expiry_year') ? 'card[exp_year]' : created.failure.includes('cvc') ? 'card[cvc]' : 'card[number]';
        throw new ApiError('payment_declined', `The card is not valid (${created.failure}).`, param, created.failure, { type: 'card_error' });
      }
      return methodToWire(created.method);
    },
  });

  app.get('/v1/payment_methods/:id', {
    schema: { tags: ['Payment methods'], summary: 'Retrieve a payment method', params: IdParams, response: responses(ref('payment_method'), 'The payment method') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const method = await paymentMethods.get(merchantId, (request.params as { id: string }).id);
      if (method === undefined) throw new ApiError('resource_missing', 'No such payment_method.', 'id');
      return methodToWire(method);
    },
  });
}

function registerIntentRoutes(app: FastifyInstance, { paymentIntents }: PaymentRouteDependencies): void {
  const tags = ['Payment intents'];
  app.post('/v1/payment_intents', {
    schema: { tags, summary: 'Create a payment intent (and confirm it with confirm=true)', body: CreateIntentBody, response: responses(ref('payment_intent'), 'The payment intent (a declined confirmation answers 402 with the intent in error.payment_intent)') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = request.body as Static<typeof CreateIntentBody>;
      const data = body.payment_method_data;
      // A prepaid number that is not ours, or in another currency, is bad input: refused before anything is created.
      const refused = body.confirm === true && data?.type === 'prepaid_card' ? await paymentIntents.checkPrepaidCard(data.number, body.currency.toUpperCase()) : undefined;
      if (refused !== undefined) throw failureToError(refused);
      const created = await paymentIntents.create(merchantId, {
        amountMinor: BigInt(body.amount),
        currency: body.currency.toUpperCase(),
        ...(body.customer === undefined ? {} : { customerId: body.customer }),
        ...(body.payment_method === undefined ? {} : { paymentMethodId: body.payment_method }),
        ...(body.capture_method === undefined ? {} : { captureMethod: body.capture_method }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
      });
      if ('failure' in created || body.confirm !== true) return intentOrDecline(created);
      return intentOrDecline(await confirmAsMerchant(paymentIntents, merchantId, created.intent.id, body));
    },
  });

  app.get('/v1/payment_intents', {
    schema: {
      tags,
      summary: "List payment intents, newest first: the merchant's own, or every merchant's for the operator; filter by status, merchant (operator), customer, created range and a query (a prefix of the id or the description)",
      querystring: ListQuery,
      response: responses(listOf('payment_intent'), 'A page of payment intents'),
    },
    handler: async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      const merchantId = listScopeOf(request, query.merchant);
      const filter = {
        ...(merchantId === undefined ? {} : { merchantId }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.customer === undefined ? {} : { customerId: query.customer }),
        ...(query.query === undefined ? {} : { query: query.query }),
        ...createdWindowOf(query),
      };
      const page = await paymentIntents.list(filter, query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/payment_intents', has_more: page.hasMore, data: page.intents.map(intentToWire) };
    },
  });

  app.get('/v1/payment_intents/:id', {
    schema: { tags, summary: 'Retrieve a payment intent: the merchant its own, the operator any (a card payment left processing is synced with the processor)', params: IdParams, response: responses(ref('payment_intent'), 'The payment intent') },
    handler: async (request) => {
      const merchantId = merchantScopeOf(request);
      const result = await paymentIntents.syncWithProcessor(merchantId, (request.params as { id: string }).id);
      if ('failure' in result) throw failureToError(result);
      return intentToWire(result.intent);
    },
  });
}

function registerIntentActions(app: FastifyInstance, { paymentIntents }: PaymentRouteDependencies): void {
  const tags = ['Payment intents'];
  app.post('/v1/payment_intents/:id/confirm', {
    schema: { tags, summary: 'Confirm: the merchant with a saved card, payment code, prepaid card, online banking or the wallet under the customer’s agreement; or the consumer (with the client_secret) from their wallet, a card saved for them, a prepaid card bound to them or online banking', params: IdParams, body: ConfirmBody, response: responses(ref('payment_intent'), 'The payment intent (a decline answers 402 with the intent in error.payment_intent)') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as Static<typeof ConfirmBody>;
      if (request.principal?.role === 'consumer') return intentOrDecline(await confirmAsConsumer(request.principal.customerId, payerOf(request), paymentIntents, id, body));
      return intentOrDecline(await confirmAsMerchant(paymentIntents, requireMerchant(request), id, body));
    },
  });

  app.post('/v1/payment_intents/:id/verify_challenge', {
    schema: {
      tags,
      summary: 'The consumer enters the one-time code the risk engine sent (next_action verify_with_code); a right code continues the payment',
      params: IdParams,
      body: VerifyChallengeBody,
      response: responses(ref('payment_intent'), 'The payment intent, confirmed (a decline answers 402 with the intent in error.payment_intent)'),
    },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof VerifyChallengeBody>;
      return intentOrDecline(await paymentIntents.verifyChallenge(customerId, (request.params as { id: string }).id, body.client_secret, body.code));
    },
  });

  app.post('/v1/payment_intents/:id/capture', {
    schema: { tags, summary: 'Capture all or part of an authorized payment; the rest of the hold is released', params: IdParams, body: CaptureBody, response: responses(ref('payment_intent'), 'The captured payment intent') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = (request.body ?? {}) as Static<typeof CaptureBody>;
      const result = await paymentIntents.capture(merchantId, (request.params as { id: string }).id, body.amount_to_capture === undefined ? undefined : BigInt(body.amount_to_capture));
      if ('failure' in result) throw failureToError(result);
      return intentToWire(result.intent);
    },
  });

  app.post('/v1/payment_intents/:id/cancel', {
    schema: { tags, summary: 'Cancel a payment intent and release its hold', params: IdParams, body: CancelBody, response: responses(ref('payment_intent'), 'The canceled payment intent') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = (request.body ?? {}) as Static<typeof CancelBody>;
      const result = await paymentIntents.cancel(merchantId, (request.params as { id: string }).id, body.cancellation_reason ?? 'requested_by_customer');
      if ('failure' in result) throw failureToError(result);
      return intentToWire(result.intent);
    },
  });

  app.post('/v1/payment_intents/:id/increment_authorization', {
    schema: { tags, summary: 'Raise the amount of an uncaptured wallet payment', params: IdParams, body: IncrementBody, response: responses(ref('payment_intent'), 'The payment intent with its new amount') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = request.body as Static<typeof IncrementBody>;
      const result = await paymentIntents.incrementAuthorization(merchantId, (request.params as { id: string }).id, BigInt(body.amount));
      if ('failure' in result) throw failureToError(result);
      return intentToWire(result.intent);
    },
  });
}

/** The merchant confirms with a saved card, a scanned payment code, a prepaid card, online banking, or the wallet under an agreement. */
function confirmAsMerchant(
  paymentIntents: PaymentIntents,
  merchantId: string,
  id: string,
  body: Static<typeof ConfirmBody>,
): Promise<{ intent: PaymentIntent } | PaymentFailure> {
  const data = body.payment_method_data;
  const payer: PayerContext = { ...(body.risk_context?.ip_address === undefined ? {} : { ip: body.risk_context.ip_address }), ...(body.risk_context?.device_id === undefined ? {} : { deviceId: body.risk_context.device_id }) };
  if (data?.type === 'payment_code') return paymentIntents.confirmWithPaymentCode(merchantId, id, data.code, payer);
  if (data?.type === 'prepaid_card') {
    if (!('number' in data)) throw new ApiError('parameter_missing', 'At the till, send the prepaid card’s number and PIN; a bound card is the consumer’s to use in the app.', 'payment_method_data[number]');
    return paymentIntents.confirmWithPrepaidCard(merchantId, id, { number: data.number, pin: data.pin }, payer);
  }
  if (data?.type === 'wallet') return paymentIntents.confirmWithAgreement(merchantId, id, payer);
  if (data?.type === 'online_banking') return paymentIntents.confirmWithOnlineBanking(merchantId, id, data.online_banking.bank, body.return_url, payer);
  return paymentIntents.confirmWithCard(merchantId, id, body.payment_method, body.return_url, payer);
}


/**
 * The consumer pays the intent the merchant handed over: the wallet, a saved
 * card (`payment_method`), a bound prepaid card, or online banking. Every way
 * but the bank's needs the payment password.
 */
function confirmAsConsumer(customerId: string, payer: PayerContext, paymentIntents: PaymentIntents, id: string, body: Static<typeof ConfirmBody>): Promise<{ intent: PaymentIntent } | PaymentFailure> {
  if (body.client_secret === undefined) throw new ApiError('parameter_missing', 'Send the client_secret the merchant received.', 'client_secret');
  const method = consumerMethodOf(body);
  const confirmation = { customerId, clientSecret: body.client_secret, payer };
  if (method.type === 'online_banking') return paymentIntents.confirmAsConsumer(id, { ...confirmation, method });
  if (body.password === undefined) throw new ApiError('parameter_missing', 'Send the payment password.', 'password');
  return paymentIntents.confirmAsConsumer(id, { ...confirmation, method, password: body.password });
}

/** The consumer's choice on the checkout page; the till's ways (payment code, card number and PIN) are the merchant's. */
function consumerMethodOf(body: Static<typeof ConfirmBody>): ConsumerPaymentMethod {
  const data = body.payment_method_data;
  const returnUrl = body.return_url === undefined ? {} : { returnUrl: body.return_url };
  if (body.payment_method !== undefined) {
    if (data !== undefined) throw new ApiError('parameter_invalid', 'Send either payment_method or payment_method_data, not both.', 'payment_method_data');
    return { type: 'card', paymentMethodId: body.payment_method, ...returnUrl };
  }
  if (data === undefined) throw new ApiError('parameter_missing', 'Send payment_method_data ({ "type": "wallet" }, a bound prepaid card or online banking) or a saved card’s payment_method.', 'payment_method_data');
  if (data.type === 'wallet') return { type: 'wallet' };
  if (data.type === 'online_banking') return { type: 'online_banking', bank: data.online_banking.bank, ...returnUrl };
  if (data.type === 'prepaid_card' && 'prepaid_card' in data) return { type: 'prepaid_card', cardId: data.prepaid_card };
  throw new ApiError('parameter_invalid', 'A payment code or a prepaid card’s number and PIN are entered at the merchant’s till; in the app, pay with a bound prepaid card (payment_method_data[prepaid_card]).', 'payment_method_data[type]');
}

/**
 * Whose payment a refund comes out of: the merchant's own with its secret key; for the
 * operator (finance staff in the console refunding on a merchant's behalf), the
 * payment's merchant. An unknown payment is not found either way.
 */
async function refundingMerchantOf(request: FastifyRequest, paymentIntents: PaymentIntents, paymentIntentId: string): Promise<string> {
  if (request.principal?.role !== 'operator') return requireMerchant(request);
  const intent = await paymentIntents.get(undefined, paymentIntentId);
  if (intent === undefined) throw new ApiError('resource_missing', `No such payment_intent: '${paymentIntentId}'.`, 'payment_intent');
  return intent.merchantId;
}

function registerRefundRoutes(app: FastifyInstance, { paymentIntents, refunds }: PaymentRouteDependencies): void {
  const tags = ['Refunds'];
  app.post('/v1/refunds', {
    schema: { tags, summary: 'Refund all or part of a payment, back to the original method: the merchant its own, the operator any', body: RefundBody, response: responses(ref('refund'), 'The refund') },
    handler: async (request) => {
      const body = request.body as Static<typeof RefundBody>;
      const merchantId = await refundingMerchantOf(request, paymentIntents, body.payment_intent);
      const result = await refunds.create(merchantId, {
        paymentIntentId: body.payment_intent,
        ...(body.amount === undefined ? {} : { amountMinor: BigInt(body.amount) }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
      });
      if ('failure' in result) throw failureToError(result);
      return refundToWire(result.refund);
    },
  });

  app.get('/v1/refunds/:id', {
    schema: { tags, summary: 'Retrieve a refund: the merchant its own, the operator any', params: IdParams, response: responses(ref('refund'), 'The refund') },
    handler: async (request) => {
      const merchantId = merchantScopeOf(request);
      const refund = await refunds.get(merchantId, (request.params as { id: string }).id);
      if (refund === undefined) throw new ApiError('resource_missing', 'No such refund.', 'id');
      return refundToWire(refund);
    },
  });

  app.get('/v1/refunds', {
    schema: {
      tags,
      summary: "List refunds, newest first: the merchant's own, or every merchant's for the operator; filter by payment_intent, status, merchant (operator) and created range",
      querystring: RefundListQuery,
      response: responses(listOf('refund'), 'A page of refunds'),
    },
    handler: async (request) => {
      const query = request.query as Static<typeof RefundListQuery>;
      const merchantId = listScopeOf(request, query.merchant);
      // Another merchant's payment is not found, as its id would be anywhere else.
      if (query.payment_intent !== undefined && (await paymentIntents.get(merchantId, query.payment_intent)) === undefined) {
        throw new ApiError('resource_missing', `No such payment_intent: '${query.payment_intent}'.`, 'payment_intent');
      }
      const filter = {
        ...(merchantId === undefined ? {} : { merchantId }),
        ...(query.payment_intent === undefined ? {} : { paymentIntentId: query.payment_intent }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...createdWindowOf(query),
      };
      const page = await refunds.list(filter, query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/refunds', has_more: page.hasMore, data: page.refunds.map(refundToWire) };
    },
  });
}

function registerPaymentLedgerRoute(app: FastifyInstance, { ledger, paymentIntents }: PaymentRouteDependencies): void {
  app.get('/v1/payment_intents/:id/ledger', {
    schema: {
      tags: ['Payment intents'],
      summary: 'The ledger transfers of a payment (its holds, capture, fee, splits, voids and refunds) with the accounts they touch and their net effect (operator)',
      params: IdParams,
      response: responses(PaymentLedgerWire, 'The payment’s transfers'),
    },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const found = await paymentIntents.ledgerTransfers(id);
      if (found === undefined) throw new ApiError('resource_missing', `No such payment_intent: '${id}'.`, 'id');
      const net = netEffects(found.transfers);
      const accounts = await ledger.getAccounts(net.map((n) => n.accountId));
      return {
        object: 'payment_ledger',
        payment_intent: id,
        transfers: found.transfers.map((t) => transferToWire(t.transfer, t.pending)),
        accounts: net.flatMap((n) => {
          const account = accounts.get(n.accountId);
          return account === undefined ? [] : [accountToWire(account)];
        }),
        net: net.map((n) => ({ account: n.accountId, posted: n.postedMinor, pending: n.pendingMinor })),
      };
    },
  });
}
