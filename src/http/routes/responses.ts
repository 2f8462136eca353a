import { Type, type TSchema } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { PAYMENT_INTENT_STATUSES } from '../../payments/index.ts';
import { MERCHANT_CATEGORIES } from '../../merchants/index.ts';
import { TRANSFER_RESULTS } from '../../ledger/index.ts';
import type { ErrorType } from '../errors.ts';

/**
 * The objects the API answers with, as the OpenAPI document shows them (components
 * named by their `object` field, as Stripe's document names them). They describe
 * what the `*ToWire` functions write; the tests check every response they receive
 * through the typed client against these, so a field added to a wire function
 * without its schema fails the test that sees it.
 *
 * Responses are still written by `stringifyJson` (the serializer compiler in
 * server.ts ignores these schemas): amounts are `bigint` on the server and exact
 * JSON integers on the wire, never rounded through fast-json-stringify.
 */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Literals = (values: readonly string[], options: { description?: string } = {}) => Type.Union(values.map((v) => Type.Literal(v)), options);
/** One of some strings, or null: written as one nullable enum, which OpenAPI 3.0 expresses best. */
const NullableLiterals = (values: readonly string[]) => Type.Unsafe<string | null>({ type: ['string', 'null'], enum: [...values, null] });
const Amount = (description = 'Minor units (fen for CNY).') => Type.Integer({ description });
const Currency = Type.String({ pattern: '^[a-z]{3}$', description: 'ISO 4217 code in lower case, e.g. cny.' });
const Ledger = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code of the ledger in upper case, e.g. CNY.' });
const Created = Type.Integer({ description: 'Unix seconds.' });
const UnixSecondsOrNull = Nullable(Type.Integer({ description: 'Unix seconds.' }));
const Metadata = Type.Record(Type.String(), Type.String());
const object = (name: string) => Type.Literal(name);

/** `error.type`: the catalogue's types, and `wallet_error` / `bank_error` for a declined wallet or online banking payment (the decline's own type). */
const ERROR_TYPES = ['invalid_request_error', 'authentication_error', 'permission_error', 'rate_limit_error', 'idempotency_error', 'card_error', 'api_error', 'wallet_error', 'bank_error'] as const satisfies readonly (
  | ErrorType
  | 'wallet_error'
  | 'bank_error'
)[];

/** Names of the shared schemas, i.e. of `components.schemas` in the OpenAPI document. */
export type WireSchemaId =
  | 'error'
  | 'payment_intent'
  | 'payment_method'
  | 'refund'
  | 'top_up'
  | 'payment_link'
  | 'merchant'
  | 'merchant_with_keys'
  | 'api_key'
  | 'balance'
  | 'customer'
  | 'session'
  | 'otp'
  | 'sms_message'
  | 'payment_code'
  | 'agreement'
  | 'payment_password'
  | 'wallet_limits'
  | 'wallet_transaction'
  | 'wallet_transfer'
  | 'event'
  | 'event_with_deliveries'
  | 'webhook_endpoint'
  | 'webhook_endpoint_with_secret'
  | 'deleted_webhook_endpoint'
  | 'ledger_account'
  | 'ledger_transfer'
  | 'ledger_transfer_results'
  | 'ledger_verification';

/** A reference to a shared schema. */
export const ref = (id: WireSchemaId) => Type.Ref(id);

/** The 200 answer and the error object for every 4xx and 5xx: what each public route declares as `response`. */
export function responses(ok: TSchema, description: string): Record<string, TSchema> {
  const error = Type.Ref('error', { description: 'The error object; `error.code` says what went wrong (docs/api.md, "Errors").' });
  return { 200: { ...ok, description }, '4xx': error, '5xx': error };
}

/** The same for a route that queues work and answers 202 Accepted. */
export function acceptedResponses(ok: TSchema, description: string): Record<string, TSchema> {
  const { 200: answer, ...errors } = responses(ok, description);
  return { 202: answer as TSchema, ...errors };
}

/** A page of a list, newest first, of a named schema or of an inline one. */
export function listOf(item: WireSchemaId | TSchema): TSchema {
  return Type.Object({ object: object('list'), url: Type.String(), has_more: Type.Boolean(), data: Type.Array(typeof item === 'string' ? ref(item as WireSchemaId) : item) });
}

const RedirectAction = Nullable(Type.Object({ type: object('redirect_to_url'), redirect_to_url: Type.Object({ url: Type.String() }) }, { description: 'Where to send the customer (3-D Secure), or null.' }));

