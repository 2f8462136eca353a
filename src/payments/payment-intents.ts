import { strict as assert } from 'node:assert';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Agreements, Customers, PaymentCodes } from '../customers/index.ts';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { Ledger, Metadata, PendingStatus, Transfer } from '../ledger/index.ts';
import type { Merchants } from '../merchants/index.ts';
import type { PrepaidCards } from '../prepaid/index.ts';
import { DEFAULT_FEE_ROUNDING, feeFromBps, findCurrency, money } from '../money/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { PayerContext, Screening } from '../platform/screening.ts';
import type { AuthorizeOutcome, Processor } from '../processors/index.ts';
import type { CardVault } from '../vault/index.ts';
import { captureTransfers, holdTransfer, type CaptureSplit, holdTransferId, mustApply, openPlatformAccounts, tryApply, voidTransfer } from './ledger-moves.ts';
import * as store from './store.ts';
import {
  AUTHORIZATION_WINDOW_MS,
  EXPIRY_BATCH_LIMIT,
  type CaptureMethod,
  type CardPaymentMethod,
  type DeferredConfirmation,
  type PaymentError,
  type PaymentFailure,
  type PaymentFigures,
  type PaymentIntent,
  type PaymentIntentFilter,
  type PaymentMethodType,
  type TimeWindow,
} from './types.ts';

/** Something that records what happened, in the same transaction (the events module). */
export type PaymentEventSink = (tx: Transaction, event: { type: string; merchantId: string; data: PaymentIntent }) => Promise<void>;

/** How a confirmation meets the risk engine: what it can wait for, and how to carry it out later. */
interface RiskCheck {
  paymentMethodType: PaymentMethodType;
  customerId: string | null;
  cardFingerprint?: string;
  payer: PayerContext | undefined;
  /** How to finish the confirmation after a review or a challenge; undefined where nobody can wait (a till, a charger). */
  deferred: DeferredConfirmation | undefined;
  challengeable: boolean;
}

type Screened = { proceed: PaymentIntent } | { intent: PaymentIntent; challengeCustomerId?: string };

/** A card or bank payment saved as processing, for the processor to be asked once its transaction commits. */
type Started = { intent: PaymentIntent; returnUrl: string | undefined } & ({ method: CardPaymentMethod } | { bank: string });

export interface PaymentsDependencies {
  db: Database;
  clock: Clock;
  ledger: Ledger;
  merchants: Merchants;
  customers: Customers;
  vault: CardVault;
  cardProcessor: Processor;
  /** Online banking (网银支付): the payer approves on their bank's page. */
  bankProcessor?: Processor;
  /** Consumers' agreements (免密支付), for merchant-initiated wallet charges. */
  agreements?: Agreements;
  /** Consumer-presented payment codes (付款码). */
  paymentCodes?: PaymentCodes;
  /** Prepaid stored-value cards, paid with their number and PIN. */
  prepaidCards?: PrepaidCards;
  onEvent?: PaymentEventSink;
  /** Risk screening; without it every payment is allowed (unit tests of the money paths). */
  screening?: Screening;
}

export interface NewPaymentIntent {
  amountMinor: bigint;
  currency: string;
  customerId?: string;
  paymentMethodId?: string;
  /** The card must be one saved for `customerId` (a consumer paying for themselves picks only their own cards). */
  customerMustOwnPaymentMethod?: boolean;
  captureMethod?: CaptureMethod;
  description?: string;
  metadata?: Metadata;
}

/** Another merchant's share of a capture: `key` names its ledger transfer (`<intent>:split:<key>`). */
export interface CaptureShare {
  merchantId: string;
  amountMinor: bigint;
  key: string;
  description: string;
}

/** `challengeCustomerId`: the risk engine asked for a one-time code, to be sent to this consumer once the transaction commits. */
export type IntentResult = { intent: PaymentIntent; challengeCustomerId?: string } | PaymentFailure;

/**
 * What the consumer pays with on the checkout page: the wallet, a card a
 * merchant saved for them (at that merchant only), a prepaid card they bound
 * to their account, or their bank's page.
 */
export type ConsumerPaymentMethod =
  | { type: 'wallet' }
  | { type: 'card'; paymentMethodId: string; returnUrl?: string }
  | { type: 'prepaid_card'; cardId: string }
  | { type: 'online_banking'; bank: string; returnUrl?: string };

/**
 * The consumer confirms a payment the merchant handed over (its client_secret).
 * The app's payment password authorizes the wallet, saved cards and bound
 * prepaid cards (as Alipay's and WeChat Pay's does for bound cards); online
 * banking is authorized on the bank's own page instead.
 */
export type ConsumerConfirmation = {
  customerId: string;
  clientSecret: string;
  payer?: PayerContext;
} & ({ method?: Exclude<ConsumerPaymentMethod, { type: 'online_banking' }>; password: string } | { method: Extract<ConsumerPaymentMethod, { type: 'online_banking' }>; password?: undefined });

/** The client_secret a consumer sent is the intent's: compared in constant time, as any secret is. */
function secretMatches(intent: PaymentIntent, clientSecret: string): boolean {
  const expected = Buffer.from(intent.clientSecret);
  const given = Buffer.from(clientSecret);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Why a consumer may not act on an intent the merchant handed over: a wrong
 * client_secret, or an intent made for another customer. Undefined when they may.
 */
function consumerMismatch(intent: PaymentIntent, customerId: string, clientSecret: string): 'client_secret_mismatch' | 'customer_mismatch' | undefined {
  if (!secretMatches(intent, clientSecret)) return 'client_secret_mismatch';
  if (intent.customerId !== null && intent.customerId !== customerId) return 'customer_mismatch';
  return undefined;
}

/** The error code of a decline, by its type: Stripe's `card_declined`, and ours for wallets and banks. */
const DECLINE_ERROR_CODES: Record<PaymentError['type'], string> = { card_error: 'card_declined', wallet_error: 'wallet_declined', bank_error: 'bank_declined', api_error: 'api_error' };

/** Statuses from which an intent can be confirmed (Stripe's). */
const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);
const CANCELABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture']);
/** Windows one figures query covers at most (the dashboard asks for 7 days). */
export const MAX_FIGURE_WINDOWS = 92;
/** The ledger hold outlives the intent's own expiry a little, so that the intent's sweeper voids it first. */
const HOLD_TIMEOUT_MARGIN_SECONDS = 3600;

/**
 * Payment intents: Stripe's state machine over the ledger. Each money step
 * records intent, calls the processor outside any transaction, then confirms
 * or compensates under the intent's row lock (STYLE.md, rule 5).
 */
export class PaymentIntents {
  constructor(private readonly deps: PaymentsDependencies) {}

  private now(): number {
    return this.deps.clock.nowMs();
  }

