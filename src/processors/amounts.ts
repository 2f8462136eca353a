import { MoneyError, parseMajor, toMajorString, type Money } from '../money/index.ts';
import type { UnknownOutcomeReason } from './codes.ts';

/**
 * Amounts at the processor edge. Inside Paygrid money is bigint minor units; a processor
 * that speaks major-unit decimals gets them through the one currency table (house rule 1).
 */

export function toWireMajor(amount: Money): string {
  return toMajorString(amount.amountMinor, amount.currency);
}

/** Minor units from a processor's major-unit decimal, or undefined when it is not one for this currency. */
export function fromWireMajor(text: string, currency: string): bigint | undefined {
  try {
    return parseMajor(text, currency);
  } catch (error) {
    if (error instanceof MoneyError) return undefined;
    throw error;
  }
}

/**
 * Hyperswitch's integrity check: the amount a processor says it acted on must be the amount
 * we asked for. A processor that authorizes, captures or refunds another amount than requested
 * has a bug or was tampered with, and the outcome cannot be trusted as success.
 */
export function echoMismatch(requested: Money, echoedCurrency: string, echoedAmountMinor: bigint): Extract<UnknownOutcomeReason, 'amount_mismatch' | 'currency_mismatch'> | undefined {
  if (echoedCurrency.toUpperCase() !== requested.currency.toUpperCase()) return 'currency_mismatch';
  if (echoedAmountMinor !== requested.amountMinor) return 'amount_mismatch';
  return undefined;
}
