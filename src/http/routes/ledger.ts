import { Ajv, type ValidateFunction } from 'ajv';
import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { Ledger, TransferRequest } from '../../ledger/index.ts';
import { requireOperator } from '../auth.ts';
import { ApiError } from '../errors.ts';
import {
  CreateAccountBody,
  IdParams,
  ListQuery,
  TransferBatchBody,
  TransferBody,
  accountToWire,
  requestFromWire,
  transferToWire,
  verifyReportToWire,
} from './ledger-wire.ts';
import { listOf, ref, responses } from './responses.ts';

const TAGS = ['Ledger'];
const AccountListQuery = Type.Object(
  { ...ListQuery.properties, code: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_535, description: 'Only accounts with this chart-of-accounts code (2000: customer wallets, 2200: merchants’ pending balances, …).' })) },
  { additionalProperties: false },
);
type AccountListQuery = Static<typeof AccountListQuery>;
const operatorOnly = [{ bearer: [] }];

/**
 * `POST /v1/ledger/transfers` takes one transfer or `{ "transfers": [...] }`.
 * Validating against the shape the body claims (rather than a union) keeps the
 * error pointed at the offending field.
 */
function transferBodyValidator(): FastifySchemaCompiler<unknown> {
  const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, removeAdditional: false });
  const single: ValidateFunction = ajv.compile(TransferBody);
  const batch: ValidateFunction = ajv.compile(TransferBatchBody);
  return () => (data: unknown) => {
    const isBatch = typeof data === 'object' && data !== null && 'transfers' in data;
    const validate = isBatch ? batch : single;
    if (validate(data)) return { value: data };
    return { error: Object.assign(new Error('validation failed'), { validation: validate.errors ?? [], validationContext: 'body' }) };
  };
}

