import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_STATS_DAYS, MAX_STATS_STATIONS, chargingStats, type Revenue, type StatsFailure } from '../../charging/index.ts';
import type { Database } from '../../db/database.ts';
import type { Merchants } from '../../merchants/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ApiError } from '../errors.ts';
import { requireChargingMerchant } from './charging.ts';
import { responses } from './responses.ts';

/**
 * The operator's figures per station and local day: sessions completed,
 * energy, revenue and utilization (src/charging/stats.ts says how each is
 * counted).
 */
const DateSchema = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const StatsQuery = Type.Object(
  {
    from: DateSchema('The first local day, YYYY-MM-DD (in each station’s time zone).'),
    to: DateSchema(`The last local day, inclusive; at most ${MAX_STATS_DAYS} days from \`from\`.`),
    station: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,48}$', description: 'One station only.' })),
  },
  { additionalProperties: false },
);

const RevenueSchema = Type.Array(Type.Object({ amount: Type.Integer({ description: 'Minor units.' }), currency: Type.String() }), {
  description: 'What completed sessions were paid, per currency: the sum of their `amount`.',
});
const UtilizationSchema = Type.String({ pattern: '^\\d+\\.\\d{4}$', description: 'Time in a session ÷ (connectors × the day’s length), 4 decimals, rounded half up.' });
const figures = {
  sessions_completed: Type.Integer({ description: 'Sessions that completed (stopped and were paid) on the day.' }),
  energy_wh: Type.Integer({ description: 'Energy of those sessions, Wh.' }),
  revenue: RevenueSchema,
  utilization: UtilizationSchema,
};
const StatsSchema = Type.Object({
  object: Type.Literal('charging_stats'),
  from: Type.String(),
  to: Type.String(),
  station: Type.Union([Type.String(), Type.Null()]),
  data: Type.Array(Type.Object({ station: Type.String(), date: Type.String({ description: 'The station’s local day.' }), timezone: Type.String(), connectors: Type.Integer(), ...figures })),
  totals: Type.Object(figures),
});

const revenueToWire = (revenue: readonly Revenue[]) => revenue.map((r) => ({ amount: r.amountMinor, currency: r.currency.toLowerCase() }));

function statsFailureToError(f: StatsFailure): ApiError {
  switch (f.failure) {
    case 'date_invalid':
      return new ApiError('parameter_invalid', `${f.param} is not a calendar day (YYYY-MM-DD).`, f.param, f.failure);
    case 'range_reversed':
      return new ApiError('parameter_invalid', '`to` is before `from`.', 'to', f.failure);
    case 'range_too_long':
      return new ApiError('parameter_invalid', `Ask for at most ${f.maxDays} days at a time.`, 'to', f.failure);
    case 'station_not_found':
      return new ApiError('resource_missing', 'No such charging station.', 'station');
    case 'too_many_stations':
      return new ApiError('parameter_invalid', `You have more than ${f.maxStations} stations: ask for one at a time with \`station\`.`, 'station', f.failure);
    default: {
      const unknown: never = f;
      throw new Error(`unhandled stats failure ${JSON.stringify(unknown)}`);
    }
  }
}

export interface ChargingStatsRouteDependencies {
  db: Database;
  clock: Clock;
  merchants: Merchants;
}

export function registerChargingStatsRoutes(app: FastifyInstance, { db, clock, merchants }: ChargingStatsRouteDependencies): void {
  app.get('/v1/charging/stats', {
    schema: {
      tags: ['Charging'],
      summary: `Per station and local day: sessions completed, energy, revenue and utilization, with totals (at most ${MAX_STATS_DAYS} days, ${MAX_STATS_STATIONS} stations)`,
      querystring: StatsQuery,
      response: responses(StatsSchema, 'The figures, by station then day'),
    },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const q = request.query as Static<typeof StatsQuery>;
      const result = await chargingStats(db, { merchantId, from: q.from, to: q.to, ...(q.station === undefined ? {} : { stationId: q.station }), nowMs: clock.nowMs() });
      if ('failure' in result) throw statsFailureToError(result);
      const { stats } = result;
      return {
        object: 'charging_stats',
        from: stats.from,
        to: stats.to,
        station: q.station ?? null,
        data: stats.days.map((d) => ({
          station: d.stationId,
          date: d.date,
          timezone: d.timeZone,
          connectors: d.connectors,
          sessions_completed: d.sessionsCompleted,
          energy_wh: d.energyWh,
          revenue: revenueToWire(d.revenue),
          utilization: d.utilization,
        })),
        totals: { sessions_completed: stats.totals.sessionsCompleted, energy_wh: stats.totals.energyWh, revenue: revenueToWire(stats.totals.revenue), utilization: stats.totals.utilization },
      };
    },
  });
}
