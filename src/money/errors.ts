/**
 * Error catalogue of the money kernel.
 *
 * These are programming and validation errors (an unknown currency code, a float where a
 * bigint belongs, ratios that cannot be allocated). Business failures such as "insufficient
 * funds" are values returned by the ledger, never MoneyErrors. Callers branch on `code`,
 * never on `message`.
 */
export type MoneyErrorCode =
  | 'unknown_currency'
  | 'currency_mismatch'
  | 'invalid_amount'
  | 'invalid_ratios'
  | 'invalid_rounding'
  | 'division_by_zero'
  | 'invalid_locale';

export class MoneyError extends Error {
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'MoneyError';
    this.code = code;
  }
}
