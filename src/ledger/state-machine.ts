import { strict as assert } from 'node:assert';
import {
  MAX_BALANCE_MINOR,
  isTransientFailure,
  type Account,
  type FailedTransfer,
  type PendingStatus,
  type Transfer,
  type TransferRequest,
  type TransferResult,
} from './types.ts';

/**
 * The ledger's rules as a pure state machine over the accounts, transfers and
 * pending statuses that one batch touches. The store loads (and locks) that
 * slice of the database, this module decides every result, and the store
 * writes the effects back in the same transaction. No I/O happens here, which
 * is what lets property tests drive millions of operations.
 */
export interface LedgerSlice {
  accounts: Map<string, Account>;
  /** Existing transfers with the batch's ids, and the pending transfers it refers to. */
  transfers: Map<string, Transfer>;
  pending: Map<string, PendingStatus>;
  failed: Map<string, FailedTransfer>;
}

export interface BatchEffects {
  results: TransferResult[];
  createdTransfers: Transfer[];
  changedPending: PendingStatus[];
  failures: FailedTransfer[];
  changedAccounts: Account[];
}

/** Undo log for linked chains: every write to the slice is recorded so a failing chain leaves no trace. */
class Journal {
  private readonly undo: Array<() => void> = [];
  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (map.has(key)) {
      const previous = map.get(key) as V;
      this.undo.push(() => map.set(key, previous));
    } else {
      this.undo.push(() => map.delete(key));
    }
    map.set(key, value);
  }
  mark(): number {
    return this.undo.length;
  }
  rollback(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()?.();
  }
}

interface BatchState {
  slice: LedgerSlice;
  journal: Journal;
  created: Map<string, Transfer>;
  changedPending: Map<string, PendingStatus>;
  failures: FailedTransfer[];
  nowMs: number;
}

export function applyBatch(slice: LedgerSlice, requests: readonly TransferRequest[], nowMs: number): BatchEffects {
  const initialAccounts = new Map(slice.accounts);
  const state: BatchState = { slice, journal: new Journal(), created: new Map(), changedPending: new Map(), failures: [], nowMs };
  const results: TransferResult[] = new Array<TransferResult>(requests.length);
  let start = 0;
  while (start < requests.length) {
    const end = chainEnd(requests, start);
    applyChain(state, requests, start, end, results);
    start = end + 1;
  }
  const changedAccounts = [...slice.accounts.values()].filter((a) => initialAccounts.get(a.id) !== a);
  return { results, createdTransfers: [...state.created.values()], changedPending: [...state.changedPending.values()], failures: state.failures, changedAccounts };
}

/** A chain runs from `start` through the first transfer without the linked flag (or the batch's end). */
function chainEnd(requests: readonly TransferRequest[], start: number): number {
  let end = start;
  while (end < requests.length - 1 && requests[end]?.flags.linked === true) end += 1;
  return end;
}

function applyChain(state: BatchState, requests: readonly TransferRequest[], start: number, end: number, results: TransferResult[]): void {
  const last = requests[end];
  assert(last !== undefined);
  if (last.flags.linked) {
    // The batch ended inside a chain: nothing in it may apply.
    for (let i = start; i < end; i += 1) results[i] = 'linked_event_failed';
    results[end] = 'linked_event_chain_open';
    return;
  }
  const mark = state.journal.mark();
  for (let i = start; i <= end; i += 1) {
    const request = requests[i];
    assert(request !== undefined);
    const result = applyTransfer(state, request);
    if (result !== 'ok') {
      state.journal.rollback(mark);
      for (let k = start; k <= end; k += 1) results[k] = k === i ? result : 'linked_event_failed';
      return;
    }
    results[i] = 'ok';
  }
}

function applyTransfer(state: BatchState, request: TransferRequest): TransferResult {
  const invalid = validate(request);
  if (invalid !== 'ok') return invalid;
  const existing = state.slice.transfers.get(request.id);
  if (existing !== undefined) return compareWithExisting(request, existing);
  const failed = state.slice.failed.get(request.id);
  if (failed !== undefined) return compareRequests(request, failed.request) ?? failed.result;
  const result = request.flags.postPending || request.flags.voidPending ? applyPosting(state, request) : applySinglePhase(state, request);
  if (isTransientFailure(result)) {
    const failure = { request, result, createdAtMs: state.nowMs };
    state.slice.failed.set(request.id, failure);
    state.failures.push(failure);
  }
  return result;
}

