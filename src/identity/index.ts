/** The identity module's public surface: API keys now; merchants' keys, consumers and console users later. */
export { ApiKeys, hashApiKey, type ApiKeyPrincipal, type ApiKeyRole, type MerchantKeys } from './api-keys.ts';
