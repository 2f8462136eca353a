import { STATION_ID_PATTERN } from '../charging/index.ts';
import { OCPP16_SUBPROTOCOL } from './messages.ts';

/**
 * The HTTP side of a station's WebSocket handshake: the URL path that names
 * the station, its basic-auth password (OCPP 1.6 security profile 1) and the
 * subprotocols it offers. Pure functions over header values, so that nothing
 * a station sends before it is authenticated can throw.
 */

export const OCPP_PATH_PREFIX = '/ocpp/';

/**
 * The station id from an upgrade request's URL, `/ocpp/<stationId>` with an
 * optional query string (OCPP-J 1.6 §3.1.1: the charge point identity is the
 * last path segment). Anything else, including percent-encoded ids, which no
 * registered id needs, is undefined.
 */
export function stationIdFromUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (!path.startsWith(OCPP_PATH_PREFIX)) return undefined;
  const stationId = path.slice(OCPP_PATH_PREFIX.length);
  return STATION_ID_PATTERN.test(stationId) ? stationId : undefined;
}

/**
 * The password from `Authorization: Basic base64(<stationId>:<password>)`, or
 * undefined when the header is missing, malformed or names another user. The
 * user name must be the station id (OCPP 1.6 security whitepaper, profile 1).
 */
export function basicAuthPassword(header: string | undefined, stationId: string, maxHeaderChars = 512): string | undefined {
  if (header === undefined || header.length > maxHeaderChars) return undefined;
  const match = /^\s*basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const credentials = Buffer.from(match[1], 'base64').toString('utf8');
  const user = `${stationId}:`;
  return credentials.startsWith(user) ? credentials.slice(user.length) : undefined;
}

/** Whether the `Sec-WebSocket-Protocol` header offers OCPP 1.6J. */
export function offersOcpp16(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const offered = (Array.isArray(header) ? header.join(',') : header).split(',').map((protocol) => protocol.trim());
  return offered.includes(OCPP16_SUBPROTOCOL);
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' };

export type RefusalStatus = 401 | 404 | 503;

/** Answers the upgrade request with a plain HTTP error and closes the socket once the answer is flushed. */
export function refuseUpgrade(
  socket: { writable: boolean; on(event: 'error', listener: () => void): unknown; end(chunk: string, done: () => void): unknown; destroy(): void },
  status: RefusalStatus,
  message: string,
): void {
  // The station may reset the connection meanwhile; that must not become an uncaught error.
  socket.on('error', () => {});
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const headers = [`HTTP/1.1 ${status} ${STATUS_TEXT[status]}`, 'Connection: close', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(message)}`];
  // RFC 9110 §11.6.1: a 401 names the scheme the client should use.
  if (status === 401) headers.push('WWW-Authenticate: Basic realm="Paygrid OCPP", charset="UTF-8"');
  socket.end(`${headers.join('\r\n')}\r\n\r\n${message}`, () => socket.destroy());
}
