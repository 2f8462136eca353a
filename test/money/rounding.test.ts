import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ROUNDING_RULES, divideRounded, type RoundingRule } from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

// Columns: numerator, denominator, then the result under
// half_up, half_even, half_down, up, down, ceiling, floor.
type Row = readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
const COLUMNS: readonly RoundingRule[] = ['half_up', 'half_even', 'half_down', 'up', 'down', 'ceiling', 'floor'];

const ROWS: readonly Row[] = [
  // Ties.
  [5n, 2n, /* 2.5 */ 3n, 2n, 2n, 3n, 2n, 3n, 2n],
  [-5n, 2n, /* -2.5 */ -3n, -2n, -2n, -3n, -2n, -2n, -3n],
  [5n, -2n, /* -2.5 */ -3n, -2n, -2n, -3n, -2n, -2n, -3n],
  [-5n, -2n, /* 2.5 */ 3n, 2n, 2n, 3n, 2n, 3n, 2n],
  [7n, 2n, /* 3.5 */ 4n, 4n, 3n, 4n, 3n, 4n, 3n],
  [-7n, 2n, /* -3.5 */ -4n, -4n, -3n, -4n, -3n, -3n, -4n],
  [1n, 2n, /* 0.5 */ 1n, 0n, 0n, 1n, 0n, 1n, 0n],
  [-1n, 2n, /* -0.5 */ -1n, 0n, 0n, -1n, 0n, 0n, -1n],
  [15n, 10n, /* 1.5 */ 2n, 2n, 1n, 2n, 1n, 2n, 1n],
  // Below and above the halfway point.
  [7n, 3n, /* 2.33 */ 2n, 2n, 2n, 3n, 2n, 3n, 2n],
  [8n, 3n, /* 2.67 */ 3n, 3n, 3n, 3n, 2n, 3n, 2n],
  [-7n, 3n, /* -2.33 */ -2n, -2n, -2n, -3n, -2n, -2n, -3n],
  [-8n, 3n, /* -2.67 */ -3n, -3n, -3n, -3n, -2n, -2n, -3n],
  [8n, -3n, /* -2.67 */ -3n, -3n, -3n, -3n, -2n, -2n, -3n],
  [-8n, -3n, /* 2.67 */ 3n, 3n, 3n, 3n, 2n, 3n, 2n],
  [1n, 10000n, /* 0.0001 */ 0n, 0n, 0n, 1n, 0n, 1n, 0n],
  [-1n, 10000n, /* -0.0001 */ 0n, 0n, 0n, -1n, 0n, 0n, -1n],
  // Exact quotients are never moved.
  [6n, 3n, 2n, 2n, 2n, 2n, 2n, 2n, 2n],
  [-6n, 3n, -2n, -2n, -2n, -2n, -2n, -2n, -2n],
  [0n, 7n, 0n, 0n, 0n, 0n, 0n, 0n, 0n],
  // Beyond 2^64: (2^70 + 1) / 2 is a tie just above 2^69.
  [2n ** 70n + 1n, 2n, 2n ** 69n + 1n, 2n ** 69n, 2n ** 69n, 2n ** 69n + 1n, 2n ** 69n, 2n ** 69n + 1n, 2n ** 69n],
];

describe('divideRounded scenarios', () => {
  for (const [numerator, denominator, ...expected] of ROWS) {
    COLUMNS.forEach((rule, column) => {
      it(`${numerator} / ${denominator} rounds ${rule} to ${expected[column]}`, () => {
        assert.equal(divideRounded(numerator, denominator, rule), expected[column]);
      });
    });
  }

  it('throws division_by_zero for a zero denominator', () => {
    assert.throws(() => divideRounded(1n, 0n, 'half_up'), moneyError('division_by_zero'));
  });

  it('throws invalid_rounding for an unknown rule, even on exact quotients', () => {
    const bad = 'bankers' as RoundingRule;
    assert.throws(() => divideRounded(5n, 2n, bad), moneyError('invalid_rounding'));
    assert.throws(() => divideRounded(4n, 2n, bad), moneyError('invalid_rounding'));
  });

  it('throws invalid_amount for non-bigint operands', () => {
    assert.throws(() => divideRounded(5 as unknown as bigint, 2n, 'down'), moneyError('invalid_amount'));
  });
});

/**
 * Reference implementation by a different route: make the denominator positive, take the
 * floor and the fractional remainder in [0, d), then choose between floor and floor + 1.
 */
function referenceDivide(numerator: bigint, denominator: bigint, rule: RoundingRule): bigint {
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const remainder = ((n % d) + d) % d;
  const floor = (n - remainder) / d;
  if (remainder === 0n) return floor;
  const ceiling = floor + 1n;
  const positive = floor >= 0n; // The exact quotient lies strictly between floor and ceiling.
  const towardZero = positive ? floor : ceiling;
  const awayFromZero = positive ? ceiling : floor;
  const twice = 2n * remainder;
  if (rule === 'floor') return floor;
  if (rule === 'ceiling') return ceiling;
  if (rule === 'down') return towardZero;
  if (rule === 'up') return awayFromZero;
  if (twice < d) return floor;
  if (twice > d) return ceiling;
  if (rule === 'half_up') return awayFromZero;
  if (rule === 'half_down') return towardZero;
  return floor % 2n === 0n ? floor : ceiling;
}

describe('divideRounded properties', () => {
  const denominator = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
  const rule = fc.constantFrom(...ROUNDING_RULES);

  it('matches a floor-based reference for any operands and rule', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), denominator, rule, (n, d, r) => {
        assert.equal(divideRounded(n, d, r), referenceDivide(n, d, r));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the reference on small operands where ties are frequent', () => {
    const small = fc.integer({ min: -40, max: 40 }).map(BigInt);
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 8 }).map(BigInt), fc.boolean(), rule, (n, d, flip, r) => {
        const signed = flip ? -d : d;
        assert.equal(divideRounded(n, signed, r), referenceDivide(n, signed, r));
      }),
      { numRuns: 2000 },
    );
  });

  it('is within one unit of the exact quotient and exact when there is no remainder', () => {
    fc.assert(
      fc.property(fc.bigInt(), denominator, rule, (n, d, r) => {
        const q = divideRounded(n, d, r);
        const error = q * d - n; // (q - n/d) * d
        const magnitude = (x: bigint): bigint => (x < 0n ? -x : x);
        assert.ok(magnitude(error) < magnitude(d));
        if (n % d === 0n) assert.equal(q, n / d);
      }),
    );
  });
});
