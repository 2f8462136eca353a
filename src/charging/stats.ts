import { strict as assert } from 'node:assert';
import type { Queryable } from '../db/database.ts';
import { divideRounded, type RoundingRule } from '../money/index.ts';

/**
 * The operator's figures per station and local day (the station's own time
 * zone, as its tariff slots are): sessions completed, the energy they
 * delivered and what they were paid, counted on the day each session stopped;
 * and utilization, the time its connectors spent in a session (started_at to
 * stopped_at, or to now while one is charging, clipped to the day) over the
 * time they could have (connectors × the day's length, 23 or 25 hours on a
 * daylight-saving change).
 *
 * The day boundaries are worked out here (IANA zones through Intl, like the
 * tariff slots) and the sums in SQL, so a busy station costs no more memory
 * than a quiet one.
 */
export const MAX_STATS_DAYS = 92;
/** Stations in one answer: with the longest range, at most 9,200 rows. */
export const MAX_STATS_STATIONS = 100;
/** Utilization is a ratio written with this many decimals, rounded once. */
export const UTILIZATION_DECIMALS = 4;
export const UTILIZATION_ROUNDING: RoundingRule = 'half_up';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface StatsQuery {
  merchantId: string;
  /** First and last local day, inclusive, as YYYY-MM-DD. */
  from: string;
  to: string;
  stationId?: string;
  /** Sessions still charging count as busy until now. */
  nowMs: number;
}

export type StatsFailure =
  | { failure: 'date_invalid'; param: 'from' | 'to' }
  | { failure: 'range_reversed' }
  | { failure: 'range_too_long'; maxDays: number }
  | { failure: 'station_not_found' }
  | { failure: 'too_many_stations'; maxStations: number };

export interface Revenue {
  currency: string;
  amountMinor: bigint;
}

export interface StationDayStats {
  stationId: string;
  /** The local day, YYYY-MM-DD. */
  date: string;
  timeZone: string;
  connectors: number;
  sessionsCompleted: number;
  energyWh: bigint;
  /** Per currency (a tariff may change currency), sorted by code. */
  revenue: Revenue[];
  chargingMs: bigint;
  /** Connectors × the local day's length. */
  capacityMs: bigint;
  /** chargingMs ÷ capacityMs, e.g. "0.0139". */
  utilization: string;
}

export interface ChargingStats {
  from: string;
  to: string;
  days: StationDayStats[];
  totals: { sessionsCompleted: number; energyWh: bigint; revenue: Revenue[]; chargingMs: bigint; capacityMs: bigint; utilization: string };
}

