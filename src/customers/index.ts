/** The customers module's public surface: consumers, wallets, payment passwords and limits. */
export { Customers, type PaymentPasswordAttempt, type WalletTransferRequest } from './customers.ts';
export { PaymentCodes, PAYMENT_CODE_TTL_MS, type PaymentCodeSpend } from './payment-codes.ts';
export { Agreements, type Agreement, type AgreementSpend, type CreateAgreementResult } from './agreements.ts';
export {
  CUSTOMER_STATUSES,
  MAX_CUSTOMERS_PER_PAGE,
  MAX_PASSWORD_FAILURES,
  PASSWORD_LOCK_MS,
  type Customer,
  type CustomerSearch,
  type CustomerStatus,
  type PasswordCheck,
  type SetPasswordResult,
  type Wallet,
  type WalletBalance,
  type WalletTransferResult,
} from './types.ts';
