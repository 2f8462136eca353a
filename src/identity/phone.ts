/**
 * Phone numbers in E.164 (`+8613812345678`). An 11-digit mainland mobile number
 * written without a country code (`13812345678`) is taken as +86: China is the
 * first market, and that is how people there type it.
 */
const E164 = /^\+[1-9]\d{6,14}$/;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

export function normalizePhone(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '');
  if (MAINLAND_MOBILE.test(compact)) return `+86${compact}`;
  return E164.test(compact) ? compact : undefined;
}