/** A YYYY-MM-DD that names a real calendar day, as days since 1970-01-01; undefined otherwise. */
function dayNumber(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (year < 1970 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

const dayText = (dayNo: number): string => new Date(dayNo * DAY_MS).toISOString().slice(0, 10);

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetMs(ms: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallAsUtcMs = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallAsUtcMs - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant the local day `dayNo` begins in `timeZone`. The offset is read
 * twice, the second time at the first guess, so that a day whose offset
 * changes (daylight saving) still begins at its own midnight.
 */
export function localMidnightMs(dayNo: number, timeZone: string): number {
  const wallMs = dayNo * DAY_MS;
  const guess = wallMs - offsetMs(wallMs, timeZone);
  return wallMs - offsetMs(guess, timeZone);
}

/** `numerator ÷ denominator` as a decimal string with UTILIZATION_DECIMALS places; 0 capacity reads as "0.0000". */
function ratio(numerator: bigint, denominator: bigint): string {
  const scale = 10n ** BigInt(UTILIZATION_DECIMALS);
  const scaled = denominator === 0n ? 0n : divideRounded(numerator * scale, denominator, UTILIZATION_ROUNDING);
  return `${scaled / scale}.${(scaled % scale).toString().padStart(UTILIZATION_DECIMALS, '0')}`;
}

function checkRange(query: StatsQuery): { firstDay: number; lastDay: number } | StatsFailure {
  const firstDay = dayNumber(query.from);
  if (firstDay === undefined) return { failure: 'date_invalid', param: 'from' };
  const lastDay = dayNumber(query.to);
  if (lastDay === undefined) return { failure: 'date_invalid', param: 'to' };
  if (lastDay < firstDay) return { failure: 'range_reversed' };
  if (lastDay - firstDay + 1 > MAX_STATS_DAYS) return { failure: 'range_too_long', maxDays: MAX_STATS_DAYS };
  return { firstDay, lastDay };
}

interface StationRow {
  id: string;
  timezone: string;
  connectors: number;
}

interface DayWindow {
  stationId: string;
  date: string;
  timeZone: string;
  connectors: number;
  startMs: number;
  endMs: number;
}

async function stationsOf(db: Queryable, query: StatsQuery): Promise<StationRow[] | StatsFailure> {
  const byStation = query.stationId === undefined ? '' : ' AND s.id = $2';
  const { rows } = await db.query<StationRow>(
    `SELECT s.id, s.timezone, (SELECT count(*) FROM charging_connectors c WHERE c.station_id = s.id)::int AS connectors
     FROM charging_stations s WHERE s.merchant_id = $1${byStation} ORDER BY s.id LIMIT ${MAX_STATS_STATIONS + 1}`,
    query.stationId === undefined ? [query.merchantId] : [query.merchantId, query.stationId],
  );
  if (query.stationId !== undefined && rows.length === 0) return { failure: 'station_not_found' };
  if (rows.length > MAX_STATS_STATIONS) return { failure: 'too_many_stations', maxStations: MAX_STATS_STATIONS };
  return rows;
}

function windows(stations: readonly StationRow[], firstDay: number, lastDay: number): DayWindow[] {
  const out: DayWindow[] = [];
  for (const s of stations) {
    let startMs = localMidnightMs(firstDay, s.timezone);
    for (let day = firstDay; day <= lastDay; day += 1) {
      const endMs = localMidnightMs(day + 1, s.timezone);
      assert(endMs > startMs, `local day ${dayText(day)} in ${s.timezone} has a length`);
      out.push({ stationId: s.id, date: dayText(day), timeZone: s.timezone, connectors: s.connectors, startMs, endMs });
      startMs = endMs;
    }
  }
  return out;
}

/** The day windows as a table the queries join sessions to. */
const DAYS_CTE = `WITH days AS (
  SELECT d.station_id, d.day, to_timestamp(d.start_ms / 1000.0) AS day_start, to_timestamp(d.end_ms / 1000.0) AS day_end
  FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS d(station_id, day, start_ms, end_ms))`;

interface CompletedRow {
  station_id: string;
  day: string;
  currency: string;
  sessions: bigint;
  energy_wh: bigint;
  revenue: bigint;
}

interface BusyRow {
  station_id: string;
  day: string;
  charging_ms: bigint;
}

async function sums(db: Queryable, merchantId: string, days: readonly DayWindow[], nowMs: number): Promise<{ completed: CompletedRow[]; busy: BusyRow[] }> {
  const params = [merchantId, days.map((d) => d.stationId), days.map((d) => d.date), days.map((d) => BigInt(d.startMs)), days.map((d) => BigInt(d.endMs))] as const;
  const completed = await db.query<CompletedRow>(
    `${DAYS_CTE}
     SELECT d.station_id, d.day, s.currency, count(*) AS sessions, sum(s.energy_wh)::bigint AS energy_wh, sum(s.amount)::bigint AS revenue
     FROM days d JOIN charging_sessions s ON s.station_id = d.station_id
     WHERE s.merchant_id = $1 AND s.status = 'completed' AND s.stopped_at >= d.day_start AND s.stopped_at < d.day_end
     GROUP BY d.station_id, d.day, s.currency`,
    [...params],
  );
  // Time in a session, clipped to the day; a session still charging is busy until now.
  const busy = await db.query<BusyRow>(
    `${DAYS_CTE}
     SELECT d.station_id, d.day,
       COALESCE(sum(round(extract(epoch FROM greatest(least(COALESCE(s.stopped_at, $6::timestamptz), d.day_end) - greatest(s.started_at, d.day_start), interval '0')) * 1000)), 0)::bigint AS charging_ms
     FROM days d JOIN charging_sessions s ON s.station_id = d.station_id
     WHERE s.merchant_id = $1 AND s.started_at IS NOT NULL AND s.started_at < d.day_end AND COALESCE(s.stopped_at, $6::timestamptz) > d.day_start
     GROUP BY d.station_id, d.day`,
    [...params, new Date(nowMs)],
  );
  return { completed: completed.rows, busy: busy.rows };
}

function addRevenue(into: Map<string, bigint>, currency: string, amountMinor: bigint): void {
  into.set(currency, (into.get(currency) ?? 0n) + amountMinor);
}

const sortedRevenue = (byCurrency: Map<string, bigint>): Revenue[] => [...byCurrency.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amountMinor]) => ({ currency, amountMinor }));

/** The operator's figures per station and local day over `from`–`to` (inclusive), with totals. */
export async function chargingStats(db: Queryable, query: StatsQuery): Promise<{ stats: ChargingStats } | StatsFailure> {
  const range = checkRange(query);
  if ('failure' in range) return range;
  const stations = await stationsOf(db, query);
  if ('failure' in stations) return stations;
  const days = windows(stations, range.firstDay, range.lastDay);
  const { completed, busy } = days.length === 0 ? { completed: [], busy: [] } : await sums(db, query.merchantId, days, query.nowMs);
  const key = (stationId: string, day: string): string => `${stationId}\u0000${day}`;
  const busyByDay = new Map(busy.map((b) => [key(b.station_id, b.day), b.charging_ms]));
  const completedByDay = new Map<string, CompletedRow[]>();
  for (const c of completed) completedByDay.set(key(c.station_id, c.day), [...(completedByDay.get(key(c.station_id, c.day)) ?? []), c]);

  const totalRevenue = new Map<string, bigint>();
  const totals = { sessionsCompleted: 0, energyWh: 0n, chargingMs: 0n, capacityMs: 0n };
  const rows = days.map((d): StationDayStats => {
    const done = completedByDay.get(key(d.stationId, d.date)) ?? [];
    const revenue = new Map<string, bigint>();
    for (const c of done) addRevenue(revenue, c.currency, c.revenue);
    const chargingMs = busyByDay.get(key(d.stationId, d.date)) ?? 0n;
    const capacityMs = BigInt(d.connectors) * BigInt(d.endMs - d.startMs);
    const row = {
      stationId: d.stationId,
      date: d.date,
      timeZone: d.timeZone,
      connectors: d.connectors,
      sessionsCompleted: done.reduce((n, c) => n + Number(c.sessions), 0),
      energyWh: done.reduce((sum, c) => sum + c.energy_wh, 0n),
      revenue: sortedRevenue(revenue),
      chargingMs,
      capacityMs,
      utilization: ratio(chargingMs, capacityMs),
    };
    totals.sessionsCompleted += row.sessionsCompleted;
    totals.energyWh += row.energyWh;
    totals.chargingMs += chargingMs;
    totals.capacityMs += capacityMs;
    for (const r of row.revenue) addRevenue(totalRevenue, r.currency, r.amountMinor);
    return row;
  });
  return { stats: { from: query.from, to: query.to, days: rows, totals: { ...totals, revenue: sortedRevenue(totalRevenue), utilization: ratio(totals.chargingMs, totals.capacityMs) } } };
}

/** What completed sessions added up to in a window (the dashboard's charging figures). */
export interface SessionTotals {
  sessionsCompleted: number;
  energyWh: bigint;
  /** What those sessions were paid, in the currency asked for (sessions priced in another currency add nothing here). */
  revenueMinor: bigint;
}

/** Windows one totals query covers at most. */
export const MAX_TOTALS_WINDOWS = MAX_STATS_DAYS;

/**
 * Per window [fromMs, beforeMs): the sessions that completed in it (counted
 * when they stopped, as chargingStats counts them), of one charging operator or
 * of every one, their energy, and their revenue in `currency`.
 */
export async function completedSessionTotals(db: Queryable, filter: { merchantId?: string; currency: string }, windows: readonly { fromMs: number; beforeMs: number }[]): Promise<SessionTotals[]> {
  assert(windows.length >= 1 && windows.length <= MAX_TOTALS_WINDOWS, `1 to ${MAX_TOTALS_WINDOWS} windows`);
  const byMerchant = filter.merchantId === undefined ? '' : 'AND s.merchant_id = $5';
  const { rows } = await db.query<{ i: number; sessions: bigint; energy_wh: string; revenue: string }>(
    `WITH windows AS (SELECT w.i, w.from_at, w.before_at FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) AS w(i, from_at, before_at))
     SELECT w.i, count(s.id) AS sessions, coalesce(sum(s.energy_wh), 0)::text AS energy_wh,
       coalesce(sum(s.amount) FILTER (WHERE s.currency = $4), 0)::text AS revenue
     FROM windows w LEFT JOIN charging_sessions s ON s.status = 'completed' AND s.stopped_at >= w.from_at AND s.stopped_at < w.before_at ${byMerchant}
     GROUP BY w.i`,
    [
      windows.map((_, i) => String(i)),
      windows.map((w) => new Date(w.fromMs).toISOString()),
      windows.map((w) => new Date(w.beforeMs).toISOString()),
      filter.currency,
      ...(filter.merchantId === undefined ? [] : [filter.merchantId]),
    ],
  );
  return windows.map((_, i) => {
    const row = rows.find((r) => Number(r.i) === i);
    return { sessionsCompleted: Number(row?.sessions ?? 0n), energyWh: BigInt(row?.energy_wh ?? '0'), revenueMinor: BigInt(row?.revenue ?? '0') };
  });
}
