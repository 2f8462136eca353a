/**
 * Fraud-rule expressions: the small language in which operators write conditions such as
 * `amount > 500_000 and customer.count_1h > 5` over named features.
 *
 * `compileRule` parses, type-checks and compiles a rule once into a tree of closures; the
 * compiled rule's `evaluate` then runs on every payment without re-parsing and without
 * `eval`/`new Function`, so a rule from an operator can never run arbitrary code.
 *
 * ## Missing values: SQL-style unknown (Kleene three-valued logic)
 * At run time a feature can be absent, be of the wrong type, or arithmetic can fail
 * (division by zero, overflow). Such a value is *unknown*, and unknown propagates the way
 * NULL does in SQL:
 * - arithmetic, `abs`, `min` and `max` on an unknown value give unknown; so does any
 *   arithmetic result that is not a finite number (`x / 0`, overflow to Infinity);
 * - a comparison or `in` / `not in` with an unknown side is unknown;
 * - `not unknown` is unknown; `unknown and false` is false; `unknown or true` is true;
 *   otherwise `and` / `or` with an unknown operand is unknown;
 * - `is_missing(feature)` is true exactly when that feature reads as unknown, never unknown.
 * A rule matches only when it is definitely true: `evaluate` returns false for unknown.
 * We chose this over "a comparison with a missing value is false" because that choice
 * makes `not (amount < 100)` match every payment whose amount is missing, so a negated
 * rule would block on missing data. With unknown, a rule fires only on evidence, and an
 * operator who wants missing data to count says so with `is_missing(x) or …`.
 * `evaluate` never throws: a value getter that throws also makes the rule not match.
 *
 * ## Grammar (lowest precedence first; keywords and function names are case-insensitive)
 *   rule        := or EOF
 *   or          := and (('or' | '||') and)*
 *   and         := not (('and' | '&&') not)*
 *   not         := ('not' | '!') not | comparison
 *   comparison  := sum [ ('==' | '=' | '!=' | '<' | '<=' | '>' | '>=') sum
 *                      | ['not'] 'in' list ]          -- comparisons do not chain
 *   sum         := product (('+' | '-') product)*
 *   product     := unary (('*' | '/') unary)*
 *   unary       := '-' unary | primary
 *   primary     := number | string | 'true' | 'false' | feature
 *                | function '(' [or (',' or)*] ')' | '(' or ')'
 *   list        := '(' literal (',' literal)* [','] ')' | '[' literal (',' literal)* [','] ']'
 *   literal     := ['-'] number | string | 'true' | 'false'
 *   number      := digits ['.' digits], where '_' may separate digits (500_000)
 *   string      := '…' or "…" with escapes \\ \' \" \n \r \t \uXXXX, on one line
 *   feature     := [A-Za-z_][A-Za-z0-9_.]*  (case-sensitive, must be in the catalogue)
 *   function    := abs(n) | min(n, n) | max(n, n) | is_missing(feature)
 *
 * ## Types, checked at compile time
 * The whole rule must be boolean. `+ - * /`, unary `-`, `< <= > >=`, `abs`, `min`, `max`
 * take numbers. `==` and `!=` take two values of the same type. `in` takes a subject and
 * list values of the same type. `and`, `or`, `not` take booleans; a boolean feature is a
 * condition on its own (`card.is_new and is_night`).
 *
 * ## Limits (every rule comes from a person, so every dimension is bounded)
 * At most MAX_RULE_SOURCE_CHARS UTF-16 code units of source, MAX_RULE_NODES syntax-tree
 * nodes (literals, features, operators and calls) and MAX_RULE_DEPTH levels of nesting
 * (each parenthesis, `not`, unary minus, call and operator is a level). The parser and the
 * compiler recurse, but never deeper than these limits allow, and the compiled closures
 * recurse exactly as deep as the tree.
 */

export type FeatureType = 'number' | 'boolean' | 'string';
export type FeatureCatalogue = ReadonlyMap<string, FeatureType>;
export type FeatureValues = { readonly [name: string]: number | boolean | string | undefined };

export type RuleSyntaxErrorCode =
  | 'syntax_error'
  | 'unknown_feature'
  | 'type_mismatch'
  | 'too_long'
  | 'too_complex'
  | 'unknown_function';

export interface RuleSyntaxError {
  readonly code: RuleSyntaxErrorCode;
  readonly message: string;
  /** 0-based offset in UTF-16 code units, as `String.prototype.slice` counts. */
  readonly position: number;
  /** 1-based line of `position`. */
  readonly line: number;
  /** 1-based column of `position` within its line. */
  readonly column: number;
}

export interface CompiledRule {
  readonly source: string;
  /** Features the rule reads, each once, in order of first appearance. */
  readonly features: readonly string[];
  /** True only when the rule is definitely true for these values; never throws. */
  evaluate(values: FeatureValues): boolean;
}

