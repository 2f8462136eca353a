import { strict as assert } from 'node:assert';
import { RETRYABLE_SQLSTATES, UNIQUE_VIOLATION, sqlState, type Database, type Queryable, type Transaction } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { findCurrency } from '../money/index.ts';
import { newId } from '../platform/ids.ts';
import { applyBatch, expirePending, stableJson } from './state-machine.ts';
import * as store from './store.ts';
import {
  MAX_TRANSFERS_PER_BATCH,
  type Account,
  type AccountFlags,
  type CreateAccountResult,
  type Metadata,
  type PendingStatus,
  type Transfer,
  type TransferOutcome,
  type TransferRequest,
  type TransferResult,
} from './types.ts';
import { verifyLedger, type VerifyReport } from './verify.ts';

export interface LedgerMetrics {
  transfersProcessed(result: TransferResult, count: number): void;
  pendingExpired(count: number): void;
}

export interface NewAccount {
  id?: string;
  ledger: string;
  code: number;
  flags?: Partial<AccountFlags>;
  metadata?: Metadata;
}

/** A lost race on a transfer id, or a deadlock: the whole batch runs again from a fresh read. */
const MAX_BATCH_ATTEMPTS = 3;
/** Pending transfers expired per sweep; the sweeper runs again at once while there are more. */
export const EXPIRY_SWEEP_LIMIT = 200;
/** Transfers per `debitedAmountsIn` call. */
export const MAX_DEBITED_LOOKUP = 1_000;
/** Accounts or transfers in one page of a list. */
export const MAX_LIST_LIMIT = 100;
/** Transfers one tag lookup returns at most: a payment with many partial refunds stays far below it. */
export const MAX_TAGGED_TRANSFERS = 500;

/**
 * The ledger's public surface. Every movement of money in Paygrid is a call to
 * `createTransfers`; other modules hold account ids, never the ledger's tables.
 */
