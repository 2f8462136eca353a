import { strict as assert } from 'node:assert';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { PayerContext, Screening } from '../platform/screening.ts';
import { CHART_OF_ACCOUNTS, TRANSFER_CODES, type Ledger, type TransferPage } from '../ledger/index.ts';
import { findCurrency } from '../money/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { startOfLocalDayMs } from '../platform/time.ts';
import { hashPassword, passwordMatches } from '../platform/password-hash.ts';
import * as store from './store.ts';
import {
  DEFAULT_DAILY_LIMIT_MAJOR,
  DEFAULT_PASSWORD_FREE_LIMIT_MAJOR,
  DEFAULT_PER_PAYMENT_LIMIT_MAJOR,
  LIMITS_TIME_ZONE,
  MAX_CUSTOMERS_PER_PAGE,
  MAX_DAILY_LIMIT_MAJOR,
  MAX_PASSWORD_FAILURES,
  PASSWORD_LOCK_MS,
  PAYMENT_PASSWORD_PATTERN,
  type Customer,
  type CustomerSearch,
  type CustomerStatus,
  type PasswordCheck,
  type SetPasswordResult,
  type Wallet,
  type WalletBalance,
  type WalletTransferResult,
} from './types.ts';

export interface WalletTransferRequest {
  fromCustomerId: string;
  toCustomerId: string;
  currency: string;
  amountMinor: bigint;
  password: string;
  /** Client-chosen (from the Idempotency-Key) so that a retry cannot move the money twice. */
  transferId: string;
  description: string;
  payer?: PayerContext;
}

const majorToMinor = (major: bigint, currency: string): bigint => major * 10n ** BigInt(findCurrency(currency)?.exponent ?? 2);

/** The limits a wallet opens with, in `currency`'s minor units. */
function defaultLimits(currency: string): Pick<Wallet, 'perPaymentLimitMinor' | 'dailyLimitMinor' | 'passwordFreeLimitMinor'> {
  return {
    perPaymentLimitMinor: majorToMinor(DEFAULT_PER_PAYMENT_LIMIT_MAJOR, currency),
    dailyLimitMinor: majorToMinor(DEFAULT_DAILY_LIMIT_MAJOR, currency),
    passwordFreeLimitMinor: majorToMinor(DEFAULT_PASSWORD_FREE_LIMIT_MAJOR, currency),
  };
}

/**
 * Consumers (cus_…) and their wallets. A wallet is a ledger account that can
 * never go below zero; everything a customer's money does is a ledger transfer.
 */
