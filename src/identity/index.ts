/** The identity module's public surface: API keys, phone sign-in with one-time codes, account protection, consumer sessions. */
export { ApiKeys, hashApiKey, type ApiKeyPrincipal, type ApiKeyRole, type MerchantKeys } from './api-keys.ts';
export { OneTimeCodes, Sessions, OTP_MAX_ATTEMPTS, OTP_TTL_MS, type OtpRequestResult, type OtpVerifyResult } from './otp.ts';
export {
  AccountProtection,
  MAX_DEVICE_ID_CHARS,
  MAX_SIGN_INS_PER_PAGE,
  SIGN_IN_FAILURE_WINDOW_MS,
  SIGN_IN_LOCK_MS,
  SIGN_IN_MAX_FAILURES,
  SIGN_IN_OUTCOMES,
  deviceKeyHash,
  networkOf,
  signInDeviceOf,
  type GuardedOtpRequestResult,
  type GuardedVerifyResult,
  type SignIn,
  type SignInDevice,
  type SignInLocked,
  type SignInOutcome,
} from './account-protection.ts';
export { normalizePhone } from './phone.ts';
