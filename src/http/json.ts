/**
 * JSON with exact bigints. JSON numbers have no size limit, so a bigint is
 * written as its digits, never rounded through a float; Node 20 has no
 * JSON.rawJSON, hence the marker. A NUL cannot come from stored data
 * (PostgreSQL text and jsonb refuse it), so the marker cannot collide.
 */
const MARKER = '\u0000bigint:';
const MARKED = /"\\u0000bigint:(-?\d+)"/g;

export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${MARKER}${v.toString()}` : v));
  return text.replace(MARKED, '$1');
}