export type CompileRuleResult =
  | { readonly ok: true; readonly rule: CompiledRule }
  | { readonly ok: false; readonly error: RuleSyntaxError };

export const MAX_RULE_SOURCE_CHARS = 2_000;
export const MAX_RULE_DEPTH = 32;
export const MAX_RULE_NODES = 200;

/** Suggestions are computed only for names up to this length, to bound the edit-distance work. */
const MAX_SUGGESTION_NAME_CHARS = 100;
const FUNCTION_NAMES = ['abs', 'min', 'max', 'is_missing'] as const;

export function compileRule(source: string, catalogue: FeatureCatalogue): CompileRuleResult {
  try {
    return { ok: true, rule: compileOrFail(source, catalogue) };
  } catch (caught) {
    if (caught instanceof RuleFailure) return { ok: false, error: toSyntaxError(source, caught) };
    // Anything else is a defect in this module, not a bad rule: let it crash loudly.
    throw caught;
  }
}

function compileOrFail(source: string, catalogue: FeatureCatalogue): CompiledRule {
  if (source.length > MAX_RULE_SOURCE_CHARS) {
    fail(
      'too_long',
      `rule is ${source.length} characters long, over the limit of ${MAX_RULE_SOURCE_CHARS}; ` +
        `the first character past the limit is at position ${MAX_RULE_SOURCE_CHARS}`,
      MAX_RULE_SOURCE_CHARS,
    );
  }
  const root = new Parser(source).parseRule();
  const context: CompileContext = { catalogue, features: new Set() };
  const compiled = compileNode(root, context);
  if (compiled.type !== 'boolean') {
    fail(
      'type_mismatch',
      `a rule must be a condition that is true or false, but the expression at position ${root.start} is ${article(compiled.type)}`,
      root.start,
    );
  }
  return makeRule(source, compiled.fn, [...context.features]);
}

function makeRule(source: string, root: TruthFn, features: string[]): CompiledRule {
  return Object.freeze({
    source,
    features: Object.freeze(features),
    // No `this`, so a detached `rule.evaluate` works as a callback.
    evaluate(values: FeatureValues): boolean {
      try {
        return root(values) === true;
      } catch {
        // Only hostile input gets here (a getter that throws, `null` from untyped code):
        // the closures themselves cannot throw. Such a payment does not match the rule.
        return false;
      }
    },
  });
}

// ---------------------------------------------------------------------------------------
// Failures. The public API returns failures as values; inside the module a failure is
// thrown only to unwind the recursive-descent parser and is caught in compileRule.

class RuleFailure {
  constructor(
    readonly code: RuleSyntaxErrorCode,
    readonly message: string,
    readonly position: number,
  ) {}
}

function fail(code: RuleSyntaxErrorCode, message: string, position: number): never {
  throw new RuleFailure(code, message, position);
}

function toSyntaxError(source: string, failure: RuleFailure): RuleSyntaxError {
  const before = source.slice(0, failure.position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    code: failure.code,
    message: failure.message,
    position: failure.position,
    line: before.split('\n').length,
    column: failure.position - lineStart + 1,
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------
// Lexer

type Keyword = 'and' | 'or' | 'not' | 'in' | 'true' | 'false';
type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
type ArithmeticOp = '+' | '-' | '*' | '/';
type Operator = ComparisonOp | ArithmeticOp | '(' | ')' | '[' | ']' | ',' | '!' | '&&' | '||';

type Token = { readonly start: number; readonly end: number } & (
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'keyword'; readonly keyword: Keyword }
  | { readonly kind: 'operator'; readonly op: Operator }
  | { readonly kind: 'end' }
);

const KEYWORDS: ReadonlySet<string> = new Set<Keyword>(['and', 'or', 'not', 'in', 'true', 'false']);
const TWO_CHAR_OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['==', '=='], ['!=', '!='], ['<=', '<='], ['>=', '>='], ['&&', '&&'], ['||', '||'],
]);
const ONE_CHAR_OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['=', '=='], ['<', '<'], ['>', '>'], ['!', '!'], ['+', '+'], ['-', '-'], ['*', '*'],
  ['/', '/'], ['(', '('], [')', ')'], ['[', '['], [']', ']'], [',', ','],
]);
const STRING_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'], ["'", "'"], ['"', '"'], ['n', '\n'], ['r', '\r'], ['t', '\t'],
]);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isNameStart(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_');
}

function isNameChar(ch: string | undefined): boolean {
  return isNameStart(ch) || isDigit(ch) || ch === '.';
}

