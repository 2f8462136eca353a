import type { Queryable, Transaction } from '../db/database.ts';
import { CHART_OF_ACCOUNTS, NO_TRANSFER_FLAGS, TRANSFER_CODES, type Ledger, type TransferRequest, type TransferResult } from '../ledger/index.ts';

/**
 * How payments move money, as ledger transfers with ids derived from the
 * payment's own ids, so that a retried step can never move money twice:
 *
 * - authorize: a hold (pending transfer) from the payer's source to the
 *   merchant's pending balance: the customer's wallet, a prepaid card's
 *   balance, or the card clearing account (what the acquirer owes the platform
 *   for card payments);
 * - capture: post the hold (in part, releasing the rest) and, in the same
 *   linked batch, move the fee from the merchant's pending balance to the
 *   platform's fee revenue;
 * - cancel or expiry: void the hold;
 * - refund: from the merchant's pending balance back to the source, and the fee
 *   back to the merchant when its plan says so.
 */
export interface PlatformAccounts {
  fees: string;
  /** What the card acquirer owes the platform for card payments. */
  cardClearing: string;
  /** What the banks owe the platform for online banking payments. */
  bankClearing: string;
}

export function platformAccountIds(currency: string): PlatformAccounts {
  return { fees: `platform:${currency}:fees`, cardClearing: `platform:${currency}:card_clearing`, bankClearing: `platform:${currency}:bank_clearing` };
}

const PLATFORM_ACCOUNTS: { key: keyof PlatformAccounts; code: number; purpose: string }[] = [
  { key: 'fees', code: CHART_OF_ACCOUNTS.feeRevenue, purpose: 'fee revenue' },
  { key: 'cardClearing', code: CHART_OF_ACCOUNTS.processorReceivables, purpose: 'card clearing' },
  { key: 'bankClearing', code: CHART_OF_ACCOUNTS.processorReceivables, purpose: 'bank clearing' },
];

/**
 * Per ledger (per database), the currencies whose platform accounts were seen
 * committed: accounts are never deleted, so they need no further check.
 */
const platformAccountsSeen = new WeakMap<Ledger, Set<string>>();

/** The platform's own accounts in a currency, each created on first use with a deterministic id. */
export async function openPlatformAccounts(ledger: Ledger, tx: Queryable, currency: string): Promise<PlatformAccounts> {
  const ids = platformAccountIds(currency);
  const seen = platformAccountsSeen.get(ledger) ?? new Set<string>();
  platformAccountsSeen.set(ledger, seen);
  if (seen.has(currency)) return ids;
  const found = await ledger.getAccountsIn(tx, PLATFORM_ACCOUNTS.map((a) => ids[a.key]));
  if (found.size === PLATFORM_ACCOUNTS.length) {
    seen.add(currency);
    return ids;
  }
  for (const account of PLATFORM_ACCOUNTS.filter((a) => !found.has(ids[a.key]))) {
    const created = await ledger.createAccountIn(tx, { id: ids[account.key], ledger: currency, code: account.code, metadata: { purpose: account.purpose } });
    if (created.result !== 'ok') throw new Error(`platform account ${ids[account.key]} conflicts with an existing account: ${created.result}`);
  }
  return ids;
}

function transfer(id: string, debit: string, credit: string, amountMinor: bigint, currency: string, code: number, metadata: Record<string, string>, flags: Partial<TransferRequest['flags']> = {}): TransferRequest {
  return { id, debitAccountId: debit, creditAccountId: credit, amountMinor, ledger: currency, code, flags: { ...NO_TRANSFER_FLAGS, ...flags }, timeoutSeconds: 0, metadata };
}

/** The id of an intent's hold for one attempt: agreements record it to count what the charge really took. */
export function holdTransferId(intentId: string, attempt: number): string {
  return `${intentId}:hold:${attempt}`;
}

