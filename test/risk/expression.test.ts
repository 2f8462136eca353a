import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  MAX_RULE_DEPTH,
  MAX_RULE_NODES,
  MAX_RULE_SOURCE_CHARS,
  compileRule,
  type CompiledRule,
  type FeatureCatalogue,
  type FeatureType,
  type FeatureValues,
  type RuleSyntaxError,
} from '../../src/risk/rules/expression.ts';

const CATALOGUE: FeatureCatalogue = new Map<string, FeatureType>([
  ['amount', 'number'],
  ['score', 'number'],
  ['customer.count_1h', 'number'],
  ['card.is_new', 'boolean'],
  ['is_night', 'boolean'],
  ['payment_method', 'string'],
  ['ip', 'string'],
]);

function compiled(source: string, catalogue: FeatureCatalogue = CATALOGUE): CompiledRule {
  const result = compileRule(source, catalogue);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(source)} to compile, got ${result.error.message}`);
  return result.rule;
}

function failure(source: string, catalogue: FeatureCatalogue = CATALOGUE): RuleSyntaxError {
  const result = compileRule(source, catalogue);
  if (result.ok) assert.fail(`expected ${JSON.stringify(source)} to be rejected`);
  return result.error;
}

/** Values as untyped callers (JSON, JavaScript) may really pass them. */
function loose(values: Record<string, unknown>): FeatureValues {
  return values as FeatureValues;
}

const VALID: ReadonlyArray<{ source: string; values: FeatureValues; expected: boolean; why: string }> = [
  { source: 'amount > 500000 and customer.count_1h > 5', values: { amount: 600_000, 'customer.count_1h': 6 }, expected: true, why: 'both conditions hold' },
  { source: 'amount > 500000 and customer.count_1h > 5', values: { amount: 600_000, 'customer.count_1h': 5 }, expected: false, why: '> is strict' },
  { source: 'amount > 500_000', values: { amount: 500_001 }, expected: true, why: "'_' separates digits" },
  { source: 'amount == 1_000.25', values: { amount: 1000.25 }, expected: true, why: 'separators and decimals combine' },
  { source: 'amount + 2 * 3 == 7', values: { amount: 1 }, expected: true, why: '* binds tighter than +' },
  { source: '(amount + 2) * 3 == 9', values: { amount: 1 }, expected: true, why: 'parentheses override precedence' },
  { source: 'amount - 2 - 3 == 5', values: { amount: 10 }, expected: true, why: '- is left-associative' },
  { source: 'amount / 4 / 2 == 1', values: { amount: 8 }, expected: true, why: '/ is left-associative' },
  { source: '-amount + 10 == 7', values: { amount: 3 }, expected: true, why: 'unary minus binds tightest' },
  { source: '- -amount == 3', values: { amount: 3 }, expected: true, why: 'unary minus nests' },
  { source: 'amount = 3', values: { amount: 3 }, expected: true, why: "'=' means equality" },
  { source: 'amount != 3', values: { amount: 4 }, expected: true, why: '!= is inequality' },
  { source: 'amount <= 3 and amount >= 3 and not (amount < 3)', values: { amount: 3 }, expected: true, why: 'inclusive bounds' },
  { source: "payment_method in ('card', 'prepaid_card')", values: { payment_method: 'prepaid_card' }, expected: true, why: 'in finds a member' },
  { source: "payment_method in ('card', 'prepaid_card',)", values: { payment_method: 'wallet' }, expected: false, why: 'in rejects a non-member; a trailing comma is allowed' },
  { source: "ip not in ['10.0.0.1']", values: { ip: '10.0.0.2' }, expected: true, why: 'not in with a bracketed list' },
  { source: "ip not in ['10.0.0.1']", values: { ip: '10.0.0.1' }, expected: false, why: 'not in rejects a member' },
  { source: 'score in (-1, 2.5, 3)', values: { score: -1 }, expected: true, why: 'number lists allow negative literals' },
  { source: 'card.is_new in (true)', values: { 'card.is_new': true }, expected: true, why: 'boolean lists' },
  { source: 'card.is_new and is_night', values: { 'card.is_new': true, is_night: true }, expected: true, why: 'bare boolean features are conditions' },
  { source: 'card.is_new and is_night', values: { 'card.is_new': true, is_night: false }, expected: false, why: 'and needs both' },
  { source: 'card.is_new or is_night and false', values: { 'card.is_new': true, is_night: true }, expected: true, why: 'and binds tighter than or' },
  { source: '(card.is_new or is_night) and false', values: { 'card.is_new': true, is_night: true }, expected: false, why: 'parentheses group or first' },
  { source: 'not card.is_new == false', values: { 'card.is_new': false }, expected: false, why: 'not applies to the whole comparison' },
  { source: 'card.is_new && !is_night || false', values: { 'card.is_new': true, is_night: false }, expected: true, why: '&&, || and ! are accepted' },
  { source: "amount > 5 AND payment_method NOT IN ('x') Or FALSE", values: { amount: 6, payment_method: 'card' }, expected: true, why: 'keywords are case-insensitive' },
  { source: 'TRUE', values: {}, expected: true, why: 'a constant rule always matches' },
  { source: 'abs(amount) == 5 and min(amount, score) == -5 and max(amount, score) == 2', values: { amount: -5, score: 2 }, expected: true, why: 'functions' },
  { source: 'ABS(amount) > 1', values: { amount: -2 }, expected: true, why: 'function names are case-insensitive like keywords' },
  { source: 'is_missing(ip) and not is_missing(amount)', values: { amount: 1 }, expected: true, why: 'is_missing tests presence' },
  { source: "payment_method == 'it\\'s' and ip == \"a\\\"b\\\\c\\n\\u0041\"", values: { payment_method: "it's", ip: 'a"b\\c\nA' }, expected: true, why: 'string escapes' },
  { source: "payment_method != 'card'", values: { payment_method: 'Card' }, expected: true, why: 'string comparison is case-sensitive' },
  { source: 'amount >\n  5\n\tand is_night', values: { amount: 6, is_night: true }, expected: true, why: 'any whitespace separates tokens' },
];

describe('compileRule evaluates valid rules', () => {
  for (const { source, values, expected, why } of VALID) {
    it(`${JSON.stringify(source)} is ${expected} for ${JSON.stringify(values)}: ${why}`, () => {
      assert.equal(compiled(source).evaluate(values), expected);
    });
  }

  it('lists the referenced features once each, in order of first appearance', () => {
    const rule = compiled("ip == 'x' or amount > 1 and is_missing(ip) or min(score, amount) > 0");
    assert.deepEqual(rule.features, ['ip', 'amount', 'score']);
    assert.equal(rule.source, "ip == 'x' or amount > 1 and is_missing(ip) or min(score, amount) > 0");
  });

  it('keeps feature names case-sensitive', () => {
    assert.equal(failure('AMOUNT > 1').code, 'unknown_feature');
  });

  it('works as a detached callback', () => {
    const { evaluate } = compiled('amount > 1');
    assert.deepEqual([{ amount: 2 }, { amount: 0 }].map(evaluate), [true, false]);
  });
});

const ERRORS: ReadonlyArray<{ source: string; code: RuleSyntaxError['code']; position: number; message?: string }> = [
  { source: 'amount > ', code: 'syntax_error', position: 9, message: "expected a value after '>' at position 9" },
  { source: 'amount > )', code: 'syntax_error', position: 9, message: "expected a value after '>' at position 9 but found ')'" },
  { source: '', code: 'syntax_error', position: 0, message: 'expected a condition at position 0 but the rule is empty' },
  { source: 'amount > 500_000 and customer.cont_1h > 5', code: 'unknown_feature', position: 21, message: "unknown feature 'customer.cont_1h' at position 21 (did you mean 'customer.count_1h'?)" },
  { source: 'velocity > 5', code: 'unknown_feature', position: 0, message: "unknown feature 'velocity' at position 0" },
  { source: "'a' > 3", code: 'type_mismatch', position: 4, message: 'cannot compare a string with a number at position 4' },
  { source: "ip < 'b'", code: 'type_mismatch', position: 3, message: "'<' at position 3 compares numbers only, but both sides are strings" },
  { source: 'card.is_new == 1', code: 'type_mismatch', position: 12, message: 'cannot compare a boolean with a number at position 12' },
  { source: "ip + 'x' == 'y'", code: 'type_mismatch', position: 3, message: "'+' at position 3 needs numbers on both sides, but its left side is a string" },
  { source: 'amount + 1', code: 'type_mismatch', position: 0, message: 'a rule must be a condition that is true or false, but the expression at position 0 is a number' },
  { source: 'is_night and amount', code: 'type_mismatch', position: 13, message: "'and' needs a condition on each side, but the expression at position 13 is a number" },
  { source: 'not ip', code: 'type_mismatch', position: 4 },
  { source: '-is_night', code: 'type_mismatch', position: 1 },
  { source: "amount in (1, 'two')", code: 'type_mismatch', position: 14, message: 'cannot compare a number with a string at position 14' },
  { source: "abs(ip) > 1", code: 'type_mismatch', position: 4 },
  { source: "ip == 'abc", code: 'syntax_error', position: 6, message: "unterminated string starting at position 6; close it with ' on the same line" },
  { source: "ip == 'a\nb'", code: 'syntax_error', position: 6 },
  { source: "ip == 'a\\", code: 'syntax_error', position: 6 },
  { source: "ip == 'a\\qb'", code: 'syntax_error', position: 8, message: "unknown escape '\\q' in a string at position 8" },
  { source: '(amount > 5', code: 'syntax_error', position: 11, message: "missing ')' at position 11 to close the '(' opened at position 0" },
  { source: '(amount > 5 is_night', code: 'syntax_error', position: 12, message: "missing ')' at position 12 to close the '(' opened at position 0 but found 'is_night'" },
  { source: 'amount > 5)', code: 'syntax_error', position: 10, message: "unexpected ')' at position 10 with no matching '('" },
  { source: 'amount > 5 is_night', code: 'syntax_error', position: 11, message: "unexpected 'is_night' at position 11; expected an operator, 'and', 'or' or the end of the rule" },
  { source: "ip in ('a' 'b')", code: 'syntax_error', position: 11, message: "expected ',' or ')' at position 11 after a value in the '(' opened at position 6 but found the string 'b'" },
  { source: "ip in ('a']", code: 'syntax_error', position: 10 },
  { source: 'ip in ()', code: 'syntax_error', position: 6 },
  { source: 'ip in (payment_method)', code: 'syntax_error', position: 7 },
  { source: "ip in 'a'", code: 'syntax_error', position: 6 },
  { source: '1 < amount < 3', code: 'syntax_error', position: 11, message: "comparisons cannot be chained: '<' at position 11; join them with 'and'" },
  { source: 'amount & 1', code: 'syntax_error', position: 7, message: "unexpected character '&' at position 7 (write 'and' or '&&')" },
  { source: 'amount > 5_', code: 'syntax_error', position: 10 },
  { source: 'amount > 5__0', code: 'syntax_error', position: 10 },
  { source: 'amount > 1.', code: 'syntax_error', position: 11 },
  { source: 'amount > 1.2.3', code: 'syntax_error', position: 12 },
  { source: 'amount > 5x', code: 'syntax_error', position: 10 },
  { source: `amount > 1${'0'.repeat(400)}`, code: 'syntax_error', position: 9 },
  { source: 'amount >\u00a05', code: 'syntax_error', position: 8, message: 'unexpected character U+00A0 at position 8' },
  { source: 'min(amount) > 1', code: 'syntax_error', position: 0, message: "'min' at position 0 takes 2 arguments but was given 1" },
  { source: 'is_missing(amount + 1)', code: 'syntax_error', position: 11 },
  { source: 'is_missing(velocity)', code: 'unknown_feature', position: 11 },
  { source: 'sqrt(amount) > 1', code: 'unknown_function', position: 0, message: "unknown function 'sqrt' at position 0; the functions are abs, min, max, is_missing" },
  { source: 'amount > 1 and abss(amount) > 1', code: 'unknown_function', position: 15, message: "unknown function 'abss' at position 15 (did you mean 'abs'?); the functions are abs, min, max, is_missing" },
  { source: 'amount > 1 and\n  ip == 3', code: 'type_mismatch', position: 20 },
];

describe('compileRule rejects invalid rules with a code and an exact position', () => {
  for (const { source, code, position, message } of ERRORS) {
    it(`${JSON.stringify(source.length > 60 ? `${source.slice(0, 60)}…` : source)} is ${code} at ${position}`, () => {
      const error = failure(source);
      assert.equal(error.code, code, error.message);
      assert.equal(error.position, position, error.message);
      if (message !== undefined) assert.equal(error.message, message);
    });
  }

  it('gives 1-based line and column for multi-line rules', () => {
    const error = failure('amount > 1 and\n  ip == 3');
    assert.deepEqual([error.line, error.column], [2, 6]);
  });

  it('reports syntax errors before type errors, in source order', () => {
    assert.equal(failure("'a' > 3 and (").code, 'syntax_error');
    assert.equal(failure("ip == 'x' and velocity > 1 and 'a' > 3").code, 'unknown_feature');
  });
});

describe('compileRule limits', () => {
  it(`accepts ${MAX_RULE_SOURCE_CHARS} characters and rejects one more as too_long`, () => {
    const atLimit = 'amount > 1'.padEnd(MAX_RULE_SOURCE_CHARS, ' ');
    assert.equal(compiled(atLimit).evaluate({ amount: 2 }), true);
    const error = failure(`${atLimit} `);
    assert.deepEqual([error.code, error.position], ['too_long', MAX_RULE_SOURCE_CHARS]);
  });

  it(`accepts ${MAX_RULE_DEPTH} nested parentheses and rejects one more as too_complex`, () => {
    const nest = (levels: number) => `${'('.repeat(levels)}is_night${')'.repeat(levels)}`;
    assert.equal(compiled(nest(MAX_RULE_DEPTH)).evaluate({ is_night: true }), true);
    const error = failure(nest(MAX_RULE_DEPTH + 1));
    assert.deepEqual([error.code, error.position], ['too_complex', MAX_RULE_DEPTH]);
  });

  it(`rejects a tree deeper than ${MAX_RULE_DEPTH} even without parentheses`, () => {
    // 31 nots over a feature make a tree 32 deep; one more `not` makes it 33.
    assert.equal(compiled(`${'not '.repeat(MAX_RULE_DEPTH - 1)}is_night`).evaluate({ is_night: false }), true);
    assert.equal(failure(`${'not '.repeat(MAX_RULE_DEPTH)}is_night`).code, 'too_complex');
    const sum = failure(`${Array(40).fill('1').join('+')} > 0`);
    assert.deepEqual([sum.code, sum.position], ['too_complex', 63]);
  });

  it('keeps long and/or chains shallow, so only the node limit applies to them', () => {
    const chain = (terms: number) => Array(terms).fill('b').join(' or ');
    const catalogue: FeatureCatalogue = new Map([['b', 'boolean']]);
    // n features plus one n-ary `or` node.
    assert.equal(compiled(chain(MAX_RULE_NODES - 1), catalogue).evaluate({ b: true }), true);
    const error = failure(chain(MAX_RULE_NODES), catalogue);
    assert.deepEqual([error.code, error.position], ['too_complex', 2]);
  });

  it('counts list values as nodes', () => {
    const list = (count: number) => `amount in (${Array.from({ length: count }, (_, i) => i).join(',')})`;
    assert.equal(compiled(list(MAX_RULE_NODES - 2)).evaluate({ amount: 5 }), true);
    assert.equal(failure(list(MAX_RULE_NODES - 1)).code, 'too_complex');
  });
});

const UNKNOWN: ReadonlyArray<{ source: string; values: FeatureValues; expected: boolean; why: string }> = [
  { source: 'amount > 5', values: {}, expected: false, why: 'a comparison with a missing value is unknown, and unknown does not match' },
  { source: 'not (amount > 5)', values: {}, expected: false, why: 'not unknown is still unknown (SQL semantics), so a negated rule does not fire on missing data' },
  { source: 'amount <= 5 or amount > 5', values: {}, expected: false, why: 'unknown or unknown is unknown' },
  { source: 'amount > 5 or card.is_new', values: { 'card.is_new': true }, expected: true, why: 'unknown or true is true' },
  { source: 'amount > 5 and card.is_new', values: { 'card.is_new': false }, expected: false, why: 'unknown and false is false' },
  { source: 'not (amount > 5 and card.is_new)', values: { 'card.is_new': false }, expected: true, why: 'so its negation is true' },
  { source: 'not (amount > 5 or card.is_new)', values: { 'card.is_new': false }, expected: false, why: 'unknown or false is unknown' },
  { source: 'amount / 0 > 1', values: { amount: 5 }, expected: false, why: 'division by zero is unknown' },
  { source: 'not (amount / 0 > 1)', values: { amount: 5 }, expected: false, why: 'and so is its negation' },
  { source: 'amount / amount == amount / amount', values: { amount: 0 }, expected: false, why: '0 / 0 is unknown, never equal to itself' },
  { source: 'amount * amount > 1', values: { amount: 1e200 }, expected: false, why: 'overflow to Infinity is unknown' },
  { source: 'amount > 5', values: { amount: Infinity }, expected: false, why: 'a non-finite feature value is unknown' },
  { source: 'not (amount > 5)', values: { amount: NaN }, expected: false, why: 'NaN is unknown' },
  { source: 'amount > 5', values: loose({ amount: '10' }), expected: false, why: 'a value of the wrong runtime type is unknown' },
  { source: 'card.is_new', values: loose({ 'card.is_new': 'true' }), expected: false, why: 'a string is not a boolean' },
  { source: 'not card.is_new', values: loose({ 'card.is_new': null }), expected: false, why: 'null is unknown' },
  { source: "payment_method not in ('card')", values: {}, expected: false, why: 'not in with a missing value is unknown' },
  { source: "payment_method != 'card'", values: loose({ payment_method: 7 }), expected: false, why: '!= with a wrong-typed value is unknown' },
  { source: 'min(amount, 3) < 5', values: {}, expected: false, why: 'functions propagate unknown' },
  { source: 'is_missing(amount)', values: {}, expected: true, why: 'is_missing is true for an absent value' },
  { source: 'is_missing(amount)', values: { amount: NaN }, expected: true, why: 'is_missing is true for whatever reads as unknown' },
  { source: 'is_missing(amount)', values: loose({ amount: '5' }), expected: true, why: 'including a wrong runtime type' },
  { source: 'is_missing(amount)', values: { amount: 0 }, expected: false, why: 'zero is present' },
  { source: 'is_missing(amount) or amount > 5', values: {}, expected: true, why: 'operators opt in to matching on missing data' },
];

describe('missing values follow SQL-style unknown semantics and never throw', () => {
  for (const { source, values, expected, why } of UNKNOWN) {
    it(`${JSON.stringify(source)} is ${expected} for ${JSON.stringify(values)}: ${why}`, () => {
      assert.equal(compiled(source).evaluate(values), expected);
    });
  }

  it('does not match, and does not throw, on hostile value objects', () => {
    const rule = compiled('amount > 1 or not is_night');
    const throwingGetter = Object.defineProperty({}, 'amount', { get: () => { throw new Error('boom'); } });
    const throwingProxy = new Proxy({}, { get: () => { throw new Error('boom'); } });
    for (const values of [null, undefined, 5, 'text', throwingGetter, throwingProxy, Object.create(null)]) {
      assert.equal(rule.evaluate(values as unknown as FeatureValues), false);
    }
  });

  it('reads only own data for feature names that shadow Object.prototype', () => {
    const catalogue: FeatureCatalogue = new Map([['constructor', 'number'], ['toString', 'string']]);
    assert.equal(compiled('is_missing(constructor) and is_missing(toString)', catalogue).evaluate({}), true);
    assert.equal(compiled("constructor > 0 or toString == 'x'", catalogue).evaluate({}), false);
  });
});

// ---------------------------------------------------------------------------------------
// Property-based tests

const TOKENS = [
  'amount', 'score', 'customer.count_1h', 'card.is_new', 'is_night', 'payment_method', 'ip', 'velocity',
  'and', 'OR', 'not', 'in', 'not in', '&&', '||', '!', 'true', 'False',
  '==', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '(', ')', '[', ']', ',',
  '0', '1', '5', '500_000', '2.5', "'card'", '"ip"', "'unterminated", 'abs(', 'min(', 'max(', 'is_missing(', 'foo(',
];

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom('card', 'prepaid_card', "it's", ''),
  fc.string({ maxLength: 8 }),
);

const anyValues = fc.record(
  Object.fromEntries([...CATALOGUE.keys()].map((name) => [name, anyValue])),
  { requiredKeys: [] },
) as fc.Arbitrary<FeatureValues>;

function assertWellFormed(source: string, error: RuleSyntaxError): void {
  assert.ok(error.position >= 0 && error.position <= source.length, `position ${error.position} is outside the source`);
  assert.match(error.message, new RegExp(`position ${error.position}(?!\\d)`), 'the message names the reported position');
  assert.ok(error.line >= 1 && error.column >= 1);
}

/** A generated rule: its source and a reference evaluation written independently of the module. */
type Generated<T> = { readonly source: string; readonly reference: (values: FeatureValues) => T | null };

function readNumber(values: FeatureValues, name: string): number | null {
  const value = values[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function readString(values: FeatureValues, name: string): string | null {
  const value = values[name];
  return typeof value === 'string' ? value : null;
}

function readBoolean(values: FeatureValues, name: string): boolean | null {
  const value = values[name];
  return typeof value === 'boolean' ? value : null;
}

function both<A, B, R>(a: A | null, b: B | null, combine: (a: A, b: B) => R): R | null {
  return a === null || b === null ? null : combine(a, b);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b,
};
const COMPARISON: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b, '=': (a, b) => a === b, '!=': (a, b) => a !== b,
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
};

const generated = fc.letrec<{ num: Generated<number>; str: Generated<string>; bool: Generated<boolean> }>((tie) => ({
  num: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.oneof(fc.nat(1000), fc.constantFrom(0.5, 2.25, 1_000_000)).map((n) => ({ source: String(n), reference: () => n })),
    fc.constantFrom('amount', 'score', 'customer.count_1h').map((name) => ({ source: name, reference: (v: FeatureValues) => readNumber(v, name) })),
    tie('num').map((a) => ({ source: `(-${a.source})`, reference: (v: FeatureValues) => both(a.reference(v), 0, (x) => -x) })),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('num'), tie('num')).map(([op, a, b]) => ({
      source: `(${a.source} ${op} ${b.source})`,
      reference: (v: FeatureValues) => both(a.reference(v), b.reference(v), (x, y) => finiteOrNull(ARITHMETIC[op]!(x, y))),
    })),
    fc.tuple(fc.constantFrom('min', 'MAX'), tie('num'), tie('num')).map(([fn, a, b]) => ({
      source: `${fn}(${a.source}, ${b.source})`,
      reference: (v: FeatureValues) => both(a.reference(v), b.reference(v), fn === 'min' ? Math.min : Math.max),
    })),
    tie('num').map((a) => ({ source: `abs(${a.source})`, reference: (v: FeatureValues) => both(a.reference(v), 0, Math.abs) })),
  ),
  str: fc.oneof(
    fc.constantFrom('card', 'prepaid_card', "it's", '', 'a\\b\n').map((s) => ({ source: quote(s), reference: () => s })),
    fc.constantFrom('payment_method', 'ip').map((name) => ({ source: name, reference: (v: FeatureValues) => readString(v, name) })),
  ),
  bool: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom('true', 'FALSE').map((word) => ({ source: word, reference: () => word === 'true' })),
    fc.constantFrom('card.is_new', 'is_night').map((name) => ({ source: name, reference: (v: FeatureValues) => readBoolean(v, name) })),
    fc.tuple(fc.constantFrom('not ', '!'), tie('bool')).map(([not, a]) => ({
      source: `(${not}${a.source})`,
      reference: (v: FeatureValues) => both(a.reference(v), 0, (x) => !x),
    })),
    fc.tuple(fc.constantFrom('and', 'AND', '&&'), tie('bool'), tie('bool')).map(([op, a, b]) => ({
      source: `(${a.source} ${op} ${b.source})`,
      reference: (v: FeatureValues) => kleeneAnd(a.reference(v), b.reference(v)),
    })),
    fc.tuple(fc.constantFrom('or', 'Or', '||'), tie('bool'), tie('bool')).map(([op, a, b]) => ({
      source: `(${a.source} ${op} ${b.source})`,
      reference: (v: FeatureValues) => kleeneOr(a.reference(v), b.reference(v)),
    })),
    fc.tuple(fc.constantFrom(...Object.keys(COMPARISON)), tie('num'), tie('num')).map(([op, a, b]) => ({
      source: `(${a.source} ${op} ${b.source})`,
      reference: (v: FeatureValues) => both(a.reference(v), b.reference(v), COMPARISON[op]!),
    })),
    fc.tuple(fc.boolean(), tie('str'), tie('str')).map(([equal, a, b]) => ({
      source: `(${a.source} ${equal ? '==' : '!='} ${b.source})`,
      reference: (v: FeatureValues) => both(a.reference(v), b.reference(v), (x, y) => (x === y) === equal),
    })),
    fc.tuple(fc.boolean(), tie('num'), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 4 })).map(([negated, a, list]) => ({
      source: `(${a.source} ${negated ? 'NOT IN' : 'in'} (${list.join(', ')}))`,
      reference: (v: FeatureValues) => both(a.reference(v), 0, (x) => list.includes(x) !== negated),
    })),
    fc.tuple(fc.boolean(), tie('str'), fc.array(fc.constantFrom<string>('card', "it's", ''), { minLength: 1, maxLength: 3 })).map(([negated, a, list]) => ({
      source: `(${a.source} ${negated ? 'not in' : 'in'} [${list.map(quote).join(', ')}])`,
      reference: (v: FeatureValues) => both(a.reference(v), 0, (x) => list.includes(x) !== negated),
    })),
    fc.constantFrom(...CATALOGUE.keys()).map((name) => ({
      source: `is_missing(${name})`,
      reference: (v: FeatureValues) => {
        const type = CATALOGUE.get(name);
        return (type === 'number' ? readNumber(v, name) : type === 'string' ? readString(v, name) : readBoolean(v, name)) === null;
      },
    })),
  ),
})).bool;

function kleeneAnd(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function kleeneOr(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

describe('compileRule properties', () => {
  it('never throws on random strings, and every error names a position inside the source', () => {
    // Any UTF-16 code units, lone surrogates included, since positions count code units.
    // (fast-check's own `unit: 'binary'` strings take seconds to set up on first use.)
    const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((units) => String.fromCharCode(...units));
    for (const sources of [fc.string({ maxLength: 200 }), codeUnits]) {
      fc.assert(
        fc.property(sources, (source) => {
          const result = compileRule(source, CATALOGUE);
          if (!result.ok) assertWellFormed(source, result.error);
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('never throws on random token sequences, and the rules that compile never throw when evaluated', () => {
    let compiledCount = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), fc.array(anyValues, { minLength: 1, maxLength: 5 }), (tokens, rows) => {
        const source = tokens.join(' ');
        const result = compileRule(source, CATALOGUE);
        if (!result.ok) return assertWellFormed(source, result.error);
        compiledCount += 1;
        for (const values of rows) assert.equal(typeof result.rule.evaluate(values), 'boolean');
      }),
      { numRuns: 3000 },
    );
    assert.ok(compiledCount > 0, 'some random token sequences form valid rules');
  });

  it('evaluates generated well-typed rules exactly as a reference three-valued interpreter does', () => {
    fc.assert(
      fc.property(generated, fc.array(anyValues, { minLength: 1, maxLength: 5 }), ({ source, reference }, rows) => {
        const rule = compiled(source);
        const negation = compiled(`not (${source})`);
        for (const values of rows) {
          const expected = reference(values);
          assert.equal(rule.evaluate(values), expected === true, `${source} on ${JSON.stringify(values)}`);
          assert.equal(negation.evaluate(values), expected === false, `not (${source}) on ${JSON.stringify(values)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
