/**
 * The ledger's domain types: TigerBeetle's data model (accounts with pending and
 * posted debits and credits; immutable transfers; two-phase pending transfers)
 * with currency codes as ledgers. Amounts are bigint minor units.
 */

export type Metadata = Record<string, unknown>;

export interface AccountFlags {
  /** The account may not be debited beyond its posted credits (a wallet that never goes below zero). */
  debitsMustNotExceedCredits: boolean;
  /** The account may not be credited beyond its posted debits. */
  creditsMustNotExceedDebits: boolean;
}

export interface Balances {
  debitsPendingMinor: bigint;
  debitsPostedMinor: bigint;
  creditsPendingMinor: bigint;
  creditsPostedMinor: bigint;
}

export interface Account extends Balances {
  id: string;
  /** The ISO 4217 currency code of the ledger the account lives on, e.g. `CNY`. */
  ledger: string;
  /** Chart-of-accounts code, 1..65535. */
  code: number;
  flags: AccountFlags;
  metadata: Metadata;
  createdAtMs: number;
}

export interface TransferFlags {
  /** Succeeds or fails together with the next transfer in the batch. */
  linked: boolean;
  /** Reserves the amount (a hold) until posted, voided or expired. */
  pending: boolean;
  postPending: boolean;
  voidPending: boolean;
}

export const NO_TRANSFER_FLAGS: TransferFlags = { linked: false, pending: false, postPending: false, voidPending: false };

/** What a client asks for. Post and void requests may leave accounts, ledger, code and amount to the pending transfer. */
export interface TransferRequest {
  id: string;
  debitAccountId?: string;
  creditAccountId?: string;
  amountMinor?: bigint;
  pendingId?: string;
  ledger?: string;
  code?: number;
  flags: TransferFlags;
  /** Pending transfers only; 0 means the hold never expires by itself. */
  timeoutSeconds: number;
  metadata: Metadata;
}

/** A committed, immutable transfer. */
export interface Transfer {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amountMinor: bigint;
  pendingId: string | null;
  ledger: string;
  code: number;
  flags: TransferFlags;
  timeoutSeconds: number;
  metadata: Metadata;
  createdAtMs: number;
}

export type PendingState = 'pending' | 'posted' | 'voided' | 'expired';

/** The lifecycle of one pending transfer. */
export interface PendingStatus {
  id: string;
  state: PendingState;
  expiresAtMs: number | null;
  /** The post or void transfer that resolved it; null while pending or once expired. */
  resolvedBy: string | null;
  resolvedAtMs: number | null;
}

/** A failure whose cause depends on ledger state; its id stays taken (see the migration). */
export interface FailedTransfer {
  request: TransferRequest;
  result: TransientFailure;
  createdAtMs: number;
}

/**
 * Every result of creating a transfer. Failures are values, named so that they
 * read as sentences, after TigerBeetle's CreateTransferResult.
 */
export const TRANSFER_RESULTS = [
  'ok',
  'linked_event_failed',
  'linked_event_chain_open',
  'flags_are_mutually_exclusive',
  'debit_account_id_required',
  'credit_account_id_required',
  'accounts_must_be_different',
  'amount_required',
  'amount_must_not_be_zero',
  'ledger_required',
  'code_required',
  'pending_id_required',
  'pending_id_must_be_empty',
  'pending_id_must_be_different',
  'timeout_reserved_for_pending_transfer',
  'exists_with_different_flags',
  'exists_with_different_pending_id',
  'exists_with_different_timeout',
  'exists_with_different_debit_account_id',
  'exists_with_different_credit_account_id',
  'exists_with_different_amount',
  'exists_with_different_ledger',
  'exists_with_different_code',
  'exists_with_different_metadata',
  'debit_account_not_found',
  'credit_account_not_found',
  'accounts_must_have_the_same_ledger',
  'transfer_must_have_the_same_ledger_as_accounts',
  'pending_transfer_not_found',
  'pending_transfer_not_pending',
  'pending_transfer_has_different_debit_account_id',
  'pending_transfer_has_different_credit_account_id',
  'pending_transfer_has_different_ledger',
  'pending_transfer_has_different_code',
  'pending_transfer_has_different_amount',
  'exceeds_pending_transfer_amount',
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'pending_transfer_expired',
  'overflows_debits_pending',
  'overflows_credits_pending',
  'overflows_debits_posted',
  'overflows_credits_posted',
  'overflows_debits',
  'overflows_credits',
  'exceeds_credits',
  'exceeds_debits',
] as const;

export type TransferResult = (typeof TRANSFER_RESULTS)[number];

/**
 * Failures that depend on the ledger's state at the time, not on the request
 * alone. Their ids are recorded so that retrying the same id answers the same.
 */
export const TRANSIENT_FAILURES = [
  'debit_account_not_found',
  'credit_account_not_found',
  'pending_transfer_not_found',
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'pending_transfer_expired',
  'overflows_debits_pending',
  'overflows_credits_pending',
  'overflows_debits_posted',
  'overflows_credits_posted',
  'overflows_debits',
  'overflows_credits',
  'exceeds_credits',
  'exceeds_debits',
] as const satisfies readonly TransferResult[];

export type TransientFailure = (typeof TRANSIENT_FAILURES)[number];

const TRANSIENT_SET: ReadonlySet<string> = new Set(TRANSIENT_FAILURES);

export function isTransientFailure(result: TransferResult): result is TransientFailure {
  return TRANSIENT_SET.has(result);
}

export interface TransferOutcome {
  id: string;
  result: TransferResult;
}

/** Results of creating an account that already exists. */
export type CreateAccountResult =
  | { result: 'ok'; account: Account; created: boolean }
  | { result: 'exists_with_different_ledger' | 'exists_with_different_code' | 'exists_with_different_flags' | 'exists_with_different_metadata'; account: Account }
  | { result: 'flags_are_mutually_exclusive' | 'ledger_must_be_a_currency' | 'code_out_of_range' };

/** The largest value a balance column (PostgreSQL bigint) can hold. */
export const MAX_BALANCE_MINOR = 9_223_372_036_854_775_807n;
/** Transfers in one batch: bounded, like everything else (TigerBeetle allows 8,189). */
export const MAX_TRANSFERS_PER_BATCH = 1_000;
/** The longest hold a pending transfer may carry: 90 days. */
export const MAX_TIMEOUT_SECONDS = 90 * 24 * 3600;
