import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ChargingSession, ChargingSessions, SessionStatus, Station, Stations } from '../../charging/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import { ApiError } from '../errors.ts';
import { stringifyJson } from '../json.ts';
import { requireChargingMerchant, stationToWire } from './charging.ts';
import { sessionToWire } from './charging-sessions.ts';
import { unixSeconds } from './wire.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * The operator's live view: server-sent events (text/event-stream, WHATWG
 * HTML §9.2). A stream opens with a `snapshot` of every station (online,
 * connectors with their status and current session), then carries `station`
 * events after a station's online state, boot or a connector's status is
 * recorded, and `session` events after a session changes, in the API's wire
 * format, for that operator's stations only. A comment line every 15 seconds
 * keeps proxies from closing a quiet stream.
 *
 * One hub per server listens to the charging module's emitters and fans out
 * by merchant: a station event costs one read however many consoles are
 * open, and the emitters carry the hub's listeners only while a stream is
 * open. The stream is outside the JSON API (hidden from the OpenAPI
 * document); it needs the operator's secret key like the rest of it.
 */
export const MAX_LIVE_STREAMS_PER_MERCHANT = 20;
export const LIVE_HEARTBEAT_MS = 15_000;
/** Stations in a snapshot; beyond them the snapshot says `has_more` (their events still arrive). */
export const MAX_SNAPSHOT_STATIONS = 1_000;
/** Open sessions read for a snapshot, per status. */
const MAX_SNAPSHOT_SESSIONS = 5_000;
const SNAPSHOT_PAGE = 100;
/** Events held for a stream while its snapshot is being read; a stream that falls further behind is closed. */
const MAX_QUEUED_EVENTS = 1_000;
/** Bytes the socket may hold unsent before the stream is closed as too slow. */
const MAX_UNSENT_BYTES = 1_048_576;
/** Stations whose owner the hub remembers, so that other operators' events cost no read. */
const MAX_REMEMBERED_OWNERS = 10_000;
/** The sessions a connector can be in: the one starting, charging or being settled. */
const CURRENT_STATUSES: readonly SessionStatus[] = ['starting', 'charging', 'finishing'];

class LiveStream {
  private queued: string[] | undefined = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly merchantId: string,
    private readonly res: ServerResponse,
    private readonly onClose: (stream: LiveStream) => void,
  ) {
    res.on('close', () => this.close());
  }

  /** Writes the snapshot, then whatever arrived while it was being read, then starts the heartbeat. */
  begin(snapshot: Record<string, unknown>): void {
    if (this.closed) return;
    this.write(frame('snapshot', snapshot));
    for (const text of this.queued ?? []) this.write(text);
    this.queued = undefined;
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), LIVE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  send(event: 'station' | 'session', data: Record<string, unknown>): void {
    if (this.closed) return;
    const text = frame(event, data);
    if (this.queued === undefined) {
      this.write(text);
      return;
    }
    if (this.queued.length >= MAX_QUEUED_EVENTS) this.end();
    else this.queued.push(text);
  }

  private write(text: string): void {
    if (this.closed) return;
    this.res.write(text);
    // A console that reads slower than its stations change is cut off rather than buffered without bound; it reconnects for a fresh snapshot.
    if (this.res.writableLength > MAX_UNSENT_BYTES) this.end();
  }

  /** Ends the stream from the server's side (shutdown, a slow reader). */
  end(): void {
    if (!this.res.writableEnded) this.res.end();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queued = undefined;
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.onClose(this);
  }
}

function frame(event: string, data: Record<string, unknown>): string {
  // JSON has no raw newlines, so one data line carries the whole object.
  return `event: ${event}\ndata: ${stringifyJson(data)}\n\n`;
}

interface HubDependencies {
  stations: Stations;
  chargingSessions: ChargingSessions;
  log: FastifyBaseLogger;
}

class LiveHub {
  private readonly byMerchant = new Map<string, Set<LiveStream>>();
  private readonly owners = new Map<string, string>();
  /** Stations changed and not yet read: each is read once however often it changed meanwhile. */
  private readonly dirty = new Set<string>();
  private draining: Promise<void> | undefined;
  private subscribed = false;

  constructor(private readonly deps: HubDependencies) {}

  /** Registers a stream, or refuses when the merchant has its maximum open. */
  open(merchantId: string, res: ServerResponse): LiveStream | undefined {
    const streams = this.byMerchant.get(merchantId) ?? new Set<LiveStream>();
    if (streams.size >= MAX_LIVE_STREAMS_PER_MERCHANT) return undefined;
    const stream = new LiveStream(merchantId, res, (s) => this.closed(s));
    streams.add(stream);
    this.byMerchant.set(merchantId, streams);
    if (!this.subscribed) {
      this.deps.stations.events.on('station', this.onStation);
      this.deps.chargingSessions.events.on('session', this.onSession);
      this.subscribed = true;
    }
    return stream;
  }

  remember(station: Station): void {
    if (this.owners.size >= MAX_REMEMBERED_OWNERS) this.owners.clear();
    this.owners.set(station.id, station.merchantId);
  }

  endAll(): void {
    for (const streams of [...this.byMerchant.values()]) for (const stream of [...streams]) stream.end();
  }

  private closed(stream: LiveStream): void {
    const streams = this.byMerchant.get(stream.merchantId);
    streams?.delete(stream);
    if (streams?.size === 0) this.byMerchant.delete(stream.merchantId);
    if (this.byMerchant.size > 0 || !this.subscribed) return;
    this.deps.stations.events.off('station', this.onStation);
    this.deps.chargingSessions.events.off('session', this.onSession);
    this.subscribed = false;
  }

