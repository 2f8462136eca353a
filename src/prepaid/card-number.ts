import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { luhnValid } from '../vault/index.ts';

/**
 * Prepaid card numbers: 16 digits, a fixed issuer prefix, random digits and a Luhn
 * check digit (ISO/IEC 7812-1). The prefix starts with 88 (major industry
 * identifier 8, "other industry assignments"), outside every card network's range,
 * so a prepaid number is never taken for a bank card and sent to an acquirer.
 */
export const PREPAID_NUMBER_PREFIX = '889700';
export const PREPAID_NUMBER_DIGITS = 16;
const RANDOM_DIGITS = PREPAID_NUMBER_DIGITS - PREPAID_NUMBER_PREFIX.length - 1;
/** Typed input may group the digits with spaces or dashes (as printed on the card). */
const MAX_INPUT_CHARS = 24;
const SEPARATORS = /[ -]/g;

/** A new random number with its check digit. */
export function generateNumber(): string {
  let body = PREPAID_NUMBER_PREFIX;
  for (let i = 0; i < RANDOM_DIGITS; i += 1) body += String(randomInt(0, 10));
  const number = body + luhnCheckDigit(body);
  assert(luhnValid(number) && number.length === PREPAID_NUMBER_DIGITS, 'a generated prepaid number is 16 digits and Luhn-valid');
  return number;
}

/** The check digit that makes `body` followed by it Luhn-valid. */
function luhnCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (luhnValid(body + String(digit))) return String(digit);
  }
  throw new Error('some digit always completes a Luhn number');
}

/** The digits of a typed prepaid number, or undefined unless it is one of ours: 16 digits, our prefix, Luhn-valid. */
export function normalizePrepaidNumber(input: string): string | undefined {
  if (input.length > MAX_INPUT_CHARS) return undefined;
  const number = input.replace(SEPARATORS, '');
  if (number.length !== PREPAID_NUMBER_DIGITS || !number.startsWith(PREPAID_NUMBER_PREFIX) || !luhnValid(number)) return undefined;
  return number;
}

/** A PIN of six random digits, for buyers who did not choose one. */
export function generatePin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
