/**
 * The vault's public surface: card numbers sealed at rest, keyed fingerprints, card data
 * checks, and a sealer for other secrets. Other modules import from here only.
 */
export {
  CARD_BRANDS,
  CARD_VALIDATION_FAILURES,
  MAX_CARD_NUMBER_DIGITS,
  MAX_CARD_NUMBER_INPUT_CHARS,
  MAX_EXPIRY_YEARS_AHEAD,
  MIN_CARD_NUMBER_DIGITS,
  cardBrand,
  checkExpiry,
  cvcFormatValid,
  expiryPassed,
  last4,
  luhnValid,
  normalizeCardNumber,
  redactPan,
  type CardBrand,
  type CardValidationFailure,
} from './card-number.ts';
export { CardCredentials, validateCard, type CardDisplay, type CardInput, type ValidCard } from './card-credentials.ts';
export {
  CardVault,
  MAX_CARDS_PER_FINGERPRINT_LOOKUP,
  RESEAL_BATCH_LIMIT,
  type CardCredentialsResult,
  type StoreCardResult,
  type StoredCard,
} from './card-vault.ts';
export {
  MAX_FINGERPRINT_KEY_BYTES,
  MAX_VAULT_KEY_VERSION,
  MAX_VAULT_KEY_VERSIONS,
  MIN_FINGERPRINT_KEY_BYTES,
  VAULT_CURRENT_VERSION_SETTING,
  VAULT_ENCRYPTION_KEY_BYTES,
  VAULT_FINGERPRINT_KEY_SETTING,
  VAULT_KEYS_FILE_NAME,
  VAULT_KEYS_SETTING,
  loadOrCreateVaultKeys,
  vaultKeysFromConfig,
  type VaultKeys,
} from './keys.ts';
export { MAX_SEALED_PLAINTEXT_BYTES, SecretSealer, sealedKeyVersion } from './sealer.ts';
export { VaultError, type VaultErrorCode } from './errors.ts';
