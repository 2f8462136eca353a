import type { Transaction } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { Merchants } from '../merchants/index.ts';
import { divideRounded, money } from '../money/index.ts';
import { newId } from '../platform/ids.ts';
import type { Metadata } from '../ledger/index.ts';
import { mustApply, openPlatformAccounts, refundTransfers } from './ledger-moves.ts';
import { processorFor, type PaymentsDependencies } from './payment-intents.ts';
import * as store from './store.ts';
import type { PaymentFailure, PaymentIntent, Refund, RefundFilter } from './types.ts';

export type RefundResult = { refund: Refund } | PaymentFailure;

export interface NewRefund {
  paymentIntentId: string;
  amountMinor?: bigint;
  reason?: string;
  metadata?: Metadata;
}

/**
 * Refunds (re_…): full or partial, several per payment up to what was captured,
 * back to the original method. Through a processor (cards, online banking) the
 * refund is reserved on the intent first, then sent, then booked, or released if
 * it failed; to stored value it is reserved and booked in one transaction.
 */
export class Refunds {
  constructor(
    private readonly deps: PaymentsDependencies,
    private readonly merchants: Merchants,
  ) {}

  /** One merchant's refund; `undefined` as the merchant is for the operator, who sees every merchant's. */
  get(merchantId: string | undefined, id: string): Promise<Refund | undefined> {
    return store.findRefund(this.deps.db, id, merchantId);
  }

  /** Newest first; the filter's `merchantId` scopes the list (and its cursor) to one merchant. */
  list(filter: RefundFilter, limit: number, cursor: PageCursor = {}): Promise<{ refunds: Refund[]; hasMore: boolean }> {
    return store.listRefunds(this.deps.db, filter, limit, cursor);
  }

  async create(merchantId: string, input: NewRefund): Promise<RefundResult> {
    // Read before the transaction: on the embedded database a read outside it would wait for it forever.
    const merchant = await this.merchants.get(merchantId);
    const reserved = await this.deps.db.transaction(async (tx) => {
      const r = await this.reserveIn(tx, merchant?.feePlan.refundFeePolicy === 'return_fee', merchantId, input);
      // Stored value (a wallet, a prepaid card) has no processor to ask: reserved and booked in one transaction.
      if ('failure' in r || processorFor(this.deps, r.intent.paymentMethodType) !== undefined) return r;
      return { booked: await this.bookIn(tx, r.refund) };
    });
    if ('failure' in reserved || 'booked' in reserved) return 'failure' in reserved ? reserved : reserved.booked;
    const { refund, intent } = reserved;
    const processor = processorFor(this.deps, intent.paymentMethodType);
    if (processor === undefined) throw new Error(`refund ${refund.id} lost its processor`);
    const outcome = await processor.refund({ processorReference: intent.processorReference ?? '', reference: refund.id, amount: money(refund.amountMinor, refund.currency) });
    if (outcome.status === 'failed') return this.release(refund, outcome.code);
    // Pending and unknown outcomes stay reserved; the refund is booked when the processor confirms it.
    if (outcome.status !== 'succeeded') return { refund };
    return this.deps.db.transaction((tx) => this.bookIn(tx, refund));
  }

  /** Checks the amount against what is left and reserves it on the intent, so that concurrent refunds cannot exceed the capture. */
  private async reserveIn(tx: Transaction, returnFee: boolean, merchantId: string, input: NewRefund): Promise<{ refund: Refund; intent: PaymentIntent } | PaymentFailure> {
    const intent = await store.lockIntent(tx, input.paymentIntentId);
    if (intent === undefined || intent.merchantId !== merchantId) return { failure: 'payment_intent_not_found' as const };
    if (intent.status !== 'succeeded') return { failure: 'payment_intent_unexpected_state' as const, status: intent.status };
    const refundable = intent.amountReceivedMinor - intent.amountRefundedMinor;
    const amount = input.amountMinor ?? refundable;
    if (amount <= 0n || amount > refundable) return { failure: 'refund_exceeds_captured' as const, refundableMinor: refundable };
    const feeReturned = returnFee ? feeShare(intent, amount) : 0n;
    const refund: Refund = {
      id: newId('re', this.deps.clock.nowMs()),
      merchantId,
      paymentIntentId: intent.id,
      amountMinor: amount,
      currency: intent.currency,
      feeReturnedMinor: feeReturned,
      status: 'pending',
      reason: input.reason ?? null,
      failureReason: null,
      metadata: input.metadata ?? {},
      createdAtMs: this.deps.clock.nowMs(),
    };
    await store.insertRefund(tx, refund);
    await store.saveIntent(tx, { ...intent, amountRefundedMinor: intent.amountRefundedMinor + amount, feeRefundedMinor: intent.feeRefundedMinor + feeReturned, updatedAtMs: this.deps.clock.nowMs() });
    return { refund, intent };
  }