function isWhitespace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Shows one character in a message; control and invisible characters as U+XXXX. */
function describeChar(source: string, at: number): string {
  const codePoint = source.codePointAt(at) ?? 0;
  const printable = codePoint > 0x20 && codePoint !== 0x7f && !(codePoint >= 0x80 && codePoint <= 0xa0);
  return printable
    ? `'${String.fromCodePoint(codePoint)}'`
    : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

class Lexer {
  private offset = 0;

  constructor(private readonly source: string) {}

  next(): Token {
    while (isWhitespace(this.source[this.offset])) this.offset += 1;
    const start = this.offset;
    const ch = this.source[start];
    if (ch === undefined) return { kind: 'end', start, end: start };
    if (isDigit(ch)) return this.number(start);
    if (ch === '"' || ch === "'") return this.string(start, ch);
    if (isNameStart(ch)) return this.word(start);
    return this.operator(start);
  }

  private number(start: number): Token {
    let end = this.digits(start);
    if (this.source[end] === '.') {
      if (!isDigit(this.source[end + 1])) {
        fail('syntax_error', `expected a digit after the decimal point at position ${end + 1}`, end + 1);
      }
      end = this.digits(end + 1);
    }
    if (isNameChar(this.source[end])) {
      fail('syntax_error', `unexpected ${describeChar(this.source, end)} in a number at position ${end}`, end);
    }
    const value = Number(this.source.slice(start, end).replaceAll('_', ''));
    if (!Number.isFinite(value)) fail('syntax_error', `the number at position ${start} is too large`, start);
    this.offset = end;
    return { kind: 'number', value, start, end };
  }

  /** Reads digits from `start` (a digit), allowing one '_' between two digits; returns the end. */
  private digits(start: number): number {
    let at = start + 1;
    while (at < this.source.length) {
      const ch = this.source[at];
      if (isDigit(ch)) {
        at += 1;
      } else if (ch === '_' && isDigit(this.source[at + 1])) {
        at += 2;
      } else if (ch === '_') {
        fail('syntax_error', `misplaced '_' in a number at position ${at}; '_' may only separate digits`, at);
      } else {
        break;
      }
    }
    return at;
  }

  private string(start: number, quote: string): Token {
    let value = '';
    let at = start + 1;
    while (at < this.source.length) {
      const ch = this.source[at]!;
      if (ch === quote) {
        this.offset = at + 1;
        return { kind: 'string', value, start, end: at + 1 };
      }
      if (ch === '\n' || ch === '\r') break;
      if (ch === '\\') {
        const escaped = this.escape(at);
        if (escaped === undefined) break;
        value += escaped.text;
        at = escaped.end;
      } else {
        value += ch;
        at += 1;
      }
    }
    fail('syntax_error', `unterminated string starting at position ${start}; close it with ${quote} on the same line`, start);
  }

  /** Decodes the escape whose backslash is at `at`; undefined when the source ends first. */
  private escape(at: number): { text: string; end: number } | undefined {
    const letter = this.source[at + 1];
    if (letter === undefined) return undefined;
    const simple = STRING_ESCAPES.get(letter);
    if (simple !== undefined) return { text: simple, end: at + 2 };
    const hex = this.source.slice(at + 2, at + 6);
    if (letter === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
      return { text: String.fromCharCode(Number.parseInt(hex, 16)), end: at + 6 };
    }
    const shown = letter === 'u' ? `'\\u' needs four hex digits` : `unknown escape '\\${letter}'`;
    return fail('syntax_error', `${shown} in a string at position ${at}`, at);
  }

  private word(start: number): Token {
    let end = start + 1;
    while (isNameChar(this.source[end])) end += 1;
    this.offset = end;
    const text = this.source.slice(start, end);
    const lower = text.toLowerCase();
    if (KEYWORDS.has(lower)) return { kind: 'keyword', keyword: lower as Keyword, start, end };
    return { kind: 'name', name: text, start, end };
  }

  private operator(start: number): Token {
    const two = TWO_CHAR_OPERATORS.get(this.source.slice(start, start + 2));
    const op = two ?? ONE_CHAR_OPERATORS.get(this.source[start]!);
    if (op === undefined) {
      const ch = this.source[start];
      const hint = ch === '&' ? " (write 'and' or '&&')" : ch === '|' ? " (write 'or' or '||')" : '';
      fail('syntax_error', `unexpected character ${describeChar(this.source, start)} at position ${start}${hint}`, start);
    }
    const end = start + (two === undefined ? 1 : 2);
    this.offset = end;
    return { kind: 'operator', op, start, end };
  }
}

function isOperator(token: Token, op: Operator): boolean {
  return token.kind === 'operator' && token.op === op;
}

function isKeyword(token: Token, keyword: Keyword): boolean {
  return token.kind === 'keyword' && token.keyword === keyword;
}

function comparisonOf(token: Token): ComparisonOp | undefined {
  if (token.kind !== 'operator') return undefined;
  switch (token.op) {
    case '==': case '!=': case '<': case '<=': case '>': case '>=':
      return token.op;
    default:
      return undefined;
  }
}

function arithmeticOf(token: Token, ops: readonly ArithmeticOp[]): ArithmeticOp | undefined {
  if (token.kind !== 'operator') return undefined;
  return ops.find((op) => op === token.op);
}

// ---------------------------------------------------------------------------------------
// Syntax tree

type NodeBase = { readonly start: number; readonly depth: number };
type LiteralNode = NodeBase & (
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
);
type Node =
  | LiteralNode
  | (NodeBase & { readonly kind: 'feature'; readonly name: string })
  | (NodeBase & { readonly kind: 'negate'; readonly operand: Node })
  | (NodeBase & { readonly kind: 'not'; readonly opText: string; readonly operand: Node })
  | (NodeBase & { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly opAt: number; readonly left: Node; readonly right: Node })
  | (NodeBase & { readonly kind: 'compare'; readonly op: ComparisonOp; readonly opAt: number; readonly left: Node; readonly right: Node })
  | (NodeBase & { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly opText: string; readonly operands: readonly Node[] })
  | (NodeBase & { readonly kind: 'in'; readonly negated: boolean; readonly subject: Node; readonly items: readonly LiteralNode[] })
  | (NodeBase & { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] });

