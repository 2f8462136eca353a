import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BALANCE_MAJOR, MAX_CARDS_PER_HOLDER, MAX_LOAD_MAJOR, MAX_PIN_FAILURES, PIN_LOCK_MS, PREPAID_CARD_STATUSES, type BindResult, type PrepaidActor, type PrepaidCards, type PrepaidCardWithBalance, type PrepaidLoad } from '../../prepaid/index.ts';
import { requireConsumer } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { AmountSchema, IdParams, MetadataSchema, statementLineToWire } from './ledger-wire.ts';
import { listOf, responses } from './responses.ts';
import { CurrencySchema, StorableText, unixSeconds } from './wire.ts';

/**
 * Prepaid stored-value cards: issue, load, block, balance and statement, with the
 * operator key (platform cards, usable at any merchant; the operator reads every
 * card) or a merchant secret key (store cards, usable only at that merchant; a
 * merchant sees only its own). The number, and a generated PIN, are shown once.
 */
const PinSchema = Type.String({ pattern: '^\\d{6}$', description: 'Six digits.' });
const CardIdSchema = Type.String({ pattern: '^ppc_[0-9a-z]{26}$' });

const IssueBody = Type.Object(
  {
    currency: CurrencySchema,
    pin: Type.Optional(PinSchema),
    initial_amount: Type.Optional(AmountSchema),
    nickname: Type.Optional(StorableText({ maxLength: 100 })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
const LoadBody = Type.Object({ amount: AmountSchema }, { additionalProperties: false });
const EmptyBody = Type.Object({}, { additionalProperties: false });
const ListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })), starting_after: Type.Optional(CardIdSchema) },
  { additionalProperties: false },
);
const StatementQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    starting_after: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
    ending_before: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
  },
  { additionalProperties: false },
);

const Amount = (description = 'Minor units (fen for CNY).') => Type.Integer({ description });
const cardFields = {
  object: Type.Literal('prepaid_card'),
  id: Type.String(),
  last4: Type.String(),
  currency: Type.String({ pattern: '^[a-z]{3}$' }),
  status: Type.Union(PREPAID_CARD_STATUSES.map((s) => Type.Literal(s))),
  balance: Amount('What the card can pay now, in minor units.'),
  held: Amount('Held by uncaptured payments, in minor units.'),
  issuer: Type.String({ description: '`platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there).' }),
  nickname: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.String()),
  customer: Type.Union([Type.String(), Type.Null()], { description: 'The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null.' }),
  created: Type.Integer({ description: 'Unix seconds.' }),
};
const PrepaidCardSchema = Type.Object(cardFields);
const IssuedCardSchema = Type.Object(
  {
    ...cardFields,
    number: Type.Union([Type.String(), Type.Null()], { description: 'The full card number, shown in this answer only (null in an idempotent replay).' }),
    pin: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'The generated PIN when none was chosen, shown in this answer only.' })),
  },
  { description: 'A new prepaid card, with its number (and generated PIN) shown this once.' },
);
const LoadSchema = Type.Object({ object: Type.Literal('prepaid_card_load'), id: Type.String(), prepaid_card: Type.String(), amount: Amount(), currency: Type.String(), created: Type.Integer() });
const TransactionSchema = Type.Object({
  object: Type.Literal('prepaid_card_transaction'),
  id: Type.String(),
  amount: Amount('Signed minor units: positive onto the card, negative off it.'),
  currency: Type.String(),
  type: Type.String({ description: 'The kind of movement: prepaid_load, payment, refund, …' }),
  hold: Type.Boolean(),
  description: Type.String(),
  created: Type.Integer(),
});

export function prepaidCardToWire(c: PrepaidCardWithBalance): Record<string, unknown> {
  return {
    object: 'prepaid_card',
    id: c.id,
    last4: c.last4,
    currency: c.currency.toLowerCase(),
    status: c.status,
    balance: c.balance.availableMinor,
    held: c.balance.heldMinor,
    issuer: c.issuer,
    nickname: c.nickname,
    metadata: c.metadata,
    customer: c.holderCustomerId,
    created: unixSeconds(c.createdAtMs),
  };
}

function loadToWire(l: PrepaidLoad): Record<string, unknown> {
  return { object: 'prepaid_card_load', id: l.id, prepaid_card: l.cardId, amount: l.amountMinor, currency: l.currency.toLowerCase(), created: unixSeconds(l.createdAtMs) };
}


/**
 * The issue answer is the only one with the number and PIN in clear. A replay of it
 * (Idempotency-Key) answers from the saved copy, which must not keep them.
 */
function redactSecrets(body: string): string {
  return body.replace(/"number":"[0-9]{16}"/g, '"number":null').replace(/"pin":"[0-9]{6}"/g, '"pin":null');
}

function actorOf(request: FastifyRequest): PrepaidActor {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role === 'operator') return { role: 'operator' };
  if (principal.role === 'merchant_secret') return { role: 'merchant', merchantId: principal.merchantId };
  throw new ApiError('permission_denied', 'Prepaid cards are managed with the operator key or a merchant secret key.');
}