  /** Moves the money back: from the merchant's pending balance to the wallet, the prepaid card, or the card or bank clearing account. */
  private async bookIn(tx: Transaction, refund: Refund): Promise<{ refund: Refund }> {
    const intent = await store.lockIntent(tx, refund.paymentIntentId);
    if (intent === undefined) throw new Error(`refund ${refund.id} lost its payment`);
    const destination = await this.destination(tx, intent);
    const accounts = await this.merchants.openBalanceAccounts(tx, intent.merchantId, intent.currency);
    const platform = await openPlatformAccounts(this.deps.ledger, tx, intent.currency);
    await mustApply(
      this.deps.ledger,
      tx,
      refundTransfers({ refundId: refund.id, intentId: intent.id, amountMinor: refund.amountMinor, feeReturnedMinor: refund.feeReturnedMinor, merchantPending: accounts.pendingAccountId, destination, feeAccount: platform.fees, currency: intent.currency }),
    );
    await store.updateRefundStatus(tx, refund.id, 'succeeded', null);
    const booked = { ...refund, status: 'succeeded' as const };
    await this.deps.onEvent?.(tx, { type: 'charge.refunded', merchantId: intent.merchantId, data: { ...intent, amountRefundedMinor: intent.amountRefundedMinor } });
    return { refund: booked };
  }

  private async destination(tx: Transaction, intent: PaymentIntent): Promise<string> {
    if (intent.paymentMethodType === 'card') return (await openPlatformAccounts(this.deps.ledger, tx, intent.currency)).cardClearing;
    if (intent.paymentMethodType === 'online_banking') return (await openPlatformAccounts(this.deps.ledger, tx, intent.currency)).bankClearing;
    if (intent.paymentMethodType === 'prepaid_card') return this.prepaidCardAccount(tx, intent);
    if (intent.customerId === null) throw new Error(`wallet payment ${intent.id} has no customer`);
    return (await this.deps.customers.openWallet(tx, intent.customerId, intent.currency)).accountId;
  }

  /** A prepaid card payment goes back to the card, blocked or not: the money is the cardholder's. */
  private async prepaidCardAccount(tx: Transaction, intent: PaymentIntent): Promise<string> {
    const account = intent.paymentMethodId === null ? undefined : await this.deps.prepaidCards?.accountIdIn(tx, intent.paymentMethodId);
    if (account === undefined) throw new Error(`prepaid card payment ${intent.id} lost its card ${intent.paymentMethodId ?? '(none)'}`);
    return account;
  }

  /** The processor refused: the reserved amount becomes refundable again. */
  private async release(refund: Refund, code: string): Promise<RefundResult> {
    return this.deps.db.transaction(async (tx) => {
      const intent = await store.lockIntent(tx, refund.paymentIntentId);
      if (intent === undefined) throw new Error(`refund ${refund.id} lost its payment`);
      await store.saveIntent(tx, { ...intent, amountRefundedMinor: intent.amountRefundedMinor - refund.amountMinor, feeRefundedMinor: intent.feeRefundedMinor - refund.feeReturnedMinor, updatedAtMs: this.deps.clock.nowMs() });
      await store.updateRefundStatus(tx, refund.id, 'failed', code);
      return { refund: { ...refund, status: 'failed' as const, failureReason: code } };
    });
  }
}

/**
 * The fee given back with a refund, in proportion to the amount refunded
 * (rounded half up); the last refund takes whatever fee is left, so that a
 * full refund returns exactly the fee charged, never a fen more or less.
 */
function feeShare(intent: PaymentIntent, amountMinor: bigint): bigint {
  const left = intent.feeMinor - intent.feeRefundedMinor;
  if (intent.amountRefundedMinor + amountMinor === intent.amountReceivedMinor) return left;
  const share = divideRounded(intent.feeMinor * amountMinor, intent.amountReceivedMinor, 'half_up');
  return share < left ? share : left;
}
