import { Type, type Static } from 'typebox';
import type { Merchants } from '../../merchants/index.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Agreement, type Agreements, type Customer, type Customers, type PaymentCodes, type WalletBalance } from '../../customers/index.ts';
import {
  MAX_DEVICE_ID_CHARS,
  SIGN_IN_LOCK_MS,
  SIGN_IN_OUTCOMES,
  normalizePhone,
  signInDeviceOf,
  type AccountProtection,
  type OneTimeCodes,
  type Sessions,
  type SignIn,
  type SignInDevice,
  type SignInLocked,
} from '../../identity/index.ts';
import type { SandboxSms } from '../../notifications/index.ts';
import type { CardPaymentMethod, PaymentMethods } from '../../payments/index.ts';
import { newId } from '../../platform/ids.ts';
import { requireConsumer, requireOperator } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { AmountSchema, IdParams, statementLineToWire } from './ledger-wire.ts';
import { listOf, ref, responses } from './responses.ts';
import { CurrencySchema, PageQuery, StorableText, cursorOf, payerOf, unixSeconds, unixSecondsOrNull } from './wire.ts';

/** Consumers, their sign-in, wallets, statements and wallet-to-wallet transfers: wire format and routes. */
const PhoneSchema = Type.String({ minLength: 5, maxLength: 20, pattern: '^[+0-9 -]+$', description: 'E.164 (+8613812345678) or an 11-digit mainland mobile number.' });
const NameSchema = StorableText({ maxLength: 100 });
const PasswordSchema = Type.String({ minLength: 1, maxLength: 64 });

