import { strict as assert } from 'node:assert';
import { createHash, createHmac } from 'node:crypto';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { CHART_OF_ACCOUNTS, NO_TRANSFER_FLAGS, TRANSFER_CODES, type Ledger, type TransferPage } from '../ledger/index.ts';
import { findCurrency } from '../money/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { hashPassword, passwordMatches } from '../platform/password-hash.ts';
import { SecretSealer, type VaultKeys } from '../vault/index.ts';
import { generateNumber, generatePin, normalizePrepaidNumber } from './card-number.ts';
import * as store from './store.ts';
import {
  MAX_BALANCE_MAJOR,
  MAX_CARDS_PER_HOLDER,
  MAX_LIST_LIMIT,
  MAX_LOAD_MAJOR,
  MAX_PIN_FAILURES,
  PIN_LOCK_MS,
  PIN_PATTERN,
  type BindResult,
  type IssueResult,
  type Issuer,
  type LoadRefusal,
  type LoadResult,
  type NewPrepaidCard,
  type PrepaidActor,
  type PrepaidCard,
  type PrepaidCardBalance,
  type PrepaidCardStatus,
  type PrepaidCardWithBalance,
  type PrepaidLoad,
  type PrepaidSpend,
  type StatusChangeResult,
} from './types.ts';

/** A fresh random number collides with an issued one about once in 10^9 / cards issued; a few tries always suffice. */
const MAX_NUMBER_ATTEMPTS = 5;
const SEALER_PURPOSE = 'prepaid_card_number';
/** Domain separation: the lookup key is derived from the vault's fingerprint key, which never rotates. */
const LOOKUP_KEY_LABEL = 'paygrid.prepaid_card_number.lookup.v1';

const majorToMinor = (major: bigint, currency: string): bigint => major * 10n ** BigInt(findCurrency(currency)?.exponent ?? 2);

/** The issuer's funding account in a currency: money it collected outside Paygrid to load its cards. */
export function fundingAccountId(issuer: Issuer, currency: string): string {
  return `${issuer}:${currency}:prepaid_funding`;
}

/**
 * Prepaid stored-value cards (ppc_…). A card's balance is a ledger account that
 * never goes below zero; a load is one transfer from the issuer's funding account
 * whose id derives from the load's; a payment holds and captures on the card's
 * account exactly as a wallet payment does. The number is a bearer credential:
 * sealed at rest, found by a keyed hash, shown in clear once, at issue. The PIN is
 * hashed slowly and locks the card's payments after repeated failures.
 */
