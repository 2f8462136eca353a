/** The merchants module's public surface. */
export { Merchants } from './merchants.ts';
export {
  DEFAULT_CURRENCY,
  DEFAULT_FEE_PLAN,
  MAX_FIXED_FEE_MINOR,
  MERCHANT_CATEGORIES,
  type CreateMerchantFailure,
  type FeePlan,
  type Merchant,
  type MerchantBalance,
  type MerchantBalanceAccounts,
  type MerchantCategory,
  type MerchantUpdate,
  type NewMerchant,
  type UpdateMerchantFailure,
  type RefundFeePolicy,
} from './types.ts';
