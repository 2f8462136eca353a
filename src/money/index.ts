/**
 * Public surface of the money kernel. Other modules import from here, never from the files
 * behind it.
 */
export {
  CURRENCIES,
  findCurrency,
  isCurrencyCode,
  requireCurrency,
  type Currency,
  type CurrencyCode,
} from './currency.ts';
export { MoneyError, type MoneyErrorCode } from './errors.ts';
export {
  DEFAULT_FEE_ROUNDING,
  MAX_ALLOCATION_PARTS,
  MAX_API_AMOUNT_MINOR,
  MAX_BALANCE_MINOR,
  MAX_MAJOR_TEXT_LENGTH,
  ROUNDING_RULES,
  add,
  allocate,
  allocateEvenly,
  compare,
  divideRounded,
  feeFromBps,
  isZero,
  money,
  negate,
  parseMajor,
  subtract,
  toMajorString,
  type Money,
  type RoundingRule,
} from './money.ts';
export { MAX_FORMAT_LAYOUT_CACHE_ENTRIES, formatMoney, type MoneyLocale } from './format.ts';
