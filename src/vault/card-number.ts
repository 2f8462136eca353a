import { strict as assert } from 'node:assert';

/**
 * Card data checks that need no key and no database: number format, Luhn, brand from the
 * BIN, expiry and CVC format. Failure names are Stripe's error codes for the same checks
 * (https://docs.stripe.com/error-codes), so the API can pass them through unchanged.
 */

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'jcb', 'unionpay', 'unknown'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

export const CARD_VALIDATION_FAILURES = ['invalid_number', 'incorrect_number', 'invalid_expiry_month', 'invalid_expiry_year', 'invalid_cvc'] as const;
export type CardValidationFailure = (typeof CARD_VALIDATION_FAILURES)[number];

/** ISO/IEC 7812-1: a primary account number has at most 19 digits; 12 is the shortest issued. */
export const MIN_CARD_NUMBER_DIGITS = 12;
export const MAX_CARD_NUMBER_DIGITS = 19;
/** Typed input may carry spaces or dashes between groups; anything longer is not a card number. */
export const MAX_CARD_NUMBER_INPUT_CHARS = 40;
/** Cards are not issued to expire further ahead than this; a later year is a typing error. */
export const MAX_EXPIRY_YEARS_AHEAD = 50;

const SEPARATORS = /[ -]/g;
const DIGITS = /^\d+$/;

/**
 * The digits of a typed card number, or `invalid_number` if it is not 12 to 19 digits once
 * spaces and dashes are removed.
 */
export function normalizeCardNumber(input: string): { result: 'ok'; number: string } | { result: 'invalid_number' } {
  if (typeof input !== 'string' || input.length > MAX_CARD_NUMBER_INPUT_CHARS) return { result: 'invalid_number' };
  const number = input.replace(SEPARATORS, '');
  if (!DIGITS.test(number) || number.length < MIN_CARD_NUMBER_DIGITS || number.length > MAX_CARD_NUMBER_DIGITS) return { result: 'invalid_number' };
  return { result: 'ok', number };
}

/** The Luhn (mod 10) check of ISO/IEC 7812-1, annex B, over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!DIGITS.test(digits) || digits.length > MAX_CARD_NUMBER_DIGITS) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Inclusive BIN prefix ranges of equal length, e.g. Mastercard's 2221–2720. */
interface BinRange {
  brand: Exclude<CardBrand, 'unknown'>;
  from: string;
  to: string;
}

// Ranges from each network's published issuer identification numbers; they do not overlap.
const BIN_RANGES: readonly BinRange[] = [
  { brand: 'visa', from: '4', to: '4' },
  { brand: 'mastercard', from: '51', to: '55' },
  { brand: 'mastercard', from: '2221', to: '2720' },
  { brand: 'amex', from: '34', to: '34' },
  { brand: 'amex', from: '37', to: '37' },
  { brand: 'jcb', from: '3528', to: '3589' },
  { brand: 'unionpay', from: '62', to: '62' },
  { brand: 'unionpay', from: '81', to: '81' },
];

/** The card's network from the leading digits (BIN); `unknown` when no range matches. */
export function cardBrand(number: string): CardBrand {
  for (const range of BIN_RANGES) {
    const prefix = number.slice(0, range.from.length);
    if (prefix.length === range.from.length && DIGITS.test(prefix) && prefix >= range.from && prefix <= range.to) return range.brand;
  }
  return 'unknown';
}

export function last4(number: string): string {
  assert(DIGITS.test(number) && number.length >= MIN_CARD_NUMBER_DIGITS, 'last4 takes a normalized card number');
  return number.slice(-4);
}

/**
 * Checks an expiry against the clock. A card is valid through the last day of its expiry
 * month; we judge in UTC, which is at most a day lenient, and the issuer has the last word.
 * Two-digit years mean 20YY. As Stripe does (https://docs.stripe.com/testing#invalid-data),
 * a past year is `invalid_expiry_year` and a past month of this year `invalid_expiry_month`;
 * `expired_card` is the issuer's decline, not a format error.
 */
export function checkExpiry(expMonth: number, expYear: number, nowMs: number): { result: 'ok'; expMonth: number; expYear: number } | { result: 'invalid_expiry_month' | 'invalid_expiry_year' } {
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) return { result: 'invalid_expiry_month' };
  if (!Number.isInteger(expYear) || expYear < 0 || (expYear > 99 && expYear < 1000)) return { result: 'invalid_expiry_year' };
  const year = expYear < 100 ? 2000 + expYear : expYear;
  const now = new Date(nowMs);
  const thisYear = now.getUTCFullYear();
  if (year < thisYear || year > thisYear + MAX_EXPIRY_YEARS_AHEAD) return { result: 'invalid_expiry_year' };
  if (year === thisYear && expMonth < now.getUTCMonth() + 1) return { result: 'invalid_expiry_month' };
  return { result: 'ok', expMonth, expYear: year };
}

/** Whether a card expiring at the end of this month and year has expired at `nowMs` (UTC). */
export function expiryPassed(expMonth: number, expYear: number, nowMs: number): boolean {
  return nowMs >= Date.UTC(expYear, expMonth, 1);
}

/** Card verification code format: four digits on American Express cards, three on the others. */
export function cvcFormatValid(cvc: string, brand: CardBrand): boolean {
  switch (brand) {
    case 'amex':
      return /^\d{4}$/.test(cvc);
    case 'visa':
    case 'mastercard':
    case 'jcb':
    case 'unionpay':
      return /^\d{3}$/.test(cvc);
    case 'unknown':
      return /^\d{3,4}$/.test(cvc);
    default: {
      const unhandled: never = brand;
      throw new Error(`unhandled brand ${String(unhandled)}`);
    }
  }
}

/** A run of 12 to 19 digits, optionally grouped by single spaces or dashes: what a card number looks like in text. */
const PAN_IN_TEXT = /\d(?:[ -]?\d){11,18}/g;

/**
 * Masks anything that looks like a card number in free text (log lines, error messages,
 * support notes), keeping the last four digits as PCI DSS allows: `****4242`. It errs on the
 * side of masking: any long digit run is masked, Luhn-valid or not.
 */
export function redactPan(text: string): string {
  return text.replace(PAN_IN_TEXT, (match) => `****${match.replace(SEPARATORS, '').slice(-4)}`);
}
