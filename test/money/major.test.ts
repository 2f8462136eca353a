import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CURRENCIES, MAX_MAJOR_TEXT_LENGTH, parseMajor, toMajorString } from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

const TO_MAJOR: ReadonlyArray<readonly [bigint, string, string]> = [
  [12345n, 'CNY', '123.45'],
  [-5n, 'CNY', '-0.05'],
  [0n, 'CNY', '0.00'],
  [100n, 'usd', '1.00'],
  [500n, 'JPY', '500'],
  [-500n, 'KRW', '-500'],
  [1n, 'BHD', '0.001'],
  [-1234567n, 'KWD', '-1234.567'],
  [12345n, 'CLF', '1.2345'],
  [9223372036854775807n, 'CNY', '92233720368547758.07'],
  [-(10n ** 30n) - 1n, 'EUR', '-10000000000000000000000000000.01'],
];

describe('toMajorString', () => {
  for (const [minor, currency, text] of TO_MAJOR) {
    it(`renders ${minor} ${currency} as ${text}`, () => {
      assert.equal(toMajorString(minor, currency), text);
    });
  }

  it('rejects unknown currencies', () => {
    assert.throws(() => toMajorString(1n, 'ZZZ'), moneyError('unknown_currency'));
  });
});

const PARSE: ReadonlyArray<readonly [string, string, bigint]> = [
  ['123.45', 'CNY', 12345n],
  ['-0.5', 'CNY', -50n],
  ['0.05', 'CNY', 5n],
  ['-0.05', 'CNY', -5n],
  ['-0', 'CNY', 0n],
  ['7', 'CNY', 700n],
  ['007.10', 'CNY', 710n],
  ['500', 'JPY', 500n],
  ['1.5', 'BHD', 1500n],
  ['0.0001', 'CLF', 1n],
  ['92233720368547758.07', 'CNY', 9223372036854775807n],
  ['123456789012345678901234567890.12', 'USD', 12345678901234567890123456789012n],
];

describe('parseMajor', () => {
  for (const [text, currency, minor] of PARSE) {
    it(`parses ${text} ${currency} as ${minor}`, () => {
      assert.equal(parseMajor(text, currency), minor);
    });
  }

  const REJECTED: ReadonlyArray<readonly [string, string, string]> = [
    ['1.234', 'CNY', 'more decimals than CNY has'],
    ['1.5', 'JPY', 'JPY has no decimals'],
    ['500.0', 'JPY', 'even a zero decimal is more than JPY has'],
    ['1.00001', 'CLF', 'more decimals than CLF has'],
    ['', 'CNY', 'empty'],
    ['abc', 'CNY', 'not a number'],
    ['1e3', 'CNY', 'exponent notation'],
    ['1E-2', 'CNY', 'exponent notation'],
    ['+1.00', 'CNY', 'explicit plus sign'],
    [' 1.00', 'CNY', 'leading space'],
    ['1.00\n', 'CNY', 'trailing newline'],
    ['1,000.00', 'CNY', 'grouping separator'],
    ['1,5', 'EUR', 'decimal comma'],
    ['.5', 'CNY', 'no integer digits'],
    ['5.', 'CNY', 'no fraction digits after the point'],
    ['--1', 'CNY', 'double sign'],
    ['1.2.3', 'CNY', 'two points'],
    ['0x10', 'CNY', 'hexadecimal'],
    ['Infinity', 'CNY', 'infinity'],
    ['NaN', 'CNY', 'NaN'],
    ['١٢٣', 'CNY', 'non-ASCII digits'],
    ['1'.repeat(MAX_MAJOR_TEXT_LENGTH + 1), 'CNY', 'longer than the text limit'],
  ];
  for (const [text, currency, why] of REJECTED) {
    it(`rejects ${JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text)} ${currency}: ${why}`, () => {
      assert.throws(() => parseMajor(text, currency), moneyError('invalid_amount'));
    });
  }

  it('rejects a number where text belongs', () => {
    assert.throws(() => parseMajor(1.5 as unknown as string, 'CNY'), moneyError('invalid_amount'));
  });

  it('rejects unknown currencies', () => {
    assert.throws(() => parseMajor('1.00', 'ZZZ'), moneyError('unknown_currency'));
  });
});

describe('major-unit round trips', () => {
  const currency = fc.constantFrom(...CURRENCIES);

  it('parseMajor(toMajorString(x)) is x for any bigint and every currency', () => {
    fc.assert(
      fc.property(fc.bigInt(), currency, (minor, { code }) => {
        assert.equal(parseMajor(toMajorString(minor, code), code), minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips small amounts, where padding matters, for every exponent', () => {
    for (const { code, exponent } of CURRENCIES) {
      for (let minor = -1001n; minor <= 1001n; minor += 1n) {
        const text = toMajorString(minor, code);
        assert.equal(parseMajor(text, code), minor, `${minor} ${code}`);
        assert.equal(text.split('.')[1]?.length ?? 0, exponent);
      }
    }
  });

  it('parseMajor reads any valid decimal text exactly, and its rendering parses back', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(fc.boolean(), digits, fc.integer({ min: 0, max: 4 }), digits, currency, (negative, whole, places, fraction, { code, exponent }) => {
        const decimals = fraction.slice(0, Math.min(places, exponent));
        const text = `${negative ? '-' : ''}${whole}${decimals === '' ? '' : `.${decimals}`}`;
        const minor = parseMajor(text, code);
        const canonical = toMajorString(minor, code);
        assert.equal(parseMajor(canonical, code), minor);
        // The expected value is built from the digits directly, padding the fraction to the exponent.
        const expected = BigInt(whole + decimals.padEnd(exponent, '0'));
        assert.equal(minor, negative ? -expected : expected);
      }),
    );
  });
});
