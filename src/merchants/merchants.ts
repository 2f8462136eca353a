import { strict as assert } from 'node:assert';
import type { Database, Queryable } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { ApiKeys, MerchantKeys } from '../identity/index.ts';
import { CHART_OF_ACCOUNTS, type Ledger } from '../ledger/index.ts';
import { findCurrency } from '../money/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import * as store from './store.ts';
import {
  DEFAULT_CURRENCY,
  DEFAULT_FEE_PLAN,
  MAX_FIXED_FEE_MINOR,
  type CreateMerchantFailure,
  type Merchant,
  type MerchantBalance,
  type MerchantBalanceAccounts,
  type MerchantUpdate,
  type NewMerchant,
  type UpdateMerchantFailure,
} from './types.ts';

/**
 * Merchants: who sells through Paygrid, at what price, and the ledger accounts
 * that hold what the platform owes them.
 */
export class Merchants {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ledger: Ledger,
    private readonly apiKeys: ApiKeys,
  ) {}

  /** Creates the merchant, its balance accounts in its default currency and its keys, atomically. */
  async create(input: NewMerchant): Promise<{ merchant: Merchant; keys: MerchantKeys } | { failure: CreateMerchantFailure }> {
    const merchant: Merchant = {
      id: newId('mch', this.clock.nowMs()),
      name: input.name,
      category: input.category ?? 'retail',
      feePlan: { ...DEFAULT_FEE_PLAN, ...input.feePlan },
      defaultCurrency: (input.defaultCurrency ?? DEFAULT_CURRENCY).toUpperCase(),
      metadata: input.metadata ?? {},
      createdAtMs: this.clock.nowMs(),
    };
    const failure = validate(merchant);
    if (failure !== undefined) return { failure };
    const keys = await this.db.transaction(async (tx) => {
      await store.insertMerchant(tx, merchant);
      await this.openBalanceAccounts(tx, merchant.id, merchant.defaultCurrency);
      return this.apiKeys.createMerchantKeys(tx, merchant.id);
    });
    return { merchant, keys };
  }

  /**
   * Changes the merchant's name and fee plan (fields left out stay). A new plan
   * applies to captures from now on: a payment's fee is worked out when it is
   * captured, and refunds return fees in proportion to what each payment paid.
   */
  async update(id: string, update: MerchantUpdate): Promise<{ merchant: Merchant } | { failure: UpdateMerchantFailure }> {
    return this.db.transaction(async (tx) => {
      const current = await store.lockMerchant(tx, id);
      if (current === undefined) return { failure: 'merchant_not_found' as const };
      const merchant: Merchant = { ...current, name: update.name ?? current.name, feePlan: { ...current.feePlan, ...update.feePlan } };
      const failure = validate(merchant);
      if (failure === 'unknown_currency') throw new Error(`merchant ${id} has an unknown default currency ${merchant.defaultCurrency}`);
      if (failure !== undefined) return { failure };
      await store.updateMerchant(tx, merchant);
      return { merchant };
    });
  }

  /** Display names by merchant id, for lists that show whom a consumer deals with (ids that name no merchant are left out). */
  namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return store.findNames(this.db, ids);
  }

  get(id: string): Promise<Merchant | undefined> {
    return store.findMerchant(this.db, id);
  }

  list(limit: number, cursor: PageCursor = {}): Promise<{ merchants: Merchant[]; hasMore: boolean }> {
    return store.listMerchants(this.db, limit, cursor);
  }

  /**
   * The merchant's pending and available accounts in a currency, created on
   * first use (inside the caller's transaction, with deterministic ids, so that
   * concurrent first payments in a new currency agree on them).
   */
  async openBalanceAccounts(tx: Queryable, merchantId: string, currency: string): Promise<MerchantBalanceAccounts> {
    // Every payment asks; nearly always they exist already, and one read answers.
    const existing = await store.findBalanceAccountsIn(tx, merchantId, currency);
    if (existing !== undefined) return existing;
    const accounts: MerchantBalanceAccounts = {
      merchantId,
      currency,
      pendingAccountId: `${merchantId}:${currency}:pending`,
      availableAccountId: `${merchantId}:${currency}:available`,
    };
    const pending = await this.ledger.createAccountIn(tx, { id: accounts.pendingAccountId, ledger: currency, code: CHART_OF_ACCOUNTS.merchantPendingPayables, metadata: { merchant: merchantId } });
    // Payouts leave from the available account, which can never pay out more than it holds.
    const available = await this.ledger.createAccountIn(tx, {
      id: accounts.availableAccountId,
      ledger: currency,
      code: CHART_OF_ACCOUNTS.merchantAvailablePayables,
      flags: { debitsMustNotExceedCredits: true },
      metadata: { merchant: merchantId },
    });
    assert(pending.result === 'ok' && available.result === 'ok', `merchant balance accounts for ${merchantId} ${currency} conflict with existing accounts`);
    await store.insertBalanceAccounts(tx, accounts);
    return accounts;
  }

  /** Pending and available balances per currency, from the ledger (Stripe's GET /v1/balance). */
  async balance(merchantId: string): Promise<MerchantBalance[]> {
    const accountPairs = await store.findBalanceAccounts(this.db, merchantId);
    const accounts = await this.ledger.getAccounts(accountPairs.flatMap((a) => [a.pendingAccountId, a.availableAccountId]));
    return accountPairs.map((pair) => ({
      currency: pair.currency,
      pendingMinor: netCredit(accounts.get(pair.pendingAccountId)),
      availableMinor: netCredit(accounts.get(pair.availableAccountId)),
    }));
  }
}

/** A liability's balance: what it was credited less what it was debited (holds count against it). */
function netCredit(account: { creditsPostedMinor: bigint; debitsPostedMinor: bigint; debitsPendingMinor: bigint } | undefined): bigint {
  if (account === undefined) return 0n;
  return account.creditsPostedMinor - account.debitsPostedMinor - account.debitsPendingMinor;
}

function validate(merchant: Merchant): CreateMerchantFailure | undefined {
  if (findCurrency(merchant.defaultCurrency)?.code !== merchant.defaultCurrency) return 'unknown_currency';
  const { percentBps, fixedMinor } = merchant.feePlan;
  if (!Number.isInteger(percentBps) || percentBps < 0 || percentBps > 10_000) return 'fee_percent_out_of_range';
  if (fixedMinor < 0n || fixedMinor > MAX_FIXED_FEE_MINOR) return 'fee_fixed_out_of_range';
  return undefined;
}