function depthOver(children: readonly Node[]): number {
  let deepest = 0;
  for (const child of children) deepest = Math.max(deepest, child.depth);
  return deepest + 1;
}

// ---------------------------------------------------------------------------------------
// Parser: recursive descent, one method per grammar rule in the header comment.

class Parser {
  private readonly lexer: Lexer;
  private readonly tokens: Token[] = [];
  private index = 0;
  private nesting = 0;
  private nodeCount = 0;

  constructor(private readonly source: string) {
    // Tokens are lexed on demand so that errors are reported in source order.
    this.lexer = new Lexer(source);
  }

  parseRule(): Node {
    if (this.peek().kind === 'end') fail('syntax_error', 'expected a condition at position 0 but the rule is empty', 0);
    const root = this.parseOr();
    const extra = this.peek();
    if (extra.kind === 'end') return root;
    if (isOperator(extra, ')')) {
      fail('syntax_error', `unexpected ')' at position ${extra.start} with no matching '('`, extra.start);
    }
    return fail(
      'syntax_error',
      `unexpected ${this.describe(extra)} at position ${extra.start}; expected an operator, 'and', 'or' or the end of the rule`,
      extra.start,
    );
  }

  private parseOr(): Node {
    return this.parseLogical('or', () => this.parseAnd());
  }

  private parseAnd(): Node {
    return this.parseLogical('and', () => this.parseNot());
  }

  /** `and` and `or` chains become one n-ary node, so long chains stay shallow. */
  private parseLogical(op: 'and' | 'or', parseOperand: () => Node): Node {
    const symbol = op === 'and' ? '&&' : '||';
    const first = parseOperand();
    const operands = [first];
    let opToken: Token | undefined;
    while (isKeyword(this.peek(), op) || isOperator(this.peek(), symbol)) {
      opToken ??= this.peek();
      this.advance();
      operands.push(parseOperand());
    }
    if (opToken === undefined) return first;
    const opText = this.text(opToken);
    return this.add({ kind: 'logical', op, opText, operands, start: first.start, depth: depthOver(operands) }, opToken.start);
  }

  private parseNot(): Node {
    const token = this.peek();
    if (!isKeyword(token, 'not') && !isOperator(token, '!')) return this.parseComparison();
    this.advance();
    const operand = this.nested(token.start, () => this.parseNot());
    return this.add({ kind: 'not', opText: this.text(token), operand, start: token.start, depth: operand.depth + 1 }, token.start);
  }

  private parseComparison(): Node {
    const left = this.parseSum();
    const token = this.peek();
    const op = comparisonOf(token);
    let node: Node;
    if (op !== undefined) {
      this.advance();
      const right = this.parseSum();
      node = this.add({ kind: 'compare', op, opAt: token.start, left, right, start: left.start, depth: depthOver([left, right]) }, token.start);
    } else if (isKeyword(token, 'in')) {
      node = this.parseIn(left, false);
    } else if (isKeyword(token, 'not') && isKeyword(this.peek(1), 'in')) {
      this.advance();
      node = this.parseIn(left, true);
    } else {
      return left;
    }
    this.rejectChainedComparison();
    return node;
  }

  private rejectChainedComparison(): void {
    const next = this.peek();
    const chained =
      comparisonOf(next) !== undefined ||
      isKeyword(next, 'in') ||
      (isKeyword(next, 'not') && isKeyword(this.peek(1), 'in'));
    if (chained) {
      fail('syntax_error', `comparisons cannot be chained: ${this.describe(next)} at position ${next.start}; join them with 'and'`, next.start);
    }
  }