  async create(merchantId: string, input: NewPaymentIntent): Promise<IntentResult> {
    if (findCurrency(input.currency)?.code !== input.currency) return { failure: 'unknown_currency' };
    const blocked = await this.blockedIn(this.deps.db, input.customerId ?? null);
    if (blocked !== undefined) return blocked;
    if (input.paymentMethodId !== undefined) {
      const method = await store.findCardMethod(this.deps.db, input.paymentMethodId, merchantId);
      if (method === undefined) return { failure: 'payment_method_not_found' };
      // A card saved for one customer never pays for another (Stripe: "belongs to another customer").
      const owner = method.customerId;
      if (input.customerId !== undefined && owner !== input.customerId && (owner !== null || input.customerMustOwnPaymentMethod === true)) return { failure: 'customer_mismatch' };
    }
    const now = this.now();
    const id = newId('pi', now);
    const intent: PaymentIntent = {
      id,
      merchantId,
      customerId: input.customerId ?? null,
      amountMinor: input.amountMinor,
      currency: input.currency,
      status: input.paymentMethodId === undefined ? 'requires_payment_method' : 'requires_confirmation',
      captureMethod: input.captureMethod ?? 'automatic',
      paymentMethodId: input.paymentMethodId ?? null,
      paymentMethodType: input.paymentMethodId === undefined ? null : 'card',
      amountCapturableMinor: 0n,
      amountReceivedMinor: 0n,
      amountRefundedMinor: 0n,
      feeMinor: 0n,
      feeRefundedMinor: 0n,
      attempt: 0,
      holdTransferId: null,
      processorId: null,
      processorReference: null,
      authorizationExpiresAtMs: null,
      nextAction: null,
      lastPaymentError: null,
      clientSecret: `${id}_secret_${randomBytes(18).toString('base64url')}`,
      description: input.description ?? '',
      metadata: input.metadata ?? {},
      canceledAtMs: null,
      cancellationReason: null,
      createdAtMs: now,
      updatedAtMs: now,
      risk: null,
      deferredConfirmation: null,
    };
    await this.deps.db.transaction(async (tx) => {
      await store.insertIntent(tx, intent);
      await this.emit(tx, 'payment_intent.created', intent);
    });
    return { intent };
  }

  /** An intent as the consumer the merchant handed it to sees it (with its client_secret); anyone else's is not there. */
  async forConsumer(customerId: string, id: string, clientSecret: string): Promise<PaymentIntent | undefined> {
    const intent = await store.findIntent(this.deps.db, id);
    return intent === undefined || consumerMismatch(intent, customerId, clientSecret) !== undefined ? undefined : intent;
  }

  /** One merchant's intent; `undefined` as the merchant is for the operator, who sees every merchant's. */
  get(merchantId: string | undefined, id: string): Promise<PaymentIntent | undefined> {
    return merchantId === undefined ? store.findIntent(this.deps.db, id) : store.findIntent(this.deps.db, id, merchantId);
  }

  /** Newest first; the filter's `merchantId` scopes the list (and its cursor) to one merchant, its other fields narrow it. */
  list(filter: PaymentIntentFilter, limit: number, cursor: PageCursor = {}): Promise<{ intents: PaymentIntent[]; hasMore: boolean }> {
    return store.listIntents(this.deps.db, filter, limit, cursor);
  }

  /**
   * The ledger transfers of a payment (every one carries `payment_intent` in its
   * metadata, ledger-moves.ts): its holds (with their state), capture, fee,
   * splits, voids and refunds, oldest first. Undefined for an unknown intent.
   */
  async ledgerTransfers(id: string): Promise<{ intent: PaymentIntent; transfers: Array<{ transfer: Transfer; pending: PendingStatus | undefined }> } | undefined> {
    const intent = await store.findIntent(this.deps.db, id);
    if (intent === undefined) return undefined;
    return { intent, transfers: await this.deps.ledger.transfersTagged('payment_intent', id) };
  }

  /** Payment figures per window, in one currency, of one merchant or all (docs/api.md, "Dashboard"). */
  figures(filter: { merchantId?: string; currency: string }, windows: readonly TimeWindow[]): Promise<PaymentFigures[]> {
    assert(windows.length >= 1 && windows.length <= MAX_FIGURE_WINDOWS, `1 to ${MAX_FIGURE_WINDOWS} windows`);
    assert(windows.every((w) => Number.isSafeInteger(w.fromMs) && Number.isSafeInteger(w.beforeMs) && w.fromMs < w.beforeMs), 'every window has a start before its end');
    return store.figuresByWindow(this.deps.db, filter, windows);
  }

  /** Refuses a payment by a customer the operator blocked, before anything is checked, used up or held. */
  private async blockedIn(tx: Queryable, customerId: string | null): Promise<{ failure: 'customer_blocked' } | undefined> {
    if (customerId === null) return undefined;
    return (await this.deps.customers.isBlockedIn(tx, customerId)) ? { failure: 'customer_blocked' } : undefined;
  }

  /** Under the intent's row lock, for one merchant's intent: the frame of every state change. */
  private async withIntent<T>(merchantId: string | undefined, id: string, work: (tx: Transaction, intent: PaymentIntent) => Promise<T | PaymentFailure>): Promise<T | PaymentFailure> {
    return this.deps.db.transaction(async (tx) => {
      const intent = await store.lockIntent(tx, id);
      if (intent === undefined || (merchantId !== undefined && intent.merchantId !== merchantId)) return { failure: 'payment_intent_not_found' };
      return work(tx, intent);
    });
  }

  private async save(tx: Transaction, intent: PaymentIntent, eventType?: string): Promise<{ intent: PaymentIntent }> {
    const updated = { ...intent, updatedAtMs: this.now() };
    await store.saveIntent(tx, updated);
    if (eventType !== undefined) await this.emit(tx, eventType, updated);
    return { intent: updated };
  }

  private async emit(tx: Transaction, type: string, intent: PaymentIntent): Promise<void> {
    await this.deps.onEvent?.(tx, { type, merchantId: intent.merchantId, data: intent });
  }