export function registerLedgerRoutes(app: FastifyInstance, ledger: Ledger): void {
  app.post('/v1/ledger/accounts', {
    schema: { tags: TAGS, summary: 'Create a ledger account', security: operatorOnly, body: CreateAccountBody, response: responses(ref('ledger_account'), 'The account (an existing one with the same fields is answered as it is)') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as CreateAccountBody;
      const outcome = await ledger.createAccount({
        ...(body.id === undefined ? {} : { id: body.id }),
        ledger: body.ledger,
        code: body.code,
        flags: {
          debitsMustNotExceedCredits: body.flags?.debits_must_not_exceed_credits ?? false,
          creditsMustNotExceedDebits: body.flags?.credits_must_not_exceed_debits ?? false,
        },
        metadata: body.metadata ?? {},
      });
      switch (outcome.result) {
        case 'ok':
          return accountToWire(outcome.account);
        case 'ledger_must_be_a_currency':
          throw new ApiError('parameter_invalid', `Unknown ledger "${body.ledger}": use an ISO 4217 currency code such as CNY.`, 'ledger', outcome.result);
        case 'code_out_of_range':
          throw new ApiError('parameter_invalid', 'code must be between 1 and 65535.', 'code', outcome.result);
        case 'flags_are_mutually_exclusive':
          throw new ApiError('parameter_invalid', 'An account cannot limit both debits and credits.', 'flags', outcome.result);
        case 'exists_with_different_ledger':
        case 'exists_with_different_code':
        case 'exists_with_different_flags':
        case 'exists_with_different_metadata':
          throw new ApiError('resource_exists_with_different_fields', `Account ${outcome.account.id} already exists with different fields (${outcome.result}).`, 'id', outcome.result);
        default: {
          const unknown: never = outcome;
          throw new Error(`unhandled account result ${JSON.stringify(unknown)}`);
        }
      }
    },
  });

  app.get('/v1/ledger/accounts', {
    schema: {
      tags: TAGS,
      summary: 'List ledger accounts with their balances, newest first; code keeps one chart-of-accounts code',
      security: operatorOnly,
      querystring: AccountListQuery,
      response: responses(listOf('ledger_account'), 'A page of accounts'),
    },
    handler: async (request) => {
      requireOperator(request);
      const query = request.query as AccountListQuery;
      if (query.starting_after !== undefined && query.ending_before !== undefined) throw new ApiError('parameter_invalid', 'Use starting_after or ending_before, not both.', 'ending_before');
      const page = await ledger.listAccounts(query.code === undefined ? {} : { code: query.code }, query.limit ?? 10, {
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
      });
      return { object: 'list', url: '/v1/ledger/accounts', has_more: page.hasMore, data: page.accounts.map(accountToWire) };
    },
  });

  app.get('/v1/ledger/transfers', {
    schema: { tags: TAGS, summary: 'List every transfer, newest first', security: operatorOnly, querystring: ListQuery, response: responses(listOf('ledger_transfer'), 'A page of transfers') },
    handler: async (request) => {
      requireOperator(request);
      const query = request.query as ListQuery;
      if (query.starting_after !== undefined && query.ending_before !== undefined) throw new ApiError('parameter_invalid', 'Use starting_after or ending_before, not both.', 'ending_before');
      const page = await ledger.listTransfers({
        limit: query.limit ?? 10,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
      });
      if (page === 'cursor_not_found') {
        const param = query.starting_after === undefined ? 'ending_before' : 'starting_after';
        throw new ApiError('parameter_invalid', `No transfer has the id given in ${param}.`, param);
      }
      return { object: 'list', url: '/v1/ledger/transfers', has_more: page.hasMore, data: page.transfers.map((t) => transferToWire(t)) };
    },
  });

  app.get('/v1/ledger/accounts/:id', {
    schema: { tags: TAGS, summary: 'Retrieve a ledger account with its balances', security: operatorOnly, params: IdParams, response: responses(ref('ledger_account'), 'The account') },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const account = await ledger.getAccount(id);
      if (account === undefined) throw new ApiError('resource_missing', `No such ledger account: '${id}'.`, 'id');
      return accountToWire(account);
    },
  });

  app.get('/v1/ledger/accounts/:id/transfers', {
    schema: { tags: TAGS, summary: "List an account's transfers, newest first", security: operatorOnly, params: IdParams, querystring: ListQuery, response: responses(listOf('ledger_transfer'), 'A page of transfers') },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const query = request.query as ListQuery;
      if (query.starting_after !== undefined && query.ending_before !== undefined) {
        throw new ApiError('parameter_invalid', 'Use starting_after or ending_before, not both.', 'ending_before');
      }
      if ((await ledger.getAccount(id)) === undefined) throw new ApiError('resource_missing', `No such ledger account: '${id}'.`, 'id');
      const page = await ledger.listAccountTransfers(id, {
        limit: query.limit ?? 10,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
      });
      if (page === 'cursor_not_found') {
        const param = query.starting_after === undefined ? 'ending_before' : 'starting_after';
        throw new ApiError('parameter_invalid', `No transfer of account ${id} has the id given in ${param}.`, param);
      }
      return { object: 'list', url: `/v1/ledger/accounts/${id}/transfers`, has_more: page.hasMore, data: page.transfers.map((t) => transferToWire(t)) };
    },
  });

  app.post('/v1/ledger/transfers', {
    schema: {
      tags: TAGS,
      summary: 'Create one transfer or a batch of transfers',
      description: 'Answers 200 with one result per transfer, in order; a failed transfer says why in its result.',
      security: operatorOnly,
      body: Type.Union([TransferBatchBody, TransferBody]),
      response: responses(ref('ledger_transfer_results'), 'One result per transfer, in order'),
    },
    validatorCompiler: transferBodyValidator(),
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as TransferBody | TransferBatchBody;
      const isBatch = 'transfers' in body;
      const wire = isBatch ? body.transfers : [body];
      const requests = wire.map(requestFromWire);
      await refuseUnknownAccounts(ledger, requests, isBatch);
      const results = await ledger.createTransfers(requests);
      return { results };
    },
  });

  app.get('/v1/ledger/transfers/:id', {
    schema: { tags: TAGS, summary: 'Retrieve a transfer', security: operatorOnly, params: IdParams, response: responses(ref('ledger_transfer'), 'The transfer, with pending_status if it is a pending transfer') },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const found = await ledger.getTransfer(id);
      if (found === undefined) throw new ApiError('resource_missing', `No such ledger transfer: '${id}'.`, 'id');
      return transferToWire(found.transfer, found.pending);
    },
  });

  app.get('/v1/ledger/verify', {
    schema: { tags: TAGS, summary: 'Recompute every balance from the transfers and check that each ledger sums to zero', security: operatorOnly, response: responses(ref('ledger_verification'), 'The verification report') },
    handler: async (request) => {
      requireOperator(request);
      return verifyReportToWire(await ledger.verify());
    },
  });
}

/**
 * An account id that does not exist is bad input, not a ledger outcome: the
 * request is refused whole and nothing is written. (Accounts are never deleted,
 * so an account that exists now still exists when the batch runs.)
 */
async function refuseUnknownAccounts(ledger: Ledger, requests: readonly TransferRequest[], isBatch: boolean): Promise<void> {
  const ids = requests.flatMap((r) => [r.debitAccountId, r.creditAccountId].filter((id): id is string => id !== undefined));
  const missing = new Set(await ledger.findMissingAccounts(ids));
  if (missing.size === 0) return;
  requests.forEach((r, index) => {
    for (const [field, id] of [['debit_account_id', r.debitAccountId], ['credit_account_id', r.creditAccountId]] as const) {
      if (id !== undefined && missing.has(id)) {
        const param = isBatch ? `transfers[${index}][${field}]` : field;
        throw new ApiError('resource_missing', `No such ledger account: '${id}'.`, param);
      }
    }
  });
}
