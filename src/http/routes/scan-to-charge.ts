import type { FastifyInstance, FastifyReply } from 'fastify';
import { STATION_ID_PATTERN, type Connector, type Station, type Stations, type Tariffs } from '../../charging/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ApiError } from '../errors.ts';
import { qrSvg } from '../html.ts';
import { SCAN_APP_JS } from '../pages/scan-to-charge-app.ts';
import { SCAN_PAGE_CSP, notFoundPage, scanPage } from '../pages/scan-to-charge.ts';

/**
 * Scan to charge: the QR code on each connector opens /c/<station>/<connector>
 * (no key; the driver signs in on the page), and /c/<station>/<connector>/qr.svg
 * is that code to print. The pages are outside the JSON API and hidden from
 * its OpenAPI document.
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

export function registerScanToChargeRoutes(app: FastifyInstance, { stations, tariffs, clock, config }: ScanToChargeRouteDependencies): void {
  app.get('/c/app.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .serializer((s: string) => s)
      .send(SCAN_APP_JS),
  );

  app.get('/c/:stationId/:connectorId', { schema: { hide: true } }, async (request, reply) => {
    const found = await findConnector(stations, request.params);
    if (found === undefined) return sendHtml(reply, 404, notFoundPage());
    const tariff = await tariffs.get(found.station.merchantId, found.station.tariffId);
    if (tariff === undefined) throw new Error(`station ${found.station.id} lost its tariff ${found.station.tariffId}`);
    return sendHtml(reply, 200, scanPage({ ...found, tariff: tariff.tariff, nowMs: clock.nowMs() }));
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