const CreateCustomerBody = Type.Object({ phone: PhoneSchema, name: Type.Optional(NameSchema) }, { additionalProperties: false });
const OtpBody = Type.Object({ phone: PhoneSchema }, { additionalProperties: false });
const LoginBody = Type.Object({ phone: PhoneSchema, code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false });
const SmsQuery = Type.Object({ phone: PhoneSchema }, { additionalProperties: false });
const PasswordBody = Type.Object({ password: PasswordSchema, current_password: Type.Optional(PasswordSchema) }, { additionalProperties: false });
const LimitsQuery = Type.Object({ currency: Type.Optional(CurrencySchema) }, { additionalProperties: false });
const LimitsBody = Type.Object({ currency: CurrencySchema, per_payment_limit: AmountSchema, daily_limit: AmountSchema }, { additionalProperties: false });
const StatementQuery = Type.Object(
  {
    currency: Type.Optional(CurrencySchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    starting_after: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
    ending_before: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
  },
  { additionalProperties: false },
);
const WalletTransferBody = Type.Object(
  {
    amount: AmountSchema,
    currency: CurrencySchema,
    to_phone: Type.Optional(PhoneSchema),
    to_customer: Type.Optional(Type.String({ pattern: '^cus_[0-9a-z]{26}$' })),
    password: PasswordSchema,
    description: Type.Optional(StorableText({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

function phoneOrThrow(input: string, param = 'phone'): string {
  const phone = normalizePhone(input);
  if (phone === undefined) throw new ApiError('parameter_invalid', 'Invalid phone number: use E.164 (+8613812345678) or an 11-digit mainland mobile number.', param);
  return phone;
}

function balancesToWire(balances: readonly WalletBalance[]): Array<Record<string, unknown>> {
  return balances.map((b) => ({ currency: b.currency.toLowerCase(), available: b.availableMinor, held: b.heldMinor }));
}

/** `cards`: the customer's saved cards, already on the wire (savedCardsToWire). */
export function customerToWire(c: Customer, balances?: readonly WalletBalance[], cards?: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    object: 'customer',
    id: c.id,
    phone: c.phone,
    name: c.name,
    has_payment_password: c.hasPaymentPassword,
    status: c.status,
    created: unixSeconds(c.createdAtMs),
    ...(balances === undefined ? {} : { wallet_balances: balancesToWire(balances) }),
    ...(cards === undefined ? {} : { cards }),
  };
}

/** A saved card as checkout and the console show it: brand, last four and expiry, never the number. */
function savedCardToWire(m: CardPaymentMethod, merchantName: string): Record<string, unknown> {
  return { object: 'saved_card', id: m.id, merchant: m.merchantId, merchant_name: merchantName, brand: m.brand, last4: m.last4, exp_month: m.expMonth, exp_year: m.expYear, created: unixSeconds(m.createdAtMs) };
}

/** What a consumer's list shows of whom they deal with: each merchant's name, looked up once per list. */
async function withMerchantNames<T extends { merchantId: string }>(merchants: Merchants, items: readonly T[], toWire: (item: T, merchantName: string) => Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const names = await merchants.namesOf(items.map((i) => i.merchantId));
  return items.map((i) => toWire(i, names.get(i.merchantId) ?? i.merchantId));
}

export function savedCardsToWire(merchants: Merchants, cards: readonly CardPaymentMethod[]): Promise<Record<string, unknown>[]> {
  return withMerchantNames(merchants, cards, savedCardToWire);
}


/** Failures of the customers module, mapped to the API's status codes in one place. */
function walletFailure(failure: { result: string; attemptsLeft?: number; lockedUntilMs?: number; reasons?: unknown }): ApiError {
  const { result } = failure;
  const extra = failure;
  switch (result) {
    case 'payment_password_not_set':
      return new ApiError('parameter_invalid', 'Set a payment password first (POST /v1/me/payment_password).', 'password', result);
    case 'incorrect_payment_password':
      return new ApiError('parameter_invalid', `Incorrect payment password; ${extra.attemptsLeft ?? 0} attempts left before the wallet locks.`, 'password', result);
    case 'payment_password_locked':
      return new ApiError('permission_denied', `Too many wrong payment passwords: locked until ${new Date(extra.lockedUntilMs ?? 0).toISOString()}.`, 'password', result);
    case 'insufficient_funds':
    case 'exceeds_per_payment_limit':
    case 'exceeds_daily_limit':
      return new ApiError('payment_declined', `The transfer was declined: ${result.replaceAll('_', ' ')}.`, 'amount', result);
    case 'recipient_not_found':
      return new ApiError('resource_missing', 'No customer has that phone number or id.', 'to_phone', result);
    case 'cannot_transfer_to_self':
      return new ApiError('parameter_invalid', 'Choose another recipient: a wallet cannot pay itself.', 'to_phone', result);
    case 'transfer_id_reused':
      return new ApiError('idempotency_error', 'This Idempotency-Key was used for a different transfer.', undefined, result);
    case 'risk_blocked':
      return new ApiError('payment_declined', 'The transfer was blocked by risk control.', undefined, result, { type: 'wallet_error', ...('reasons' in failure ? { reasons: failure.reasons } : {}) });
    default:
      return new ApiError('parameter_invalid', `The request was refused (${result}).`, undefined, result);
  }
}

export interface CustomerRouteDependencies {
  customers: Customers;
  merchants: Merchants;
  paymentMethods: PaymentMethods;
  agreements: Agreements;
  paymentCodes: PaymentCodes;
  codes: OneTimeCodes;
  sessions: Sessions;
  accountProtection: AccountProtection;
  sandboxSms: SandboxSms;
}

export function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRouteDependencies): void {
  registerCustomerAdmin(app, deps);
  registerSignIn(app, deps);
  registerSignInProtection(app, deps);
  registerMe(app, deps);
  registerAgreements(app, deps);
}

const AgreementBody = Type.Object(
  { merchant: Type.String({ pattern: '^mch_[0-9a-z]{26}$' }), currency: CurrencySchema, per_payment_limit: AmountSchema, daily_limit: AmountSchema, password: PasswordSchema },
  { additionalProperties: false },
);

function agreementToWire(a: Agreement, merchantName: string): Record<string, unknown> {
  return {
    object: 'agreement',
    id: a.id,
    merchant: a.merchantId,
    merchant_name: merchantName,
    currency: a.currency.toLowerCase(),
    per_payment_limit: a.perPaymentLimitMinor,
    daily_limit: a.dailyLimitMinor,
    status: a.status,
    created: unixSeconds(a.createdAtMs),
    revoked_at: unixSecondsOrNull(a.revokedAtMs),
  };
}

const PaymentCodeBody = Type.Object({ currency: Type.Optional(CurrencySchema) }, { additionalProperties: false });

function registerAgreements(app: FastifyInstance, { agreements, paymentCodes, merchants }: CustomerRouteDependencies): void {
  const tags = ['Consumer wallet'];
  app.post('/v1/me/payment_codes', {
    schema: { tags, summary: 'A one-minute, single-use payment code (付款码) for the till to scan; it pays without the password up to the password-free limit', body: PaymentCodeBody, response: responses(ref('payment_code'), 'The payment code') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const currency = ((request.body ?? {}) as Static<typeof PaymentCodeBody>).currency ?? 'cny';
      const issued = await paymentCodes.issue(customerId, currency.toUpperCase());
      if ('result' in issued) throw new ApiError('rate_limited', 'Too many open payment codes; use or let one expire first.', undefined, issued.result);
      return { object: 'payment_code', code: issued.code, currency, expires_at: unixSeconds(issued.expiresAtMs) };
    },
  });

  app.post('/v1/me/agreements', {
    schema: { tags, summary: 'Let a merchant charge the wallet without the password (免密支付), within limits', body: AgreementBody, response: responses(ref('agreement'), 'The new agreement') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof AgreementBody>;
      const created = await agreements.create({ customerId, merchantId: body.merchant, currency: body.currency.toUpperCase(), perPaymentLimitMinor: BigInt(body.per_payment_limit), dailyLimitMinor: BigInt(body.daily_limit), password: body.password });
      if (created.result === 'ok') return (await withMerchantNames(merchants, [created.agreement], agreementToWire))[0];
      if (created.result === 'agreement_exists') throw new ApiError('resource_exists_with_different_fields', 'An active agreement with this merchant exists; revoke it first.', 'merchant', created.result);
      if (created.result === 'limit_out_of_range') throw new ApiError('parameter_invalid', 'The per-payment limit must be positive and at most the daily limit.', 'daily_limit', created.result);
      if (created.result === 'unknown_currency') throw new ApiError('parameter_invalid', 'Unknown currency.', 'currency', created.result);
      throw walletFailure(created);
    },
  });

  app.get('/v1/me/agreements', {
    schema: { tags, summary: 'The consumer’s agreements, newest first', response: responses(listOf('agreement'), 'The agreements (one page: has_more is false)') },
    handler: async (request) => {
      const list = await agreements.list(requireConsumer(request));
      return { object: 'list', url: '/v1/me/agreements', has_more: false, data: await withMerchantNames(merchants, list, agreementToWire) };
    },
  });

  app.post('/v1/me/agreements/:id/revoke', {
    schema: { tags, summary: 'Revoke an agreement: the merchant can no longer charge without the password', params: IdParams, response: responses(ref('agreement'), 'The revoked agreement') },
    handler: async (request) => {
      const revoked = await agreements.revoke(requireConsumer(request), (request.params as { id: string }).id);
      if (revoked === undefined) throw new ApiError('resource_missing', 'No such agreement.', 'id');
      return (await withMerchantNames(merchants, [revoked], agreementToWire))[0];
    },
  });
}

function registerCustomerAdmin(app: FastifyInstance, { customers, merchants, paymentMethods, sandboxSms }: CustomerRouteDependencies): void {
  const tags = ['Customers'];
  app.post('/v1/customers', {
    schema: { tags, summary: 'Create (or find) the consumer with a phone number; a merchant key links the customer to that merchant', body: CreateCustomerBody, response: responses(ref('customer'), 'The customer; wallet_balances only for the operator') },
    handler: async (request) => {
      const principal = request.principal;
      if (principal?.role !== 'operator' && principal?.role !== 'merchant_secret') throw new ApiError('permission_denied', 'Use the operator key or a merchant secret key.');
      const body = request.body as Static<typeof CreateCustomerBody>;
      const { customer } = await customers.create({ phone: phoneOrThrow(body.phone), ...(body.name === undefined ? {} : { name: body.name }), ...(principal.role === 'merchant_secret' ? { merchantId: principal.merchantId } : {}) });
      return customerToWire(customer, principal.role === 'operator' ? await customers.walletBalances(customer.id) : undefined);
    },
  });

  app.get('/v1/customers/:id', {
    schema: { tags, summary: 'Retrieve a customer (with wallet balances and saved cards for the operator)', params: IdParams, response: responses(ref('customer'), 'The customer; wallet_balances and cards only for the operator') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const customer = await visibleCustomer(request, customers, id);
      if (request.principal?.role !== 'operator') return customerToWire(customer);
      return customerToWire(customer, await customers.walletBalances(id), await savedCardsToWire(merchants, await paymentMethods.listForCustomer(id)));
    },
  });

  app.get('/v1/test_helpers/sms', {
    schema: { tags: ['Test helpers'], summary: 'Messages the sandbox SMS gateway recorded for a phone, newest first (codes included)', querystring: SmsQuery, response: responses(listOf('sms_message'), 'The messages (one page: has_more is false)') },
    handler: async (request) => {
      requireOperator(request);
      const phone = phoneOrThrow((request.query as Static<typeof SmsQuery>).phone);
      const messages = await sandboxSms.messages(phone);
      return { object: 'list', url: '/v1/test_helpers/sms', has_more: false, data: messages.map((m) => ({ object: 'sms_message', id: m.id, phone: m.phone, body: m.body, created: unixSeconds(m.createdAtMs) })) };
    },
  });
}

/** The operator sees every customer; a merchant only those it created; anyone else is told it does not exist. */
async function visibleCustomer(request: FastifyRequest, customers: Customers, id: string): Promise<Customer> {
  const principal = request.principal;
  const customer = await customers.get(id);
  const visible =
    customer !== undefined &&
    (principal?.role === 'operator' || (principal?.role === 'merchant_secret' && (await customers.isKnownTo(principal.merchantId, id))) || (principal?.role === 'consumer' && principal.customerId === id));
  if (!visible) throw new ApiError('resource_missing', `No such customer: '${id}'.`, 'id');
  return customer;
}

/** X-Device-Id: the app's own id for the install, printable ASCII; only its SHA-256 hash is stored. */
const DEVICE_ID = new RegExp(`^[\\x21-\\x7e]{1,${MAX_DEVICE_ID_CHARS}}$`);

/** Where a sign-in attempt comes from: the X-Device-Id header (else the User-Agent) and the caller's address. */
function signInDeviceFrom(request: FastifyRequest): SignInDevice {
  const deviceId = request.headers['x-device-id'];
  if (deviceId !== undefined && (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId))) {
    throw new ApiError('parameter_invalid', `X-Device-Id must be one header of 1 to ${MAX_DEVICE_ID_CHARS} printable ASCII characters.`, 'X-Device-Id');
  }
  return signInDeviceOf({ deviceId, userAgent: request.headers['user-agent'], ip: request.ip });
}

function signInLocked(reply: FastifyReply, locked: SignInLocked): ApiError {
  reply.header('retry-after', locked.retryAfterSeconds);
  const until = new Date(locked.lockedUntilMs).toISOString();
  return new ApiError('permission_denied', `Too many wrong codes: sign-in for this phone is locked until ${until}. Retry in ${locked.retryAfterSeconds} seconds.`, 'phone', 'account_locked');
}

function registerSignIn(app: FastifyInstance, { customers, sessions, accountProtection }: CustomerRouteDependencies): void {
  const tags = ['Consumer sign-in'];
  app.post('/v1/auth/otp', {
    schema: { tags, summary: 'Send a one-time sign-in code to a phone by SMS', security: [], body: OtpBody, response: responses(ref('otp'), 'The code was sent') },
    handler: async (request, reply) => {
      const phone = phoneOrThrow((request.body as Static<typeof OtpBody>).phone);
      const sent = await accountProtection.requestCode(phone);
      if (sent.result === 'account_locked') throw signInLocked(reply, sent);
      if (sent.result === 'too_many_requests') {
        reply.header('retry-after', sent.retryAfterSeconds);
        throw new ApiError('rate_limited', `A code was sent recently; retry in ${sent.retryAfterSeconds} seconds.`, 'phone', 'otp_rate_limited');
      }
      if (sent.result === 'sms_failed') throw new ApiError('service_unavailable', 'The SMS gateway did not accept the message; retry later.');
      return { object: 'otp', phone, expires_in: sent.expiresInSeconds };
    },
  });

  app.post('/v1/auth/login', {
    schema: { tags, summary: 'Exchange the code for a session token (signs up a new phone); send X-Device-Id to name the device', security: [], body: LoginBody, response: responses(ref('session'), 'The session and its customer') },
    handler: async (request, reply) => {
      const body = request.body as Static<typeof LoginBody>;
      const phone = phoneOrThrow(body.phone);
      const device = signInDeviceFrom(request);
      const existing = await customers.findByPhone(phone);
      const verified = await accountProtection.verifyCode(phone, body.code, { customerId: existing?.id, device });
      if (verified.result === 'account_locked') throw signInLocked(reply, verified);
      if (verified.result !== 'ok') {
        const warning = `${verified.failuresLeft} more wrong codes lock sign-in for ${SIGN_IN_LOCK_MS / 60_000} minutes`;
        throw new ApiError('authentication_failed', `Sign-in failed: ${verified.result.replaceAll('_', ' ')}; ${warning}.`, 'code', verified.result);
      }
      const { customer } = await customers.create({ phone });
      // The right code, but the operator blocked this customer: no session (their open ones were ended when blocked).
      if (customer.status === 'blocked') throw new ApiError('permission_denied', 'This account is blocked; contact customer service.', 'phone', 'customer_blocked');
      await accountProtection.recordSuccess(phone, customer.id, device);
      const session = await sessions.open(customer.id, device);
      return { object: 'session', token: session.token, expires_at: unixSeconds(session.expiresAtMs), customer: customerToWire(customer) };
    },
  });
}

const SignInListQuery = PageQuery('^sgn_[0-9a-z]{26}$');
const SignInSchema = Type.Object({
  object: Type.Literal('sign_in'),
  id: Type.String(),
  created: Type.Integer({ description: 'Unix seconds.' }),
  outcome: Type.Union(
    SIGN_IN_OUTCOMES.map((o) => Type.Literal(o)),
    { description: 'succeeded; failed: a wrong or expired code; locked: the failed attempt that locked sign-in.' },
  ),
  new_device: Type.Boolean({ description: 'The attempt came from a device the customer had not signed in from before.' }),
  new_network: Type.Boolean({ description: 'The attempt came from an IP network the customer had not signed in from before.' }),
  network: Type.String({ description: 'The IP network of the attempt: /24 for IPv4, /48 for IPv6 (203.0.113.0/24).' }),
});
const SignInLockSchema = Type.Object({
  object: Type.Literal('sign_in_lock'),
  customer: Type.String(),
  locked: Type.Boolean({ description: 'Whether sign-in is locked now: false after an unlock.' }),
  was_locked: Type.Boolean({ description: 'Whether sign-in was locked when the unlock came.' }),
});

function signInToWire(s: SignIn): Record<string, unknown> {
  return { object: 'sign_in', id: s.id, created: unixSeconds(s.createdAtMs), outcome: s.outcome, new_device: s.newDevice, new_network: s.newNetwork, network: s.network };
}

/** The consumer's sign-in history, and the operator's early unlock (docs/api.md, "Sign-in protection"). */
function registerSignInProtection(app: FastifyInstance, { customers, accountProtection }: CustomerRouteDependencies): void {
  app.get('/v1/me/sign_ins', {
    schema: { tags: ['Consumer sign-in'], summary: 'The consumer’s recent sign-ins and failed attempts, newest first', querystring: SignInListQuery, response: responses(listOf(SignInSchema), 'A page of sign-ins') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const query = request.query as Static<typeof SignInListQuery>;
      const page = await accountProtection.history(customerId, { limit: query.limit ?? 10, ...cursorOf(query) });
      return { object: 'list', url: '/v1/me/sign_ins', has_more: page.hasMore, data: page.signIns.map(signInToWire) };
    },
  });

  app.post('/v1/customers/:id/unlock', {
    schema: { tags: ['Customers'], summary: 'Clear a customer’s sign-in lock (after too many wrong codes) before it ends', params: IdParams, response: responses(SignInLockSchema, 'Sign-in is unlocked') },
    handler: async (request) => {
      requireOperator(request);
      const { id } = request.params as { id: string };
      const customer = await customers.get(id);
      if (customer === undefined) throw new ApiError('resource_missing', `No such customer: '${id}'.`, 'id');
      const { wasLocked } = await accountProtection.unlock(customer.phone);
      return { object: 'sign_in_lock', customer: customer.id, locked: false, was_locked: wasLocked };
    },
  });
}

function registerMe(app: FastifyInstance, { customers }: CustomerRouteDependencies): void {
  const tags = ['Consumer wallet'];
  app.get('/v1/me', {
    schema: { tags, summary: 'The signed-in consumer with wallet balances', response: responses(ref('customer'), 'The consumer with wallet_balances') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const customer = await visibleCustomer(request, customers, customerId);
      return customerToWire(customer, await customers.walletBalances(customerId));
    },
  });

  app.post('/v1/me/payment_password', {
    schema: { tags, summary: 'Set or change the 6-digit payment password', body: PasswordBody, response: responses(ref('payment_password'), 'The password is set') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof PasswordBody>;
      const result = await customers.setPaymentPassword(customerId, body.password, body.current_password);
      if (result.result === 'ok') return { object: 'payment_password', set: true };
      if (result.result === 'invalid_payment_password') throw new ApiError('parameter_invalid', 'The payment password must be 6 digits.', 'password', result.result);
      if (result.result === 'current_password_required') throw new ApiError('parameter_missing', 'Send current_password to change the payment password.', 'current_password', result.result);
      throw walletFailure(result);
    },
  });

  app.get('/v1/me/limits', {
    schema: { tags, summary: 'The wallet’s per-payment and daily limits in one currency (the defaults until the consumer sets them), and the platform’s daily cap', querystring: LimitsQuery, response: responses(ref('wallet_limits'), 'The limits in force') },
    handler: async (request) => {
      const currency = (request.query as Static<typeof LimitsQuery>).currency ?? 'cny';
      const limits = await customers.limits(requireConsumer(request), currency.toUpperCase());
      return { object: 'wallet_limits', currency, per_payment_limit: limits.perPaymentMinor, daily_limit: limits.dailyMinor, daily_limit_cap: limits.dailyCapMinor };
    },
  });

  app.post('/v1/me/limits', {
    schema: { tags, summary: 'Set per-payment and daily limits for wallet payments in one currency', body: LimitsBody, response: responses(ref('wallet_limits'), 'The limits now in force') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof LimitsBody>;
      const result = await customers.setLimits(customerId, body.currency.toUpperCase(), BigInt(body.per_payment_limit), BigInt(body.daily_limit));
      if (result === 'wallet_not_found') throw new ApiError('resource_missing', `No ${body.currency} wallet.`, 'currency', result);
      if (result === 'limit_out_of_range') throw new ApiError('parameter_invalid', 'Limits must be positive, the per-payment limit at most the daily limit, and the daily limit within the platform cap.', 'daily_limit', result);
      const limits = await customers.limits(customerId, body.currency.toUpperCase());
      return { object: 'wallet_limits', currency: body.currency, per_payment_limit: limits.perPaymentMinor, daily_limit: limits.dailyMinor, daily_limit_cap: limits.dailyCapMinor };
    },
  });

  app.get('/v1/me/transactions', {
    schema: { tags, summary: 'Every movement of the wallet, newest first', querystring: StatementQuery, response: responses(listOf('wallet_transaction'), 'A page of the statement') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const query = request.query as Static<typeof StatementQuery>;
      const currency = (query.currency ?? 'cny').toUpperCase();
      const statement = await customers.statement(customerId, currency, {
        limit: query.limit ?? 10,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.ending_before === undefined ? {} : { endingBefore: query.ending_before }),
      });
      if (statement === 'wallet_not_found') throw new ApiError('resource_missing', `No ${currency.toLowerCase()} wallet.`, 'currency');
      if (statement === 'cursor_not_found') throw new ApiError('parameter_invalid', 'No transaction of this wallet has that id.', query.starting_after === undefined ? 'ending_before' : 'starting_after');
      return { object: 'list', url: '/v1/me/transactions', has_more: statement.page.hasMore, data: statement.page.transfers.map((t) => statementLineToWire('wallet_transaction', t, statement.wallet.accountId)) };
    },
  });

  app.post('/v1/wallet_transfers', {
    schema: { tags, summary: 'Send money to another consumer’s wallet (payment password and limits apply)', body: WalletTransferBody, response: responses(ref('wallet_transfer'), 'The transfer, which has succeeded') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof WalletTransferBody>;
      const recipient = await findRecipient(customers, body);
      const idempotencyKey = request.headers['idempotency-key'];
      const transferId = typeof idempotencyKey === 'string' && /^[A-Za-z0-9_.:-]{1,40}$/.test(idempotencyKey) ? `wtr_${customerId}_${idempotencyKey}` : newId('wtr');
      const result = await customers.transferBetweenWallets({
        fromCustomerId: customerId,
        toCustomerId: recipient,
        currency: body.currency.toUpperCase(),
        amountMinor: BigInt(body.amount),
        password: body.password,
        transferId,
        description: body.description ?? '',
        payer: payerOf(request),
      });
      if (result.result !== 'ok') throw walletFailure(result);
      return { object: 'wallet_transfer', id: result.transferId, amount: body.amount, currency: body.currency, to_customer: recipient, status: 'succeeded' };
    },
  });
}

async function findRecipient(customers: Customers, body: Static<typeof WalletTransferBody>): Promise<string> {
  if ((body.to_phone === undefined) === (body.to_customer === undefined)) throw new ApiError('parameter_invalid', 'Send exactly one of to_phone and to_customer.', 'to_phone');
  const recipient = body.to_customer !== undefined ? await customers.get(body.to_customer) : await customers.findByPhone(phoneOrThrow(body.to_phone ?? '', 'to_phone'));
  if (recipient === undefined) throw walletFailure({ result: 'recipient_not_found' });
  return recipient.id;
}