const NextAction = Nullable(
  Type.Union(
    [
      Type.Object({ type: object('redirect_to_url'), redirect_to_url: Type.Object({ url: Type.String() }) }),
      Type.Object({ type: object('verify_with_code'), verify_with_code: Type.Object({ channel: object('sms') }) }),
    ],
    { description: 'Where to send the customer (3-D Secure, a bank), or the one-time code the risk engine sent them to enter (POST /v1/payment_intents/{id}/verify_challenge); null when nothing is waiting.' },
  ),
);

const Risk = Nullable(
  Type.Object(
    {
      decision: Literals(['allow', 'review', 'block', 'challenge']),
      score: Type.Integer({ minimum: 0, maximum: 99, description: 'The model’s fraud score, 0–99 (0 when no model is live).' }),
      reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
      rule: Type.Optional(Type.String({ description: 'The rule that decided (rr_…).' })),
      model_version: Type.Optional(Type.String()),
    },
    { description: 'The risk engine’s decision at the last confirmation, or null before any.' },
  ),
);

const PaymentIntent = Type.Object({
  object: object('payment_intent'),
  id: Type.String(),
  amount: Amount(),
  amount_capturable: Amount(),
  amount_received: Amount(),
  amount_refunded: Amount(),
  application_fee_amount: Amount('The platform fee taken from this payment, in minor units.'),
  currency: Currency,
  customer: Nullable(Type.String()),
  payment_method: Nullable(Type.String()),
  payment_method_types: Type.Array(Type.String()),
  payment_method_type: NullableLiterals(['card', 'wallet', 'prepaid_card', 'online_banking']),
  status: Literals(PAYMENT_INTENT_STATUSES),
  capture_method: Literals(['automatic', 'manual']),
  client_secret: Type.String(),
  description: Type.String(),
  metadata: Metadata,
  next_action: NextAction,
  last_payment_error: Nullable(
    Type.Object({ type: Literals(['card_error', 'wallet_error', 'bank_error', 'api_error']), code: Type.String(), decline_code: Nullable(Type.String()), message: Type.String() }),
  ),
  risk: Risk,
  canceled_at: UnixSecondsOrNull,
  cancellation_reason: Nullable(Type.String()),
  created: Created,
});

const PaymentMethod = Type.Object({
  object: object('payment_method'),
  id: Type.String(),
  type: object('card'),
  card: Type.Object({ brand: Type.String(), last4: Type.String(), exp_month: Type.Integer(), exp_year: Type.Integer(), fingerprint: Type.String() }),
  customer: Nullable(Type.String()),
  created: Created,
});

const Refund = Type.Object({
  object: object('refund'),
  id: Type.String(),
  amount: Amount(),
  currency: Currency,
  payment_intent: Type.String(),
  status: Literals(['pending', 'succeeded', 'failed']),
  reason: Nullable(Type.String()),
  failure_reason: Nullable(Type.String()),
  fee_returned: Amount('The part of the platform fee returned to the merchant, in minor units.'),
  metadata: Metadata,
  created: Created,
});

const TopUp = Type.Object({
  object: object('top_up'),
  id: Type.String(),
  amount: Amount(),
  currency: Currency,
  status: Literals(['requires_action', 'processing', 'succeeded', 'failed']),
  failure_code: Nullable(Type.String()),
  next_action: RedirectAction,
  card: Type.Object({ brand: Type.String(), last4: Type.String() }),
  created: Created,
});

const merchantFields = {
  object: object('merchant'),
  id: Type.String(),
  name: Type.String(),
  category: Literals(MERCHANT_CATEGORIES),
  fee_plan: Type.Object({ percent_bps: Type.Integer(), fixed_amount: Amount(), refund_fee_policy: Literals(['keep_fee', 'return_fee']) }),
  default_currency: Currency,
  metadata: Metadata,
  created: Created,
};

