import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CURRENCIES, formatMoney, requireCurrency } from '../../src/money/index.ts';
import { moneyError } from './helpers.ts';

// Strings as Node 20's ICU renders them; the affix characters (bidi marks, narrow spaces)
// are written as escapes where they are invisible.
const SCENARIOS: ReadonlyArray<readonly [bigint, string, string, string]> = [
  [123456789n, 'CNY', 'zh-CN', '¥1,234,567.89'],
  [123456789n, 'CNY', 'en', 'CN¥1,234,567.89'],
  [-5n, 'CNY', 'zh-CN', '-¥0.05'],
  [0n, 'CNY', 'zh-CN', '¥0.00'],
  [1234n, 'JPY', 'en', '¥1,234'],
  [-1234n, 'JPY', 'en', '-¥1,234'],
  [123456789012345678901n, 'CNY', 'zh-CN', '¥1,234,567,890,123,456,789.01'],
  [123456789012345678901n, 'CNY', 'en', 'CN¥1,234,567,890,123,456,789.01'],
  [-9223372036854775807n, 'USD', 'en', '-$92,233,720,368,547,758.07'],
  [123456789n, 'USD', 'zh-CN', 'US$1,234,567.89'],
  [1234567n, 'BHD', 'en', 'BHD\u00a01,234.567'],
  [12345n, 'CLF', 'en', 'CLF\u00a01.2345'],
  [-12345075n, 'INR', 'en-IN', '-₹1,23,450.75'],
  [-123450n, 'EUR', 'de-DE', '-1.234,50\u00a0€'],
  [-123450n, 'CHF', 'de-CH', "CHF-1'234.50"],
  [-123450n, 'EUR', 'nl-NL', '€\u00a0-1.234,50'],
  [123450n, 'EUR', 'es', '1234,50\u00a0€'],
  [12345050n, 'EUR', 'es', '123.450,50\u00a0€'],
  // CLDR shows HUF without decimals; we keep the ISO minor unit rather than round.
  [-123456n, 'HUF', 'hu', '-1234,56\u00a0Ft'],
  [-1234567n, 'BHD', 'ar-BH', '\u061c-\u200f١٬٢٣٤٫٥٦٧\u00a0د.ب.\u200f'],
];

describe('formatMoney scenarios', () => {
  for (const [minor, currency, locale, expected] of SCENARIOS) {
    it(`formats ${minor} ${currency} in ${locale} as ${JSON.stringify(expected)}`, () => {
      assert.equal(formatMoney(minor, currency, locale), expected);
    });
  }

  it('accepts lower-case currency codes', () => {
    assert.equal(formatMoney(100n, 'cny', 'zh-CN'), '¥1.00');
  });

  it('throws unknown_currency, invalid_locale and invalid_amount for bad input', () => {
    assert.throws(() => formatMoney(1n, 'ZZZ', 'en'), moneyError('unknown_currency'));
    assert.throws(() => formatMoney(1n, 'CNY', 'en_US'), moneyError('invalid_locale'));
    assert.throws(() => formatMoney(1 as unknown as bigint, 'CNY', 'en'), moneyError('invalid_amount'));
  });
});

const LOCALES = ['zh-CN', 'en', 'en-IN', 'de-DE', 'de-CH', 'fr-FR', 'nl-NL', 'es', 'hu', 'ja-JP', 'zh-TW', 'ar-BH', 'he', 'fa', 'hi-IN-u-nu-deva', 'pt-CV'];

function intlFormatter(locale: string, code: string, options: { matchExponent: boolean }): Intl.NumberFormat {
  const { exponent } = requireCurrency(code);
  const digits = options.matchExponent ? { minimumFractionDigits: exponent, maximumFractionDigits: exponent } : {};
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code, ...digits });
}

describe('formatMoney agrees with Intl where floats are exact', () => {
  // Below 10^12 minor units with at most 4 decimals, Number(minor) / 10^exponent is the
  // nearest double to the decimal value and ICU's shortest round-trip digits recover it,
  // so Intl's own output is a trustworthy reference.
  const safeMinor = fc.bigInt({ min: -(10n ** 12n) + 1n, max: 10n ** 12n - 1n });
  const smallMinor = fc.bigInt({ min: -100_000n, max: 100_000n });
  const amount = fc.oneof(safeMinor, smallMinor);

  it('matches Intl with the fraction digits set to the ISO exponent, for every currency and many locales', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom(...CURRENCIES), fc.constantFrom(...LOCALES), (minor, { code, exponent }, locale) => {
        const expected = intlFormatter(locale, code, { matchExponent: true }).format(Number(minor) / 10 ** exponent);
        assert.equal(formatMoney(minor, code, locale), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("matches Intl's default output wherever CLDR and ISO agree on the exponent", () => {
    const agreeing = CURRENCIES.filter(({ code, exponent }) =>
      LOCALES.every((locale) => intlFormatter(locale, code, { matchExponent: false }).resolvedOptions().maximumFractionDigits === exponent),
    );
    assert.ok(agreeing.some((c) => c.code === 'CNY') && agreeing.some((c) => c.code === 'JPY'));
    fc.assert(
      fc.property(amount, fc.constantFrom(...agreeing), fc.constantFrom(...LOCALES), (minor, { code, exponent }, locale) => {
        const expected = intlFormatter(locale, code, { matchExponent: false }).format(Number(minor) / 10 ** exponent);
        assert.equal(formatMoney(minor, code, locale), expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatMoney keeps every digit', () => {
  it('shows all digits of amounts far beyond 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.constantFrom('CNY', 'USD', 'JPY', 'BHD', 'CLF'), fc.constantFrom('zh-CN', 'en', 'en-IN', 'de-DE'), (minor, code, locale) => {
        const { exponent } = requireCurrency(code);
        const magnitude = minor < 0n ? -minor : minor;
        const shown = formatMoney(minor, code, locale).replace(/[^0-9]/g, '');
        assert.equal(shown, magnitude.toString().padStart(exponent + 1, '0'));
      }),
    );
  });

  it('shows the minus sign exactly when the amount is negative', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.constantFrom('zh-CN', 'en', 'de-CH', 'nl-NL'), (minor, locale) => {
        assert.equal(formatMoney(minor, 'CNY', locale).includes('-'), minor < 0n);
      }),
    );
  });
});
