import { SLOTS_PER_DAY } from './tariff.ts';

/**
 * Half-hour slots of a station's local day. Slots follow the wall clock of the
 * station's IANA time zone (China has one offset and no daylight saving, but
 * nothing here assumes that); offsets are whole minutes, so a slot boundary is
 * wherever the local clock shows :00 or :30.
 */
const SLOT_MS = 30 * 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since local midnight at instant `ms`. */
function localMsOfDay(ms: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  return ((hour * 60 + minute) * 60 + second) * 1000 + (((ms % 1000) + 1000) % 1000);
}

/** The slot (0–47) the local clock is in at `ms`. */
export function slotAt(ms: number, timeZone: string): number {
  return Math.min(SLOTS_PER_DAY - 1, Math.floor(localMsOfDay(ms, timeZone) / SLOT_MS));
}

/** The first slot boundary after `ms`. */
export function nextSlotBoundary(ms: number, timeZone: string): number {
  return ms + SLOT_MS - (localMsOfDay(ms, timeZone) % SLOT_MS);
}