export class Customers {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ledger: Ledger,
    private readonly defaultCurrency: string = 'CNY',
    /** Risk screening before a transfer moves money; without it every transfer is allowed. */
    private readonly screening?: Screening,
  ) {}

  /** Signs up (or finds) the customer with this phone, with a wallet in the default currency; links the merchant that asked. */
  async create(input: { phone: string; name?: string; merchantId?: string }): Promise<{ customer: Customer; created: boolean }> {
    const now = this.clock.nowMs();
    return this.db.transaction(async (tx) => {
      const candidate: Customer = { id: newId('cus', now), phone: input.phone, name: input.name ?? '', hasPaymentPassword: false, status: 'active', createdAtMs: now };
      const result = await store.upsertByPhone(tx, candidate);
      if (result.created) await this.openWallet(tx, result.customer.id, this.defaultCurrency);
      if (input.merchantId !== undefined) await store.linkMerchant(tx, input.merchantId, result.customer.id, now);
      return result;
    });
  }

  get(id: string): Promise<Customer | undefined> {
    return store.findCustomer(this.db, { id });
  }

  findByPhone(phone: string): Promise<Customer | undefined> {
    return store.findCustomer(this.db, { phone });
  }

  isKnownTo(merchantId: string, customerId: string): Promise<boolean> {
    return store.isLinked(this.db, merchantId, customerId);
  }

  /** Customers newest first, found by an id prefix or the last digits of their phone number (the operator's search). */
  list(search: CustomerSearch, limit: number, cursor: PageCursor = {}): Promise<{ customers: Customer[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_CUSTOMERS_PER_PAGE, `a page holds 1 to ${MAX_CUSTOMERS_PER_PAGE} customers`);
    assert(search.phoneSuffix === undefined || /^\d{1,15}$/.test(search.phoneSuffix), 'a phone suffix is 1 to 15 digits');
    return store.listCustomers(this.db, search, limit, cursor);
  }

  /**
   * Blocks or unblocks the customer; undefined for an unknown one. A blocked
   * customer cannot sign in, and every payment or transfer by them is refused
   * (`customer_blocked`); their money stays where it is, and refunds to them still land.
   */
  setStatus(customerId: string, status: CustomerStatus): Promise<Customer | undefined> {
    return store.updateStatus(this.db, customerId, status, this.clock.nowMs());
  }

  /** Whether the operator blocked the customer, read in the caller's transaction. */
  isBlockedIn(db: Queryable, customerId: string): Promise<boolean> {
    return store.isBlocked(db, customerId);
  }

  /** The customer's wallet in `currency`, created on first use with the default limits. */
  async openWallet(tx: Queryable, customerId: string, currency: string): Promise<Wallet> {
    const existing = await store.findWallet(tx, customerId, currency, false);
    if (existing !== undefined) return existing;
    const wallet: Wallet = { customerId, currency, accountId: `${customerId}:${currency}:wallet`, ...defaultLimits(currency) };
    const account = await this.ledger.createAccountIn(tx, {
      id: wallet.accountId,
      ledger: currency,
      code: CHART_OF_ACCOUNTS.customerWallets,
      flags: { debitsMustNotExceedCredits: true },
      metadata: { customer: customerId },
    });
    if (account.result !== 'ok') throw new Error(`wallet account ${wallet.accountId}: ${account.result}`);
    await store.insertWallet(tx, wallet, this.clock.nowMs());
    return (await store.findWallet(tx, customerId, currency, false)) ?? wallet;
  }

  wallets(customerId: string): Promise<Wallet[]> {
    return store.findWallets(this.db, customerId);
  }

  async walletBalances(customerId: string): Promise<WalletBalance[]> {
    const wallets = await store.findWallets(this.db, customerId);
    const accounts = await this.ledger.getAccounts(wallets.map((w) => w.accountId));
    return wallets.map((w) => {
      const a = accounts.get(w.accountId);
      const held = a?.debitsPendingMinor ?? 0n;
      return { currency: w.currency, availableMinor: (a?.creditsPostedMinor ?? 0n) - (a?.debitsPostedMinor ?? 0n) - held, heldMinor: held };
    });
  }

  async setPaymentPassword(customerId: string, password: string, currentPassword: string | undefined): Promise<SetPasswordResult> {
    if (!PAYMENT_PASSWORD_PATTERN.test(password)) return { result: 'invalid_payment_password' };
    const hash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const secrets = await store.lockSecrets(tx, customerId);
      if (secrets === undefined) throw new Error(`customer ${customerId} vanished`);
      if (secrets.passwordHash !== null) {
        if (currentPassword === undefined) return { result: 'current_password_required' };
        const check = await this.checkLocked(tx, customerId, secrets, currentPassword);
        if (check.result !== 'ok') return check.result === 'payment_password_not_set' ? { result: 'current_password_required' } : check;
      }
      await store.saveSecrets(tx, customerId, { passwordHash: hash, failures: 0, lockedUntilMs: null });
      return { result: 'ok' };
    });
  }

  /**
   * Compares a payment password with the stored hash ahead of the transaction
   * that acts on it: the slow hash then runs without holding the customer's row
   * lock, so concurrent payments from one wallet do not queue behind it. The
   * transaction still decides (and counts a failure) under the lock, and
   * compares again only if the password changed in between.
   */
  async comparePaymentPassword(customerId: string, password: string): Promise<PaymentPasswordAttempt> {
    const hash = (await store.findPasswordHash(this.db, customerId)) ?? null;
    return { password, comparedWithHash: hash, matches: hash !== null && (await matchesPassword(password, hash)) };
  }

  /** Checks the payment password inside the caller's transaction; a wrong one is counted even though the caller's work fails. */
  async checkPaymentPasswordIn(tx: Queryable, customerId: string, password: string | PaymentPasswordAttempt): Promise<PasswordCheck> {
    const secrets = await store.lockSecrets(tx, customerId);
    if (secrets === undefined) throw new Error(`customer ${customerId} vanished`);
    return this.checkLocked(tx, customerId, secrets, password);
  }

  private async checkLocked(tx: Queryable, customerId: string, secrets: store.CustomerSecrets, password: string | PaymentPasswordAttempt): Promise<PasswordCheck> {
    const now = this.clock.nowMs();
    if (secrets.passwordHash === null) return { result: 'payment_password_not_set' };
    if (secrets.lockedUntilMs !== null && secrets.lockedUntilMs > now) return { result: 'payment_password_locked', lockedUntilMs: secrets.lockedUntilMs };
    const failuresSoFar = secrets.lockedUntilMs !== null ? 0 : secrets.failures;
    const compared = typeof password === 'object' && password.comparedWithHash === secrets.passwordHash;
    const matches = compared ? password.matches : await matchesPassword(typeof password === 'object' ? password.password : password, secrets.passwordHash);
    if (matches) {
      if (secrets.failures !== 0 || secrets.lockedUntilMs !== null) await store.saveSecrets(tx, customerId, { ...secrets, failures: 0, lockedUntilMs: null });
      return { result: 'ok' };
    }
    const failures = failuresSoFar + 1;
    const lockedUntilMs = failures >= MAX_PASSWORD_FAILURES ? now + PASSWORD_LOCK_MS : null;
    await store.saveSecrets(tx, customerId, { ...secrets, failures: lockedUntilMs === null ? failures : 0, lockedUntilMs });
    return lockedUntilMs === null ? { result: 'incorrect_payment_password', attemptsLeft: MAX_PASSWORD_FAILURES - failures } : { result: 'payment_password_locked', lockedUntilMs };
  }

  /** The wallet's limits in `currency`: its own, or the defaults a wallet opens with when it has none yet. */
  async limits(customerId: string, currency: string): Promise<{ perPaymentMinor: bigint; dailyMinor: bigint; dailyCapMinor: bigint }> {
    const wallet = await store.findWallet(this.db, customerId, currency, false);
    const dailyCapMinor = majorToMinor(MAX_DAILY_LIMIT_MAJOR, currency);
    const limits = wallet ?? defaultLimits(currency);
    return { perPaymentMinor: limits.perPaymentLimitMinor, dailyMinor: limits.dailyLimitMinor, dailyCapMinor };
  }

  async setLimits(customerId: string, currency: string, perPaymentMinor: bigint, dailyMinor: bigint): Promise<'ok' | 'wallet_not_found' | 'limit_out_of_range'> {
    if (perPaymentMinor <= 0n || dailyMinor <= 0n || perPaymentMinor > dailyMinor || dailyMinor > majorToMinor(MAX_DAILY_LIMIT_MAJOR, currency)) return 'limit_out_of_range';
    if ((await store.findWallet(this.db, customerId, currency, false)) === undefined) return 'wallet_not_found';
    await store.updateLimits(this.db, customerId, currency, perPaymentMinor, dailyMinor);
    return 'ok';
  }

  /**
   * Wallet to wallet, with the payment password and the sender's limits, in one
   * transaction. The sender's wallet row is locked first, so that concurrent
   * transfers from one wallet add up against the daily limit one at a time.
   */
  async transferBetweenWallets(request: WalletTransferRequest): Promise<WalletTransferResult> {
    if (request.fromCustomerId === request.toCustomerId) return { result: 'cannot_transfer_to_self' };
    if (findCurrency(request.currency)?.code !== request.currency) return { result: 'unknown_currency' };
    if ((await this.get(request.toCustomerId)) === undefined) return { result: 'recipient_not_found' };
    // A retry of a transfer that went through is answered by the ledger's idempotency, not judged again against today's limits.
    const alreadyDone = (await this.ledger.getTransfer(request.transferId)) !== undefined;
    const password = alreadyDone ? undefined : await this.comparePaymentPassword(request.fromCustomerId, request.password);
    return this.db.transaction(async (tx) => {
      const spend = alreadyDone
        ? { result: 'ok' as const, wallet: await this.openWallet(tx, request.fromCustomerId, request.currency) }
        : await this.authorizeWalletSpendIn(tx, { customerId: request.fromCustomerId, currency: request.currency, amountMinor: request.amountMinor, password });
      if (spend.result !== 'ok') return spend;
      if (!alreadyDone) {
        const refused = await this.screenTransferIn(tx, request);
        if (refused !== undefined) return refused;
      }
      const from = spend.wallet;
      const to = await this.openWallet(tx, request.toCustomerId, request.currency);
      const [outcome] = await this.ledger.createTransfersIn(tx, [
        {
          id: request.transferId,
          debitAccountId: from.accountId,
          creditAccountId: to.accountId,
          amountMinor: request.amountMinor,
          ledger: request.currency,
          code: TRANSFER_CODES.walletTransfer,
          flags: { linked: false, pending: false, postPending: false, voidPending: false },
          timeoutSeconds: 0,
          metadata: { description: request.description, from: request.fromCustomerId, to: request.toCustomerId },
        },
      ]);
      switch (outcome?.result) {
        case 'ok':
          return { result: 'ok', transferId: request.transferId };
        case 'exceeds_credits':
          return { result: 'insufficient_funds' };
        default:
          if (outcome?.result.startsWith('exists_with_different_') === true) return { result: 'transfer_id_reused' };
          throw new Error(`wallet transfer ${request.transferId} failed unexpectedly: ${outcome?.result ?? 'no result'}`);
      }
    });
  }

  /**
   * May this wallet pay `amountMinor` now? Checks the payment password (when
   * given; an agreement or a password-free code skips it) and the wallet's
   * per-payment and daily limits, with the wallet row locked so that concurrent
   * spends count against the daily limit one at a time. Runs in the caller's
   * transaction, which then moves the money.
   */
  /** Asks the risk engine about a transfer whose password and limits passed; the decision is recorded either way. */
  private async screenTransferIn(tx: Transaction, request: WalletTransferRequest): Promise<{ result: 'risk_blocked'; reasons: { code: string; message: string }[] } | undefined> {
    if (this.screening === undefined) return undefined;
    const screened = this.screening.screen({
      subjectType: 'wallet_transfer',
      subjectId: request.transferId,
      atMs: this.clock.nowMs(),
      merchantId: null,
      customerId: request.fromCustomerId,
      amountMinor: request.amountMinor,
      currency: request.currency,
      paymentMethodType: 'wallet',
      payer: request.payer ?? {},
      challengeable: false,
      reviewable: false,
    });
    await screened.record(tx);
    return screened.verdict.decision === 'allow' ? undefined : { result: 'risk_blocked', reasons: screened.verdict.reasons };
  }

  async authorizeWalletSpendIn(
    tx: Queryable,
    spend: { customerId: string; currency: string; amountMinor: bigint; password: string | PaymentPasswordAttempt | undefined },
  ): Promise<{ result: 'ok'; wallet: Wallet } | Exclude<PasswordCheck, { result: 'ok' }> | { result: 'exceeds_per_payment_limit' | 'exceeds_daily_limit' | 'customer_blocked' }> {
    // Before the password: a blocked customer's attempts change nothing.
    if (await store.isBlocked(tx, spend.customerId)) return { result: 'customer_blocked' };
    if (spend.password !== undefined) {
      const password = await this.checkPaymentPasswordIn(tx, spend.customerId, spend.password);
      if (password.result !== 'ok') return password;
    }
    await this.openWallet(tx, spend.customerId, spend.currency);
    const wallet = await store.findWallet(tx, spend.customerId, spend.currency, true);
    if (wallet === undefined) throw new Error('a wallet that was just opened exists');
    if (spend.amountMinor > wallet.perPaymentLimitMinor) return { result: 'exceeds_per_payment_limit' };
    const spentToday = await this.ledger.sumDebitsSinceIn(tx, wallet.accountId, startOfLocalDayMs(this.clock.nowMs(), LIMITS_TIME_ZONE));
    if (spentToday + spend.amountMinor > wallet.dailyLimitMinor) return { result: 'exceeds_daily_limit' };
    return { result: 'ok', wallet };
  }

  /**
   * What these charges took from the customer's wallet, for a limit kept on
   * some of its payments only (an agreement's daily limit): each counts what
   * its ledger transfer took, by the rule the wallet's own daily limit uses
   * (`Ledger.sumDebitsSinceIn`: a hold counts while held, a capture what it
   * captured, a voided, expired or refused one nothing). A charge whose transfer
   * the ledger has never seen counts in full, so that a limit never counts less
   * than it should. Read inside the caller's transaction.
   */
  async chargedTotalIn(tx: Queryable, charges: readonly { transferId: string; amountMinor: bigint }[]): Promise<bigint> {
    const debited = await this.ledger.debitedAmountsIn(tx, charges.map((c) => c.transferId));
    return charges.reduce((total, c) => total + (debited.get(c.transferId) ?? c.amountMinor), 0n);
  }

  /** Every movement of the customer's wallet in one currency, newest first. */
  async statement(customerId: string, currency: string, page: { limit: number; startingAfter?: string; endingBefore?: string }): Promise<{ wallet: Wallet; page: TransferPage } | 'wallet_not_found' | 'cursor_not_found'> {
    const wallet = await store.findWallet(this.db, customerId, currency, false);
    if (wallet === undefined) return 'wallet_not_found';
    const transfers = await this.ledger.listAccountTransfers(wallet.accountId, page);
    return transfers === 'cursor_not_found' ? transfers : { wallet, page: transfers };
  }
}

/** A payment password compared with the hash stored when it was read (see comparePaymentPassword). */
export interface PaymentPasswordAttempt {
  password: string;
  comparedWithHash: string | null;
  matches: boolean;
}

async function matchesPassword(password: string, hash: string): Promise<boolean> {
  return PAYMENT_PASSWORD_PATTERN.test(password) && passwordMatches(password, hash);
}
