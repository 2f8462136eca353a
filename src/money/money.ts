import { requireCurrency } from './currency.ts';
import { MoneyError } from './errors.ts';

export { MoneyError, type MoneyErrorCode } from './errors.ts';

/**
 * The largest amount, in minor units, the JSON API accepts: 2^53 - 1. JSON readers that
 * parse numbers as IEEE doubles (JavaScript, many others) lose integer precision above it.
 */
export const MAX_API_AMOUNT_MINOR = 9007199254740991n;

/** The largest balance, in minor units, a PostgreSQL `bigint` column can hold: 2^63 - 1. */
export const MAX_BALANCE_MINOR = 9223372036854775807n;

/** The most shares one `allocate` or `allocateEvenly` call may produce. */
export const MAX_ALLOCATION_PARTS = 10_000;

/**
 * The longest text `parseMajor` reads. Real amounts need about 25 characters; the bound keeps
 * hostile input from costing quadratic BigInt parsing time.
 */
export const MAX_MAJOR_TEXT_LENGTH = 100;

/** An amount of money: an exact count of minor units (fen, cents, yen) of one currency. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/** Builds a `Money`, checking the amount is a bigint and the currency is known. */
export function money(amountMinor: bigint, currency: string): Money {
  assertBigInt(amountMinor, 'amountMinor');
  const { code } = requireCurrency(currency);
  return Object.freeze({ amountMinor, currency: code });
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

export function negate(a: Money): Money {
  return money(-a.amountMinor, a.currency);
}

export function isZero(a: Money): boolean {
  return a.amountMinor === 0n;
}

/** Orders two amounts of the same currency: -1, 0 or 1. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  if (a.amountMinor < b.amountMinor) return -1;
  return a.amountMinor > b.amountMinor ? 1 : 0;
}

function assertSameCurrency(a: Money, b: Money): void {
  // Comparing normalised codes: a hand-built Money literal may carry a lower-case code.
  if (a.currency.toUpperCase() !== b.currency.toUpperCase()) {
    throw new MoneyError('currency_mismatch', `${a.currency} and ${b.currency} cannot be combined`);
  }
}

function assertBigInt(value: unknown, name: string): asserts value is bigint {
  if (typeof value !== 'bigint') {
    throw new MoneyError('invalid_amount', `${name} must be a bigint, got ${typeof value}`);
  }
}

/**
 * How a division that leaves a remainder picks its result.
 *
 * - `half_up`: nearest; ties away from zero (commercial rounding).
 * - `half_even`: nearest; ties to the even neighbour (banker's rounding).
 * - `half_down`: nearest; ties toward zero.
 * - `up`: away from zero.
 * - `down`: toward zero (truncation).
 * - `ceiling`: toward positive infinity.
 * - `floor`: toward negative infinity.
 */
export type RoundingRule = 'half_up' | 'half_even' | 'half_down' | 'up' | 'down' | 'ceiling' | 'floor';

export const ROUNDING_RULES: readonly RoundingRule[] = Object.freeze([
  'half_up',
  'half_even',
  'half_down',
  'up',
  'down',
  'ceiling',
  'floor',
]);

/**
 * Exact integer division `numerator / denominator` rounded by `rule`. Both operands may be
 * negative; the rule applies to the exact rational quotient.
 */
export function divideRounded(numerator: bigint, denominator: bigint, rule: RoundingRule): bigint {
  assertBigInt(numerator, 'numerator');
  assertBigInt(denominator, 'denominator');
  if (denominator === 0n) throw new MoneyError('division_by_zero', 'denominator is 0');
  // BigInt division truncates toward zero, so `truncated` is the candidate nearer zero and
  // `truncated + direction` the candidate away from zero.
  const truncated = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) {
    assertRoundingRule(rule);
    return truncated;
  }
  const direction = numerator < 0n !== denominator < 0n ? -1n : 1n;
  const awayFromZero = truncated + direction;
  // Twice the remainder against the divisor tells below, at or above the halfway point
  // without leaving integer arithmetic.
  const half = compareBigInt(2n * abs(remainder), abs(denominator));
  switch (rule) {
    case 'down':
      return truncated;
    case 'up':
      return awayFromZero;
    case 'ceiling':
      return direction > 0n ? awayFromZero : truncated;
    case 'floor':
      return direction < 0n ? awayFromZero : truncated;
    case 'half_up':
      return half >= 0 ? awayFromZero : truncated;
    case 'half_down':
      return half > 0 ? awayFromZero : truncated;
    case 'half_even':
      if (half !== 0) return half > 0 ? awayFromZero : truncated;
      return truncated % 2n === 0n ? truncated : awayFromZero;
    default: {
      const unhandled: never = rule;
      return rejectRoundingRule(unhandled);
    }
  }
}