/** Checks that need nothing but the request itself. */
export function validate(request: TransferRequest): TransferResult {
  const { flags } = request;
  const phaseFlags = [flags.pending, flags.postPending, flags.voidPending].filter(Boolean).length;
  if (phaseFlags > 1) return 'flags_are_mutually_exclusive';
  if (request.amountMinor !== undefined && request.amountMinor <= 0n) return 'amount_must_not_be_zero';
  if (
    request.debitAccountId !== undefined &&
    request.creditAccountId !== undefined &&
    request.debitAccountId === request.creditAccountId
  ) {
    return 'accounts_must_be_different';
  }
  if (flags.postPending || flags.voidPending) {
    if (request.pendingId === undefined) return 'pending_id_required';
    if (request.pendingId === request.id) return 'pending_id_must_be_different';
    if (request.timeoutSeconds !== 0) return 'timeout_reserved_for_pending_transfer';
    return 'ok';
  }
  if (request.pendingId !== undefined) return 'pending_id_must_be_empty';
  if (request.debitAccountId === undefined) return 'debit_account_id_required';
  if (request.creditAccountId === undefined) return 'credit_account_id_required';
  if (request.amountMinor === undefined) return 'amount_required';
  if (request.ledger === undefined) return 'ledger_required';
  if (request.code === undefined) return 'code_required';
  if (request.timeoutSeconds !== 0 && !flags.pending) return 'timeout_reserved_for_pending_transfer';
  return 'ok';
}

function applySinglePhase(state: BatchState, request: TransferRequest): TransferResult {
  const { accounts } = state.slice;
  const amount = request.amountMinor;
  assert(amount !== undefined && request.debitAccountId !== undefined && request.creditAccountId !== undefined);
  const debit = accounts.get(request.debitAccountId);
  if (debit === undefined) return 'debit_account_not_found';
  const credit = accounts.get(request.creditAccountId);
  if (credit === undefined) return 'credit_account_not_found';
  if (debit.ledger !== credit.ledger) return 'accounts_must_have_the_same_ledger';
  if (request.ledger !== debit.ledger) return 'transfer_must_have_the_same_ledger_as_accounts';
  const limit = checkLimits(debit, credit, amount, request.flags.pending);
  if (limit !== 'ok') return limit;

  const pending = request.flags.pending;
  setAccount(state, debit, pending ? { debitsPendingMinor: debit.debitsPendingMinor + amount } : { debitsPostedMinor: debit.debitsPostedMinor + amount });
  setAccount(state, credit, pending ? { creditsPendingMinor: credit.creditsPendingMinor + amount } : { creditsPostedMinor: credit.creditsPostedMinor + amount });
  const transfer = record(state, request, { debitAccountId: debit.id, creditAccountId: credit.id, amountMinor: amount, pendingId: null, ledger: debit.ledger });
  if (pending) {
    const expiresAtMs = request.timeoutSeconds === 0 ? null : state.nowMs + request.timeoutSeconds * 1000;
    setPending(state, { id: transfer.id, state: 'pending', expiresAtMs, resolvedBy: null, resolvedAtMs: null });
  }
  return 'ok';
}

/** Overflow and balance-limit checks, in TigerBeetle's order. */
function checkLimits(debit: Account, credit: Account, amount: bigint, pending: boolean): TransferResult {
  if (pending && debit.debitsPendingMinor + amount > MAX_BALANCE_MINOR) return 'overflows_debits_pending';
  if (pending && credit.creditsPendingMinor + amount > MAX_BALANCE_MINOR) return 'overflows_credits_pending';
  if (!pending && debit.debitsPostedMinor + amount > MAX_BALANCE_MINOR) return 'overflows_debits_posted';
  if (!pending && credit.creditsPostedMinor + amount > MAX_BALANCE_MINOR) return 'overflows_credits_posted';
  if (debit.debitsPendingMinor + debit.debitsPostedMinor + amount > MAX_BALANCE_MINOR) return 'overflows_debits';
  if (credit.creditsPendingMinor + credit.creditsPostedMinor + amount > MAX_BALANCE_MINOR) return 'overflows_credits';
  if (debit.flags.debitsMustNotExceedCredits && debit.debitsPendingMinor + debit.debitsPostedMinor + amount > debit.creditsPostedMinor) {
    return 'exceeds_credits';
  }
  if (credit.flags.creditsMustNotExceedDebits && credit.creditsPendingMinor + credit.creditsPostedMinor + amount > credit.debitsPostedMinor) {
    return 'exceeds_debits';
  }
  return 'ok';
}

