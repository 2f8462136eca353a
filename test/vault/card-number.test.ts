import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import { CardCredentials, cardBrand, checkExpiry, cvcFormatValid, last4, luhnValid, normalizeCardNumber, redactPan, validateCard, type CardBrand } from '../../src/vault/index.ts';

/** Numbers, their Luhn validity and brand: Stripe's test numbers and edges of every BIN range. */
const CARD_TABLE: readonly { number: string; luhn: boolean; brand: CardBrand }[] = [
  { number: '4242424242424242', luhn: true, brand: 'visa' },
  { number: '4242424242424241', luhn: false, brand: 'visa' },
  { number: '4000002500003155', luhn: true, brand: 'visa' },
  { number: '5555555555554444', luhn: true, brand: 'mastercard' },
  { number: '5105105105105100', luhn: true, brand: 'mastercard' },
  { number: '2223003122003222', luhn: true, brand: 'mastercard' },
  { number: '2221000000000009', luhn: true, brand: 'mastercard' },
  { number: '2720990000000007', luhn: true, brand: 'mastercard' },
  { number: '2220990000000000', luhn: false, brand: 'unknown' },
  { number: '2721000000000004', luhn: true, brand: 'unknown' },
  { number: '5000000000000009', luhn: true, brand: 'unknown' },
  { number: '5600000000000003', luhn: true, brand: 'unknown' },
  { number: '378282246310005', luhn: true, brand: 'amex' },
  { number: '371449635398431', luhn: true, brand: 'amex' },
  { number: '3530111333300000', luhn: true, brand: 'jcb' },
  { number: '3566002020360505', luhn: true, brand: 'jcb' },
  { number: '3528000000000007', luhn: true, brand: 'jcb' },
  { number: '3589000000000003', luhn: true, brand: 'jcb' },
  { number: '3527000000000008', luhn: true, brand: 'unknown' },
  { number: '3590000000000000', luhn: true, brand: 'unknown' },
  { number: '6200000000000005', luhn: true, brand: 'unionpay' },
  { number: '6205500000000000004', luhn: true, brand: 'unionpay' },
  { number: '8171999927660000', luhn: true, brand: 'unionpay' },
  { number: '6011111111111117', luhn: true, brand: 'unknown' },
  { number: '30569309025904', luhn: true, brand: 'unknown' },
];

describe('Luhn and brand from the BIN', () => {
  for (const row of CARD_TABLE) {
    test(`${row.number}: Luhn ${row.luhn ? 'passes' : 'fails'}, brand ${row.brand}`, () => {
      assert.equal(luhnValid(row.number), row.luhn);
      assert.equal(cardBrand(row.number), row.brand);
    });
  }

  test('Luhn refuses anything that is not a string of digits', () => {
    assert.equal(luhnValid('4242 4242 4242 4242'), false);
    assert.equal(luhnValid(''), false);
    assert.equal(luhnValid('42424242424242424242'), false, 'longer than 19 digits');
  });
});

describe('card number normalization', () => {
  const rows: readonly [string, string | undefined][] = [
    ['4242424242424242', '4242424242424242'],
    ['4242 4242 4242 4242', '4242424242424242'],
    ['4242-4242-4242-4242', '4242424242424242'],
    ['378282246310005', '378282246310005'],
    ['424242424242', '424242424242'],
    ['42424242424', undefined],
    ['4242424242424242424', '4242424242424242424'],
    ['42424242424242424242', undefined],
    ['4242x4242424242424', undefined],
    ['', undefined],
    ['4'.repeat(41), undefined],
  ];
  for (const [input, expected] of rows) {
    test(`${JSON.stringify(input.slice(0, 24))} → ${expected ?? 'invalid_number'}`, () => {
      const result = normalizeCardNumber(input);
      assert.deepEqual(result, expected === undefined ? { result: 'invalid_number' } : { result: 'ok', number: expected });
    });
  }

  test('last4 gives the last four digits of a normalized number', () => {
    assert.equal(last4('4242424242424242'), '4242');
    assert.equal(last4('378282246310005'), '0005');
  });
});