  /**
   * The consumer pays: payment password (except at their bank), then the
   * method's own checks, the risk engine and the money step. From the wallet
   * that is a hold (or, for automatic capture, the payment at once).
   */
  async confirmAsConsumer(id: string, confirmation: ConsumerConfirmation): Promise<IntentResult> {
    const method = confirmation.method ?? { type: 'wallet' };
    const { customerId } = confirmation;
    if (method.type === 'online_banking' && this.deps.bankProcessor === undefined) return { failure: 'payment_method_not_supported', type: 'online_banking' };
    // The slow password hash runs before the transaction, not under the intent's and the customer's locks.
    const password = confirmation.password === undefined ? undefined : await this.deps.customers.comparePaymentPassword(customerId, confirmation.password);
    const started = await this.withIntent(undefined, id, async (tx, intent): Promise<IntentResult | Started> => {
      const mismatch = consumerMismatch(intent, customerId, confirmation.clientSecret);
      if (mismatch !== undefined) return { failure: mismatch };
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      const blocked = await this.blockedIn(tx, customerId);
      if (blocked !== undefined) return blocked;
      // The password is checked before the risk engine, so that a payment held for review or a code never needs it again.
      if (password !== undefined) {
        const checked = await this.deps.customers.checkPaymentPasswordIn(tx, customerId, password);
        if (checked.result !== 'ok') return { failure: 'wallet_password_rejected' as const, code: checked.result, ...('attemptsLeft' in checked ? { attemptsLeft: checked.attemptsLeft } : {}), ...('lockedUntilMs' in checked ? { lockedUntilMs: checked.lockedUntilMs } : {}) };
      }
      const base = { ...intent, customerId };
      const payer = { payer: confirmation.payer, challengeable: true };
      switch (method.type) {
        case 'wallet': {
          const screened = await this.screenIn(tx, { ...base, paymentMethodType: 'wallet' }, { paymentMethodType: 'wallet', customerId, payer: confirmation.payer, deferred: { kind: 'wallet', customerId }, challengeable: true });
          if (!('proceed' in screened)) return screened;
          return this.walletHoldIn(tx, screened.proceed, customerId);
        }
        case 'card': {
          const card = await store.findCardMethod(tx, method.paymentMethodId, intent.merchantId);
          // A card saved for someone else, or by another merchant, is not there for this consumer.
          if (card === undefined || card.customerId !== customerId) return { failure: 'payment_method_not_found' as const };
          return this.cardIn(tx, base, card, method.returnUrl, payer);
        }
        case 'prepaid_card':
          return this.cardPresentHoldIn(tx, base, method.cardId, { ...payer, holderCustomerId: customerId });
        case 'online_banking':
          return this.bankIn(tx, base, method.bank, method.returnUrl, payer);
      }
    });
    return this.afterConfirmation(await this.authorizeStarted(started));
  }

  /**
   * The merchant charges the customer's wallet under the customer's agreement
   * (免密支付): no password, within the agreement's and the wallet's limits.
   */
  async confirmWithAgreement(merchantId: string, id: string, payer?: PayerContext): Promise<IntentResult> {
    if (this.deps.agreements === undefined) return { failure: 'agreement_required' };
    const confirmed = await this.withIntent(merchantId, id, async (tx, intent) => {
      if (intent.customerId === null) return { failure: 'customer_required' as const };
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      const blocked = await this.blockedIn(tx, intent.customerId);
      if (blocked !== undefined) return blocked;
      const base = { ...intent, paymentMethodType: 'wallet' as const };
      // The merchant charges while the consumer is away: a review can wait, a code cannot be answered.
      const screened = await this.screenIn(tx, base, { paymentMethodType: 'wallet', customerId: intent.customerId, payer, deferred: { kind: 'agreement' }, challengeable: false });
      if (!('proceed' in screened)) return screened;
      return this.agreementHoldIn(tx, screened.proceed);
    });
    return this.afterConfirmation(confirmed);
  }

  private async agreementHoldIn(tx: Transaction, intent: PaymentIntent): Promise<IntentResult> {
    const agreements = this.deps.agreements;
    if (agreements === undefined || intent.customerId === null) return { failure: 'agreement_required' };
    const spend = await agreements.authorizeSpendIn(tx, { customerId: intent.customerId, merchantId: intent.merchantId, currency: intent.currency, amountMinor: intent.amountMinor, reference: holdTransferId(intent.id, intent.attempt + 1) });
    if (spend.result === 'no_active_agreement') return { failure: 'agreement_required' };
    if (spend.result === 'customer_blocked') return { failure: 'customer_blocked' };
    if (spend.result !== 'ok') return this.decline(tx, intent, 'wallet_error', spend.result);
    return this.holdFrom(tx, intent, spend.wallet.accountId, 'wallet');
  }

  /** The wallet hold once the password (if any) was checked: the wallet's own limits, then the balance. */
  private async walletHoldIn(tx: Transaction, intent: PaymentIntent, customerId: string): Promise<IntentResult> {
    const spend = await this.deps.customers.authorizeWalletSpendIn(tx, { customerId, currency: intent.currency, amountMinor: intent.amountMinor, password: undefined });
    if (spend.result === 'exceeds_per_payment_limit' || spend.result === 'exceeds_daily_limit') return this.decline(tx, intent, 'wallet_error', spend.result);
    if (spend.result === 'customer_blocked') return { failure: 'customer_blocked' };
    if (spend.result !== 'ok') throw new Error(`wallet spend without a password answered ${spend.result}`);
    return this.holdFrom(tx, intent, spend.wallet.accountId, 'wallet');
  }

  /**
   * The merchant's till scanned the consumer's payment code (付款码): the code is
   * used up and the wallet charged without the password, up to its password-free limit.
   */
  async confirmWithPaymentCode(merchantId: string, id: string, code: string, payer?: PayerContext): Promise<IntentResult> {
    const codes = this.deps.paymentCodes;
    if (codes === undefined) return { failure: 'payment_code_invalid' };
    const confirmed = await this.withIntent(merchantId, id, async (tx, intent) => {
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      const spend = await codes.spendIn(tx, { code, currency: intent.currency, amountMinor: intent.amountMinor, reference: intent.id, expectedCustomerId: intent.customerId });
      if (spend.result === 'customer_mismatch') return { failure: 'customer_mismatch' as const };
      if (spend.result === 'customer_blocked') return { failure: 'customer_blocked' as const };
      if (spend.result === 'payment_code_invalid' || spend.result === 'payment_code_expired' || spend.result === 'payment_code_used' || spend.result === 'currency_mismatch') {
        return { failure: 'payment_code_invalid' as const, reason: spend.result };
      }
      if (spend.result !== 'ok') return this.decline(tx, { ...intent, paymentMethodType: 'wallet' }, 'wallet_error', spend.result);
      // A till cannot wait for an analyst or a code: anything but allow declines (the code is spent either way, as a wrong PIN is counted).
      const screened = await this.screenIn(tx, { ...intent, customerId: spend.customerId, paymentMethodType: 'wallet' }, { paymentMethodType: 'wallet', customerId: spend.customerId, payer, deferred: undefined, challengeable: false });
      if (!('proceed' in screened)) return screened;
      return this.holdFrom(tx, screened.proceed, spend.wallet.accountId, 'wallet');
    });
    return this.afterConfirmation(confirmed);
  }

