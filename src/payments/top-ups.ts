import { TRANSFER_CODES, NO_TRANSFER_FLAGS } from '../ledger/index.ts';
import { findCurrency, money } from '../money/index.ts';
import { newId } from '../platform/ids.ts';
import type { CardInput, CardValidationFailure } from '../vault/index.ts';
import { mustApply, openPlatformAccounts } from './ledger-moves.ts';
import type { PaymentsDependencies } from './payment-intents.ts';

/** A consumer adds money to their wallet from a bank card. */
export interface TopUp {
  id: string;
  customerId: string;
  amountMinor: bigint;
  currency: string;
  status: 'processing' | 'succeeded' | 'failed';
  cardBrand: string;
  cardLast4: string;
  failureCode: string | null;
  createdAtMs: number;
}

export type TopUpResult = { topUp: TopUp } | { failure: CardValidationFailure | 'unknown_currency' | 'amount_too_large' };

/** One top-up at most ¥50,000.00 (in major units of any currency): card top-ups are a money-laundering channel. */
export const MAX_TOP_UP_MAJOR = 50_000n;

interface TopUpRow {
  id: string;
  customer_id: string;
  amount: bigint;
  currency: string;
  status: TopUp['status'];
  card_brand: string;
  card_last4: string;
  failure_code: string | null;
  created_at: Date;
}

const toTopUp = (r: TopUpRow): TopUp => ({ id: r.id, customerId: r.customer_id, amountMinor: r.amount, currency: r.currency, status: r.status, cardBrand: r.card_brand, cardLast4: r.card_last4, failureCode: r.failure_code, createdAtMs: r.created_at.getTime() });

/**
 * Record the top-up, authorize and capture at the acquirer outside any
 * transaction, then credit the wallet from the card clearing account with a
 * transfer whose id is the top-up's, so it is credited at most once.
 */
export class TopUps {
  constructor(private readonly deps: PaymentsDependencies) {}

  async get(customerId: string, id: string): Promise<TopUp | undefined> {
    const { rows } = await this.deps.db.query<TopUpRow>(
      'SELECT id, customer_id, amount, currency, status, card_brand, card_last4, failure_code, created_at FROM top_ups WHERE id = $1 AND customer_id = $2',
      [id, customerId],
    );
    return rows[0] === undefined ? undefined : toTopUp(rows[0]);
  }

  async create(customerId: string, input: { amountMinor: bigint; currency: string; card: CardInput }): Promise<TopUpResult> {
    const currency = findCurrency(input.currency);
    if (currency?.code !== input.currency) return { failure: 'unknown_currency' };
    if (input.amountMinor > MAX_TOP_UP_MAJOR * 10n ** BigInt(currency.exponent)) return { failure: 'amount_too_large' };
    const stored = await this.deps.vault.storeCard(input.card);
    if (stored.result !== 'ok') return { failure: stored.result };
    const now = this.deps.clock.nowMs();
    const topUp: TopUp = { id: newId('tu', now), customerId, amountMinor: input.amountMinor, currency: input.currency, status: 'processing', cardBrand: stored.card.brand, cardLast4: stored.card.last4, failureCode: null, createdAtMs: now };
    await this.deps.db.query(
      `INSERT INTO top_ups (id, customer_id, amount, currency, status, card_id, card_brand, card_last4, created_at, updated_at) VALUES ($1, $2, $3, $4, 'processing', $5, $6, $7, $8, $8)`,
      [topUp.id, customerId, topUp.amountMinor, topUp.currency, stored.card.id, topUp.cardBrand, topUp.cardLast4, new Date(now)],
    );
    const outcome = await this.charge(topUp, stored.card.id, input.card.cvc);
    return { topUp: await this.finish(topUp, outcome) };
  }

  /** Authorize and capture at the acquirer; the answer is a failure code, 'unknown', or the processor reference. */
  private async charge(topUp: TopUp, cardId: string, cvc: string | undefined): Promise<{ result: 'captured'; processorReference: string } | { result: 'failed'; code: string } | { result: 'unknown' }> {
    const credentials = await this.deps.vault.credentials(cardId, cvc);
    if (credentials.result !== 'ok') return { result: 'failed', code: credentials.result };
    const amount = money(topUp.amountMinor, topUp.currency);
    const authorized = await this.deps.cardProcessor.authorize({ reference: `${topUp.id}:auth`, amount, paymentMethod: { type: 'card', card: credentials.credentials } });
    if (authorized.status === 'declined') return { result: 'failed', code: authorized.declineCode };
    // A top-up has no page to send the cardholder to: cards that need 3-D Secure cannot top up here.
    if (authorized.status === 'requires_action') return { result: 'failed', code: 'authentication_required' };
    if (authorized.status === 'unknown') return { result: 'unknown' };
    const captured = await this.deps.cardProcessor.capture({ processorReference: authorized.processorReference, reference: `${topUp.id}:capture`, amount });
    if (captured.status === 'succeeded') return { result: 'captured', processorReference: authorized.processorReference };
    return captured.status === 'failed' ? { result: 'failed', code: captured.code } : { result: 'unknown' };
  }

  private async finish(topUp: TopUp, outcome: Awaited<ReturnType<TopUps['charge']>>): Promise<TopUp> {
    if (outcome.result === 'unknown') return topUp;
    return this.deps.db.transaction(async (tx) => {
      const now = new Date(this.deps.clock.nowMs());
      if (outcome.result === 'failed') {
        await tx.query("UPDATE top_ups SET status = 'failed', failure_code = $2, updated_at = $3 WHERE id = $1", [topUp.id, outcome.code, now]);
        return { ...topUp, status: 'failed' as const, failureCode: outcome.code };
      }
      const wallet = await this.deps.customers.openWallet(tx, topUp.customerId, topUp.currency);
      const platform = await openPlatformAccounts(this.deps.ledger, tx, topUp.currency);
      await mustApply(this.deps.ledger, tx, [
        { id: `${topUp.id}:credit`, debitAccountId: platform.cardClearing, creditAccountId: wallet.accountId, amountMinor: topUp.amountMinor, ledger: topUp.currency, code: TRANSFER_CODES.topUp, flags: NO_TRANSFER_FLAGS, timeoutSeconds: 0, metadata: { top_up: topUp.id, description: `Top-up from ${topUp.cardBrand} •••• ${topUp.cardLast4}` } },
      ]);
      await tx.query("UPDATE top_ups SET status = 'succeeded', processor_reference = $2, updated_at = $3 WHERE id = $1", [topUp.id, outcome.processorReference, now]);
      return { ...topUp, status: 'succeeded' as const };
    });
  }
}
