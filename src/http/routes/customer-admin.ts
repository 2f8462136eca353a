import { Type, type Static } from 'typebox';
import type { Merchants } from '../../merchants/index.ts';
import type { FastifyInstance } from 'fastify';
import { MAX_CUSTOMERS_PER_PAGE, type CustomerSearch, type Customers } from '../../customers/index.ts';
import type { Sessions } from '../../identity/index.ts';
import type { PaymentMethods } from '../../payments/index.ts';
import { requireConsumer, requireOperator } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { customerToWire, savedCardsToWire } from './customers.ts';
import { IdParams, statementLineToWire } from './ledger-wire.ts';
import { SavedCard, listOf, ref, responses } from './responses.ts';
import { CurrencySchema, PageQuery, cursorOf } from './wire.ts';

/**
 * The operator's customer tools for the console: search, a customer's wallet
 * statement, blocking and unblocking; and the consumer's own saved cards, which
 * checkout offers.
 */
const CustomerListQuery = Type.Object(
  {
    ...PageQuery('^cus_[0-9a-z]{26}$').properties,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CUSTOMERS_PER_PAGE, default: 10 })),
    query: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, pattern: '^(cus_[0-9a-z]{0,26}|\\+?[0-9]{1,15})$', description: 'A customer id or its beginning (`cus_…`), or the last digits of the phone number (`5678`, or the whole number).' }),
    ),
  },
  { additionalProperties: false },
);
const StatementQuery = Type.Object(
  {
    currency: Type.Optional(CurrencySchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    starting_after: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
    ending_before: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
  },
  { additionalProperties: false },
);
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** `cus_…` is an id prefix; digits (with or without +) are the end of a phone number. */
function searchOf(query: string | undefined): CustomerSearch {
  if (query === undefined) return {};
  if (query.startsWith('cus_')) return { idPrefix: query };
  return { phoneSuffix: query.replace(/^\+/, '') };
}

export interface CustomerAdminRouteDependencies {
  customers: Customers;
  merchants: Merchants;
  sessions: Sessions;
  paymentMethods: PaymentMethods;
}

export function registerCustomerAdminRoutes(app: FastifyInstance, deps: CustomerAdminRouteDependencies): void {
  registerCustomerSearch(app, deps);
  registerBlocking(app, deps);
  registerSavedCards(app, deps);
}

function registerCustomerSearch(app: FastifyInstance, { customers }: CustomerAdminRouteDependencies): void {
  const tags = ['Customers'];
  app.get('/v1/customers', {
    schema: { tags, summary: 'Find customers, newest first, by id or the last digits of their phone number (operator)', querystring: CustomerListQuery, response: responses(listOf('customer'), 'A page of customers') },
    handler: async (request) => {
      requireOperator(request);
      const query = request.query as Static<typeof CustomerListQuery>;
      const page = await customers.list(searchOf(query.query), query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/customers', has_more: page.hasMore, data: page.customers.map((c) => customerToWire(c)) };
    },
  });

  app.get('/v1/customers/:id/transactions', {
    schema: {
      tags,
      summary: 'A customer’s wallet statement, newest first, as the consumer sees it on GET /v1/me/transactions (operator)',
      params: IdParams,
      querystring: StatementQuery,
      response: responses(listOf('wallet_transaction'), 'A page of the statement'),
    },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const query = request.query as Static<typeof StatementQuery>;
      if ((await customers.get(id)) === undefined) throw new ApiError('resource_missing', `No such customer: '${id}'.`, 'id');
      const currency = (query.currency ?? 'cny').toUpperCase();
      const statement = await customers.statement(id, currency, { limit: query.limit ?? 10, ...cursorOf(query) });
      if (statement === 'wallet_not_found') throw new ApiError('resource_missing', `The customer has no ${currency.toLowerCase()} wallet.`, 'currency');
      if (statement === 'cursor_not_found') throw new ApiError('parameter_invalid', 'No transaction of this wallet has that id.', query.starting_after === undefined ? 'ending_before' : 'starting_after');
      return { object: 'list', url: `/v1/customers/${id}/transactions`, has_more: statement.page.hasMore, data: statement.page.transfers.map((t) => statementLineToWire('wallet_transaction', t, statement.wallet.accountId)) };
    },
  });
}

function registerBlocking(app: FastifyInstance, { customers, sessions }: CustomerAdminRouteDependencies): void {
  for (const action of ['block', 'unblock'] as const) {
    app.post(`/v1/customers/:id/${action}`, {
      schema: {
        tags: ['Customers'],
        summary:
          action === 'block'
            ? 'Block a customer (operator): their sessions end, sign-in and every payment or wallet transfer by them is refused (customer_blocked); refunds to them still land'
            : 'Unblock a customer (operator)',
        params: IdParams,
        body: EmptyBody,
        response: responses(ref('customer'), 'The customer with its new status'),
      },
      handler: async (request) => {
        requireOperator(request);
        const { id } = request.params as { id: string };
        const customer = await customers.setStatus(id, action === 'block' ? 'blocked' : 'active');
        if (customer === undefined) throw new ApiError('resource_missing', `No such customer: '${id}'.`, 'id');
        // After the status is saved: a session opened in between is refused at its next payment, and ended here.
        if (action === 'block') await sessions.revokeAllFor(id);
        return customerToWire(customer, await customers.walletBalances(id));
      },
    });
  }
}

function registerSavedCards(app: FastifyInstance, { paymentMethods, merchants }: CustomerAdminRouteDependencies): void {
  app.get('/v1/me/cards', {
    schema: {
      tags: ['Consumer wallet'],
      summary: 'The cards saved for the signed-in consumer, masked (brand, last four, expiry), newest first; each pays only at the merchant that saved it',
      response: responses(listOf(SavedCard), 'The saved cards (one page: has_more is false)'),
    },
    handler: async (request) => {
      const cards = await paymentMethods.listForCustomer(requireConsumer(request));
      return { object: 'list', url: '/v1/me/cards', has_more: false, data: await savedCardsToWire(merchants, cards) };
    },
  });
}