/** Failures of the prepaid module, mapped to the API's status codes in one place. */
function prepaidFailure(result: string, id: string, amountParam: 'amount' | 'initial_amount' = 'amount'): ApiError {
  switch (result) {
    case 'card_not_found':
      return new ApiError('resource_missing', `No such prepaid_card: '${id}'.`, 'id');
    case 'not_card_issuer':
      return new ApiError('permission_denied', 'Only a card’s issuer manages it: this card belongs to a merchant.', 'id', result);
    case 'card_blocked':
      return new ApiError('parameter_invalid', 'The card is blocked: unblock it first.', 'id', result);
    case 'exceeds_max_load':
      return new ApiError('parameter_invalid', `One load may be at most ${MAX_LOAD_MAJOR} in major units.`, amountParam, result);
    case 'exceeds_max_balance':
      return new ApiError('parameter_invalid', `A prepaid card may hold at most ${MAX_BALANCE_MAJOR} in major units (anonymous prepaid cards, PBOC rules).`, amountParam, result);
    case 'load_id_reused':
      return new ApiError('idempotency_error', 'This Idempotency-Key was used for a different load.', undefined, result);
    case 'unknown_currency':
      return new ApiError('parameter_invalid', 'Unknown currency.', 'currency', result);
    case 'invalid_pin':
      return new ApiError('parameter_invalid', 'The PIN must be 6 digits.', 'pin', result);
    default:
      throw new Error(`unhandled prepaid card result ${result}`);
  }
}

export interface PrepaidCardRouteDependencies {
  prepaidCards: PrepaidCards;
}

export function registerPrepaidCardRoutes(app: FastifyInstance, deps: PrepaidCardRouteDependencies): void {
  registerIssueAndRead(app, deps);
  registerManagement(app, deps);
  registerConsumerCards(app, deps);
}

const BindBody = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 40, description: 'The card’s 16 digits, grouped as printed if you like.' }),
    pin: Type.String({ minLength: 1, maxLength: 12, description: 'The card’s six-digit PIN.' }),
  },
  { additionalProperties: false },
);

/** Why a consumer could not bind a card, mapped to the API's status codes in one place. */
function bindFailure(result: Exclude<BindResult, { result: 'ok' }>['result']): ApiError {
  switch (result) {
    case 'invalid_number':
      return new ApiError('parameter_invalid', 'This is not the number of a prepaid card.', 'number', result);
    case 'card_already_bound':
      return new ApiError('resource_already_exists', 'This card is bound to another account.', 'number', result);
    case 'card_blocked':
      return new ApiError('parameter_invalid', 'This card is blocked.', 'number', result);
    case 'incorrect_pin':
      return new ApiError('parameter_invalid', `Incorrect PIN; the card locks for ${PIN_LOCK_MS / 3_600_000} hours after ${MAX_PIN_FAILURES} wrong PINs in a row.`, 'pin', result);
    case 'pin_try_exceeded':
      return new ApiError('permission_denied', 'Too many wrong PINs: the card is locked for a while.', 'pin', result);
    case 'too_many_cards':
      return new ApiError('parameter_invalid', `At most ${MAX_CARDS_PER_HOLDER} cards may be bound to one account; unbind one first.`, undefined, result);
    default: {
      const unknown: never = result;
      throw new Error(`unhandled bind result ${String(unknown)}`);
    }
  }
}

/** The consumer's own prepaid cards: bound with the number and PIN, to see their balance in the app. */
function registerConsumerCards(app: FastifyInstance, { prepaidCards }: PrepaidCardRouteDependencies): void {
  const tags = ['Consumer wallet'];
  app.get('/v1/me/prepaid_cards', {
    schema: { tags, summary: 'The prepaid cards the signed-in consumer bound, with their balances, most recently bound first', response: responses(listOf(PrepaidCardSchema), 'The cards (one page: has_more is false)') },
    handler: async (request) => {
      const cards = await prepaidCards.heldBy(requireConsumer(request));
      return { object: 'list', url: '/v1/me/prepaid_cards', has_more: false, data: cards.map(prepaidCardToWire) };
    },
  });

  app.post('/v1/me/prepaid_cards', {
    schema: {
      tags,
      summary: 'Bind a prepaid card the consumer holds to their account with its number and PIN (wrong PINs count towards the card’s lock, as at a till)',
      body: BindBody,
      response: responses(PrepaidCardSchema, 'The card, bound, with its balance'),
    },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof BindBody>;
      const bound = await prepaidCards.bind(customerId, { number: body.number, pin: body.pin });
      if (bound.result !== 'ok') throw bindFailure(bound.result);
      return prepaidCardToWire(bound.card);
    },
  });

  app.post('/v1/me/prepaid_cards/:id/unbind', {
    schema: { tags, summary: 'Unbind a card from the consumer’s account (the card and its balance are unchanged)', params: IdParams, body: EmptyBody, response: responses(PrepaidCardSchema, 'The card, no longer bound') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const card = await prepaidCards.unbind(requireConsumer(request), id);
      if (card === undefined) throw new ApiError('resource_missing', `No prepaid card '${id}' is bound to your account.`, 'id');
      return prepaidCardToWire(card);
    },
  });
}