export class Ledger {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly metrics?: LedgerMetrics,
  ) {}

  createAccount(input: NewAccount): Promise<CreateAccountResult> {
    return this.createAccountIn(this.db, input);
  }

  /** The same inside a caller's transaction, so that a module creates its accounts with its own rows. */
  async createAccountIn(db: Queryable, input: NewAccount): Promise<CreateAccountResult> {
    const account: Account = {
      id: input.id ?? newId('lacct', this.clock.nowMs()),
      ledger: input.ledger,
      code: input.code,
      flags: {
        debitsMustNotExceedCredits: input.flags?.debitsMustNotExceedCredits ?? false,
        creditsMustNotExceedDebits: input.flags?.creditsMustNotExceedDebits ?? false,
      },
      metadata: input.metadata ?? {},
      debitsPendingMinor: 0n,
      debitsPostedMinor: 0n,
      creditsPendingMinor: 0n,
      creditsPostedMinor: 0n,
      createdAtMs: this.clock.nowMs(),
    };
    const invalid = validateAccount(account);
    if (invalid !== undefined) return { result: invalid };
    const inserted = await store.insertAccount(db, account);
    if (inserted !== undefined) return { result: 'ok', account: inserted, created: true };
    const existing = await store.findAccount(db, account.id);
    assert(existing !== undefined, 'an account that conflicted on insert exists');
    return compareAccounts(account, existing);
  }

  getAccount(id: string): Promise<Account | undefined> {
    return store.findAccount(this.db, id);
  }

  /** Several accounts at once (missing ids are simply absent from the map). */
  getAccounts(ids: readonly string[]): Promise<Map<string, Account>> {
    return this.getAccountsIn(this.db, ids);
  }

  /** The same inside a caller's transaction. */
  async getAccountsIn(db: Queryable, ids: readonly string[]): Promise<Map<string, Account>> {
    const accounts = await store.findAccounts(db, ids);
    return new Map(accounts.map((a) => [a.id, a]));
  }

  /**
   * What left an account since `sinceMs`, for spending limits: single-phase
   * debits, holds at their amount while they can still be posted and at the
   * posted amount once posted; voided and expired holds count nothing. Read
   * inside the caller's transaction.
   */
  sumDebitsSinceIn(tx: Queryable, accountId: string, sinceMs: number): Promise<bigint> {
    return store.sumDebitsSince(tx, accountId, sinceMs, this.clock.nowMs());
  }

  /**
   * The same rule for named transfers, for a limit kept on some of an account's
   * debits only (an agreement's charges): per id, what that transfer took. A
   * transfer the ledger refused took nothing; ids it has neither applied nor
   * refused are absent, and the caller decides what they count. At most
   * MAX_DEBITED_LOOKUP ids per call. Read inside the caller's transaction.
   */
  debitedAmountsIn(tx: Queryable, ids: readonly string[]): Promise<Map<string, bigint>> {
    assert(ids.length <= MAX_DEBITED_LOOKUP, `at most ${MAX_DEBITED_LOOKUP} transfers per lookup`);
    return store.debitedAmounts(tx, ids, this.clock.nowMs());
  }

  /** The ids among `ids` that name no account. */
  async findMissingAccounts(ids: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const found = new Set(await store.existingAccountIds(this.db, wanted));
    return wanted.filter((id) => !found.has(id));
  }

  getTransfer(id: string): Promise<{ transfer: Transfer; pending: PendingStatus | undefined } | undefined> {
    return store.findTransfer(this.db, id);
  }

  listAccountTransfers(accountId: string, page: { limit: number; startingAfter?: string; endingBefore?: string }): Promise<store.TransferPage | 'cursor_not_found'> {
    return store.listAccountTransfers(this.db, accountId, page);
  }

  /** Every transfer, newest first (the console's recent transfers). */
  listTransfers(page: { limit: number; startingAfter?: string; endingBefore?: string }): Promise<store.TransferPage | 'cursor_not_found'> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= MAX_LIST_LIMIT, `a page holds 1 to ${MAX_LIST_LIMIT} transfers`);
    return store.listTransfers(this.db, page);
  }

  /** Accounts, newest first, optionally of one chart-of-accounts code. */
  listAccounts(filter: { code?: number }, limit: number, cursor: PageCursor = {}): Promise<{ accounts: Account[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_LIST_LIMIT, `a page holds 1 to ${MAX_LIST_LIMIT} accounts`);
    return store.listAccounts(this.db, filter, limit, cursor);
  }

  /**
   * The transfers other modules tagged with `metadata[key] = value` (a
   * payment's transfers carry `payment_intent`), oldest first, at most
   * MAX_TAGGED_TRANSFERS, each hold with its state. Only the key
   * `payment_intent` is indexed.
   */
  transfersTagged(key: string, value: string): Promise<Array<{ transfer: Transfer; pending: PendingStatus | undefined }>> {
    assert(store.METADATA_KEY_PATTERN.test(key), `metadata key ${JSON.stringify(key)} is a lower-case word`);
    return store.findTransfersByMetadata(this.db, key, value, MAX_TAGGED_TRANSFERS);
  }

  /**
   * Creates a batch of transfers in one database transaction and returns one
   * result per transfer, in order. Business failures are results, not errors.
   */
  async createTransfers(requests: readonly TransferRequest[]): Promise<TransferOutcome[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction((tx) => this.createTransfersIn(tx, requests));
      } catch (error) {
        const state = sqlState(error);
        const retryable = state === UNIQUE_VIOLATION || (state !== undefined && RETRYABLE_SQLSTATES.has(state));
        if (!retryable || attempt >= MAX_BATCH_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The same inside a caller's transaction, so that a module can record its own
   * state and the money movement atomically.
   */
  async createTransfersIn(tx: Transaction, requests: readonly TransferRequest[]): Promise<TransferOutcome[]> {
    assert(requests.length <= MAX_TRANSFERS_PER_BATCH, `at most ${MAX_TRANSFERS_PER_BATCH} transfers per batch`);
    if (requests.length === 0) return [];
    const nowMs = this.clock.nowMs();
    const slice = await store.loadSlice(tx, requests);
    const expired = expirePending(slice, nowMs);
    const effects = applyBatch(slice, requests, nowMs);
    const expiredIds = new Set(expired.map((e) => e.id));
    const changedPending = [...expired.filter((e) => !effects.changedPending.some((c) => c.id === e.id)), ...effects.changedPending];
    // Accounts touched only by an expiry were changed in the slice before the batch ran.
    const changedAccounts = expiredIds.size === 0 ? effects.changedAccounts : [...slice.accounts.values()];
    await store.saveChanges(tx, { createdTransfers: effects.createdTransfers, changedPending, failures: effects.failures, changedAccounts });
    this.countResults(effects.results);
    if (expired.length > 0) this.metrics?.pendingExpired(expired.length);
    return requests.map((r, i) => ({ id: r.id, result: effects.results[i] ?? 'linked_event_failed' }));
  }

  /** Expires up to `limit` pending transfers whose timeout has passed; returns how many. */
  async expireDue(limit: number = EXPIRY_SWEEP_LIMIT): Promise<number> {
    const nowMs = this.clock.nowMs();
    const ids = await store.findExpiredPendingIds(this.db, nowMs, limit);
    if (ids.length === 0) return 0;
    const expired = await this.db.transaction(async (tx) => {
      const slice = await store.loadExpiringSlice(tx, ids);
      const statuses = expirePending(slice, nowMs);
      await store.saveChanges(tx, { createdTransfers: [], changedPending: statuses, failures: [], changedAccounts: [...slice.accounts.values()] });
      return statuses.length;
    });
    if (expired > 0) this.metrics?.pendingExpired(expired);
    return expired;
  }

  verify(): Promise<VerifyReport> {
    return verifyLedger(this.db, this.clock.nowMs());
  }

  private countResults(results: readonly TransferResult[]): void {
    if (this.metrics === undefined) return;
    const counts = new Map<TransferResult, number>();
    for (const r of results) counts.set(r, (counts.get(r) ?? 0) + 1);
    for (const [result, count] of counts) this.metrics.transfersProcessed(result, count);
  }
}

/** An account with both limits could never move money; TigerBeetle refuses it the same way. */
function validateAccount(account: Account): 'flags_are_mutually_exclusive' | 'ledger_must_be_a_currency' | 'code_out_of_range' | undefined {
  if (account.flags.debitsMustNotExceedCredits && account.flags.creditsMustNotExceedDebits) return 'flags_are_mutually_exclusive';
  if (findCurrency(account.ledger)?.code !== account.ledger) return 'ledger_must_be_a_currency';
  if (!Number.isInteger(account.code) || account.code < 1 || account.code > 65_535) return 'code_out_of_range';
  return undefined;
}

function compareAccounts(wanted: Account, existing: Account): CreateAccountResult {
  if (wanted.ledger !== existing.ledger) return { result: 'exists_with_different_ledger', account: existing };
  if (wanted.code !== existing.code) return { result: 'exists_with_different_code', account: existing };
  const a = wanted.flags;
  const b = existing.flags;
  if (a.debitsMustNotExceedCredits !== b.debitsMustNotExceedCredits || a.creditsMustNotExceedDebits !== b.creditsMustNotExceedDebits) {
    return { result: 'exists_with_different_flags', account: existing };
  }
  if (stableJson(wanted.metadata) !== stableJson(existing.metadata)) return { result: 'exists_with_different_metadata', account: existing };
  return { result: 'ok', account: existing, created: false };
}
