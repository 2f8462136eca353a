import { MoneyError, type MoneyErrorCode } from '../../src/money/index.ts';

/** An `assert.throws` matcher for a MoneyError with the given code. */
export function moneyError(code: MoneyErrorCode): (error: unknown) => boolean {
  return (error) => error instanceof MoneyError && error.code === code;
}