const walletBalance = Type.Object({ currency: Currency, available: Amount(), held: Amount('Held by uncaptured payments, in minor units.') });
/** A card saved for a customer, masked: what checkout and the console show of it. */
export const SavedCard = Type.Object({
  object: object('saved_card'),
  id: Type.String({ description: 'The payment method (pm_…), to confirm a payment with at the merchant that saved it.' }),
  merchant: Type.String({ description: 'The merchant that saved the card: only it can charge it.' }),
  merchant_name: Type.String({ description: 'That merchant’s name, to show the consumer.' }),
  brand: Type.String(),
  last4: Type.String(),
  exp_month: Type.Integer(),
  exp_year: Type.Integer(),
  created: Created,
});
const customerFields = {
  object: object('customer'),
  id: Type.String(),
  phone: Type.String({ description: 'E.164.' }),
  name: Type.String(),
  has_payment_password: Type.Boolean(),
  status: Literals(['active', 'blocked'], { description: 'blocked: the operator blocked the customer, who can neither sign in nor pay.' }),
  created: Created,
  wallet_balances: Type.Optional(Type.Array(walletBalance, { description: 'Shown to the operator and to the consumer themselves.' })),
  cards: Type.Optional(Type.Array(SavedCard, { description: 'The cards saved for the customer at every merchant, masked; shown to the operator on GET /v1/customers/{id}.' })),
};

const eventFields = {
  object: object('event'),
  id: Type.String(),
  type: Type.String({ description: 'e.g. payment_intent.succeeded' }),
  created: Created,
  data: Type.Object({ object: Type.Object({ object: Type.String(), id: Type.String() }, { additionalProperties: true, description: 'The object the event is about, as the API shows it.' }) }),
};

const endpointFields = {
  object: object('webhook_endpoint'),
  id: Type.String(),
  url: Type.String(),
  enabled_events: Type.Array(Type.String()),
  description: Type.String(),
  status: Literals(['enabled', 'disabled']),
  previous_secret_expires_at: UnixSecondsOrNull,
  created: Created,
};

const balanceColumns = {
  debits_pending: Amount(),
  debits_posted: Amount(),
  credits_pending: Amount(),
  credits_posted: Amount(),
};

const ledgerTransferFields = {
  object: object('ledger_transfer'),
  id: Type.String(),
  debit_account_id: Type.String(),
  credit_account_id: Type.String(),
  amount: Amount(),
  pending_id: Nullable(Type.String()),
  ledger: Ledger,
  code: Type.Integer(),
  flags: Type.Object({ linked: Type.Boolean(), pending: Type.Boolean(), post_pending: Type.Boolean(), void_pending: Type.Boolean() }),
  timeout_seconds: Type.Integer(),
  metadata: Metadata,
  created: Created,
  pending_status: Type.Optional(
    Type.Object(
      { state: Literals(['pending', 'posted', 'voided', 'expired']), expires_at: UnixSecondsOrNull, resolved_by: Nullable(Type.String()), resolved_at: UnixSecondsOrNull },
      { description: 'Shown when one transfer is retrieved and it is a pending transfer.' },
    ),
  ),
};