  /**
   * The merchant's till takes a prepaid card's number and PIN: the card is checked
   * (currency, where it is accepted, status, PIN) and the amount held on its
   * balance as a wallet payment is held. A wrong PIN is a decline, and is counted
   * towards the card's lock even though the payment fails.
   */
  async confirmWithPrepaidCard(merchantId: string, id: string, card: { number: string; pin: string }, payer?: PayerContext): Promise<IntentResult> {
    const prepaid = this.deps.prepaidCards;
    if (prepaid === undefined) return { failure: 'prepaid_card_invalid', reason: 'invalid_number' };
    const confirmed = await this.withIntent(merchantId, id, async (tx, intent) => {
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      // Before the PIN is checked: a blocked customer's attempt never counts against the card.
      const blocked = await this.blockedIn(tx, intent.customerId);
      if (blocked !== undefined) return blocked;
      const spend = await prepaid.authorizeSpendIn(tx, { number: card.number, pin: card.pin, merchantId, currency: intent.currency, amountMinor: intent.amountMinor });
      switch (spend.result) {
        case 'ok': {
          const base = { ...intent, paymentMethodId: spend.cardId, paymentMethodType: 'prepaid_card' as const };
          // Number and PIN were checked: a review or a code can finish later as a card-present payment.
          const screened = await this.screenIn(tx, base, { paymentMethodType: 'prepaid_card', customerId: intent.customerId, cardFingerprint: spend.cardId, payer, deferred: { kind: 'prepaid_card_present', cardId: spend.cardId }, challengeable: intent.customerId !== null });
          if (!('proceed' in screened)) return screened;
          return this.holdFrom(tx, screened.proceed, spend.accountId, 'prepaid_card');
        }
        case 'invalid_number':
        case 'currency_mismatch':
          return { failure: 'prepaid_card_invalid' as const, reason: spend.result };
        case 'card_not_accepted_here':
        case 'card_blocked':
        case 'incorrect_pin':
        case 'pin_try_exceeded':
          return this.decline(tx, { ...intent, paymentMethodType: 'prepaid_card' }, 'card_error', spend.result);
        default: {
          const unknown: never = spend;
          throw new Error(`unhandled prepaid card answer ${JSON.stringify(unknown)}`);
        }
      }
    });
    return this.afterConfirmation(confirmed);
  }

  /**
   * A prepaid card presented by its RFID tag at a charger: no PIN (card
   * present), otherwise as confirmWithPrepaidCard.
   */
  async confirmWithPrepaidCardPresent(merchantId: string, id: string, cardId: string): Promise<IntentResult> {
    const prepaid = this.deps.prepaidCards;
    if (prepaid === undefined) return { failure: 'prepaid_card_invalid', reason: 'invalid_number' };
    const confirmed = await this.withIntent(merchantId, id, async (tx, intent) => {
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      const blocked = await this.blockedIn(tx, intent.customerId);
      if (blocked !== undefined) return blocked;
      // A card tapped at a charger: nobody waits for an analyst or a code.
      return this.cardPresentHoldIn(tx, intent, cardId, { payer: undefined, challengeable: false });
    });
    return this.afterConfirmation(confirmed);
  }

  /**
   * A prepaid card paying without its PIN: tapped at a charger, or bound to the
   * paying consumer's account (`holderCustomerId`: a card bound to anyone else
   * is not there). `screen` is how it meets the risk engine; false once it has
   * (a deferred confirmation carried out).
   */
  private async cardPresentHoldIn(tx: Transaction, intent: PaymentIntent, cardId: string, screen: false | { payer: PayerContext | undefined; challengeable: boolean; holderCustomerId?: string }): Promise<IntentResult> {
    const prepaid = this.deps.prepaidCards;
    if (prepaid === undefined) return { failure: 'prepaid_card_invalid', reason: 'invalid_number' };
    const holderCustomerId = screen === false ? undefined : screen.holderCustomerId;
    const spend = await prepaid.authorizeCardPresentIn(tx, { cardId, merchantId: intent.merchantId, currency: intent.currency, ...(holderCustomerId === undefined ? {} : { holderCustomerId }) });
    if (spend.result === 'invalid_number' && holderCustomerId !== undefined) return { failure: 'prepaid_card_not_bound' };
    if (spend.result === 'invalid_number' || spend.result === 'currency_mismatch') return { failure: 'prepaid_card_invalid', reason: spend.result };
    if (spend.result !== 'ok') return this.decline(tx, { ...intent, paymentMethodType: 'prepaid_card' }, 'card_error', spend.result);
    const base = { ...intent, paymentMethodId: spend.cardId, paymentMethodType: 'prepaid_card' as const };
    if (screen === false) return this.holdFrom(tx, base, spend.accountId, 'prepaid_card');
    const screened = await this.screenIn(tx, base, { paymentMethodType: 'prepaid_card', customerId: intent.customerId, cardFingerprint: spend.cardId, payer: screen.payer, deferred: { kind: 'prepaid_card_present', cardId: spend.cardId }, challengeable: screen.challengeable });
    if (!('proceed' in screened)) return screened;
    return this.holdFrom(tx, screened.proceed, spend.accountId, 'prepaid_card');
  }

  /** Before a payment is created to be confirmed with a prepaid card: a number that is not ours, or in another currency, is refused without creating anything. */
  async checkPrepaidCard(number: string, currency: string): Promise<PaymentFailure | undefined> {
    const checked = this.deps.prepaidCards === undefined ? 'invalid_number' : await this.deps.prepaidCards.checkNumber(number, currency);
    return checked === 'ok' ? undefined : { failure: 'prepaid_card_invalid', reason: checked };
  }

  /**
   * Places the hold for a confirmed payment from stored value (a wallet or a
   * prepaid card) on its ledger account, or declines it when the balance is too low.
   */
  private async holdFrom(tx: Transaction, intent: PaymentIntent, sourceAccountId: string, type: 'wallet' | 'prepaid_card'): Promise<{ intent: PaymentIntent }> {
    const accounts = await this.deps.merchants.openBalanceAccounts(tx, intent.merchantId, intent.currency);
    const attempt = intent.attempt + 1;
    const hold = holdTransfer({ intentId: intent.id, attempt, source: sourceAccountId, merchantPending: accounts.pendingAccountId, amountMinor: intent.amountMinor, currency: intent.currency, timeoutSeconds: AUTHORIZATION_WINDOW_MS / 1000 + HOLD_TIMEOUT_MARGIN_SECONDS, description: intent.description });
    const held = await tryApply(this.deps.ledger, tx, hold);
    const base = { ...intent, attempt };
    if (held === 'exceeds_credits') return this.decline(tx, base, type === 'wallet' ? 'wallet_error' : 'card_error', 'insufficient_funds');
    if (held !== 'ok') throw new Error(`${type} hold for ${intent.id} failed: ${held}`);
    return this.save(tx, this.authorized(base, hold.id, type, null, this.now() + AUTHORIZATION_WINDOW_MS), 'payment_intent.amount_capturable_updated');
  }

  /** The merchant confirms with a saved card: authorize at the processor, then hold in the ledger. */
  async confirmWithCard(merchantId: string, id: string, paymentMethodId: string | undefined, returnUrl?: string, payer?: PayerContext): Promise<IntentResult> {
    const started = await this.withIntent(merchantId, id, async (tx, intent) => {
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      const blocked = await this.blockedIn(tx, intent.customerId);
      if (blocked !== undefined) return blocked;
      const methodId = paymentMethodId ?? intent.paymentMethodId ?? undefined;
      if (methodId === undefined) return { failure: 'payment_method_required' as const };
      const method = await store.findCardMethod(tx, methodId, merchantId);
      if (method === undefined) return { failure: 'payment_method_not_found' as const };
      return this.cardIn(tx, intent, method, returnUrl, { payer, challengeable: intent.customerId !== null });
    });
    return this.afterConfirmation(await this.authorizeStarted(started));
  }

