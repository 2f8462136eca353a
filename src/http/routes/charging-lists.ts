import type { Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Stations, Tariffs } from '../../charging/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import { StationSchema, TariffSchema, requireChargingMerchant, stationToWire, tariffToWire } from './charging.ts';
import { listOf, responses } from './responses.ts';
import { PageQuery, cursorOf } from './wire.ts';

/**
 * The operator's stations and tariffs as lists, newest first, for the
 * consoles: Stripe's list envelope and cursors (`starting_after`,
 * `ending_before`), keyset-paged by creation time and id.
 */
const StationListQuery = PageQuery('^[A-Za-z0-9._-]{1,48}$');
const TariffListQuery = PageQuery('^ctf_[0-9a-z]{26}$');

export interface ChargingListRouteDependencies {
  stations: Stations;
  tariffs: Tariffs;
  merchants: Merchants;
}

export function registerChargingListRoutes(app: FastifyInstance, { stations, tariffs, merchants }: ChargingListRouteDependencies): void {
  const tags = ['Charging'];
  app.get('/v1/charging/stations', {
    schema: { tags, summary: 'The operator’s stations, newest first: online state and each connector’s status', querystring: StationListQuery, response: responses(listOf(StationSchema), 'A page of stations') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const query = request.query as Static<typeof StationListQuery>;
      const page = await stations.list(merchantId, query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/charging/stations', has_more: page.hasMore, data: page.stations.map(stationToWire) };
    },
  });

  app.get('/v1/charging/tariffs', {
    schema: { tags, summary: 'The operator’s tariffs (each at its current version), newest first', querystring: TariffListQuery, response: responses(listOf(TariffSchema), 'A page of tariffs') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const query = request.query as Static<typeof TariffListQuery>;
      const page = await tariffs.list(merchantId, query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/charging/tariffs', has_more: page.hasMore, data: page.tariffs.map(tariffToWire) };
    },
  });
}