const SCHEMAS: Record<WireSchemaId, TSchema> = {
  error: Type.Object({
    error: Type.Object({
      type: Literals(ERROR_TYPES),
      code: Type.String({ description: 'Stable snake_case code: the catalogue code or a more specific one (for example a decline or ledger result).' }),
      message: Type.String(),
      param: Type.Optional(Type.String({ description: 'The offending parameter, named as Stripe names them (`card[number]`).' })),
      decline_code: Type.Optional(Nullable(Type.String())),
      payment_intent: Type.Optional(ref('payment_intent')),
      payment_intent_status: Type.Optional(Literals(PAYMENT_INTENT_STATUSES)),
      top_up: Type.Optional(ref('top_up')),
    }),
  }),
  payment_intent: PaymentIntent,
  payment_method: PaymentMethod,
  refund: Refund,
  top_up: TopUp,
  payment_link: Type.Object({
    object: object('payment_link'),
    id: Type.String(),
    url: Type.String({ description: 'The checkout page the QR code opens.' }),
    qr_code: Type.Object({ url: Type.String({ description: 'The QR code as SVG, to print.' }) }),
    amount: Nullable(Type.Integer({ description: 'Minor units; null when the payer enters the amount.' })),
    currency: Currency,
    description: Type.String(),
    active: Type.Boolean(),
    metadata: Metadata,
    created: Created,
  }),
  merchant: Type.Object(merchantFields),
  merchant_with_keys: Type.Object(
    { ...merchantFields, secret_key: Type.String(), publishable_key: Type.String() },
    { description: 'A new merchant with its keys, which are shown this once.' },
  ),
  api_key: Type.Object({ object: object('api_key'), merchant: Type.String(), type: Literals(['secret', 'publishable']), key: Type.String() }),
  balance: Type.Object({
    object: object('balance'),
    pending: Type.Array(Type.Object({ amount: Amount(), currency: Currency })),
    available: Type.Array(Type.Object({ amount: Amount(), currency: Currency })),
  }),
  customer: Type.Object(customerFields),
  session: Type.Object({ object: object('session'), token: Type.String(), expires_at: Created, customer: ref('customer') }),
  otp: Type.Object({ object: object('otp'), phone: Type.String(), expires_in: Type.Integer({ description: 'Seconds.' }) }),
  sms_message: Type.Object({ object: object('sms_message'), id: Type.String(), phone: Type.String(), body: Type.String(), created: Created }),
  payment_code: Type.Object({ object: object('payment_code'), code: Type.String(), currency: Currency, expires_at: Created }),
  agreement: Type.Object({
    object: object('agreement'),
    id: Type.String(),
    merchant: Type.String(),
    merchant_name: Type.String({ description: 'The merchant’s name, to show the consumer.' }),
    currency: Currency,
    per_payment_limit: Amount(),
    daily_limit: Amount(),
    status: Literals(['active', 'revoked']),
    created: Created,
    revoked_at: UnixSecondsOrNull,
  }),
  payment_password: Type.Object({ object: object('payment_password'), set: Type.Boolean() }),
  wallet_limits: Type.Object({ object: object('wallet_limits'), currency: Currency, per_payment_limit: Amount(), daily_limit: Amount(), daily_limit_cap: Amount('The highest daily limit the platform allows, in minor units.') }),
  wallet_transaction: Type.Object({
    object: object('wallet_transaction'),
    id: Type.String(),
    amount: Amount('Signed minor units: positive into the wallet, negative out of it.'),
    currency: Currency,
    type: Type.String({ description: 'The kind of movement: top_up, wallet_transfer, payment, …' }),
    hold: Type.Boolean(),
    description: Type.String(),
    created: Created,
  }),
  wallet_transfer: Type.Object({ object: object('wallet_transfer'), id: Type.String(), amount: Amount(), currency: Currency, to_customer: Type.String(), status: object('succeeded') }),
  event: Type.Object(eventFields),
  event_with_deliveries: Type.Object({
    ...eventFields,
    deliveries: Type.Array(
      Type.Object({
        id: Type.String(),
        endpoint: Type.String(),
        status: Literals(['pending', 'succeeded', 'failed', 'canceled']),
        attempts: Type.Integer(),
        last_attempt_at: UnixSecondsOrNull,
        finished_at: UnixSecondsOrNull,
      }),
    ),
  }),
  webhook_endpoint: Type.Object(endpointFields),
  webhook_endpoint_with_secret: Type.Object({ ...endpointFields, secret: Type.String({ description: 'The signing secret, shown this once.' }) }),
  deleted_webhook_endpoint: Type.Object({ ...endpointFields, deleted: Type.Literal(true) }),
  ledger_account: Type.Object({
    object: object('ledger_account'),
    id: Type.String(),
    ledger: Ledger,
    code: Type.Integer(),
    flags: Type.Object({ debits_must_not_exceed_credits: Type.Boolean(), credits_must_not_exceed_debits: Type.Boolean() }),
    ...balanceColumns,
    metadata: Metadata,
    created: Created,
  }),
  ledger_transfer: Type.Object(ledgerTransferFields),
  ledger_transfer_results: Type.Object({
    results: Type.Array(Type.Object({ id: Type.String(), result: Literals(TRANSFER_RESULTS) }), { description: 'One result per transfer, in the order sent: `ok` or why it failed.' }),
  }),
  ledger_verification: Type.Object({
    object: object('ledger_verification'),
    balanced: Type.Boolean(),
    checked_at: Created,
    accounts_checked: Type.Integer(),
    transfers_checked: Type.Integer(),
    ledgers: Type.Array(Type.Object({ ledger: Ledger, accounts: Type.Integer(), ...balanceColumns, balanced: Type.Boolean() })),
    mismatches: Type.Array(
      Type.Object({ account_id: Type.String(), field: Literals(['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted']), stored: Amount(), expected: Amount() }),
    ),
    limit_violations: Type.Array(Type.String()),
    pending_problems: Type.Array(Type.String()),
  }),
};

/** Adds the shared schemas to the server; call before any route refers to them. */
export function registerWireSchemas(app: FastifyInstance): void {
  for (const [id, schema] of Object.entries(SCHEMAS)) app.addSchema({ ...schema, $id: id });
}