  /** A saved card, found and allowed to pay this intent: the risk engine, then the processor once the transaction commits. */
  private async cardIn(tx: Transaction, intent: PaymentIntent, method: CardPaymentMethod, returnUrl: string | undefined, check: { payer: PayerContext | undefined; challengeable: boolean }): Promise<IntentResult | Started> {
    const base = { ...intent, paymentMethodId: method.id, paymentMethodType: 'card' as const };
    const deferred: DeferredConfirmation = { kind: 'card', paymentMethodId: method.id, ...(returnUrl === undefined ? {} : { returnUrl }) };
    const screened = await this.screenIn(tx, base, { paymentMethodType: 'card', customerId: intent.customerId, cardFingerprint: method.fingerprint, payer: check.payer, deferred, challengeable: check.challengeable });
    if (!('proceed' in screened)) return screened;
    return this.startCardIn(tx, screened.proceed, method, returnUrl);
  }

  /** The card payment goes to the processor: processing first, so that a crash in between leaves a payment to sync. */
  private async startCardIn(tx: Transaction, intent: PaymentIntent, method: CardPaymentMethod, returnUrl: string | undefined): Promise<Started> {
    const processing = { ...intent, status: 'processing' as const, paymentMethodId: method.id, paymentMethodType: 'card' as const, attempt: intent.attempt + 1, processorId: this.deps.cardProcessor.id, processorReference: null, nextAction: null, lastPaymentError: null };
    return { ...(await this.save(tx, processing, 'payment_intent.processing')), method, returnUrl };
  }

  /** After the transaction that started a card or bank payment: ask the processor and record its answer. */
  private async authorizeStarted(started: IntentResult | Started): Promise<IntentResult> {
    // Anything but a payment just saved as processing (a failure, a decline, a hold, a deferral) is already the answer.
    if ('failure' in started || !('returnUrl' in started) || started.intent.status !== 'processing') return started;
    const { intent, returnUrl } = started;
    if ('method' in started) return this.applyAuthorization(intent.id, intent.attempt, await this.authorizeCard(intent, started.method, returnUrl));
    const processor = this.deps.bankProcessor;
    if (processor === undefined) return { intent };
    const outcome = await processor.authorize({
      reference: authorizeReference(intent),
      amount: money(intent.amountMinor, intent.currency),
      paymentMethod: { type: 'online_banking', bank: started.bank },
      ...(returnUrl === undefined ? {} : { returnUrl }),
    });
    return this.applyAuthorization(intent.id, intent.attempt, outcome);
  }

  private async authorizeCard(intent: PaymentIntent, method: CardPaymentMethod, returnUrl: string | undefined): Promise<AuthorizeOutcome> {
    const credentials = await this.deps.vault.credentials(method.cardId);
    if (credentials.result !== 'ok') return { status: 'declined', processorReference: undefined, declineCode: 'incorrect_number' };
    return this.deps.cardProcessor.authorize({
      reference: authorizeReference(intent),
      amount: money(intent.amountMinor, intent.currency),
      paymentMethod: { type: 'card', card: credentials.credentials },
      ...(returnUrl === undefined ? {} : { returnUrl }),
    });
  }

