import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_FEE_ROUNDING,
  MAX_BALANCE_MINOR,
  ROUNDING_RULES,
  divideRounded,
  feeFromBps,
  type RoundingRule,
} from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

type FeeRow = readonly [amountMinor: bigint, bps: bigint | number, fixedMinor: bigint, rule: RoundingRule, expected: bigint, why: string];

const ROWS: readonly FeeRow[] = [
  [10000n, 60, 0n, 'half_up', 60n, '0.6% of 100.00 is exactly 0.60'],
  [1n, 60, 0n, 'half_up', 0n, '0.006 fen rounds to nothing'],
  [1n, 60, 0n, 'up', 1n, 'rounding up charges the whole fen'],
  [12345n, 38, 0n, 'half_up', 47n, '46.911 rounds to 47'],
  [12345n, 38n, 0n, 'down', 46n, 'truncation drops 0.911'],
  [12345n, 38, 30n, 'half_up', 77n, 'the fixed part is added after rounding'],
  [25n, 200, 0n, 'half_up', 1n, '0.5 ties away from zero'],
  [25n, 200, 0n, 'half_even', 0n, '0.5 ties to even 0'],
  [75n, 200, 0n, 'half_even', 2n, '1.5 ties to even 2'],
  [25n, 200, 0n, 'half_down', 0n, '0.5 ties toward zero'],
  [-12345n, 38, 0n, 'half_up', -47n, 'a refund fee mirrors the charge fee'],
  [-12345n, 38, 0n, 'floor', -47n, 'floor moves a negative fee away from zero'],
  [0n, 60, 100n, 'half_up', 100n, 'a zero amount still pays the fixed part'],
  [100n, 10000, 0n, 'half_up', 100n, '100% is the whole amount'],
  [100n, 0, 5n, 'half_up', 5n, '0 bps leaves only the fixed part'],
  [MAX_BALANCE_MINOR, 60n, 0n, 'half_up', 55340232221128655n, 'exact at the Postgres bigint limit: …654.842 rounds up'],
];

describe('feeFromBps scenarios', () => {
  for (const [amount, bps, fixed, rule, expected, why] of ROWS) {
    it(`${amount} at ${bps} bps + ${fixed} (${rule}) is ${expected}: ${why}`, () => {
      assert.equal(feeFromBps(amount, bps, fixed, rule), expected);
    });
  }

  it('defaults to half_up', () => {
    assert.equal(DEFAULT_FEE_ROUNDING, 'half_up');
    assert.equal(feeFromBps(12345n, 38, 0n, DEFAULT_FEE_ROUNDING), 47n);
  });

  it('rejects basis points outside 0..10000 or not integers with invalid_amount', () => {
    for (const bps of [-1, 10001, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e21, -1n, 10001n]) {
      assert.throws(() => feeFromBps(100n, bps, 0n, 'half_up'), moneyError('invalid_amount'), String(bps));
    }
    assert.throws(() => feeFromBps(100n, '60' as unknown as number, 0n, 'half_up'), moneyError('invalid_amount'));
  });

  it('rejects a negative fixed part and number amounts with invalid_amount', () => {
    assert.throws(() => feeFromBps(100n, 60, -1n, 'half_up'), moneyError('invalid_amount'));
    assert.throws(() => feeFromBps(100 as unknown as bigint, 60, 0n, 'half_up'), moneyError('invalid_amount'));
    assert.throws(() => feeFromBps(100n, 60, 0 as unknown as bigint, 'half_up'), moneyError('invalid_amount'));
  });

  it('rejects an unknown rounding rule', () => {
    assert.throws(() => feeFromBps(100n, 60, 0n, 'nearest' as RoundingRule), moneyError('invalid_rounding'));
  });
});

describe('feeFromBps properties', () => {
  it('treats number and bigint basis points alike and never exceeds amount + fixed', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_BALANCE_MINOR }),
        fc.integer({ min: 0, max: 10000 }),
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        fc.constantFrom(...ROUNDING_RULES),
        (amount, bps, fixed, rule) => {
          const fee = feeFromBps(amount, bps, fixed, rule);
          assert.equal(fee, feeFromBps(amount, BigInt(bps), fixed, rule));
          assert.equal(fee - fixed, divideRounded(amount * BigInt(bps), 10000n, rule));
          assert.ok(fee >= fixed && fee <= amount + fixed);
        },
      ),
    );
  });
});