export class PrepaidCards {
  private readonly sealer: SecretSealer;
  private readonly lookupKey: Buffer;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ledger: Ledger,
    keys: VaultKeys,
  ) {
    this.sealer = new SecretSealer(keys, SEALER_PURPOSE);
    this.lookupKey = createHmac('sha256', keys.fingerprintKey).update(LOOKUP_KEY_LABEL, 'utf8').digest();
  }

  /**
   * Issues a card (with its first load when `initialAmountMinor` is given): the
   * operator issues platform cards, a merchant store cards of its own. The number,
   * and a generated PIN, are returned this once.
   */
  async issue(actor: PrepaidActor, input: NewPrepaidCard): Promise<IssueResult> {
    const issuer = issuerOf(actor);
    if (findCurrency(input.currency)?.code !== input.currency) return { result: 'unknown_currency' };
    if (input.pin !== undefined && !PIN_PATTERN.test(input.pin)) return { result: 'invalid_pin' };
    const initialMinor = input.initialAmountMinor ?? 0n;
    const refusal = initialMinor > 0n ? loadRefusal(input.currency, 0n, initialMinor) : undefined;
    if (refusal !== undefined) return { result: refusal };
    const pin = input.pin ?? generatePin();
    // The slow hash runs before the transaction, so that it holds no locks meanwhile.
    const pinHash = await hashPassword(pin);
    const now = this.clock.nowMs();
    const id = newId('ppc', now);
    const draft: Omit<PrepaidCard, 'last4'> = { id, issuer, currency: input.currency, accountId: `${id}:${input.currency}:prepaid`, status: 'active', nickname: input.nickname ?? null, metadata: input.metadata ?? {}, holderCustomerId: null, createdAtMs: now };
    return this.db.transaction(async (tx) => {
      const account = await this.ledger.createAccountIn(tx, { id: draft.accountId, ledger: draft.currency, code: CHART_OF_ACCOUNTS.prepaidCards, flags: { debitsMustNotExceedCredits: true }, metadata: { prepaid_card: id, issuer } });
      assert(account.result === 'ok' && account.created, `prepaid card account ${draft.accountId} is new`);
      const { card, number } = await this.insertWithFreshNumber(tx, draft, pinHash);
      if (initialMinor > 0n) await this.applyLoad(tx, card, newId('ppl', now), initialMinor);
      return { result: 'ok' as const, card: { ...card, balance: await this.balanceIn(tx, card) }, number, generatedPin: input.pin === undefined ? pin : undefined };
    });
  }

  private async insertWithFreshNumber(tx: Transaction, draft: Omit<PrepaidCard, 'last4'>, pinHash: string): Promise<{ card: PrepaidCard; number: string }> {
    for (let attempt = 1; attempt <= MAX_NUMBER_ATTEMPTS; attempt += 1) {
      const number = generateNumber();
      const card = { ...draft, last4: number.slice(-4) };
      // The card's id is authenticated with the number: a sealed number copied to another card does not open.
      const inserted = await store.insertCard(tx, { card, numberLookup: this.lookup(number), numberSealed: this.sealer.seal(number, card.id), pinHash });
      if (inserted) return { card, number };
    }
    throw new Error(`no free prepaid card number after ${MAX_NUMBER_ATTEMPTS} attempts`);
  }

  /** A card the actor may see: the operator sees every card, a merchant only those it issued. */
  async get(actor: PrepaidActor, id: string): Promise<PrepaidCardWithBalance | undefined> {
    const card = await store.findCard(this.db, id, false);
    if (card === undefined || !visibleTo(actor, card)) return undefined;
    return { ...card, balance: await this.balanceIn(this.db, card) };
  }

  /** The actor's cards (every card for the operator), newest first. */
  async list(actor: PrepaidActor, limit: number, startingAfter?: string): Promise<{ cards: PrepaidCardWithBalance[]; hasMore: boolean } | 'cursor_not_found'> {
    assert(Number.isSafeInteger(limit) && limit > 0 && limit <= MAX_LIST_LIMIT, `limit is 1..${MAX_LIST_LIMIT}`);
    const page = await store.listCards(this.db, actor.role === 'operator' ? undefined : issuerOf(actor), limit, startingAfter);
    if (page === 'cursor_not_found') return page;
    const accounts = await this.ledger.getAccounts(page.cards.map((c) => c.accountId));
    return { cards: page.cards.map((c) => ({ ...c, balance: balanceOf(accounts.get(c.accountId)) })), hasMore: page.hasMore };
  }

  /**
   * Loads money the issuer collected onto the card. With a `requestKey` (the
   * client's Idempotency-Key) the load's id, and so its ledger transfer's id, is
   * derived from it: a retry finds the load it already made instead of loading twice.
   */
  async load(actor: PrepaidActor, cardId: string, amountMinor: bigint, options: { requestKey?: string } = {}): Promise<LoadResult> {
    assert(amountMinor > 0n, 'a load moves a positive amount');
    const now = this.clock.nowMs();
    const loadId = options.requestKey === undefined ? newId('ppl', now) : `ppl_${createHash('sha256').update(`${cardId}\n${options.requestKey}`, 'utf8').digest('hex').slice(0, 26)}`;
    return this.db.transaction(async (tx) => {
      const card = await store.findCard(tx, cardId, true);
      const denied = manageRefusal(actor, card);
      if (denied !== undefined || card === undefined) return { result: denied ?? 'card_not_found' };
      const earlier = await store.findLoad(tx, loadId);
      if (earlier !== undefined) return earlier.cardId === card.id && earlier.amountMinor === amountMinor ? { result: 'ok', load: earlier, card: { ...card, balance: await this.balanceIn(tx, card) } } : { result: 'load_id_reused' };
      if (card.status === 'blocked') return { result: 'card_blocked' };
      const before = await this.balanceIn(tx, card);
      // Holds count as still on the card: a voided hold comes back, and must not take the card over the cap.
      const refusal = loadRefusal(card.currency, before.availableMinor + before.heldMinor, amountMinor);
      if (refusal !== undefined) return { result: refusal };
      const load = await this.applyLoad(tx, card, loadId, amountMinor);
      return { result: 'ok', load, card: { ...card, balance: await this.balanceIn(tx, card) } };
    });
  }

  private async applyLoad(tx: Transaction, card: PrepaidCard, loadId: string, amountMinor: bigint): Promise<PrepaidLoad> {
    const funding = await this.ledger.createAccountIn(tx, { id: fundingAccountId(card.issuer, card.currency), ledger: card.currency, code: CHART_OF_ACCOUNTS.prepaidFunding, metadata: { purpose: 'prepaid card funding', issuer: card.issuer } });
    assert(funding.result === 'ok', `prepaid funding account for ${card.issuer} ${card.currency} conflicts with an existing account`);
    const load: PrepaidLoad = { id: loadId, cardId: card.id, amountMinor, currency: card.currency, transferId: `${loadId}:load`, createdAtMs: this.clock.nowMs() };
    const [outcome] = await this.ledger.createTransfersIn(tx, [
      {
        id: load.transferId,
        debitAccountId: funding.account.id,
        creditAccountId: card.accountId,
        amountMinor,
        ledger: card.currency,
        code: TRANSFER_CODES.prepaidLoad,
        flags: NO_TRANSFER_FLAGS,
        timeoutSeconds: 0,
        metadata: { prepaid_card: card.id, prepaid_load: loadId, description: 'Load' },
      },
    ]);
    // The card row is locked and the load id is new: the ledger has no reason to refuse.
    if (outcome?.result !== 'ok') throw new Error(`load ${loadId} onto ${card.id} failed: ${outcome?.result ?? 'no result'}`);
    await store.insertLoad(tx, load);
    return load;
  }

  block(actor: PrepaidActor, id: string): Promise<StatusChangeResult> {
    return this.setStatus(actor, id, 'blocked');
  }

  unblock(actor: PrepaidActor, id: string): Promise<StatusChangeResult> {
    return this.setStatus(actor, id, 'active');
  }

  private async setStatus(actor: PrepaidActor, id: string, status: PrepaidCardStatus): Promise<StatusChangeResult> {
    return this.db.transaction(async (tx) => {
      const card = await store.findCard(tx, id, true);
      const denied = manageRefusal(actor, card);
      if (denied !== undefined || card === undefined) return { result: denied ?? 'card_not_found' };
      if (card.status !== status) await store.updateStatus(tx, id, status, this.clock.nowMs());
      const changed = { ...card, status };
      return { result: 'ok', card: { ...changed, balance: await this.balanceIn(tx, changed) } };
    });
  }

  /**
   * A consumer binds a card they hold to their account, to see its balance in
   * the app: the number and the PIN prove they hold it. The PIN is checked as a
   * till checks it (under the card's row lock, wrong ones counted towards the
   * same lock), after the number, the card's holder and its status, so that
   * only an attempt that could bind counts. Binding again is answered as done.
   */
  async bind(customerId: string, input: { number: string; pin: string }): Promise<BindResult> {
    const number = normalizePrepaidNumber(input.number);
    return this.db.transaction(async (tx) => {
      const found = number === undefined ? undefined : await store.lockCardByNumber(tx, this.lookup(number));
      if (found === undefined) return { result: 'invalid_number' };
      const { card, pin } = found;
      if (card.holderCustomerId !== null && card.holderCustomerId !== customerId) return { result: 'card_already_bound' };
      if (card.status === 'blocked') return { result: 'card_blocked' };
      const checked = await this.checkPinLocked(tx, card.id, pin, input.pin);
      if (checked !== 'ok') return { result: checked };
      if (card.holderCustomerId === null) {
        if ((await store.listCardsHeldBy(tx, customerId, MAX_CARDS_PER_HOLDER)).length >= MAX_CARDS_PER_HOLDER) return { result: 'too_many_cards' };
        await store.setHolder(tx, card.id, customerId, this.clock.nowMs());
      }
      const bound = { ...card, holderCustomerId: customerId };
      return { result: 'ok', card: { ...bound, balance: await this.balanceIn(tx, bound) } };
    });
  }

  /** The consumer lets go of a card they bound; undefined when it is not bound to them. The card itself is unchanged. */
  async unbind(customerId: string, cardId: string): Promise<PrepaidCardWithBalance | undefined> {
    return this.db.transaction(async (tx) => {
      const card = await store.findCard(tx, cardId, true);
      if (card === undefined || card.holderCustomerId !== customerId) return undefined;
      await store.setHolder(tx, card.id, null, this.clock.nowMs());
      const freed = { ...card, holderCustomerId: null };
      return { ...freed, balance: await this.balanceIn(tx, freed) };
    });
  }

  /** The cards a consumer bound, with their balances, most recently bound first. */
  async heldBy(customerId: string): Promise<PrepaidCardWithBalance[]> {
    const cards = await store.listCardsHeldBy(this.db, customerId, MAX_CARDS_PER_HOLDER);
    const accounts = await this.ledger.getAccounts(cards.map((c) => c.accountId));
    return cards.map((c) => ({ ...c, balance: balanceOf(accounts.get(c.accountId)) }));
  }

  /** Every movement of the card's balance, newest first (Stripe's cursors: transfer ids). */
  async statement(actor: PrepaidActor, id: string, page: { limit: number; startingAfter?: string; endingBefore?: string }): Promise<{ card: PrepaidCard; page: TransferPage } | 'card_not_found' | 'cursor_not_found'> {
    const card = await store.findCard(this.db, id, false);
    if (card === undefined || !visibleTo(actor, card)) return 'card_not_found';
    const transfers = await this.ledger.listAccountTransfers(card.accountId, page);
    return transfers === 'cursor_not_found' ? transfers : { card, page: transfers };
  }

  /**
   * May this card pay `merchantId` in `currency`? Checks, in this order, the number,
   * the currency, where the card is accepted, its status and then the PIN, so that
   * only a PIN typed for a payment the card could make counts as an attempt. The
   * card's row is locked, so concurrent attempts count one at a time; a wrong PIN is
   * recorded in the caller's transaction, which must commit even though the payment
   * is declined. The caller then holds the amount on `accountId`: the ledger alone
   * decides whether the balance suffices.
   */
  async authorizeSpendIn(tx: Queryable, spend: { number: string; pin: string; merchantId: string; currency: string; amountMinor: bigint }): Promise<PrepaidSpend> {
    assert(spend.amountMinor > 0n, 'a prepaid card pays a positive amount');
    const number = normalizePrepaidNumber(spend.number);
    const found = number === undefined ? undefined : await store.lockCardByNumber(tx, this.lookup(number));
    if (found === undefined) return { result: 'invalid_number' };
    const { card, pin } = found;
    if (card.currency !== spend.currency) return { result: 'currency_mismatch' };
    if (card.issuer !== 'platform' && card.issuer !== spend.merchantId) return { result: 'card_not_accepted_here' };
    if (card.status === 'blocked') return { result: 'card_blocked' };
    const checked = await this.checkPinLocked(tx, card.id, pin, spend.pin);
    if (checked !== 'ok') return { result: checked };
    return { result: 'ok', cardId: card.id, accountId: card.accountId };
  }

  /**
   * May this card pay `merchantId`, presented by its RFID tag at a charger (card
   * present: holding the card is the credential, as with the charging cards
   * Chinese operators issue, so there is no PIN)? Same checks as
   * authorizeSpendIn otherwise, under the card's row lock. With
   * `holderCustomerId`, the card pays only for the consumer it is bound to (in
   * the app, where their payment password stands in for the PIN): any other
   * card is `invalid_number`, as if it did not exist.
   */
  async authorizeCardPresentIn(tx: Queryable, spend: { cardId: string; merchantId: string; currency: string; holderCustomerId?: string }): Promise<PrepaidSpend> {
    const card = await store.findCard(tx, spend.cardId, true);
    if (card === undefined || (spend.holderCustomerId !== undefined && card.holderCustomerId !== spend.holderCustomerId)) return { result: 'invalid_number' };
    if (card.currency !== spend.currency) return { result: 'currency_mismatch' };
    if (card.issuer !== 'platform' && card.issuer !== spend.merchantId) return { result: 'card_not_accepted_here' };
    if (card.status === 'blocked') return { result: 'card_blocked' };
    return { result: 'ok', cardId: card.id, accountId: card.accountId };
  }

  /** What a card can pay now (for a charger's Authorize): undefined for an unknown card. */
  async availableIn(db: Queryable, cardId: string): Promise<{ card: PrepaidCard; balance: PrepaidCardBalance } | undefined> {
    const card = await store.findCard(db, cardId, false);
    return card === undefined ? undefined : { card, balance: await this.balanceIn(db, card) };
  }

  /** A read-only look before a payment is created: is this one of our numbers, in this currency? Changes nothing. */
  async checkNumber(number: string, currency: string): Promise<'ok' | 'invalid_number' | 'currency_mismatch'> {
    const normalized = normalizePrepaidNumber(number);
    const cardCurrency = normalized === undefined ? undefined : await store.findCurrencyByNumber(this.db, this.lookup(normalized));
    if (cardCurrency === undefined) return 'invalid_number';
    return cardCurrency === currency ? 'ok' : 'currency_mismatch';
  }

  /** The ledger account of a card, for refunds: they land on the card whatever its status. */
  async accountIdIn(tx: Queryable, cardId: string): Promise<string | undefined> {
    return (await store.findCard(tx, cardId, false))?.accountId;
  }

  private async checkPinLocked(tx: Queryable, cardId: string, state: store.PinState, pin: string): Promise<'ok' | 'incorrect_pin' | 'pin_try_exceeded'> {
    const now = this.clock.nowMs();
    if (state.lockedUntilMs !== null && state.lockedUntilMs > now) return 'pin_try_exceeded';
    // A lock that ran out starts the count afresh.
    const failuresSoFar = state.lockedUntilMs !== null ? 0 : state.failures;
    if (PIN_PATTERN.test(pin) && (await passwordMatches(pin, state.pinHash))) {
      if (state.failures !== 0 || state.lockedUntilMs !== null) await store.savePinState(tx, cardId, { failures: 0, lockedUntilMs: null }, now);
      return 'ok';
    }
    const failures = failuresSoFar + 1;
    const locked = failures >= MAX_PIN_FAILURES;
    await store.savePinState(tx, cardId, locked ? { failures: 0, lockedUntilMs: now + PIN_LOCK_MS } : { failures, lockedUntilMs: null }, now);
    return locked ? 'pin_try_exceeded' : 'incorrect_pin';
  }

  private async balanceIn(db: Queryable, card: PrepaidCard): Promise<PrepaidCardBalance> {
    const accounts = await this.ledger.getAccountsIn(db, [card.accountId]);
    return balanceOf(accounts.get(card.accountId));
  }

  private lookup(number: string): string {
    return createHmac('sha256', this.lookupKey).update(number, 'utf8').digest('base64url');
  }
}