  /**
   * The merchant sends the payer to their bank's page (网银支付). A bank payment
   * is a sale: the bank takes the money when the payer approves, so it is
   * captured at once and never held for a later capture.
   */
  async confirmWithOnlineBanking(merchantId: string, id: string, bank: string, returnUrl: string | undefined, payer?: PayerContext): Promise<IntentResult> {
    if (this.deps.bankProcessor === undefined) return { failure: 'payment_method_not_supported', type: 'online_banking' };
    const started = await this.withIntent(merchantId, id, async (tx, intent) => {
      if (!CONFIRMABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      const blocked = await this.blockedIn(tx, intent.customerId);
      if (blocked !== undefined) return blocked;
      return this.bankIn(tx, intent, bank, returnUrl, { payer, challengeable: intent.customerId !== null });
    });
    return this.afterConfirmation(await this.authorizeStarted(started));
  }

  /** A bank payment (a sale, so automatic capture only): the risk engine, then the bank once the transaction commits. */
  private async bankIn(tx: Transaction, intent: PaymentIntent, bank: string, returnUrl: string | undefined, check: { payer: PayerContext | undefined; challengeable: boolean }): Promise<IntentResult | Started> {
    if (intent.captureMethod !== 'automatic') return { failure: 'capture_method_not_supported', type: 'online_banking' };
    const base = { ...intent, paymentMethodId: null, paymentMethodType: 'online_banking' as const };
    const deferred: DeferredConfirmation = { kind: 'online_banking', bank, ...(returnUrl === undefined ? {} : { returnUrl }) };
    const screened = await this.screenIn(tx, base, { paymentMethodType: 'online_banking', customerId: intent.customerId, payer: check.payer, deferred, challengeable: check.challengeable });
    if (!('proceed' in screened)) return screened;
    return this.startBankIn(tx, screened.proceed, bank, returnUrl);
  }

  private async startBankIn(tx: Transaction, intent: PaymentIntent, bank: string, returnUrl: string | undefined): Promise<Started> {
    const processing = { ...intent, status: 'processing' as const, paymentMethodId: null, paymentMethodType: 'online_banking' as const, attempt: intent.attempt + 1, processorId: this.deps.bankProcessor?.id ?? null, processorReference: null, nextAction: null, lastPaymentError: null };
    return { ...(await this.save(tx, processing, 'payment_intent.processing')), bank, returnUrl };
  }

  /**
   * Asks the risk engine, inside the intent's transaction, before any money
   * moves; the decision is recorded there too. Allow proceeds; block declines
   * with `risk_blocked`; review waits in `processing` and a challenge in
   * `requires_action`, each keeping how to finish the confirmation.
   */
  private async screenIn(tx: Transaction, intent: PaymentIntent, check: RiskCheck): Promise<Screened> {
    const screening = this.deps.screening;
    if (screening === undefined) return { proceed: intent };
    // A charging hold is placed while the driver stands at the charger: it cannot wait.
    const chargingHold = intent.metadata['charging_station'] !== undefined;
    const deferred = chargingHold ? undefined : check.deferred;
    const screened = screening.screen({
      subjectType: chargingHold ? 'charging_hold' : 'payment_intent',
      subjectId: intent.id,
      atMs: this.now(),
      merchantId: intent.merchantId,
      amountMinor: intent.amountMinor,
      currency: intent.currency,
      paymentMethodType: check.paymentMethodType,
      customerId: check.customerId,
      ...(check.cardFingerprint === undefined ? {} : { cardFingerprint: check.cardFingerprint }),
      payer: check.payer ?? {},
      challengeable: check.challengeable && deferred !== undefined && check.customerId !== null,
      reviewable: deferred !== undefined,
    });
    await screened.record(tx);
    const assessed = { ...intent, risk: screened.verdict };
    switch (screened.verdict.decision) {
      case 'allow':
        return { proceed: assessed };
      case 'review':
        if (deferred === undefined) return this.riskDecline(tx, assessed, check.paymentMethodType);
        return this.save(tx, { ...assessed, status: 'processing', deferredConfirmation: deferred, nextAction: null, lastPaymentError: null }, 'payment_intent.processing');
      case 'challenge': {
        if (deferred === undefined || check.customerId === null) return this.riskDecline(tx, assessed, check.paymentMethodType);
        const waiting = await this.save(tx, { ...assessed, customerId: check.customerId, status: 'requires_action', deferredConfirmation: deferred, nextAction: { type: 'verify_with_code', channel: 'sms' }, lastPaymentError: null }, 'payment_intent.requires_action');
        return { ...waiting, challengeCustomerId: check.customerId };
      }
      case 'block':
        return this.riskDecline(tx, assessed, check.paymentMethodType);
    }
  }

  private riskDecline(tx: Transaction, intent: PaymentIntent, type: PaymentMethodType): Promise<{ intent: PaymentIntent }> {
    const reason = intent.risk?.reasons[0]?.message ?? 'it looks like fraud';
    return this.failed(tx, intent, { type: errorTypeOf(type), code: 'risk_blocked', message: `The payment was blocked by risk control: ${reason}` });
  }

  /** After a confirmation's transaction: send the challenge code it asked for, or capture what is to be captured at once. */
  private async afterConfirmation(result: IntentResult): Promise<IntentResult> {
    if (!('failure' in result) && result.challengeCustomerId !== undefined) {
      await this.deps.screening?.sendChallenge(result.intent.id, result.challengeCustomerId);
      return { intent: result.intent };
    }
    return this.captureIfAutomatic(result);
  }

  /**
   * Finishes a confirmation the risk engine deferred, once an analyst approved
   * it or the payer passed the challenge: the money step it would have taken,
   * without asking the engine again.
   */
  async continueDeferred(id: string, after: 'review' | 'challenge'): Promise<IntentResult> {
    const started = await this.withIntent(undefined, id, async (tx, intent): Promise<IntentResult | Started> => {
      const waiting = after === 'review' ? 'processing' : 'requires_action';
      const deferred = intent.deferredConfirmation;
      if (deferred === null || intent.status !== waiting) return { failure: 'payment_intent_unexpected_state', status: intent.status };
      const base: PaymentIntent = { ...intent, deferredConfirmation: null, nextAction: null };
      switch (deferred.kind) {
        case 'wallet':
          return this.walletHoldIn(tx, base, deferred.customerId);
        case 'agreement':
          return this.agreementHoldIn(tx, base);
        case 'prepaid_card_present':
          return this.cardPresentHoldIn(tx, base, deferred.cardId, false);
        case 'card': {
          const method = await store.findCardMethod(tx, deferred.paymentMethodId, intent.merchantId);
          if (method === undefined) return this.decline(tx, base, 'card_error', 'payment_method_removed');
          return this.startCardIn(tx, base, method, deferred.returnUrl);
        }
        case 'online_banking':
          return this.startBankIn(tx, base, deferred.bank, deferred.returnUrl);
      }
    });
    return this.captureIfAutomatic(await this.authorizeStarted(started));
  }

  /** An analyst declined a payment held for review: it is canceled (nothing was held, so nothing moves). */
  async cancelDeferred(id: string): Promise<IntentResult> {
    return this.withIntent(undefined, id, async (tx, intent) => {
      if (intent.deferredConfirmation === null || (intent.status !== 'processing' && intent.status !== 'requires_action')) return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      return this.save(tx, { ...intent, status: 'canceled', deferredConfirmation: null, nextAction: null, canceledAtMs: this.now(), cancellationReason: 'fraudulent' }, 'payment_intent.canceled');
    });
  }

  /** The payer answers the challenge with the code sent to their phone; a right code continues the payment. */
  async verifyChallenge(customerId: string, id: string, clientSecret: string, code: string): Promise<IntentResult> {
    const intent = await store.findIntent(this.deps.db, id);
    if (intent === undefined) return { failure: 'payment_intent_not_found' };
    if (!secretMatches(intent, clientSecret)) return { failure: 'client_secret_mismatch' };
    // A code was sent to one customer: the intent is theirs by now, never unassigned.
    if (intent.customerId !== customerId) return { failure: 'customer_mismatch' };
    if (intent.status !== 'requires_action' || intent.nextAction?.type !== 'verify_with_code' || this.deps.screening === undefined) return { failure: 'payment_intent_unexpected_state', status: intent.status };
    const answer = await this.deps.screening.verifyChallenge(id, customerId, code);
    if (answer.result !== 'passed') return { failure: 'challenge_failed', code: answer.result, ...('attemptsLeft' in answer ? { attemptsLeft: answer.attemptsLeft } : {}) };
    return this.continueDeferred(id, 'challenge');
  }

  private processorFor(type: PaymentMethodType | null): Processor | undefined {
    return processorFor(this.deps, type);
  }

  /** Records what the processor answered; an answer for an older attempt changes nothing. */
  async applyAuthorization(id: string, attempt: number, outcome: AuthorizeOutcome): Promise<IntentResult> {
    return this.withIntent(undefined, id, async (tx, intent) => {
      if (intent.attempt !== attempt || (intent.status !== 'processing' && intent.status !== 'requires_action')) return { intent };
      switch (outcome.status) {
        case 'authorized': {
          const accounts = await this.deps.merchants.openBalanceAccounts(tx, intent.merchantId, intent.currency);
          const platform = await openPlatformAccounts(this.deps.ledger, tx, intent.currency);
          const timeoutSeconds = Math.max(1, Math.ceil((outcome.expiresAtMs - this.now()) / 1000)) + HOLD_TIMEOUT_MARGIN_SECONDS;
          // The hold is on what the processor now owes the platform: the card acquirer, or the bank.
          const source = intent.paymentMethodType === 'online_banking' ? platform.bankClearing : platform.cardClearing;
          const hold = holdTransfer({ intentId: intent.id, attempt, source, merchantPending: accounts.pendingAccountId, amountMinor: intent.amountMinor, currency: intent.currency, timeoutSeconds, description: intent.description });
          await mustApply(this.deps.ledger, tx, [hold]);
          return this.save(tx, this.authorized(intent, hold.id, intent.paymentMethodType ?? 'card', outcome.processorReference, outcome.expiresAtMs), 'payment_intent.amount_capturable_updated');
        }
        case 'requires_action':
          return this.save(tx, { ...intent, status: 'requires_action', processorReference: outcome.processorReference, nextAction: outcome.nextAction }, 'payment_intent.requires_action');
        case 'declined':
          return this.decline(tx, intent, errorTypeOf(intent.paymentMethodType ?? 'card'), outcome.declineCode);
        case 'unknown':
          // Neither paid nor declined: it stays processing until a status sync resolves it.
          return this.save(tx, { ...intent, processorReference: outcome.processorReference ?? intent.processorReference });
        default: {
          const unknown: never = outcome;
          throw new Error(`unhandled authorization outcome ${JSON.stringify(unknown)}`);
        }
      }
    });
  }

  /** Asks the processor what became of a card payment left processing or waiting for authentication. */
  async syncWithProcessor(merchantId: string | undefined, id: string): Promise<IntentResult> {
    const intent = merchantId === undefined ? await store.findIntent(this.deps.db, id) : await store.findIntent(this.deps.db, id, merchantId);
    if (intent === undefined) return { failure: 'payment_intent_not_found' };
    const processor = this.processorFor(intent.paymentMethodType);
    if (processor === undefined || (intent.status !== 'processing' && intent.status !== 'requires_action')) return { intent };
    const sync = await processor.syncStatus({ reference: authorizeReference(intent), ...(intent.processorReference === null ? {} : { processorReference: intent.processorReference }), amount: money(intent.amountMinor, intent.currency) });
    if (sync.status !== 'found') return { intent };
    const a = sync.authorization;
    const outcome: AuthorizeOutcome | undefined =
      a.state === 'authorized' || a.state === 'captured'
        ? { status: 'authorized', processorReference: a.processorReference, amount: a.amountAuthorized, expiresAtMs: a.expiresAtMs ?? this.now() + AUTHORIZATION_WINDOW_MS }
        : a.state === 'declined'
          ? { status: 'declined', processorReference: a.processorReference, declineCode: a.declineCode ?? 'generic_decline' }
          : // A 3-D Secure challenge or a bank page left open until it expired: the payer never finished.
            a.state === 'expired' || a.state === 'voided'
            ? { status: 'declined', processorReference: a.processorReference, declineCode: a.declineCode ?? 'authentication_required' }
            : undefined;
    if (outcome === undefined) return { intent };
    return this.captureIfAutomatic(await this.applyAuthorization(id, intent.attempt, outcome));
  }

  private authorized(intent: PaymentIntent, holdTransferId: string, type: PaymentMethodType, processorReference: string | null, expiresAtMs: number): PaymentIntent {
    return { ...intent, status: 'requires_capture', paymentMethodType: type, holdTransferId, amountCapturableMinor: intent.amountMinor, processorReference: processorReference ?? intent.processorReference, authorizationExpiresAtMs: expiresAtMs, nextAction: null, lastPaymentError: null };
  }

  private decline(tx: Transaction, intent: PaymentIntent, type: PaymentError['type'], declineCode: string): Promise<{ intent: PaymentIntent }> {
    return this.failed(tx, intent, { type, code: DECLINE_ERROR_CODES[type], declineCode, message: `The payment was declined: ${declineCode.replaceAll('_', ' ')}.` });
  }

  /** The attempt failed: the intent wants another payment method, and nothing is left waiting. */
  private failed(tx: Transaction, intent: PaymentIntent, error: PaymentError): Promise<{ intent: PaymentIntent }> {
    return this.save(tx, { ...intent, status: 'requires_payment_method', nextAction: null, deferredConfirmation: null, lastPaymentError: error }, 'payment_intent.payment_failed');
  }

  private async captureIfAutomatic(result: IntentResult): Promise<IntentResult> {
    if ('failure' in result || result.intent.status !== 'requires_capture' || result.intent.captureMethod !== 'automatic') return result;
    return this.capture(result.intent.merchantId, result.intent.id, undefined);
  }

  /**
   * Captures all or part of the hold; the rest is released. The fee, and any
   * shares for other merchants (`splits`, taken from what the merchant keeps
   * after the fee), are posted in the same ledger batch.
   */
  async capture(merchantId: string, id: string, amountToCaptureMinor: bigint | undefined, options: { splits?: readonly CaptureShare[] } = {}): Promise<IntentResult> {
    const intent = await store.findIntent(this.deps.db, id, merchantId);
    if (intent === undefined) return { failure: 'payment_intent_not_found' };
    if (intent.status !== 'requires_capture') return { failure: 'payment_intent_unexpected_state', status: intent.status };
    const amount = amountToCaptureMinor ?? intent.amountCapturableMinor;
    if (amount > intent.amountCapturableMinor || amount <= 0n) return { failure: 'amount_too_large', maxMinor: intent.amountCapturableMinor };
    const processor = this.processorFor(intent.paymentMethodType);
    if (processor !== undefined) {
      const captured = await processor.capture({ processorReference: intent.processorReference ?? '', reference: `${intent.id}:capture`, amount: money(amount, intent.currency) });
      if (captured.status !== 'succeeded') return { failure: 'processor_error', code: captured.status === 'failed' ? captured.code : captured.status };
    }
    // Read before the transaction: on the embedded database a read outside it would wait for it forever.
    const merchant = await this.deps.merchants.get(merchantId);
    return this.withIntent(merchantId, id, async (tx, locked) => {
      if (locked.status !== 'requires_capture') return { failure: 'payment_intent_unexpected_state' as const, status: locked.status };
      if (merchant === undefined || locked.holdTransferId === null) throw new Error(`intent ${id} lost its merchant or hold`);
      const plan = merchant.feePlan;
      const fee = minBigint(feeFromBps(amount, plan.percentBps, plan.fixedMinor, DEFAULT_FEE_ROUNDING), amount);
      const accounts = await this.deps.merchants.openBalanceAccounts(tx, merchantId, locked.currency);
      const platform = await openPlatformAccounts(this.deps.ledger, tx, locked.currency);
      const splits = await this.splitsIn(tx, options.splits ?? [], amount - fee, locked.currency);
      await mustApply(this.deps.ledger, tx, captureTransfers({ intentId: id, holdTransferId: locked.holdTransferId, amountMinor: amount, feeMinor: fee, merchantPending: accounts.pendingAccountId, feeAccount: platform.fees, currency: locked.currency, splits }));
      return this.save(tx, { ...locked, status: 'succeeded', amountReceivedMinor: amount, amountCapturableMinor: 0n, feeMinor: fee }, 'payment_intent.succeeded');
    });
  }

  /** The splits' destinations (each recipient's pending balance), each share cut so that together they never exceed what the merchant keeps. */
  private async splitsIn(tx: Transaction, shares: readonly CaptureShare[], keptMinor: bigint, currency: string): Promise<CaptureSplit[]> {
    const splits: CaptureSplit[] = [];
    let leftMinor = keptMinor;
    for (const share of shares) {
      const amountMinor = minBigint(share.amountMinor, leftMinor);
      if (amountMinor <= 0n) continue;
      const recipient = await this.deps.merchants.openBalanceAccounts(tx, share.merchantId, currency);
      splits.push({ key: share.key, destination: recipient.pendingAccountId, amountMinor, description: share.description });
      leftMinor -= amountMinor;
    }
    return splits;
  }

  /** Cancels the intent and releases any hold, at the processor first for cards. */
  async cancel(merchantId: string, id: string, reason: string): Promise<IntentResult> {
    const intent = await store.findIntent(this.deps.db, id, merchantId);
    if (intent === undefined) return { failure: 'payment_intent_not_found' };
    if (!CANCELABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state', status: intent.status };
    if (intent.status === 'requires_capture' && intent.paymentMethodType === 'card' && intent.processorReference !== null) {
      const voided = await this.deps.cardProcessor.void({ processorReference: intent.processorReference, reference: `${intent.id}:void` });
      if (voided.status !== 'succeeded' && !(voided.status === 'failed' && (voided.code === 'authorization_expired' || voided.code === 'authorization_voided'))) {
        return { failure: 'processor_error', code: voided.status === 'failed' ? voided.code : voided.status };
      }
    }
    if (intent.status === 'requires_action' && intent.paymentMethodType === 'online_banking' && intent.processorReference !== null && this.deps.bankProcessor !== undefined) {
      // Close the bank's page first, so that the payer cannot approve a canceled payment; if they already did, the payment stands.
      const closed = await this.deps.bankProcessor.void({ processorReference: intent.processorReference, reference: `${intent.id}:void` });
      if (closed.status === 'failed' && closed.code === 'authorization_already_captured') {
        const synced = await this.syncWithProcessor(merchantId, id);
        return 'failure' in synced ? synced : { failure: 'payment_intent_unexpected_state', status: synced.intent.status };
      }
    }
    return this.withIntent(merchantId, id, (tx, locked) => this.cancelLocked(tx, locked, reason));
  }

  private async cancelLocked(tx: Transaction, intent: PaymentIntent, reason: string): Promise<IntentResult> {
    if (!CANCELABLE.has(intent.status)) return { failure: 'payment_intent_unexpected_state', status: intent.status };
    if (intent.status === 'requires_capture' && intent.holdTransferId !== null) {
      // A hold the ledger already expired has nothing left to release.
      const voided = await tryApply(this.deps.ledger, tx, voidTransfer(intent.id, intent.holdTransferId));
      if (voided !== 'ok' && voided !== 'pending_transfer_expired') throw new Error(`void of ${intent.holdTransferId} failed: ${voided}`);
    }
    return this.save(tx, { ...intent, status: 'canceled', amountCapturableMinor: 0n, nextAction: null, canceledAtMs: this.now(), cancellationReason: reason }, 'payment_intent.canceled');
  }

  /**
   * Raises the hold on an uncaptured wallet payment: the old hold is voided and
   * a larger one placed, in one linked batch, so the payment is never unheld.
   * Taking more than the customer confirmed needs their standing authorization:
   * an active agreement (免密支付) with this merchant, whose limits apply.
   */
  async incrementAuthorization(merchantId: string, id: string, newAmountMinor: bigint): Promise<IntentResult> {
    return this.withIntent(merchantId, id, async (tx, intent) => {
      if (intent.status !== 'requires_capture') return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
      if (intent.paymentMethodType !== 'wallet' || intent.customerId === null || intent.holdTransferId === null) return { failure: 'increment_not_supported' as const };
      if (newAmountMinor <= intent.amountMinor) return { failure: 'amount_too_large' as const, maxMinor: intent.amountMinor };
      const attempt = intent.attempt + 1;
      const agreements = this.deps.agreements;
      if (agreements === undefined) return { failure: 'agreement_required' as const };
      const spend = await agreements.authorizeSpendIn(tx, { customerId: intent.customerId, merchantId, currency: intent.currency, amountMinor: newAmountMinor, replacesMinor: intent.amountMinor, reference: holdTransferId(intent.id, attempt) });
      if (spend.result === 'no_active_agreement') return { failure: 'agreement_required' as const };
      if (spend.result === 'customer_blocked') return { failure: 'customer_blocked' as const };
      if (spend.result !== 'ok') return { failure: 'processor_error' as const, code: spend.result };
      const accounts = await this.deps.merchants.openBalanceAccounts(tx, merchantId, intent.currency);
      const release = { ...voidTransfer(intent.id, intent.holdTransferId), flags: { linked: true, pending: false, postPending: false, voidPending: true } };
      const hold = holdTransfer({ intentId: intent.id, attempt, source: spend.wallet.accountId, merchantPending: accounts.pendingAccountId, amountMinor: newAmountMinor, currency: intent.currency, timeoutSeconds: Math.max(1, Math.ceil(((intent.authorizationExpiresAtMs ?? this.now()) - this.now()) / 1000)) + HOLD_TIMEOUT_MARGIN_SECONDS, description: intent.description });
      const results = await this.deps.ledger.createTransfersIn(tx, [release, hold]);
      if (results.some((r) => r.result === 'exceeds_credits')) return { failure: 'processor_error' as const, code: 'insufficient_funds' };
      if (results.some((r) => r.result !== 'ok')) throw new Error(`increment of ${id} failed: ${JSON.stringify(results)}`);
      return this.save(tx, { ...intent, amountMinor: newAmountMinor, amountCapturableMinor: newAmountMinor, attempt, holdTransferId: hold.id }, 'payment_intent.amount_capturable_updated');
    });
  }

  /** Cancels authorizations nobody captured in time (Stripe: they expire after 7 days). */
  async expireAuthorizations(limit: number = EXPIRY_BATCH_LIMIT): Promise<number> {
    const ids = await store.findExpiredAuthorizations(this.deps.db, this.now(), limit);
    for (const id of ids) {
      await this.withIntent(undefined, id, async (tx, intent) => (intent.status === 'requires_capture' ? this.cancelLocked(tx, intent, 'expired') : { intent }));
    }
    return ids.length;
  }
}

/** The processor behind a payment method that goes through one (cards, online banking); stored value (wallets, prepaid cards) has none. */
export function processorFor(deps: Pick<PaymentsDependencies, 'cardProcessor' | 'bankProcessor'>, type: PaymentMethodType | null): Processor | undefined {
  if (type === 'card') return deps.cardProcessor;
  if (type === 'online_banking') return deps.bankProcessor;
  return undefined;
}

/** The error type a failed payment by this method carries. */
function errorTypeOf(type: PaymentMethodType): PaymentError['type'] {
  return type === 'wallet' ? 'wallet_error' : type === 'online_banking' ? 'bank_error' : 'card_error';
}

/** Our idempotency reference for an authorization attempt; the processor's own reference is stored apart. */
function authorizeReference(intent: PaymentIntent): string {
  return `${intent.id}:auth:${intent.attempt}`;
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
