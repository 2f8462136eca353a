import { requireCurrency } from './currency.ts';
import { MoneyError } from './errors.ts';

/** A BCP 47 locale tag; the two the consoles ship with are named for editor help. */
export type MoneyLocale = 'zh-CN' | 'en' | (string & {});

/** How many (locale, currency) layouts `formatMoney` keeps; the oldest is dropped beyond it. */
export const MAX_FORMAT_LAYOUT_CACHE_ENTRIES = 256;

interface Affixes {
  /** Everything ICU puts before the digits: sign, symbol, spacing, bidi marks. */
  readonly prefix: string;
  /** Everything ICU puts after the digits. */
  readonly suffix: string;
}

/** What a locale does around the digits, learned once from sample amounts. */
interface Layout {
  readonly formatter: Intl.NumberFormat;
  readonly positive: Affixes;
  readonly negative: Affixes;
  /** The separator between integer and fraction digits; '' when the exponent is 0. */
  readonly decimal: string;
  /** The locale's digits for 0..9 (Latin, Arabic-Indic, ...), indexed by value. */
  readonly digits: readonly string[];
}

type Part = Intl.NumberFormatPart;

const layoutCache = new Map<string, Layout>();

/**
 * Formats minor units for people, e.g. 123456789n CNY in zh-CN is "¥1,234,567.89".
 *
 * The amount never passes through a float. Intl.NumberFormat supplies only the layout: the
 * symbol and sign placement, the separators and the digit shapes, learned from sample
 * amounts, and the grouping of the integer part, which it receives as a bigint that
 * ECMA-402 formats exactly (ToIntlMathematicalValue). Fraction digits always follow the ISO
 * exponent of our currency table, even where CLDR would show fewer (HUF, IDR, ...), because
 * dropping them would round the amount.
 */
export function formatMoney(amountMinor: bigint, currency: string, locale: MoneyLocale): string {
  if (typeof amountMinor !== 'bigint') {
    throw new MoneyError('invalid_amount', `amountMinor must be a bigint, got ${typeof amountMinor}`);
  }
  const { code, exponent } = requireCurrency(currency);
  const layout = layoutFor(locale, code, exponent);
  const negative = amountMinor < 0n;
  const magnitude = negative ? -amountMinor : amountMinor;
  const scale = 10n ** BigInt(exponent);
  const affixes = negative ? layout.negative : layout.positive;
  const integerText = groupedInteger(layout, magnitude / scale);
  const fractionDigits = (magnitude % scale).toString().padStart(exponent, '0');
  const fractionText = exponent === 0 ? '' : layout.decimal + localDigits(layout, fractionDigits);
  return affixes.prefix + integerText + fractionText + affixes.suffix;
}

function groupedInteger(layout: Layout, integerPart: bigint): string {
  return layout.formatter
    .formatToParts(integerPart)
    .filter((part) => part.type === 'integer' || part.type === 'group')
    .map((part) => part.value)
    .join('');
}

function localDigits(layout: Layout, asciiDigits: string): string {
  let text = '';
  for (const char of asciiDigits) text += layout.digits[Number(char)] ?? char;
  return text;
}

function layoutFor(locale: string, code: string, exponent: number): Layout {
  const key = `${locale}\u0000${code}`;
  const cached = layoutCache.get(key);
  if (cached !== undefined) return cached;
  const layout = learnLayout(createFormatter(locale, code, exponent), exponent);
  if (layoutCache.size >= MAX_FORMAT_LAYOUT_CACHE_ENTRIES) {
    // Maps iterate in insertion order, so the first key is the oldest entry.
    const oldest = layoutCache.keys().next();
    if (oldest.done !== true) layoutCache.delete(oldest.value);
  }
  layoutCache.set(key, layout);
  return layout;
}

function createFormatter(locale: string, code: string, exponent: number): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: code,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
  } catch (error) {
    // Intl throws RangeError for malformed tags such as "en_US"; callers branch on codes.
    const reason = error instanceof Error ? error.message : String(error);
    throw new MoneyError('invalid_locale', `cannot format for locale ${JSON.stringify(locale)}: ${reason}`);
  }
}

function learnLayout(formatter: Intl.NumberFormat, exponent: number): Layout {
  // 1 and -1 are exact in every representation; with the fraction digits forced to the
  // exponent they show the full pattern, decimal separator included.
  const positiveParts = formatter.formatToParts(1n);
  const positive = affixesOf(positiveParts, exponent);
  const negative = affixesOf(formatter.formatToParts(-1n), exponent);
  return {
    formatter,
    positive,
    negative,
    decimal: exponent === 0 ? '' : decimalOf(positiveParts),
    digits: learnDigits(formatter),
  };
}

function affixesOf(parts: readonly Part[], exponent: number): Affixes {
  const digitsType = exponent === 0 ? 'integer' : 'fraction';
  const first = parts.findIndex((part) => part.type === 'integer');
  const last = findLastIndex(parts, (part) => part.type === digitsType);
  assertLayout(first >= 0 && last >= first, parts);
  return { prefix: joinParts(parts.slice(0, first)), suffix: joinParts(parts.slice(last + 1)) };
}

function decimalOf(parts: readonly Part[]): string {
  // Everything between the integer digits and the fraction digits, usually one 'decimal'
  // part; taking the span also keeps patterns such as pt-CV's "1$00" intact.
  const lastInteger = findLastIndex(parts, (part) => part.type === 'integer' || part.type === 'group');
  const firstFraction = parts.findIndex((part) => part.type === 'fraction');
  assertLayout(lastInteger >= 0 && firstFraction > lastInteger, parts);
  return joinParts(parts.slice(lastInteger + 1, firstFraction));
}

function learnDigits(formatter: Intl.NumberFormat): string[] {
  const digits: string[] = [];
  for (let digit = 0n; digit <= 9n; digit += 1n) {
    const parts = formatter.formatToParts(digit).filter((part) => part.type === 'integer');
    assertLayout(parts.length === 1, parts);
    digits.push(joinParts(parts));
  }
  return digits;
}

function findLastIndex(parts: readonly Part[], predicate: (part: Part) => boolean): number {
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index];
    if (part !== undefined && predicate(part)) return index;
  }
  return -1;
}

function joinParts(parts: readonly Part[]): string {
  return parts.map((part) => part.value).join('');
}

function assertLayout(condition: boolean, parts: readonly Part[]): asserts condition {
  // ICU always emits these parts for the currency style; if a future ICU does not, failing
  // loudly beats printing an amount with missing digits.
  if (!condition) throw new Error(`unexpected Intl.NumberFormat layout: ${JSON.stringify(parts)}`);
}