  private readonly onSession = (session: ChargingSession): void => {
    const streams = this.byMerchant.get(session.merchantId);
    if (streams === undefined) return;
    const wire = sessionToWire(session);
    for (const stream of streams) stream.send('session', wire);
  };

  private readonly onStation = (stationId: string): void => {
    const owner = this.owners.get(stationId);
    if (owner !== undefined && !this.byMerchant.has(owner)) return;
    this.dirty.add(stationId);
    this.drain();
  };

  /** Reads changed stations one at a time, so that a station's events reach its streams in the order they were recorded. */
  private drain(): void {
    if (this.draining !== undefined) return;
    this.draining = this.readDirty().finally(() => {
      this.draining = undefined;
      if (this.dirty.size > 0) this.drain();
    });
  }

  private async readDirty(): Promise<void> {
    for (let next = this.dirty.values().next(); !next.done; next = this.dirty.values().next()) {
      const stationId = next.value;
      this.dirty.delete(stationId);
      try {
        const station = await this.deps.stations.find(stationId);
        if (station === undefined) continue;
        this.remember(station);
        const streams = this.byMerchant.get(station.merchantId);
        if (streams === undefined) continue;
        const wire = stationToWire(station);
        for (const stream of streams) stream.send('station', wire);
      } catch (error) {
        this.deps.log.error({ err: error, stationId }, 'live view: could not read a station');
      }
    }
  }
}

/** Every station of the operator (up to MAX_SNAPSHOT_STATIONS), each connector with its current session. */
async function snapshot(merchantId: string, deps: { stations: Stations; chargingSessions: ChargingSessions; hub: LiveHub; clock: Clock }): Promise<Record<string, unknown>> {
  const stations: Station[] = [];
  let hasMore = true;
  while (hasMore && stations.length < MAX_SNAPSHOT_STATIONS) {
    const last = stations.at(-1);
    const page = await deps.stations.list(merchantId, SNAPSHOT_PAGE, last === undefined ? {} : { startingAfter: last.id });
    stations.push(...page.stations);
    hasMore = page.hasMore;
  }
  stations.forEach((s) => deps.hub.remember(s));
  const current = await currentSessions(merchantId, deps.chargingSessions);
  const kept = stations.slice(0, MAX_SNAPSHOT_STATIONS);
  return {
    object: 'charging_live_snapshot',
    created: unixSeconds(deps.clock.nowMs()),
    has_more: hasMore || stations.length > kept.length,
    stations: kept.map((s) => {
      const wire = stationToWire(s);
      // stationToWire writes one object per connector, in the station's connector order.
      const connectors = wire.connectors as Record<string, unknown>[];
      return { ...wire, connectors: connectors.map((c, i) => ({ ...c, session: current.get(`${s.id}#${s.connectors[i]?.id}`) ?? null })) };
    }),
  };
}

/** The newest starting, charging or finishing session of each connector, in wire form, by `station#connector`. */
async function currentSessions(merchantId: string, sessions: ChargingSessions): Promise<Map<string, Record<string, unknown>>> {
  const found: ChargingSession[] = [];
  for (const status of CURRENT_STATUSES) {
    let after: string | undefined;
    for (let read = 0; read < MAX_SNAPSHOT_SESSIONS; read += SNAPSHOT_PAGE) {
      const page = await sessions.list({ merchantId, status }, SNAPSHOT_PAGE, after);
      found.push(...page.sessions);
      after = page.sessions.at(-1)?.id;
      if (!page.hasMore || after === undefined) break;
    }
  }
  const newestFirst = found.sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? 1 : -1));
  const current = new Map<string, Record<string, unknown>>();
  for (const s of newestFirst) {
    const key = `${s.stationId}#${s.connectorId}`;
    if (!current.has(key)) current.set(key, sessionToWire(s));
  }
  return current;
}

export interface ChargingLiveRouteDependencies {
  stations: Stations;
  chargingSessions: ChargingSessions;
  merchants: Merchants;
  clock: Clock;
}

export function registerChargingLiveRoutes(app: FastifyInstance, deps: ChargingLiveRouteDependencies): void {
  const hub = new LiveHub({ stations: deps.stations, chargingSessions: deps.chargingSessions, log: app.log });
  // Open streams never go idle: end them so that closing the server does not wait for the consoles.
  app.addHook('preClose', async () => hub.endAll());

  app.get('/v1/charging/live', { schema: { hide: true } }, async (request, reply) => {
    const merchantId = await requireChargingMerchant(request, deps.merchants);
    const stream = hub.open(merchantId, reply.raw);
    if (stream === undefined) throw new ApiError('rate_limited', `At most ${MAX_LIVE_STREAMS_PER_MERCHANT} live streams may be open at once; close one first.`, undefined, 'too_many_live_streams');
    reply.hijack();
    // The heartbeat keeps the connection busy; the server's idle timeout would otherwise cut a quiet stream.
    request.raw.socket.setTimeout(0);
    // The headers the hooks set (request id, rate limit) are written by hand: a hijacked reply no longer sends them.
    const earlier = Object.fromEntries(Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined));
    reply.raw.writeHead(200, {
      ...earlier,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    // The console learns at once that the stream is open, before the snapshot is read.
    reply.raw.flushHeaders();
    try {
      stream.begin(await snapshot(merchantId, { ...deps, hub }));
    } catch (error) {
      request.log.error({ err: error }, 'live view: could not read the snapshot');
      stream.end();
    }
    return reply;
  });
}
