/**
 * The local hour and weekday of an instant in a time zone, for the night and
 * weekend features. Intl is slow (microseconds a call), so answers are cached
 * per quarter hour: every real zone's offset is a whole number of quarter hours.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 4096;
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export interface LocalCalendarTime {
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export class LocalCalendar {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, LocalCalendarTime>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', weekday: 'short' });
  }

  at(ms: number): LocalCalendarTime {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    const cached = this.cache.get(bucket);
    if (cached !== undefined) return cached;
    let hour = 0;
    let weekday = 0;
    for (const part of this.format.formatToParts(bucket * QUARTER_HOUR_MS)) {
      if (part.type === 'hour') hour = Number(part.value);
      else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    }
    const value = { hour, weekday };
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(bucket, value);
    return value;
  }
}

/** Night as the Fraud Detection Handbook defines it: from midnight to 06:00 local time. */
export function isNightHour(hour: number): boolean {
  return hour < 6;
}

export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}
