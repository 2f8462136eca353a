/**
 * Pure formatting for the console's figures, shared with the browser tests so
 * that a test compares the screen with the API through the same rules. No DOM.
 */

/** A rate as the API writes it ("0.9500") → "95.00%", on digits (no floating point). */
export function formatRate(rate: string | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const match = /^(\d+)(?:\.(\d*))?$/.exec(rate.trim());
  if (match === null) return rate;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(4, '0');
  const percentWhole = String(Number(whole + fraction.slice(0, 2)));
  return `${percentWhole}.${fraction.slice(2, 4)}%`;
}

/** A count with thousands separators (counts are small integers; not money). */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "cny" 1250 → "12.50" (major units as text, for CSV), exact on digits. */
export function minorToDecimal(minor: number | bigint | string, exponent: number): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A day as YYYY-MM-DD in the browser's time zone, for the date fields of a range. */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
