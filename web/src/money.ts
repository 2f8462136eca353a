/**
 * Amounts arrive as integers of minor units and are shown exactly: the
 * division by 10^exponent is done on digits, never on floating point.
 */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, BHD: 3, KWD: 3, JOD: 3 };

export function exponentOf(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** "12345", "CNY" → "¥123.45"; bigint-safe. */
export function formatMoney(minor: number | bigint | string, currency: string, locale = 'zh-CN'): string {
  const value = BigInt(minor);
  const exponent = exponentOf(currency);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currencySymbol(currency, locale);
  return `${negative ? '-' : ''}${symbol}${grouped}${fraction}`;
}

function currencySymbol(currency: string, locale: string): string {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? `${currency.toUpperCase()} `;
  } catch {
    return `${currency.toUpperCase()} `;
  }
}

/** "12.50" (yuan, as typed) → 1250n fen; undefined if it is not a plain amount. */
export function parseMoney(text: string, currency: string): bigint | undefined {
  const exponent = exponentOf(currency);
  const match = /^\s*(\d{1,12})(?:\.(\d{0,8}))?\s*$/.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return undefined;
  return BigInt(match[1] + fraction.padEnd(exponent, '0'));
}

/** Unix seconds → local "2026-01-01 08:00:00". */
export function formatTime(unixSeconds: number, locale = 'zh-CN'): string {
  return new Date(unixSeconds * 1000).toLocaleString(locale, { hour12: false });
}

/** Wh → "12.345 kWh". */
export function formatEnergy(wh: number): string {
  return `${(wh / 1000).toFixed(3)} kWh`;
}