  /** Parses `in list` after the subject; the current token is `in`. */
  private parseIn(subject: Node, negated: boolean): Node {
    const inToken = this.advance();
    const open = this.peek();
    if (!isOperator(open, '(') && !isOperator(open, '[')) {
      fail('syntax_error', `expected a list such as ('a', 'b') after 'in' at position ${open.start}${this.found(open)}`, open.start);
    }
    this.advance();
    const close = isOperator(open, '(') ? ')' : ']';
    if (isOperator(this.peek(), close)) {
      fail('syntax_error', `the list after 'in' at position ${open.start} is empty`, open.start);
    }
    const items: LiteralNode[] = [];
    // Each pass consumes at least one token or fails, and the source is bounded.
    for (;;) {
      items.push(this.parseLiteral());
      if (!isOperator(this.peek(), ',')) break;
      this.advance();
      if (isOperator(this.peek(), close)) break; // a trailing comma is allowed
    }
    this.expectClose(open, close, true);
    this.advance();
    const node = { kind: 'in', negated, subject, items, start: subject.start, depth: depthOver([subject, ...items]) } as const;
    return this.add(node, inToken.start);
  }

  private parseLiteral(): LiteralNode {
    const token = this.peek();
    const next = this.peek(1);
    if (token.kind === 'number') {
      this.advance();
      return this.add({ kind: 'number', value: token.value, start: token.start, depth: 1 }, token.start);
    }
    if (token.kind === 'string') {
      this.advance();
      return this.add({ kind: 'string', value: token.value, start: token.start, depth: 1 }, token.start);
    }
    if (isKeyword(token, 'true') || isKeyword(token, 'false')) {
      this.advance();
      return this.add({ kind: 'boolean', value: isKeyword(token, 'true'), start: token.start, depth: 1 }, token.start);
    }
    if (isOperator(token, '-') && next.kind === 'number') {
      this.advance();
      this.advance();
      return this.add({ kind: 'number', value: -next.value, start: token.start, depth: 1 }, token.start);
    }
    return fail(
      'syntax_error',
      `expected a number, string, true or false in the list at position ${token.start}${this.found(token)}; lists may hold only literal values`,
      token.start,
    );
  }

  private parseSum(): Node {
    return this.parseArithmetic(['+', '-'], () => this.parseProduct());
  }

  private parseProduct(): Node {
    return this.parseArithmetic(['*', '/'], () => this.parseUnary());
  }

  private parseArithmetic(ops: readonly ArithmeticOp[], parseOperand: () => Node): Node {
    let left = parseOperand();
    for (let token = this.peek(), op = arithmeticOf(token, ops); op !== undefined; token = this.peek(), op = arithmeticOf(token, ops)) {
      this.advance();
      const right = parseOperand();
      left = this.add({ kind: 'arithmetic', op, opAt: token.start, left, right, start: left.start, depth: depthOver([left, right]) }, token.start);
    }
    return left;
  }

  private parseUnary(): Node {
    const token = this.peek();
    if (!isOperator(token, '-')) return this.parsePrimary();
    this.advance();
    const operand = this.nested(token.start, () => this.parseUnary());
    return this.add({ kind: 'negate', operand, start: token.start, depth: operand.depth + 1 }, token.start);
  }

  private parsePrimary(): Node {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string' || isKeyword(token, 'true') || isKeyword(token, 'false')) {
      return this.parseLiteral();
    }
    if (token.kind === 'name') {
      this.advance();
      if (isOperator(this.peek(), '(')) return this.parseCall(token.name, token.start);
      return this.add({ kind: 'feature', name: token.name, start: token.start, depth: 1 }, token.start);
    }
    if (isOperator(token, '(')) {
      this.advance();
      const inner = this.nested(token.start, () => this.parseOr());
      this.expectClose(token, ')', false);
      this.advance();
      return inner;
    }
    const previous = this.tokens[this.index - 1];
    const after = previous === undefined ? '' : ` after ${this.describe(previous)}`;
    return fail('syntax_error', `expected a value${after} at position ${token.start}${this.found(token)}`, token.start);
  }

  /** Parses the arguments of a call; the current token is the opening parenthesis. */
  private parseCall(name: string, start: number): Node {
    const open = this.advance();
    const args: Node[] = [];
    if (!isOperator(this.peek(), ')')) {
      // Each pass consumes at least one token or fails, and the source is bounded.
      for (;;) {
        args.push(this.nested(open.start, () => this.parseOr()));
        if (!isOperator(this.peek(), ',')) break;
        this.advance();
      }
    }
    this.expectClose(open, ')', true);
    this.advance();
    const node = { kind: 'call', name, args, start, depth: args.length === 0 ? 1 : depthOver(args) } as const;
    return this.add(node, start);
  }

  /**
   * Fails unless the current token is `close`, and leaves it for the caller to consume.
   * Inside a list or a call a ',' could also have come next, so the message says so.
   */
  private expectClose(open: Token, close: ')' | ']', commaAllowed: boolean): void {
    const token = this.peek();
    if (isOperator(token, close)) return;
    const opened = `the '${this.text(open)}' opened at position ${open.start}`;
    const message =
      token.kind === 'end' || !commaAllowed
        ? `missing '${close}' at position ${token.start} to close ${opened}${this.found(token)}`
        : `expected ',' or '${close}' at position ${token.start} after a value in ${opened}${this.found(token)}`;
    fail('syntax_error', message, token.start);
  }

  private nested<T>(at: number, parse: () => T): T {
    this.nesting += 1;
    if (this.nesting > MAX_RULE_DEPTH) this.failTooDeep(at);
    const result = parse();
    this.nesting -= 1;
    return result;
  }

  /** Counts and depth-checks every node as it is made, so no limit is checked after the fact. */
  private add<N extends Node>(node: N, at: number): N {
    this.nodeCount += 1;
    if (this.nodeCount > MAX_RULE_NODES) {
      fail(
        'too_complex',
        `the rule has more than ${MAX_RULE_NODES} parts (values, features, operators and calls) at position ${at}; split it into several rules`,
        at,
      );
    }
    if (node.depth > MAX_RULE_DEPTH) this.failTooDeep(at);
    return node;
  }

  private failTooDeep(at: number): never {
    return fail('too_complex', `the rule nests more than ${MAX_RULE_DEPTH} levels deep at position ${at}; simplify it or split it into several rules`, at);
  }

  private peek(ahead = 0): Token {
    while (this.tokens.length <= this.index + ahead) this.tokens.push(this.lexer.next());
    return this.tokens[this.index + ahead]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private text(token: Token): string {
    return this.source.slice(token.start, token.end);
  }

  private describe(token: Token): string {
    if (token.kind === 'end') return 'the end of the rule';
    const text = this.text(token);
    const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
    // A string token already carries its quotes.
    return token.kind === 'string' ? `the string ${shown}` : `'${shown}'`;
  }

  private found(token: Token): string {
    return token.kind === 'end' ? '' : ` but found ${this.describe(token)}`;
  }
}

