import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_API_AMOUNT_MINOR,
  MAX_BALANCE_MINOR,
  MoneyError,
  add,
  compare,
  isZero,
  money,
  negate,
  subtract,
} from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

describe('money values', () => {
  it('upper-cases the currency code', () => {
    assert.deepEqual(money(100n, 'cny'), { amountMinor: 100n, currency: 'CNY' });
  });

  it('rejects an unknown currency', () => {
    assert.throws(() => money(1n, 'XYZ'), moneyError('unknown_currency'));
  });

  it('rejects a number where a bigint belongs', () => {
    assert.throws(() => money(1.5 as unknown as bigint, 'CNY'), moneyError('invalid_amount'));
  });

  it('adds, subtracts and negates within one currency', () => {
    const a = money(1050n, 'CNY');
    const b = money(-2075n, 'CNY');
    assert.deepEqual(add(a, b), money(-1025n, 'CNY'));
    assert.deepEqual(subtract(a, b), money(3125n, 'CNY'));
    assert.deepEqual(negate(b), money(2075n, 'CNY'));
    assert.equal(negate(money(0n, 'CNY')).amountMinor, 0n);
  });

  it('stays exact beyond 2^53 and beyond the Postgres bigint range', () => {
    const big = money(MAX_BALANCE_MINOR, 'USD');
    assert.equal(add(big, money(1n, 'USD')).amountMinor, 9223372036854775808n);
    assert.equal(add(money(MAX_API_AMOUNT_MINOR, 'USD'), money(2n, 'USD')).amountMinor, 9007199254740993n);
  });

  it('throws currency_mismatch when currencies differ', () => {
    const cny = money(1n, 'CNY');
    const usd = money(1n, 'USD');
    assert.throws(() => add(cny, usd), moneyError('currency_mismatch'));
    assert.throws(() => subtract(cny, usd), moneyError('currency_mismatch'));
    assert.throws(() => compare(cny, usd), moneyError('currency_mismatch'));
  });

  it('compares amounts', () => {
    assert.equal(compare(money(1n, 'CNY'), money(2n, 'CNY')), -1);
    assert.equal(compare(money(2n, 'CNY'), money(2n, 'CNY')), 0);
    assert.equal(compare(money(3n, 'CNY'), money(-2n, 'CNY')), 1);
  });

  it('tells zero from non-zero', () => {
    assert.equal(isZero(money(0n, 'JPY')), true);
    assert.equal(isZero(money(-1n, 'JPY')), false);
  });

  it('documents the API and storage limits', () => {
    assert.equal(MAX_API_AMOUNT_MINOR, 2n ** 53n - 1n);
    assert.equal(MAX_BALANCE_MINOR, 2n ** 63n - 1n);
  });

  it('gives MoneyError a stable code and name', () => {
    const error = new MoneyError('invalid_amount', 'x');
    assert.equal(error.code, 'invalid_amount');
    assert.equal(error.name, 'MoneyError');
    assert.ok(error instanceof Error);
  });
});
