import { TRANSFER_CODES, NO_TRANSFER_FLAGS } from '../ledger/index.ts';
import { findCurrency, money } from '../money/index.ts';
import { newId } from '../platform/ids.ts';
import type { PayerContext } from '../platform/screening.ts';
import type { CardInput, CardValidationFailure } from '../vault/index.ts';
import type { Queryable } from '../db/database.ts';
import type { AuthorizeOutcome } from '../processors/index.ts';
import { mustApply, openPlatformAccounts } from './ledger-moves.ts';
import type { PaymentsDependencies } from './payment-intents.ts';

/** A consumer adds money to their wallet from a bank card. */
export interface TopUp {
  id: string;
  customerId: string;
  amountMinor: bigint;
  currency: string;
  /** requires_action: the cardholder must pass 3-D Secure at `nextActionUrl` first. */
  status: 'requires_action' | 'processing' | 'succeeded' | 'failed';
  cardBrand: string;
  cardLast4: string;
  failureCode: string | null;
  nextActionUrl: string | null;
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
  next_action_url: string | null;
  processor_reference: string | null;
  created_at: Date;
}

const COLUMNS = 'id, customer_id, amount, currency, status, card_brand, card_last4, failure_code, next_action_url, processor_reference, created_at';

const toTopUp = (r: TopUpRow): TopUp => ({
  id: r.id,
  customerId: r.customer_id,
  amountMinor: r.amount,
  currency: r.currency,
  status: r.status,
  cardBrand: r.card_brand,
  cardLast4: r.card_last4,
  failureCode: r.failure_code,
  nextActionUrl: r.next_action_url,
  createdAtMs: r.created_at.getTime(),
});

/** Statuses a status sync can still move on. */
const UNSETTLED = new Set<TopUp['status']>(['requires_action', 'processing']);

/**
 * Record the top-up, authorize at the acquirer outside any transaction, and
 * once authorized (at once, or after 3-D Secure) capture and credit the wallet
 * from the card clearing account with a transfer whose id is the top-up's, under
 * the top-up's row lock, so it is credited at most once.
 */
export class TopUps {
  constructor(private readonly deps: PaymentsDependencies) {}

  /** The consumer's own top-up; one left waiting on the acquirer is synced first, as payment intents are. */
  async get(customerId: string, id: string): Promise<TopUp | undefined> {
    const row = await this.find(id);
    if (row === undefined || row.customer_id !== customerId) return undefined;
    return UNSETTLED.has(row.status) ? this.sync(id) : toTopUp(row);
  }

  private async find(id: string): Promise<TopUpRow | undefined> {
    const { rows } = await this.deps.db.query<TopUpRow>(`SELECT ${COLUMNS} FROM top_ups WHERE id = $1`, [id]);
    return rows[0];
  }