// ---------------------------------------------------------------------------------------
// Compiler: type-checks the tree and turns it into closures. Unknown is NaN for numbers
// and undefined for strings and booleans, so the hot path allocates nothing.

type NumberFn = (values: FeatureValues) => number;
type StringFn = (values: FeatureValues) => string | undefined;
type TruthFn = (values: FeatureValues) => boolean | undefined;
type Compiled =
  | { readonly type: 'number'; readonly fn: NumberFn }
  | { readonly type: 'string'; readonly fn: StringFn }
  | { readonly type: 'boolean'; readonly fn: TruthFn };

interface CompileContext {
  readonly catalogue: FeatureCatalogue;
  readonly features: Set<string>;
}

function article(type: FeatureType): string {
  return type === 'number' ? 'a number' : type === 'string' ? 'a string' : 'a boolean';
}

function compileNode(node: Node, context: CompileContext): Compiled {
  switch (node.kind) {
    case 'number': { const value = node.value; return { type: 'number', fn: () => value }; }
    case 'string': { const value = node.value; return { type: 'string', fn: () => value }; }
    case 'boolean': { const value = node.value; return { type: 'boolean', fn: () => value }; }
    case 'feature': return compileFeature(node.name, node.start, context);
    case 'negate': return compileNegate(node.operand, context);
    case 'not': return compileNot(node.opText, node.operand, context);
    case 'arithmetic': return compileArithmetic(node, context);
    case 'compare': return compileCompare(node, context);
    case 'logical': return compileLogical(node, context);
    case 'in': return compileIn(node, context);
    case 'call': return compileCall(node, context);
    default: return assertNever(node);
  }
}

function compileFeature(name: string, start: number, context: CompileContext): Compiled {
  const type = context.catalogue.get(name);
  if (type === undefined) {
    const suggestion = closestName(name, context.catalogue.keys());
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    fail('unknown_feature', `unknown feature '${name}' at position ${start}${hint}`, start);
  }
  context.features.add(name);
  return readFeature(name, type);
}

/** A value of the wrong runtime type, or a non-finite number, reads as unknown. */
function readFeature(name: string, type: FeatureType): Compiled {
  switch (type) {
    case 'number':
      return { type, fn: (values) => { const value = values[name]; return typeof value === 'number' && Number.isFinite(value) ? value : NaN; } };
    case 'string':
      return { type, fn: (values) => { const value = values[name]; return typeof value === 'string' ? value : undefined; } };
    case 'boolean':
      return { type, fn: (values) => { const value = values[name]; return typeof value === 'boolean' ? value : undefined; } };
    default:
      return assertNever(type);
  }
}

function requireNumber(compiled: Compiled, message: () => string, position: number): NumberFn {
  if (compiled.type !== 'number') fail('type_mismatch', message(), position);
  return compiled.fn;
}

function requireTruth(compiled: Compiled, message: () => string, position: number): TruthFn {
  if (compiled.type !== 'boolean') fail('type_mismatch', message(), position);
  return compiled.fn;
}

