import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { generateNumber, generatePin, normalizePrepaidNumber, PREPAID_NUMBER_PREFIX } from '../../src/prepaid/card-number.ts';
import { cardBrand, luhnValid } from '../../src/vault/index.ts';

describe('prepaid card numbers', () => {
  test('generated numbers are 16 digits with our prefix and a right check digit, and no card network claims them', () => {
    for (let i = 0; i < 1_000; i += 1) {
      const number = generateNumber();
      assert.match(number, /^\d{16}$/);
      assert.ok(number.startsWith(PREPAID_NUMBER_PREFIX));
      assert.ok(luhnValid(number), number);
      assert.equal(cardBrand(number), 'unknown');
      assert.equal(normalizePrepaidNumber(number), number);
    }
  });

  test('a number typed in groups is accepted; any single wrong digit is refused', () => {
    const number = generateNumber();
    assert.equal(normalizePrepaidNumber(number.replace(/(\d{4})(?=\d)/g, '$1 ')), number);
    assert.equal(normalizePrepaidNumber(number.replace(/(\d{4})(?=\d)/g, '$1-')), number);
    for (let position = 0; position < number.length; position += 1) {
      const digit = Number(number[position]);
      const typo = `${number.slice(0, position)}${(digit + 1) % 10}${number.slice(position + 1)}`;
      assert.equal(normalizePrepaidNumber(typo), undefined, `a typo at position ${position}`);
    }
  });

  const REFUSED = ['', '4242424242424242', `${PREPAID_NUMBER_PREFIX}123`, 'abcdefghijklmnop', `${generateNumber()}0`, ' '.repeat(25)];
  for (const input of REFUSED) {
    test(`${JSON.stringify(input)} is not a prepaid number`, () => {
      assert.equal(normalizePrepaidNumber(input), undefined);
    });
  }

  test('generated PINs are six digits, leading zeros kept', () => {
    for (let i = 0; i < 1_000; i += 1) assert.match(generatePin(), /^\d{6}$/);
  });
});