function balanceOf(account: { creditsPostedMinor: bigint; debitsPostedMinor: bigint; debitsPendingMinor: bigint } | undefined): PrepaidCardBalance {
  const held = account?.debitsPendingMinor ?? 0n;
  return { availableMinor: (account?.creditsPostedMinor ?? 0n) - (account?.debitsPostedMinor ?? 0n) - held, heldMinor: held };
}

/** Whether a load of `amountMinor` onto a card holding `balanceMinor` stays within the limits (see MAX_BALANCE_MAJOR). */
function loadRefusal(currency: string, balanceMinor: bigint, amountMinor: bigint): LoadRefusal | undefined {
  if (amountMinor > majorToMinor(MAX_LOAD_MAJOR, currency)) return 'exceeds_max_load';
  if (balanceMinor + amountMinor > majorToMinor(MAX_BALANCE_MAJOR, currency)) return 'exceeds_max_balance';
  return undefined;
}

function issuerOf(actor: PrepaidActor): Issuer {
  if (actor.role === 'operator') return 'platform';
  assert(isMerchantId(actor.merchantId), 'merchant ids start with mch_');
  return actor.merchantId;
}

function isMerchantId(id: string): id is `mch_${string}` {
  return id.startsWith('mch_');
}

function visibleTo(actor: PrepaidActor, card: PrepaidCard): boolean {
  return actor.role === 'operator' || card.issuer === actor.merchantId;
}

/** Managing (loading, blocking) is for the issuer: the operator for platform cards, a merchant for its own. */
function manageRefusal(actor: PrepaidActor, card: PrepaidCard | undefined): 'card_not_found' | 'not_card_issuer' | undefined {
  if (card === undefined || !visibleTo(actor, card)) return 'card_not_found';
  if (actor.role === 'operator' && card.issuer !== 'platform') return 'not_card_issuer';
  return undefined;
}