function compileNegate(operand: Node, context: CompileContext): Compiled {
  const compiled = compileNode(operand, context);
  const message = () => `'-' needs a number, but the expression at position ${operand.start} is ${article(compiled.type)}`;
  const fn = requireNumber(compiled, message, operand.start);
  return { type: 'number', fn: (values) => -fn(values) };
}

function compileNot(opText: string, operand: Node, context: CompileContext): Compiled {
  const compiled = compileNode(operand, context);
  const message = () => `'${opText}' needs a condition, but the expression at position ${operand.start} is ${article(compiled.type)}`;
  const fn = requireTruth(compiled, message, operand.start);
  return { type: 'boolean', fn: (values) => { const truth = fn(values); return truth === undefined ? undefined : !truth; } };
}

/** Any result that is not a finite number (x / 0, overflow) is unknown. */
function finite(value: number): number {
  return Number.isFinite(value) ? value : NaN;
}

function compileArithmetic(node: Extract<Node, { kind: 'arithmetic' }>, context: CompileContext): Compiled {
  const left = compileNode(node.left, context);
  const right = compileNode(node.right, context);
  const message = (side: string, type: FeatureType) =>
    `'${node.op}' at position ${node.opAt} needs numbers on both sides, but its ${side} side is ${article(type)}`;
  const l = requireNumber(left, () => message('left', left.type), node.opAt);
  const r = requireNumber(right, () => message('right', right.type), node.opAt);
  switch (node.op) {
    case '+': return { type: 'number', fn: (values) => finite(l(values) + r(values)) };
    case '-': return { type: 'number', fn: (values) => finite(l(values) - r(values)) };
    case '*': return { type: 'number', fn: (values) => finite(l(values) * r(values)) };
    case '/': return { type: 'number', fn: (values) => finite(l(values) / r(values)) };
    default: return assertNever(node.op);
  }
}

function compileCompare(node: Extract<Node, { kind: 'compare' }>, context: CompileContext): Compiled {
  const left = compileNode(node.left, context);
  const right = compileNode(node.right, context);
  if (left.type === 'number' && right.type === 'number') {
    return { type: 'boolean', fn: compareNumbers(node.op, left.fn, right.fn) };
  }
  if (left.type !== right.type) {
    fail('type_mismatch', `cannot compare ${article(left.type)} with ${article(right.type)} at position ${node.opAt}`, node.opAt);
  }
  if (node.op !== '==' && node.op !== '!=') {
    fail('type_mismatch', `'${node.op}' at position ${node.opAt} compares numbers only, but both sides are ${left.type}s`, node.opAt);
  }
  const negated = node.op === '!=';
  if (left.type === 'string' && right.type === 'string') return { type: 'boolean', fn: equalValues(negated, left.fn, right.fn) };
  if (left.type === 'boolean' && right.type === 'boolean') return { type: 'boolean', fn: equalValues(negated, left.fn, right.fn) };
  throw new Error(`unreachable: compared ${left.type} with ${right.type}`);
}

/** One specialised closure per operator keeps the hot path free of dispatch. */
function compareNumbers(op: ComparisonOp, l: NumberFn, r: NumberFn): TruthFn {
  switch (op) {
    case '==': return (values) => { const a = l(values); const b = r(values); return Number.isNaN(a) || Number.isNaN(b) ? undefined : a === b; };
    case '!=': return (values) => { const a = l(values); const b = r(values); return Number.isNaN(a) || Number.isNaN(b) ? undefined : a !== b; };
    case '<': return (values) => { const a = l(values); const b = r(values); return Number.isNaN(a) || Number.isNaN(b) ? undefined : a < b; };
    case '<=': return (values) => { const a = l(values); const b = r(values); return Number.isNaN(a) || Number.isNaN(b) ? undefined : a <= b; };
    case '>': return (values) => { const a = l(values); const b = r(values); return Number.isNaN(a) || Number.isNaN(b) ? undefined : a > b; };
    case '>=': return (values) => { const a = l(values); const b = r(values); return Number.isNaN(a) || Number.isNaN(b) ? undefined : a >= b; };
    default: return assertNever(op);
  }
}

function equalValues<T extends string | boolean>(
  negated: boolean,
  l: (values: FeatureValues) => T | undefined,
  r: (values: FeatureValues) => T | undefined,
): TruthFn {
  return (values) => {
    const a = l(values);
    const b = r(values);
    return a === undefined || b === undefined ? undefined : (a === b) !== negated;
  };
}

function compileLogical(node: Extract<Node, { kind: 'logical' }>, context: CompileContext): Compiled {
  const fns = node.operands.map((operand) => {
    const compiled = compileNode(operand, context);
    const message = () =>
      `'${node.opText}' needs a condition on each side, but the expression at position ${operand.start} is ${article(compiled.type)}`;
    return requireTruth(compiled, message, operand.start);
  });
  return { type: 'boolean', fn: node.op === 'and' ? allOf(fns) : anyOf(fns) };
}

