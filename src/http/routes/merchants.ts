import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_FIXED_FEE_MINOR, MERCHANT_CATEGORIES, type Merchant, type MerchantBalance, type Merchants } from '../../merchants/index.ts';
import type { ApiKeys } from '../../identity/index.ts';
import { requireMerchant, requireOperator, requireOperatorOrMerchant } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { IdParams, MetadataSchema } from './ledger-wire.ts';
import { listOf, ref, responses } from './responses.ts';
import { CurrencySchema, PageQuery, StorableText, cursorOf, unixSeconds } from './wire.ts';

/** Merchants and their balances: the wire format (Stripe-shaped, currencies in lower case) and routes. */

const CreateMerchantBody = Type.Object(
  {
    name: StorableText({ minLength: 1, maxLength: 200 }),
    category: Type.Optional(Type.Union(MERCHANT_CATEGORIES.map((c) => Type.Literal(c)))),
    fee_plan: Type.Optional(
      Type.Object(
        {
          percent_bps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points of each successful payment (60 = 0.6 %).' })),
          fixed_amount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number(MAX_FIXED_FEE_MINOR), description: 'Minor units added to each successful payment.' })),
          refund_fee_policy: Type.Optional(Type.Union([Type.Literal('keep_fee'), Type.Literal('return_fee')])),
        },
        { additionalProperties: false },
      ),
    ),
    default_currency: Type.Optional(CurrencySchema),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
type CreateMerchantBody = Static<typeof CreateMerchantBody>;