export function holdTransfer(p: { intentId: string; attempt: number; source: string; merchantPending: string; amountMinor: bigint; currency: string; timeoutSeconds: number; description: string }): TransferRequest {
  return {
    ...transfer(holdTransferId(p.intentId, p.attempt), p.source, p.merchantPending, p.amountMinor, p.currency, TRANSFER_CODES.payment, { payment_intent: p.intentId, description: p.description }, { pending: true }),
    timeoutSeconds: p.timeoutSeconds,
  };
}

/** Another merchant's share of a captured payment (a charging station's site host), moved from the payee's pending balance to theirs. */
export interface CaptureSplit {
  /** Names the transfer: `<intent>:split:<key>`. */
  key: string;
  destination: string;
  amountMinor: bigint;
  description: string;
}

/**
 * Posts the hold (in part, releasing the rest), the fee, and any splits in one
 * linked batch: either all of them happen or none does.
 */
export function captureTransfers(p: { intentId: string; holdTransferId: string; amountMinor: bigint; feeMinor: bigint; merchantPending: string; feeAccount: string; currency: string; splits?: readonly CaptureSplit[] }): TransferRequest[] {
  const post: TransferRequest = { id: `${p.intentId}:capture`, pendingId: p.holdTransferId, amountMinor: p.amountMinor, flags: { ...NO_TRANSFER_FLAGS, postPending: true }, timeoutSeconds: 0, metadata: { payment_intent: p.intentId } };
  const fee = p.feeMinor === 0n ? [] : [transfer(`${p.intentId}:fee`, p.merchantPending, p.feeAccount, p.feeMinor, p.currency, TRANSFER_CODES.fee, { payment_intent: p.intentId })];
  const splits = (p.splits ?? [])
    .filter((s) => s.amountMinor > 0n)
    .map((s) => transfer(`${p.intentId}:split:${s.key}`, p.merchantPending, s.destination, s.amountMinor, p.currency, TRANSFER_CODES.revenueShare, { payment_intent: p.intentId, description: s.description }));
  return linkedChain([post, ...fee, ...splits]);
}

/** Marks every transfer but the last as linked to the next, so the ledger applies the batch all or nothing. */
function linkedChain(transfers: TransferRequest[]): TransferRequest[] {
  return transfers.map((t, i) => ({ ...t, flags: { ...t.flags, linked: i < transfers.length - 1 } }));
}

export function voidTransfer(intentId: string, holdTransferId: string): TransferRequest {
  return { id: `${holdTransferId}:void`, pendingId: holdTransferId, flags: { ...NO_TRANSFER_FLAGS, voidPending: true }, timeoutSeconds: 0, metadata: { payment_intent: intentId } };
}

export function refundTransfers(p: { refundId: string; intentId: string; amountMinor: bigint; feeReturnedMinor: bigint; merchantPending: string; destination: string; feeAccount: string; currency: string }): TransferRequest[] {
  const back = transfer(`${p.refundId}:refund`, p.merchantPending, p.destination, p.amountMinor, p.currency, TRANSFER_CODES.refund, { payment_intent: p.intentId, refund: p.refundId }, { linked: p.feeReturnedMinor > 0n });
  if (p.feeReturnedMinor === 0n) return [back];
  return [back, transfer(`${p.refundId}:fee_return`, p.feeAccount, p.merchantPending, p.feeReturnedMinor, p.currency, TRANSFER_CODES.fee, { payment_intent: p.intentId, refund: p.refundId })];
}

/** Runs transfers that the payment's own state says must succeed; anything else is a bug and fails the request loudly. */
export async function mustApply(ledger: Ledger, tx: Transaction, transfers: TransferRequest[]): Promise<void> {
  const results = await ledger.createTransfersIn(tx, transfers);
  const failed = results.filter((r) => r.result !== 'ok');
  if (failed.length > 0) throw new Error(`ledger refused payment transfers: ${failed.map((f) => `${f.id}=${f.result}`).join(', ')}`);
}

/** The one transfer whose failure is a business outcome (a wallet without enough money). */
export async function tryApply(ledger: Ledger, tx: Transaction, request: TransferRequest): Promise<TransferResult> {
  const [result] = await ledger.createTransfersIn(tx, [request]);
  return result?.result ?? 'linked_event_failed';
}