/** Kleene AND: false wins over unknown, unknown wins over true. */
function allOf(fns: readonly TruthFn[]): TruthFn {
  return (values) => {
    let unknown = false;
    for (const fn of fns) {
      const truth = fn(values);
      if (truth === false) return false;
      if (truth === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  };
}

/** Kleene OR: true wins over unknown, unknown wins over false. */
function anyOf(fns: readonly TruthFn[]): TruthFn {
  return (values) => {
    let unknown = false;
    for (const fn of fns) {
      const truth = fn(values);
      if (truth === true) return true;
      if (truth === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  };
}

function compileIn(node: Extract<Node, { kind: 'in' }>, context: CompileContext): Compiled {
  const subject = compileNode(node.subject, context);
  for (const item of node.items) {
    if (item.kind !== subject.type) {
      fail('type_mismatch', `cannot compare ${article(subject.type)} with ${article(item.kind)} at position ${item.start}`, item.start);
    }
  }
  const negated = node.negated;
  switch (subject.type) {
    case 'number': {
      const set = new Set(node.items.map((item) => item.value));
      const fn = subject.fn;
      return { type: 'boolean', fn: (values) => { const value = fn(values); return Number.isNaN(value) ? undefined : set.has(value) !== negated; } };
    }
    case 'string':
      return { type: 'boolean', fn: memberOf(negated, subject.fn, new Set(node.items.map((item) => item.value))) };
    case 'boolean':
      return { type: 'boolean', fn: memberOf(negated, subject.fn, new Set(node.items.map((item) => item.value))) };
    default:
      return assertNever(subject);
  }
}

function memberOf<T>(negated: boolean, fn: (values: FeatureValues) => T | undefined, set: ReadonlySet<unknown>): TruthFn {
  return (values) => {
    const value = fn(values);
    return value === undefined ? undefined : set.has(value) !== negated;
  };
}

function compileCall(node: Extract<Node, { kind: 'call' }>, context: CompileContext): Compiled {
  const name = node.name.toLowerCase();
  switch (name) {
    case 'abs': {
      const [x] = numberArguments(node, 1, context);
      return { type: 'number', fn: (values) => Math.abs(x!(values)) };
    }
    case 'min': {
      const [a, b] = numberArguments(node, 2, context);
      return { type: 'number', fn: (values) => Math.min(a!(values), b!(values)) };
    }
    case 'max': {
      const [a, b] = numberArguments(node, 2, context);
      return { type: 'number', fn: (values) => Math.max(a!(values), b!(values)) };
    }
    case 'is_missing':
      return compileIsMissing(node, context);
    default: {
      const suggestion = closestName(name, FUNCTION_NAMES);
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      return fail(
        'unknown_function',
        `unknown function '${node.name}' at position ${node.start}${hint}; the functions are ${FUNCTION_NAMES.join(', ')}`,
        node.start,
      );
    }
  }
}

function requireArity(node: Extract<Node, { kind: 'call' }>, arity: number): void {
  if (node.args.length === arity) return;
  const expected = arity === 1 ? '1 argument' : `${arity} arguments`;
  fail('syntax_error', `'${node.name}' at position ${node.start} takes ${expected} but was given ${node.args.length}`, node.start);
}

function numberArguments(node: Extract<Node, { kind: 'call' }>, arity: number, context: CompileContext): NumberFn[] {
  requireArity(node, arity);
  return node.args.map((arg) => {
    const compiled = compileNode(arg, context);
    const message = () => `'${node.name}' needs numbers, but its argument at position ${arg.start} is ${article(compiled.type)}`;
    return requireNumber(compiled, message, arg.start);
  });
}

/** is_missing(x) is true exactly when x reads as unknown, so it is never unknown itself. */
function compileIsMissing(node: Extract<Node, { kind: 'call' }>, context: CompileContext): Compiled {
  requireArity(node, 1);
  const arg = node.args[0]!;
  if (arg.kind !== 'feature') {
    fail('syntax_error', `'${node.name}' takes a feature name, such as is_missing(amount), but the argument at position ${arg.start} is an expression`, arg.start);
  }
  const feature = compileFeature(arg.name, arg.start, context);
  switch (feature.type) {
    case 'number': { const fn = feature.fn; return { type: 'boolean', fn: (values) => Number.isNaN(fn(values)) }; }
    case 'string': { const fn = feature.fn; return { type: 'boolean', fn: (values) => fn(values) === undefined }; }
    case 'boolean': { const fn = feature.fn; return { type: 'boolean', fn: (values) => fn(values) === undefined }; }
    default: return assertNever(feature);
  }
}

// ---------------------------------------------------------------------------------------
// Suggestions for misspelt names

/** The candidate within a third of the name's length in edit distance (at least 1), if any. */
function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTION_NAME_CHARS) return undefined;
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, with case differences costing nothing so `Amount` finds `amount`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const same = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase();
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (same ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length]!;
}
