/** The identity module's public surface: API keys, phone sign-in with one-time codes, consumer sessions. */
export { ApiKeys, hashApiKey, type ApiKeyPrincipal, type ApiKeyRole, type MerchantKeys } from './api-keys.ts';
export { OneTimeCodes, Sessions, OTP_MAX_ATTEMPTS, OTP_TTL_MS, type OtpRequestResult, type OtpVerifyResult } from './otp.ts';
export { normalizePhone } from './phone.ts';