/** Posting (in full or in part) or voiding a pending transfer. */
function applyPosting(state: BatchState, request: TransferRequest): TransferResult {
  assert(request.pendingId !== undefined);
  const pendingTransfer = state.slice.transfers.get(request.pendingId);
  if (pendingTransfer === undefined) return 'pending_transfer_not_found';
  if (!pendingTransfer.flags.pending) return 'pending_transfer_not_pending';
  const mismatch = compareWithPending(request, pendingTransfer);
  if (mismatch !== 'ok') return mismatch;
  const status = state.slice.pending.get(pendingTransfer.id);
  assert(status !== undefined, `pending transfer ${pendingTransfer.id} has no status`);
  const unavailable = pendingUnavailable(status, state.nowMs);
  if (unavailable !== 'ok') return unavailable;

  const held = pendingTransfer.amountMinor;
  const posted = request.flags.postPending ? (request.amountMinor ?? held) : 0n;
  const debit = state.slice.accounts.get(pendingTransfer.debitAccountId);
  const credit = state.slice.accounts.get(pendingTransfer.creditAccountId);
  assert(debit !== undefined && credit !== undefined, 'accounts of a pending transfer are locked with it');
  if (debit.debitsPostedMinor + posted > MAX_BALANCE_MINOR) return 'overflows_debits_posted';
  if (credit.creditsPostedMinor + posted > MAX_BALANCE_MINOR) return 'overflows_credits_posted';

  setAccount(state, debit, { debitsPendingMinor: debit.debitsPendingMinor - held, debitsPostedMinor: debit.debitsPostedMinor + posted });
  setAccount(state, credit, { creditsPendingMinor: credit.creditsPendingMinor - held, creditsPostedMinor: credit.creditsPostedMinor + posted });
  // A void records the amount it released, so the transfer log reads on its own.
  record(state, request, {
    debitAccountId: debit.id,
    creditAccountId: credit.id,
    amountMinor: request.flags.postPending ? posted : held,
    pendingId: pendingTransfer.id,
    ledger: pendingTransfer.ledger,
    code: request.code ?? pendingTransfer.code,
  });
  setPending(state, { ...status, state: request.flags.postPending ? 'posted' : 'voided', resolvedBy: request.id, resolvedAtMs: state.nowMs });
  return 'ok';
}

function compareWithPending(request: TransferRequest, pending: Transfer): TransferResult {
  if (request.debitAccountId !== undefined && request.debitAccountId !== pending.debitAccountId) return 'pending_transfer_has_different_debit_account_id';
  if (request.creditAccountId !== undefined && request.creditAccountId !== pending.creditAccountId) return 'pending_transfer_has_different_credit_account_id';
  if (request.ledger !== undefined && request.ledger !== pending.ledger) return 'pending_transfer_has_different_ledger';
  if (request.code !== undefined && request.code !== pending.code) return 'pending_transfer_has_different_code';
  if (request.amountMinor !== undefined && request.amountMinor > pending.amountMinor) return 'exceeds_pending_transfer_amount';
  if (request.flags.voidPending && request.amountMinor !== undefined && request.amountMinor !== pending.amountMinor) {
    return 'pending_transfer_has_different_amount';
  }
  return 'ok';
}

function pendingUnavailable(status: PendingStatus, nowMs: number): TransferResult {
  switch (status.state) {
    case 'pending':
      return isExpired(status, nowMs) ? 'pending_transfer_expired' : 'ok';
    case 'posted':
      return 'pending_transfer_already_posted';
    case 'voided':
      return 'pending_transfer_already_voided';
    case 'expired':
      return 'pending_transfer_expired';
    default: {
      const unknown: never = status.state;
      throw new Error(`unknown pending state ${String(unknown)}`);
    }
  }
}

export function isExpired(status: PendingStatus, nowMs: number): boolean {
  return status.state === 'pending' && status.expiresAtMs !== null && status.expiresAtMs <= nowMs;
}

/**
 * Releases holds whose timeout has passed. The system does this, not a client,
 * so it is applied before the batch and never undone by a failing chain.
 */
