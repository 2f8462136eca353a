/**
 * Error catalogue of the vault.
 *
 * These are configuration and integrity errors: a missing or malformed key, a sealed value
 * that was altered or was sealed with a key this process does not hold. They stop a start
 * or fail a request (500 and an alert); they are never business outcomes. Card validation
 * failures (`incorrect_number`, `invalid_expiry_month`, …) are values, not VaultErrors.
 * Messages name the setting or file at fault and never contain key material or card data.
 */
export type VaultErrorCode =
  | 'vault_config_invalid'
  | 'vault_keys_file_invalid'
  | 'sealed_value_malformed'
  | 'sealed_value_key_unknown'
  | 'sealed_value_tampered';

export class VaultError extends Error {
  readonly code: VaultErrorCode;
  /** The environment variable or file the error is about, when there is one. */
  readonly setting: string | undefined;

  constructor(code: VaultErrorCode, message: string, setting?: string) {
    super(setting === undefined ? `${code}: ${message}` : `${setting}: ${message}`);
    this.name = 'VaultError';
    this.code = code;
    this.setting = setting;
  }
}