const UpdateMerchantBody = Type.Object(
  {
    name: Type.Optional(StorableText({ minLength: 1, maxLength: 200 })),
    fee_plan: Type.Optional(
      Type.Object(
        {
          percent_bps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points of each successful payment (60 = 0.6 %).' })),
          fixed_amount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number(MAX_FIXED_FEE_MINOR), description: 'Minor units added to each successful payment.' })),
          refund_fee_policy: Type.Optional(Type.Union([Type.Literal('keep_fee'), Type.Literal('return_fee')])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const RollKeysBody = Type.Object({ type: Type.Union([Type.Literal('secret'), Type.Literal('publishable')]) }, { additionalProperties: false });
const ListQuery = PageQuery('^mch_[0-9a-z]{26}$');

export function merchantToWire(m: Merchant): Record<string, unknown> {
  return {
    object: 'merchant',
    id: m.id,
    name: m.name,
    category: m.category,
    fee_plan: { percent_bps: m.feePlan.percentBps, fixed_amount: m.feePlan.fixedMinor, refund_fee_policy: m.feePlan.refundFeePolicy },
    default_currency: m.defaultCurrency.toLowerCase(),
    metadata: m.metadata,
    created: unixSeconds(m.createdAtMs),
  };
}

function balanceToWire(balances: readonly MerchantBalance[]): Record<string, unknown> {
  return {
    object: 'balance',
    pending: balances.map((b) => ({ amount: b.pendingMinor, currency: b.currency.toLowerCase() })),
    available: balances.map((b) => ({ amount: b.availableMinor, currency: b.currency.toLowerCase() })),
  };
}

export function registerMerchantRoutes(app: FastifyInstance, merchants: Merchants, apiKeys: ApiKeys): void {
  const tags = ['Merchants'];
  app.post('/v1/merchants', {
    schema: { tags, summary: 'Create a merchant; its secret and publishable keys are returned this once', body: CreateMerchantBody, response: responses(ref('merchant_with_keys'), 'The new merchant with its keys') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as CreateMerchantBody;
      const created = await merchants.create({
        name: body.name,
        ...(body.category === undefined ? {} : { category: body.category }),
        feePlan: {
          ...(body.fee_plan?.percent_bps === undefined ? {} : { percentBps: body.fee_plan.percent_bps }),
          ...(body.fee_plan?.fixed_amount === undefined ? {} : { fixedMinor: BigInt(body.fee_plan.fixed_amount) }),
          ...(body.fee_plan?.refund_fee_policy === undefined ? {} : { refundFeePolicy: body.fee_plan.refund_fee_policy }),
        },
        ...(body.default_currency === undefined ? {} : { defaultCurrency: body.default_currency.toUpperCase() }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
      });
      if ('failure' in created) {
        const param = created.failure === 'unknown_currency' ? 'default_currency' : created.failure === 'fee_percent_out_of_range' ? 'fee_plan[percent_bps]' : 'fee_plan[fixed_amount]';
        throw new ApiError('parameter_invalid', `Invalid ${param} (${created.failure}).`, param, created.failure);
      }
      return { ...merchantToWire(created.merchant), secret_key: created.keys.secretKey, publishable_key: created.keys.publishableKey };
    },
  });

  app.get('/v1/merchants', {
    schema: { tags, summary: 'List merchants, newest first', querystring: ListQuery, response: responses(listOf('merchant'), 'A page of merchants') },
    handler: async (request) => {
      requireOperator(request);
      const query = request.query as Static<typeof ListQuery>;
      const page = await merchants.list(query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/merchants', has_more: page.hasMore, data: page.merchants.map(merchantToWire) };
    },
  });

  app.get('/v1/merchants/:id', {
    schema: { tags, summary: 'Retrieve a merchant (the operator, or the merchant itself)', params: IdParams, response: responses(ref('merchant'), 'The merchant') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      requireOperatorOrMerchant(request, id, 'merchant');
      const merchant = await merchants.get(id);
      if (merchant === undefined) throw new ApiError('resource_missing', `No such merchant: '${id}'.`, 'id');
      return merchantToWire(merchant);
    },
  });

  app.post('/v1/merchants/:id', {
    schema: {
      tags,
      summary: "Change a merchant's name or fee plan (operator); fields left out stay, and a new plan applies to captures from now on",
      params: IdParams,
      body: UpdateMerchantBody,
      response: responses(ref('merchant'), 'The merchant as it is now'),
    },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const body = request.body as Static<typeof UpdateMerchantBody>;
      const plan = body.fee_plan;
      const updated = await merchants.update(id, {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(plan === undefined
          ? {}
          : {
              feePlan: {
                ...(plan.percent_bps === undefined ? {} : { percentBps: plan.percent_bps }),
                ...(plan.fixed_amount === undefined ? {} : { fixedMinor: BigInt(plan.fixed_amount) }),
                ...(plan.refund_fee_policy === undefined ? {} : { refundFeePolicy: plan.refund_fee_policy }),
              },
            }),
      });
      if ('merchant' in updated) return merchantToWire(updated.merchant);
      if (updated.failure === 'merchant_not_found') throw new ApiError('resource_missing', `No such merchant: '${id}'.`, 'id');
      const param = updated.failure === 'fee_percent_out_of_range' ? 'fee_plan[percent_bps]' : 'fee_plan[fixed_amount]';
      throw new ApiError('parameter_invalid', `Invalid ${param} (${updated.failure}).`, param, updated.failure);
    },
  });

  app.post('/v1/merchants/:id/roll_keys', {
    schema: { tags, summary: "Replace a merchant's secret or publishable key; the old one stops working at once", params: IdParams, body: RollKeysBody, response: responses(ref('api_key'), 'The new key, shown this once') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      requireOperatorOrMerchant(request, id, 'merchant');
      if ((await merchants.get(id)) === undefined) throw new ApiError('resource_missing', `No such merchant: '${id}'.`, 'id');
      const { type } = request.body as Static<typeof RollKeysBody>;
      const key = await apiKeys.rollMerchantKey(id, type === 'secret' ? 'merchant_secret' : 'merchant_publishable');
      return { object: 'api_key', merchant: id, type, key };
    },
  });

  app.get('/v1/balance', {
    schema: { tags, summary: "The merchant's pending and available balances per currency", response: responses(ref('balance'), 'The balances') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      return balanceToWire(await merchants.balance(merchantId));
    },
  });
}