export function expirePending(slice: LedgerSlice, nowMs: number): PendingStatus[] {
  const expired: PendingStatus[] = [];
  for (const status of slice.pending.values()) {
    if (!isExpired(status, nowMs)) continue;
    const transfer = slice.transfers.get(status.id);
    assert(transfer !== undefined, `pending status ${status.id} without its transfer`);
    const debit = slice.accounts.get(transfer.debitAccountId);
    const credit = slice.accounts.get(transfer.creditAccountId);
    assert(debit !== undefined && credit !== undefined, 'accounts of an expiring transfer are locked with it');
    slice.accounts.set(debit.id, { ...debit, debitsPendingMinor: debit.debitsPendingMinor - transfer.amountMinor });
    slice.accounts.set(credit.id, { ...credit, creditsPendingMinor: credit.creditsPendingMinor - transfer.amountMinor });
    const next: PendingStatus = { ...status, state: 'expired', resolvedAtMs: nowMs };
    slice.pending.set(status.id, next);
    expired.push(next);
  }
  return expired;
}

function setAccount(state: BatchState, account: Account, change: Partial<Account>): void {
  const next = { ...account, ...change };
  assert(next.debitsPendingMinor >= 0n && next.creditsPendingMinor >= 0n, 'pending balances never go negative');
  state.journal.set(state.slice.accounts, account.id, next);
}

function setPending(state: BatchState, status: PendingStatus): void {
  state.journal.set(state.slice.pending, status.id, status);
  state.journal.set(state.changedPending, status.id, status);
}

type Resolved = Pick<Transfer, 'debitAccountId' | 'creditAccountId' | 'amountMinor' | 'pendingId' | 'ledger'> & { code?: number };

function record(state: BatchState, request: TransferRequest, resolved: Resolved): Transfer {
  const code = resolved.code ?? request.code;
  assert(code !== undefined);
  const transfer: Transfer = {
    id: request.id,
    ...resolved,
    code,
    flags: request.flags,
    timeoutSeconds: request.timeoutSeconds,
    metadata: request.metadata,
    createdAtMs: state.nowMs,
  };
  state.journal.set(state.slice.transfers, transfer.id, transfer);
  state.journal.set(state.created, transfer.id, transfer);
  return transfer;
}

/**
 * A repeat of a committed transfer: identical fields answer `ok` (the original
 * result); any difference is named. Fields a post or void left to the pending
 * transfer match whatever the original resolved them to.
 */
function compareWithExisting(request: TransferRequest, existing: Transfer): TransferResult {
  const asRequest: TransferRequest = { ...existing, pendingId: existing.pendingId ?? undefined };
  const lenient: TransferRequest = {
    ...request,
    debitAccountId: request.debitAccountId ?? asRequest.debitAccountId,
    creditAccountId: request.creditAccountId ?? asRequest.creditAccountId,
    amountMinor: request.amountMinor ?? asRequest.amountMinor,
    ledger: request.ledger ?? asRequest.ledger,
    code: request.code ?? asRequest.code,
  };
  return compareRequests(lenient, asRequest) ?? 'ok';
}

/** The first field in which two requests for one id differ, in TigerBeetle's order; undefined when none. */
export function compareRequests(request: TransferRequest, original: TransferRequest): TransferResult | undefined {
  const a = request.flags;
  const b = original.flags;
  if (a.linked !== b.linked || a.pending !== b.pending || a.postPending !== b.postPending || a.voidPending !== b.voidPending) {
    return 'exists_with_different_flags';
  }
  if (request.pendingId !== original.pendingId) return 'exists_with_different_pending_id';
  if (request.timeoutSeconds !== original.timeoutSeconds) return 'exists_with_different_timeout';
  if (request.debitAccountId !== original.debitAccountId) return 'exists_with_different_debit_account_id';
  if (request.creditAccountId !== original.creditAccountId) return 'exists_with_different_credit_account_id';
  if (request.amountMinor !== original.amountMinor) return 'exists_with_different_amount';
  if (request.ledger !== original.ledger) return 'exists_with_different_ledger';
  if (request.code !== original.code) return 'exists_with_different_code';
  if (stableJson(request.metadata) !== stableJson(original.metadata)) return 'exists_with_different_metadata';
  return undefined;
}

/** JSON with object keys sorted, so that equal metadata compares equal however it was written. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
