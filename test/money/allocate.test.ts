import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_ALLOCATION_PARTS, allocate, allocateEvenly } from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

const SCENARIOS: ReadonlyArray<{ total: bigint; ratios: bigint[]; expected: bigint[]; why: string }> = [
  { total: 100n, ratios: [1n, 1n, 1n], expected: [34n, 33n, 33n], why: 'the one leftover unit goes to the first tie' },
  { total: -100n, ratios: [1n, 1n, 1n], expected: [-34n, -33n, -33n], why: 'a negative total mirrors the positive one' },
  { total: 5n, ratios: [3n, 7n], expected: [2n, 3n], why: '1.5 and 3.5 tie on remainder, so the earlier share wins' },
  { total: 10n, ratios: [3n, 7n], expected: [3n, 7n], why: 'an exact split leaves nothing over' },
  { total: 1n, ratios: [1n, 1n, 1n], expected: [1n, 0n, 0n], why: 'a single unit goes to the first share' },
  { total: 2n, ratios: [1n, 2n, 2n], expected: [0n, 1n, 1n], why: 'remainders 2, 4, 4 favour the larger ratios' },
  { total: 100n, ratios: [0n, 1n, 0n, 1n], expected: [0n, 50n, 0n, 50n], why: 'zero ratios get nothing' },
  { total: 7n, ratios: [0n, 1n, 1n], expected: [0n, 4n, 3n], why: 'zero ratios never receive a leftover unit' },
  { total: 0n, ratios: [1n, 2n], expected: [0n, 0n], why: 'nothing to share' },
  { total: 1000n, ratios: [1n], expected: [1000n], why: 'a single share takes all' },
  { total: 1001n, ratios: [50n, 30n, 20n], expected: [501n, 300n, 200n], why: 'remainders 50, 30, 20 favour the largest' },
  { total: 10n ** 30n + 1n, ratios: [1n, 1n], expected: [5n * 10n ** 29n + 1n, 5n * 10n ** 29n], why: 'exact beyond 2^64' },
];

describe('allocate scenarios', () => {
  for (const { total, ratios, expected, why } of SCENARIOS) {
    it(`${total} split ${JSON.stringify(ratios.map(String))} is ${expected.join(', ')}: ${why}`, () => {
      assert.deepEqual(allocate(total, ratios), expected);
    });
  }

  it('splits evenly with the extra units first', () => {
    assert.deepEqual(allocateEvenly(100n, 3), [34n, 33n, 33n]);
    assert.deepEqual(allocateEvenly(-10n, 4), [-3n, -3n, -2n, -2n]);
    assert.deepEqual(allocateEvenly(2n, 5), [1n, 1n, 0n, 0n, 0n]);
  });

  it('rejects ratios that cannot be allocated with invalid_ratios', () => {
    const bad: ReadonlyArray<readonly bigint[]> = [[], [0n], [0n, 0n], [1n, -1n], [-1n, 3n]];
    for (const ratios of bad) {
      assert.throws(() => allocate(100n, ratios), moneyError('invalid_ratios'), JSON.stringify(ratios.map(String)));
    }
    assert.throws(() => allocate(100n, [1 as unknown as bigint]), moneyError('invalid_ratios'));
    assert.throws(() => allocate(100n, new Array<bigint>(MAX_ALLOCATION_PARTS + 1).fill(1n)), moneyError('invalid_ratios'));
  });

  it('rejects a part count that is not a positive integer within the limit', () => {
    for (const parts of [0, -1, 1.5, Number.NaN, MAX_ALLOCATION_PARTS + 1]) {
      assert.throws(() => allocateEvenly(100n, parts), moneyError('invalid_ratios'), String(parts));
    }
  });

  it('rejects a number total with invalid_amount', () => {
    assert.throws(() => allocate(100 as unknown as bigint, [1n]), moneyError('invalid_amount'));
  });
});

describe('allocate properties', () => {
  const total = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
  const ratios = fc
    .array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 })
    .filter((list) => list.some((ratio) => ratio > 0n));

  it('sums to the total and keeps each share within one unit of its exact proportion', () => {
    fc.assert(
      fc.property(total, ratios, (t, rs) => {
        const shares = allocate(t, rs);
        const sum = rs.reduce((a, b) => a + b, 0n);
        assert.equal(shares.length, rs.length);
        assert.equal(shares.reduce((a, b) => a + b, 0n), t);
        shares.forEach((share, index) => {
          const ratio = rs[index] ?? 0n;
          // |share - t * ratio / sum| < 1, multiplied through by sum.
          const scaledError = share * sum - t * ratio;
          assert.ok((scaledError < 0n ? -scaledError : scaledError) < sum);
          if (ratio === 0n) assert.equal(share, 0n);
          if (t >= 0n) assert.ok(share >= 0n);
          else assert.ok(share <= 0n);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('allocates a negative total as the negated allocation of its absolute value', () => {
    fc.assert(
      fc.property(total, ratios, (t, rs) => {
        assert.deepEqual(allocate(-t, rs), allocate(t, rs).map((share) => -share));
      }),
    );
  });

  it('splits evenly into shares that differ by at most one unit, larger first', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 1, max: 50 }), (t, parts) => {
        const shares = allocateEvenly(t, parts);
        assert.equal(shares.reduce((a, b) => a + b, 0n), t);
        for (let i = 1; i < shares.length; i += 1) {
          const previous = shares[i - 1] ?? 0n;
          const current = shares[i] ?? 0n;
          assert.ok(previous - current === 0n || previous - current === 1n);
        }
      }),
    );
  });
});
