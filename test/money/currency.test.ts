import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CURRENCIES, findCurrency, isCurrencyCode, requireCurrency } from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

// ISO 4217 minor-unit exponents the platform depends on.
const EXPECTED_EXPONENTS: ReadonlyArray<readonly [string, number]> = [
  ['CNY', 2], ['USD', 2], ['EUR', 2], ['GBP', 2], ['HKD', 2], ['JPY', 0], ['KRW', 0],
  ['SGD', 2], ['TWD', 2], ['MOP', 2], ['AUD', 2], ['CAD', 2], ['CHF', 2], ['THB', 2],
  ['MYR', 2], ['INR', 2], ['IDR', 2], ['VND', 0], ['BHD', 3], ['KWD', 3], ['JOD', 3],
  ['OMR', 3], ['TND', 3], ['CLF', 4], ['ISK', 0], ['HUF', 2],
];

describe('currency table', () => {
  for (const [code, exponent] of EXPECTED_EXPONENTS) {
    it(`${code} has exponent ${exponent}`, () => {
      assert.equal(requireCurrency(code).exponent, exponent);
    });
  }

  it('has unique, well-formed alphabetic and numeric codes', () => {
    assert.ok(CURRENCIES.length >= 60);
    assert.equal(new Set(CURRENCIES.map((c) => c.code)).size, CURRENCIES.length);
    assert.equal(new Set(CURRENCIES.map((c) => c.numeric)).size, CURRENCIES.length);
    for (const currency of CURRENCIES) {
      assert.match(currency.code, /^[A-Z]{3}$/);
      assert.match(currency.numeric, /^[0-9]{3}$/);
      assert.ok([0, 2, 3, 4].includes(currency.exponent), currency.code);
      assert.notEqual(currency.name, '');
    }
  });

  it('finds currencies regardless of case', () => {
    assert.equal(findCurrency('cny')?.code, 'CNY');
    assert.equal(findCurrency('Jpy')?.numeric, '392');
    assert.equal(isCurrencyCode('usd'), true);
  });

  it('returns undefined for unknown or malformed codes', () => {
    for (const code of ['XXX', 'CN', 'CNYY', '', ' CNY', '156', 'constructor', '__proto__']) {
      assert.equal(findCurrency(code), undefined, code);
      assert.equal(isCurrencyCode(code), false, code);
    }
  });

  it('requireCurrency throws unknown_currency for an unknown code', () => {
    assert.throws(() => requireCurrency('ABC'), moneyError('unknown_currency'));
  });

  it('keeps table entries immutable', () => {
    const cny = requireCurrency('CNY');
    assert.throws(() => {
      (cny as { exponent: number }).exponent = 3;
    }, TypeError);
    assert.equal(requireCurrency('CNY').exponent, 2);
  });
});