function assertRoundingRule(rule: RoundingRule): void {
  // Exact quotients skip the switch, yet a misspelt rule must fail on every input, not
  // only on inputs that happen to leave a remainder.
  if (!ROUNDING_RULES.includes(rule)) rejectRoundingRule(rule);
}

function rejectRoundingRule(rule: unknown): never {
  throw new MoneyError('invalid_rounding', `unknown rounding rule ${JSON.stringify(rule)}`);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function compareBigInt(a: bigint, b: bigint): -1 | 0 | 1 {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Splits `total` minor units in proportion to `ratios` by the largest-remainder method.
 *
 * Each share starts as floor(|total| * ratio / sum); the units left over go one each to the
 * shares with the largest remainders, earlier index first on ties. The shares always sum to
 * `total` exactly and each is within one unit of its exact proportional value. A negative
 * total is allocated as its absolute value and negated, so refunds mirror charges.
 */
export function allocate(total: bigint, ratios: readonly bigint[]): bigint[] {
  assertBigInt(total, 'total');
  const sum = sumRatios(ratios);
  const magnitude = abs(total);
  const shares = ratios.map((ratio) => (magnitude * ratio) / sum);
  const remainders = ratios.map((ratio) => (magnitude * ratio) % sum);
  const allocated = shares.reduce((acc, share) => acc + share, 0n);
  // Each remainder is below `sum`, so fewer units are left over than there are non-zero
  // remainders: no share with a zero ratio ever receives a unit.
  const leftover = Number(magnitude - allocated);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => compareBigInt(b.remainder, a.remainder) || a.index - b.index);
  for (const { index } of order.slice(0, leftover)) {
    shares[index] = (shares[index] ?? 0n) + 1n;
  }
  return total < 0n ? shares.map((share) => -share) : shares;
}

function sumRatios(ratios: readonly bigint[]): bigint {
  if (!Array.isArray(ratios) || ratios.length === 0 || ratios.length > MAX_ALLOCATION_PARTS) {
    throw new MoneyError('invalid_ratios', `expected 1..${MAX_ALLOCATION_PARTS} ratios`);
  }
  let sum = 0n;
  for (const ratio of ratios) {
    if (typeof ratio !== 'bigint' || ratio < 0n) {
      throw new MoneyError('invalid_ratios', 'every ratio must be a non-negative bigint');
    }
    sum += ratio;
  }
  if (sum === 0n) throw new MoneyError('invalid_ratios', 'ratios must have a positive sum');
  return sum;
}

/**
 * Splits `total` into `parts` shares that differ by at most one unit; the shares with the
 * extra unit come first, as largest-remainder tie-breaking by index gives.
 */
export function allocateEvenly(total: bigint, parts: number): bigint[] {
  if (!Number.isSafeInteger(parts) || parts < 1 || parts > MAX_ALLOCATION_PARTS) {
    throw new MoneyError('invalid_ratios', `parts must be an integer in 1..${MAX_ALLOCATION_PARTS}`);
  }
  return allocate(total, new Array<bigint>(parts).fill(1n));
}

/** One hundred percent in basis points. */
const BPS_PER_UNIT = 10_000n;

/**
 * The rounding rule for percentage fees unless a contract names another: `half_up`, the
 * commercial rounding processors and card schemes quote fees in.
 */
export const DEFAULT_FEE_ROUNDING: RoundingRule = 'half_up';

/**
 * A fee of `percentBps` basis points of `amountMinor` plus `fixedMinor`:
 * round(amountMinor * percentBps / 10000, rule) + fixedMinor. Only the percentage part is
 * rounded; the fixed part is already whole minor units. Pass `DEFAULT_FEE_ROUNDING` unless
 * the contract says otherwise. `percentBps` is an integer 0..10000; `fixedMinor` is not
 * negative, because a rebate is its own transfer, not a negative fee.
 */
export function feeFromBps(
  amountMinor: bigint,
  percentBps: bigint | number,
  fixedMinor: bigint,
  rule: RoundingRule,
): bigint {
  assertBigInt(amountMinor, 'amountMinor');
  assertBigInt(fixedMinor, 'fixedMinor');
  if (fixedMinor < 0n) throw new MoneyError('invalid_amount', 'fixedMinor must not be negative');
  const bps = toBps(percentBps);
  return divideRounded(amountMinor * bps, BPS_PER_UNIT, rule) + fixedMinor;
}

function toBps(percentBps: bigint | number): bigint {
  // A number is accepted only when it is a safe integer, so 0.5 bps or 1e21 never slip in
  // through float conversion.
  const isInteger = typeof percentBps === 'bigint' || Number.isSafeInteger(percentBps);
  const bps = isInteger ? BigInt(percentBps) : -1n;
  if (bps < 0n || bps > BPS_PER_UNIT) {
    throw new MoneyError('invalid_amount', `percentBps must be an integer 0..10000, got ${String(percentBps)}`);
  }
  return bps;
}

/**
 * Renders minor units as a plain major-unit decimal string using the currency's ISO
 * exponent: 12345n CNY is "123.45", -5n CNY is "-0.05", 500n JPY is "500". This is the
 * processor and API wire form; `formatMoney` is for people.
 */
export function toMajorString(amountMinor: bigint, currency: string): string {
  assertBigInt(amountMinor, 'amountMinor');
  const { exponent } = requireCurrency(currency);
  const sign = amountMinor < 0n ? '-' : '';
  const digits = abs(amountMinor).toString();
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const integerPart = padded.slice(0, padded.length - exponent);
  const fractionPart = padded.slice(padded.length - exponent);
  return `${sign}${integerPart}.${fractionPart}`;
}

// An optional minus, ASCII digits, then optionally a point and more digits. No plus sign,
// no exponent, no grouping, no whitespace, no bare ".5" or "5.".
const MAJOR_AMOUNT = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Parses a major-unit decimal such as "123.45" or "-0.5" into exact minor units, by string
 * arithmetic. More fraction digits than the currency's exponent allows is an error rather
 * than a rounding, because a silent rounding would change an amount someone sent us.
 */
export function parseMajor(text: string, currency: string): bigint {
  const { exponent, code } = requireCurrency(currency);
  if (typeof text !== 'string' || text.length > MAX_MAJOR_TEXT_LENGTH) {
    throw new MoneyError('invalid_amount', `expected a decimal string of at most ${MAX_MAJOR_TEXT_LENGTH} characters`);
  }
  const match = MAJOR_AMOUNT.exec(text);
  if (match === null) {
    throw new MoneyError('invalid_amount', `${JSON.stringify(text)} is not a decimal amount`);
  }
  const [, sign = '', integerPart = '', fractionPart = ''] = match;
  if (fractionPart.length > exponent) {
    throw new MoneyError('invalid_amount', `${code} allows at most ${exponent} decimal places, got ${JSON.stringify(text)}`);
  }
  const magnitude = BigInt(integerPart + fractionPart.padEnd(exponent, '0'));
  return sign === '-' ? -magnitude : magnitude;
}