  async create(customerId: string, input: { amountMinor: bigint; currency: string; card: CardInput; returnUrl?: string; payer?: PayerContext }): Promise<TopUpResult> {
    const currency = findCurrency(input.currency);
    if (currency?.code !== input.currency) return { failure: 'unknown_currency' };
    if (input.amountMinor > MAX_TOP_UP_MAJOR * 10n ** BigInt(currency.exponent)) return { failure: 'amount_too_large' };
    const stored = await this.deps.vault.storeCard(input.card);
    if (stored.result !== 'ok') return { failure: stored.result };
    const now = this.deps.clock.nowMs();
    const topUp: TopUp = { id: newId('tu', now), customerId, amountMinor: input.amountMinor, currency: input.currency, status: 'processing', cardBrand: stored.card.brand, cardLast4: stored.card.last4, failureCode: null, nextActionUrl: null, createdAtMs: now };
    // A top-up is a card payment into the wallet: the risk engine sees it first. Nobody waits on a top-up, so only allow goes on.
    const screened = this.deps.screening?.screen({
      subjectType: 'top_up',
      subjectId: topUp.id,
      atMs: now,
      merchantId: null,
      customerId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      paymentMethodType: 'card',
      cardFingerprint: stored.card.fingerprint,
      payer: input.payer ?? {},
      challengeable: false,
      reviewable: false,
    });
    const refused = screened !== undefined && screened.verdict.decision !== 'allow';
    await this.deps.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO top_ups (id, customer_id, amount, currency, status, card_id, card_brand, card_last4, failure_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
        [topUp.id, customerId, topUp.amountMinor, topUp.currency, refused ? 'failed' : 'processing', stored.card.id, topUp.cardBrand, topUp.cardLast4, refused ? 'risk_blocked' : null, new Date(now)],
      );
      await screened?.record(tx);
    });
    if (refused) return { topUp: { ...topUp, status: 'failed', failureCode: 'risk_blocked' } };
    const credentials = await this.deps.vault.credentials(stored.card.id, input.card.cvc);
    if (credentials.result !== 'ok') return { topUp: await this.settle(topUp.id, { status: 'declined', processorReference: undefined, declineCode: credentials.result === 'invalid_cvc' ? 'incorrect_cvc' : 'incorrect_number' }) };
    const authorized = await this.deps.cardProcessor.authorize({
      reference: authorizeReference(topUp.id),
      amount: money(topUp.amountMinor, topUp.currency),
      paymentMethod: { type: 'card', card: credentials.credentials },
      ...(input.returnUrl === undefined ? {} : { returnUrl: input.returnUrl }),
    });
    return { topUp: await this.settle(topUp.id, authorized) };
  }

  /**
   * Asks the acquirer what became of a top-up waiting for 3-D Secure or left
   * processing by a lost answer, and settles it. Safe to call any number of
   * times, from the page's return, the acquirer's notification or a read.
   */
  async sync(id: string): Promise<TopUp | undefined> {
    const row = await this.find(id);
    if (row === undefined || !UNSETTLED.has(row.status)) return row === undefined ? undefined : toTopUp(row);
    const sync = await this.deps.cardProcessor.syncStatus({ reference: authorizeReference(id), ...(row.processor_reference === null ? {} : { processorReference: row.processor_reference }), amount: money(row.amount, row.currency) });
    if (sync.status === 'not_found') return this.settle(id, { status: 'declined', processorReference: undefined, declineCode: 'processing_error' });
    if (sync.status !== 'found') return toTopUp(row);
    const a = sync.authorization;
    if (a.state === 'authorized' || a.state === 'captured') return this.settle(id, { status: 'authorized', processorReference: a.processorReference, amount: a.amountAuthorized, expiresAtMs: a.expiresAtMs ?? 0 });
    if (a.state === 'declined' || a.state === 'voided' || a.state === 'expired') return this.settle(id, { status: 'declined', processorReference: a.processorReference, declineCode: a.declineCode ?? (a.state === 'expired' ? 'authentication_required' : 'generic_decline') });
    return toTopUp(row);
  }

  /** Moves the top-up on from what the acquirer said about its authorization. */
  private async settle(id: string, outcome: AuthorizeOutcome): Promise<TopUp> {
    switch (outcome.status) {
      case 'authorized': {
        const row = await this.find(id);
        if (row === undefined) throw new Error(`top-up ${id} vanished`);
        // Capture is idempotent at the acquirer (its reference is the top-up's), so a concurrent sync capturing too is harmless.
        const captured = await this.deps.cardProcessor.capture({ processorReference: outcome.processorReference, reference: `${id}:capture`, amount: money(row.amount, row.currency) });
        if (captured.status === 'succeeded') return this.credit(id, outcome.processorReference);
        if (captured.status === 'failed') return this.update(id, { status: 'failed', failureCode: captured.code });
        return this.update(id, { status: 'processing', processorReference: outcome.processorReference });
      }
      case 'requires_action':
        return this.update(id, { status: 'requires_action', processorReference: outcome.processorReference, nextActionUrl: outcome.nextAction.url });
      case 'declined':
        return this.update(id, { status: 'failed', failureCode: outcome.declineCode, ...(outcome.processorReference === undefined ? {} : { processorReference: outcome.processorReference }) });
      case 'unknown':
        // Neither paid nor declined: it stays processing until a sync resolves it.
        return this.update(id, { status: 'processing', ...(outcome.processorReference === undefined ? {} : { processorReference: outcome.processorReference }) });
      default: {
        const unknown: never = outcome;
        throw new Error(`unhandled authorization outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Changes an unsettled top-up under its row lock; a settled one stays as it is. */
  private async update(id: string, change: { status: TopUp['status']; failureCode?: string; processorReference?: string; nextActionUrl?: string }): Promise<TopUp> {
    return this.deps.db.transaction(async (tx) => {
      const row = await lockTopUp(tx, id);
      if (!UNSETTLED.has(row.status)) return toTopUp(row);
      const { rows } = await tx.query<TopUpRow>(
        `UPDATE top_ups SET status = $2, failure_code = COALESCE($3, failure_code), processor_reference = COALESCE($4, processor_reference), next_action_url = $5, updated_at = $6 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, change.status, change.failureCode ?? null, change.processorReference ?? null, change.nextActionUrl ?? null, new Date(this.deps.clock.nowMs())],
      );
      return toTopUp(rows[0] as TopUpRow);
    });
  }

  /** Credits the wallet once: under the row lock, only a top-up not yet settled is credited. */
  private async credit(id: string, processorReference: string): Promise<TopUp> {
    return this.deps.db.transaction(async (tx) => {
      const row = await lockTopUp(tx, id);
      if (!UNSETTLED.has(row.status)) return toTopUp(row);
      const wallet = await this.deps.customers.openWallet(tx, row.customer_id, row.currency);
      const platform = await openPlatformAccounts(this.deps.ledger, tx, row.currency);
      await mustApply(this.deps.ledger, tx, [
        { id: `${id}:credit`, debitAccountId: platform.cardClearing, creditAccountId: wallet.accountId, amountMinor: row.amount, ledger: row.currency, code: TRANSFER_CODES.topUp, flags: NO_TRANSFER_FLAGS, timeoutSeconds: 0, metadata: { top_up: id, description: `Top-up from ${row.card_brand} •••• ${row.card_last4}` } },
      ]);
      const { rows } = await tx.query<TopUpRow>(
        `UPDATE top_ups SET status = 'succeeded', processor_reference = $2, next_action_url = NULL, updated_at = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, processorReference, new Date(this.deps.clock.nowMs())],
      );
      return toTopUp(rows[0] as TopUpRow);
    });
  }
}

/** Our idempotency reference for the top-up's authorization; the sandbox's 3-D Secure page reports it back. */
export function authorizeReference(topUpId: string): string {
  return `${topUpId}:auth`;
}

async function lockTopUp(tx: Queryable, id: string): Promise<TopUpRow> {
  const { rows } = await tx.query<TopUpRow>(`SELECT ${COLUMNS} FROM top_ups WHERE id = $1 FOR UPDATE`, [id]);
  if (rows[0] === undefined) throw new Error(`top-up ${id} vanished`);
  return rows[0];
}