function registerIssueAndRead(app: FastifyInstance, { prepaidCards }: PrepaidCardRouteDependencies): void {
  const tags = ['Prepaid cards'];
  app.post('/v1/prepaid_cards', {
    schema: { tags, summary: 'Issue a prepaid card: the number (and a generated PIN) are shown in this answer only', body: IssueBody, response: responses(IssuedCardSchema, 'The new card with its number') },
    config: { redactSavedResponse: redactSecrets },
    handler: async (request) => {
      const actor = actorOf(request);
      const body = request.body as Static<typeof IssueBody>;
      const issued = await prepaidCards.issue(actor, {
        currency: body.currency.toUpperCase(),
        ...(body.pin === undefined ? {} : { pin: body.pin }),
        ...(body.initial_amount === undefined ? {} : { initialAmountMinor: BigInt(body.initial_amount) }),
        ...(body.nickname === undefined ? {} : { nickname: body.nickname }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
      });
      if (issued.result !== 'ok') throw prepaidFailure(issued.result, '', 'initial_amount');
      return { ...prepaidCardToWire(issued.card), number: issued.number, ...(issued.generatedPin === undefined ? {} : { pin: issued.generatedPin }) };
    },
  });

  app.get('/v1/prepaid_cards', {
    schema: { tags, summary: 'List prepaid cards, newest first: a merchant’s own, or every card for the operator', querystring: ListQuery, response: responses(listOf(PrepaidCardSchema), 'A page of prepaid cards') },
    handler: async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      const page = await prepaidCards.list(actorOf(request), query.limit ?? 10, query.starting_after);
      if (page === 'cursor_not_found') throw new ApiError('parameter_invalid', 'No prepaid card you can see has that id.', 'starting_after');
      return { object: 'list', url: '/v1/prepaid_cards', has_more: page.hasMore, data: page.cards.map(prepaidCardToWire) };
    },
  });

  app.get('/v1/prepaid_cards/:id', {
    schema: { tags, summary: 'Retrieve a prepaid card with its balance (never its number)', params: IdParams, response: responses(PrepaidCardSchema, 'The card') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const card = await prepaidCards.get(actorOf(request), id);
      if (card === undefined) throw prepaidFailure('card_not_found', id);
      return prepaidCardToWire(card);
    },
  });

  app.get('/v1/prepaid_cards/:id/transactions', {
    schema: { tags, summary: 'Every movement of the card’s balance, newest first', params: IdParams, querystring: StatementQuery, response: responses(listOf(TransactionSchema), 'A page of the statement') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as Static<typeof StatementQuery>;
      const statement = await prepaidCards.statement(actorOf(request), id, {
        limit: query.limit ?? 10,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
      });
      if (statement === 'card_not_found') throw prepaidFailure(statement, id);
      if (statement === 'cursor_not_found') throw new ApiError('parameter_invalid', 'No transaction of this card has that id.', query.starting_after === undefined ? 'ending_before' : 'starting_after');
      return { object: 'list', url: `/v1/prepaid_cards/${id}/transactions`, has_more: statement.page.hasMore, data: statement.page.transfers.map((t) => statementLineToWire('prepaid_card_transaction', t, statement.card.accountId)) };
    },
  });
}

function registerManagement(app: FastifyInstance, { prepaidCards }: PrepaidCardRouteDependencies): void {
  const tags = ['Prepaid cards'];
  app.post('/v1/prepaid_cards/:id/loads', {
    schema: { tags, summary: 'Load money the issuer collected (cash, bank transfer) onto the card (send an Idempotency-Key)', params: IdParams, body: LoadBody, response: responses(LoadSchema, 'The load') },
    handler: async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const key = request.headers['idempotency-key'];
      // The load's ledger transfer is named after the key, per API key as the key itself is: a retry can never load twice.
      const requestKey = typeof key === 'string' && key !== '' ? `${request.principal?.keyId ?? ''}\n${key}` : undefined;
      const loaded = await prepaidCards.load(actor, id, BigInt((request.body as Static<typeof LoadBody>).amount), requestKey === undefined ? {} : { requestKey });
      if (loaded.result !== 'ok') throw prepaidFailure(loaded.result, id);
      return loadToWire(loaded.load);
    },
  });

  for (const action of ['block', 'unblock'] as const) {
    app.post(`/v1/prepaid_cards/:id/${action}`, {
      schema: {
        tags,
        summary: action === 'block' ? 'Block the card: it can no longer pay or be loaded (refunds to it still land)' : 'Unblock the card',
        params: IdParams,
        body: EmptyBody,
        response: responses(PrepaidCardSchema, 'The card'),
      },
      handler: async (request) => {
        const actor = actorOf(request);
        const { id } = request.params as { id: string };
        const changed = action === 'block' ? await prepaidCards.block(actor, id) : await prepaidCards.unblock(actor, id);
        if (changed.result !== 'ok') throw prepaidFailure(changed.result, id);
        return prepaidCardToWire(changed.card);
      },
    });
  }
}
