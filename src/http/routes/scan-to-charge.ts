import type { FastifyInstance, FastifyReply } from 'fastify';
import { STATION_ID_PATTERN, TIERS, formatPricePerKwh, slotAt, type Connector, type Station, type Stations, type Tariff, type Tariffs } from '../../charging/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ApiError } from '../errors.ts';
import { qrSvg } from '../html.ts';
import { SCAN_PAGE_CSP, notFoundPage } from '../pages/scan-to-charge.ts';

/**
 * Scan to charge: the QR code on each connector opens /c/<station>/<connector>
 * (no key), which sends the phone to the consumer pages' /m/charge/<station>/<connector>
 * (the driver signs in there); /c/<station>/<connector>/info.json is what that page
 * shows before sign-in, and /c/<station>/<connector>/qr.svg is the code to print.
 * These routes are outside the JSON API and hidden from its OpenAPI document.
 */
const CONNECTOR_ID_PATTERN = /^[1-9]\d?$/;

export interface ScanToChargeRouteDependencies {
  stations: Stations;
  tariffs: Tariffs;
  clock: Clock;
  config: { publicUrl: string };
}

/** The connector a page's path names, if the station has it. */
async function findConnector(stations: Stations, params: unknown): Promise<{ station: Station; connector: Connector } | undefined> {
  const { stationId, connectorId } = params as { stationId: string; connectorId: string };
  if (!STATION_ID_PATTERN.test(stationId) || !CONNECTOR_ID_PATTERN.test(connectorId)) return undefined;
  const station = await stations.find(stationId);
  const connector = station?.connectors.find((c) => c.id === Number(connectorId));
  return station === undefined || connector === undefined ? undefined : { station, connector };
}

export function scanUrl(publicUrl: string, stationId: string, connectorId: number): string {
  return `${publicUrl}/c/${encodeURIComponent(stationId)}/${connectorId}`;
}

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', SCAN_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .serializer((s: string) => s)
    .send(html);
}

/**
 * What the consumer's React page (/m/charge/…) shows before sign-in, the same
 * data the server-rendered page reads: the station, the connector, and the
 * tariff in force (prices per kWh as decimal strings of major units, the 48
 * half-hour slots of the station's local day, the fees and the minimum hold
 * in minor units), with the slot the clock is in now.
 */
export function connectorInfo(station: Station, connector: Connector, tariff: Tariff, nowMs: number): Record<string, unknown> {
  return {
    object: 'charging_connector_info',
    // The operator (a merchant id, not a secret): the page offers the cards that operator saved and accepts.
    station: { id: station.id, name: station.name, online: station.online, timezone: station.timeZone, operator: station.merchantId },
    connector: { id: connector.id, type: connector.type, max_power_w: connector.maxPowerW, status: connector.status },
    tariff: {
      currency: tariff.currency.toLowerCase(),
      tiers: Object.fromEntries(
        TIERS.map((tier) => {
          const p = tariff.tiers[tier];
          return [tier, { energy_price: formatPricePerKwh(p.energyPricePerKwh), service_price: formatPricePerKwh(p.servicePricePerKwh), total_price: formatPricePerKwh(p.energyPricePerKwh + p.servicePricePerKwh) }];
        }),
      ),
      slots: tariff.slots,
      idle_fee_per_minute: tariff.idleFeePerMinuteMinor,
      idle_grace_minutes: tariff.idleGraceMinutes,
      session_fee: tariff.sessionFeeMinor,
      min_hold_amount: tariff.minHoldMinor,
    },
    now_slot: slotAt(nowMs, station.timeZone),
  };
}

export function registerScanToChargeRoutes(app: FastifyInstance, { stations, tariffs, clock, config }: ScanToChargeRouteDependencies): void {
  // The printed QR codes name /c/<station>/<connector>: a known connector opens the
  // consumer's React page (web/src/m/Charge.tsx), which reads info.json below.
  app.get('/c/:stationId/:connectorId', { schema: { hide: true } }, async (request, reply) => {
    const found = await findConnector(stations, request.params);
    if (found === undefined) return sendHtml(reply, 404, notFoundPage());
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    return reply.header('cache-control', 'no-store').redirect(`/m/charge/${encodeURIComponent(found.station.id)}/${found.connector.id}${query}`, 302);
  });

  app.get('/c/:stationId/:connectorId/info.json', { schema: { hide: true } }, async (request, reply) => {
    const found = await findConnector(stations, request.params);
    if (found === undefined) throw new ApiError('resource_missing', 'No such charging station connector.', 'id');
    const tariff = await tariffs.get(found.station.merchantId, found.station.tariffId);
    if (tariff === undefined) throw new Error(`station ${found.station.id} lost its tariff ${found.station.tariffId}`);
    return reply.header('cache-control', 'no-store').send(connectorInfo(found.station, found.connector, tariff.tariff, clock.nowMs()));
  });

  app.get('/c/:stationId/:connectorId/qr.svg', { schema: { hide: true } }, async (request, reply) => {
    const found = await findConnector(stations, request.params);
    if (found === undefined) throw new ApiError('resource_missing', 'No such charging station connector.', 'id');
    return reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .serializer((s: string) => s)
      .send(qrSvg(scanUrl(config.publicUrl, found.station.id, found.connector.id)));
  });
}
