/**
 * The UTC instant at which the calendar day containing `nowMs` began in
 * `timeZone` (daily limits reset at local midnight, not UTC midnight).
 */
export function startOfLocalDayMs(nowMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(nowMs));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const localAsUtcMs = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  const offsetMs = localAsUtcMs - Math.floor(nowMs / 1000) * 1000;
  return Date.UTC(part('year'), part('month') - 1, part('day')) - offsetMs;
}
