/** The ledger module's public surface: everything other modules may use. */
export { Ledger, EXPIRY_SWEEP_LIMIT, MAX_DEBITED_LOOKUP, MAX_LIST_LIMIT, MAX_TAGGED_TRANSFERS, type LedgerMetrics, type NewAccount } from './ledger.ts';
export { CHART_OF_ACCOUNTS, TRANSFER_CODES, type ChartOfAccountsCode, type TransferCode } from './chart-of-accounts.ts';
export type { VerifyReport, LedgerTotals, BalanceMismatch } from './verify.ts';
export type { TransferPage } from './store.ts';
export { netEffects, type NetEffect } from './net.ts';
export {
  TRANSFER_RESULTS,
  TRANSIENT_FAILURES,
  MAX_TRANSFERS_PER_BATCH,
  MAX_TIMEOUT_SECONDS,
  MAX_BALANCE_MINOR,
  NO_TRANSFER_FLAGS,
  type Account,
  type AccountFlags,
  type CreateAccountResult,
  type Metadata,
  type PendingState,
  type PendingStatus,
  type Transfer,
  type TransferFlags,
  type TransferOutcome,
  type TransferRequest,
  type TransferResult,
} from './types.ts';