describe('expiry', () => {
  // 2026-03-15 UTC
  const nowMs = Date.UTC(2026, 2, 15);
  const rows: readonly [number, number, string][] = [
    [3, 2026, 'ok'],
    [12, 2026, 'ok'],
    [1, 2027, 'ok'],
    [2, 2026, 'invalid_expiry_month'],
    [12, 2025, 'invalid_expiry_year'],
    [0, 2027, 'invalid_expiry_month'],
    [13, 2027, 'invalid_expiry_month'],
    [1.5, 2027, 'invalid_expiry_month'],
    [6, 2076, 'ok'],
    [6, 2077, 'invalid_expiry_year'],
    [6, 27, 'ok'],
    [6, 25, 'invalid_expiry_year'],
    [6, 999, 'invalid_expiry_year'],
  ];
  for (const [month, year, expected] of rows) {
    test(`${month}/${year} on 2026-03-15 is ${expected}`, () => {
      assert.equal(checkExpiry(month, year, nowMs).result, expected);
    });
  }

  test('two-digit years mean 20YY', () => {
    assert.deepEqual(checkExpiry(6, 27, nowMs), { result: 'ok', expMonth: 6, expYear: 2027 });
  });
});

describe('CVC format', () => {
  const rows: readonly [string, CardBrand, boolean][] = [
    ['123', 'visa', true],
    ['1234', 'visa', false],
    ['12', 'mastercard', false],
    ['1234', 'amex', true],
    ['123', 'amex', false],
    ['123', 'unionpay', true],
    ['123', 'jcb', true],
    ['123', 'unknown', true],
    ['1234', 'unknown', true],
    ['12a', 'visa', false],
  ];
  for (const [cvc, brand, valid] of rows) {
    test(`${cvc} for ${brand} is ${valid ? 'valid' : 'invalid'}`, () => assert.equal(cvcFormatValid(cvc, brand), valid));
  }
});

describe('validateCard', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const rows: readonly [{ number: string; expMonth: number; expYear: number; cvc?: string }, string][] = [
    [{ number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' }, 'ok'],
    [{ number: '4242424242424241', expMonth: 12, expYear: 2030 }, 'incorrect_number'],
    [{ number: '4242', expMonth: 12, expYear: 2030 }, 'invalid_number'],
    [{ number: '4242424242424242', expMonth: 13, expYear: 2030 }, 'invalid_expiry_month'],
    [{ number: '4242424242424242', expMonth: 12, expYear: 2020 }, 'invalid_expiry_year'],
    [{ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '12' }, 'invalid_cvc'],
    [{ number: '378282246310005', expMonth: 12, expYear: 2030, cvc: '123' }, 'invalid_cvc'],
    [{ number: '378282246310005', expMonth: 12, expYear: 2030, cvc: '1234' }, 'ok'],
  ];
  for (const [input, expected] of rows) {
    test(`${input.number} ${input.expMonth}/${input.expYear} cvc ${input.cvc ?? 'none'} → ${expected}`, () => {
      assert.equal(validateCard(input, clock).result, expected);
    });
  }
});

describe('keeping the number out of sight', () => {
  test('redactPan masks card numbers in free text, keeping the last four', () => {
    assert.equal(redactPan('card 4242424242424242 declined'), 'card ****4242 declined');
    assert.equal(redactPan('card 4242 4242 4242 4242 declined'), 'card ****4242 declined');
    assert.equal(redactPan('amex 3782-822463-10005'), 'amex ****0005');
    assert.equal(redactPan('order 12345 for 99.00'), 'order 12345 for 99.00');
    assert.equal(redactPan('a: 4000000000000002, b: 6200000000000005'), 'a: ****0002, b: ****0005');
  });

  test('CardCredentials shows only brand, last four and expiry to JSON, inspect and string conversion', async () => {
    const { inspect } = await import('node:util');
    const created = CardCredentials.fromInput({ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '987' }, new ManualClock());
    assert.equal(created.result, 'ok');
    if (created.result !== 'ok') return;
    const card = created.credentials;
    for (const shown of [JSON.stringify(card), inspect(card, { showHidden: true, depth: 5 }), String(card), `${card}`, JSON.stringify({ card })]) {
      assert.ok(!shown.includes('4242424242424242'), `number hidden in ${shown}`);
      assert.ok(!shown.includes('987'), `cvc hidden in ${shown}`);
      assert.ok(shown.includes('4242'), 'last four shown');
    }
    assert.deepEqual(JSON.parse(JSON.stringify(card)), { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 });
    assert.equal(card.revealNumber(), '4242424242424242');
    assert.equal(card.revealCvc(), '987');
  });
});
