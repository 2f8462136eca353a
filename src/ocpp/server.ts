import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ocppRpc from 'ocpp-rpc';
import { MAX_STATION_PASSWORD_CHARS, type ChargingSessions, type Stations } from '../charging/index.ts';
import type { Clock } from '../platform/clock.ts';
import { inOcpp16Spelling } from './call-errors.ts';
import { ConnectedStations, type StationConnection } from './connections.ts';
import { HANDLED_ACTIONS, handleCall, type CallOutcome, type HandledAction, type HandlerDependencies, type StationSession } from './handlers.ts';
import { basicAuthPassword, offersOcpp16, refuseUpgrade, stationIdFromUrl, type RefusalStatus } from './handshake.ts';
import { OCPP16_SUBPROTOCOL } from './messages.ts';
import { StationQueues } from './station-queues.ts';

/**
 * The OCPP 1.6J edge: charging stations open a WebSocket to
 * `/ocpp/<stationId>` on the HTTP server's own port, prove who they are with
 * basic auth, and talk OCPP-J, every frame checked against the official
 * schemas (ocpp-rpc strict mode). This class owns the connections; what a
 * message means is decided in handlers.ts.
 */

export interface OcppSettings {
  heartbeatIntervalS: number;
  callTimeoutMs: number;
  maxStations: number;
  maxMessageBytes: number;
}

export interface OcppLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OcppDependencies {
  stations: Stations;
  sessions: ChargingSessions;
  clock: Clock;
  log: OcppLog;
  settings: OcppSettings;
}

/** WebSocket pings find connections whose station vanished without closing them (a dead mobile link). */
const PING_INTERVAL_MS = 30_000;
/** A station that sends this many malformed frames in a row is disconnected. */
const MAX_BAD_MESSAGES = 10;
/** CALLs from one station waiting to be processed; OCPP-J allows one, a little slack absorbs eager stations. */
const MAX_WAITING_CALLS_PER_STATION = 8;
/** Handshakes being checked at once (each waits on the database); more are answered 503 and the stations retry. */
const MAX_HANDSHAKES_IN_PROGRESS = 2_000;
/** How long shutdown waits for a station to answer the WebSocket close before dropping the connection. */
const CLOSE_GRACE_MS = 2_000;
/** RFC 6455 §7.4.1 close codes. */
const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_PROTOCOL_ERROR = 1002;

interface Admission {
  session: StationSession;
  offersOcpp16: boolean;
}

type AdmissionResult = { admitted: Admission } | { refused: RefusalStatus; message: string };

/**
 * Presence changes, emitted once the station's online state is recorded (so
 * a listener that reads the station sees it): for live views, and for tests.
 * `replaced` is true when a newer connection of the same station took over.
 */
export type OcppEvents = {
  connected: [stationId: string];
  disconnected: [stationId: string, replaced: boolean];
};

export class OcppServer {
  /** The stations connected to this process; remote commands go through `connected.call`. */
  readonly connected: ConnectedStations;
  readonly events = new EventEmitter<OcppEvents>();
  private readonly rpc: InstanceType<typeof ocppRpc.RPCServer>;
  private readonly queues = new StationQueues(MAX_WAITING_CALLS_PER_STATION);
  private readonly admissions = new WeakMap<IncomingMessage, Admission>();
  private readonly upgrading = new Set<Promise<void>>();
  /** Every open connection, including one being closed for want of the subprotocol. */
  private readonly open = new Set<StationConnection>();
  private readonly handlerDeps: HandlerDependencies;
  private httpServer: Server | undefined;
  private closing = false;

  constructor(private readonly deps: OcppDependencies) {
    this.connected = new ConnectedStations(deps.settings.callTimeoutMs);
    this.handlerDeps = { stations: deps.stations, sessions: deps.sessions, clock: deps.clock, heartbeatIntervalS: deps.settings.heartbeatIntervalS };
    this.rpc = new ocppRpc.RPCServer({
      protocols: [OCPP16_SUBPROTOCOL],
      strictMode: true,
      callTimeoutMs: deps.settings.callTimeoutMs,
      pingIntervalMs: PING_INTERVAL_MS,
      deferPingsOnActivity: true,
      callConcurrency: 1,
      maxBadMessages: MAX_BAD_MESSAGES,
      respondWithDetailedErrors: false,
      wssOptions: { maxPayload: deps.settings.maxMessageBytes },
    });
    // Only requests this class admitted reach ocpp-rpc, with the subprotocol decided then.
    this.rpc.auth((accept, reject, handshake) => {
      const admission = this.admissions.get(handshake.request);
      if (admission === undefined) reject(500, 'not admitted');
      else accept({}, admission.offersOcpp16 ? OCPP16_SUBPROTOCOL : false);
    });
    this.rpc.on('client', (connection: StationConnection) => this.onConnection(connection));
    this.rpc.on('error', (error: unknown) => deps.log.error({ err: error }, 'OCPP WebSocket server error'));
  }

  /** Takes the WebSocket upgrades for `/ocpp/…` on the HTTP server's port. */
  attach(httpServer: Server): void {
    if (this.httpServer !== undefined) throw new Error('the OCPP server is already attached');
    this.httpServer = httpServer;
    httpServer.on('upgrade', this.onUpgrade);
  }

  /** Refuses new stations, closes every connection (stations reconnect to another process) and waits for their offline marks. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.upgrading]);
    await Promise.all([...this.open].map((connection) => closeWithin(connection, CLOSE_GRACE_MS)));
    await this.rpc.close({ code: CLOSE_GOING_AWAY, reason: 'server shutting down' });
    await this.queues.drain();
    this.httpServer?.off('upgrade', this.onUpgrade);
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const stationId = stationIdFromUrl(request.url);
    if (stationId === undefined) {
      // Another listener may own other WebSocket paths; when there is none, nobody else would answer.
      if (this.httpServer?.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404, 'Not Found: stations connect to /ocpp/<stationId>');
      return;
    }
    if (this.upgrading.size >= MAX_HANDSHAKES_IN_PROGRESS) {
      refuseUpgrade(socket, 503, 'Service Unavailable: too many stations connecting; retry');
      return;
    }
    const upgrade = this.upgrade(stationId, request, socket as Socket, head);
    this.upgrading.add(upgrade);
    void upgrade.finally(() => this.upgrading.delete(upgrade));
  };

  private async upgrade(stationId: string, request: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    // Until ws owns the socket, a reset by the station must not become an uncaught error.
    const onSocketError = (): void => {};
    socket.on('error', onSocketError);
    try {
      const result = await this.admit(stationId, request);
      if ('refused' in result) {
        refuseUpgrade(socket, result.refused, result.message);
        return;
      }
      this.admissions.set(request, result.admitted);
      await this.rpc.handleUpgrade(request, socket, head);
    } catch (error) {
      this.deps.log.error({ err: error, stationId }, 'OCPP handshake failed');
      refuseUpgrade(socket, 503, 'Service Unavailable: try again later');
    } finally {
      socket.off('error', onSocketError);
    }
  }

  /**
   * OCPP-J 1.6 §3.1.1 answers an unknown charge point id with 404; security
   * profile 1 answers missing or wrong credentials with 401. Station ids are
   * printed on the chargers' QR codes, so the 404 gives nothing away.
   */
  private async admit(stationId: string, request: IncomingMessage): Promise<AdmissionResult> {
    if (this.closing) return { refused: 503, message: 'Service Unavailable: shutting down' };
    const station = await this.deps.stations.find(stationId);
    if (station === undefined) return { refused: 404, message: 'Not Found: unknown station' };
    const password = basicAuthPassword(request.headers.authorization, stationId);
    if (password === undefined || password.length > MAX_STATION_PASSWORD_CHARS) return { refused: 401, message: 'Unauthorized: basic auth as <stationId>:<password> required' };
    if (!(await this.deps.stations.authenticate(stationId, password))) return { refused: 401, message: 'Unauthorized: wrong password' };
    if (this.closing) return { refused: 503, message: 'Service Unavailable: shutting down' };
    // Handshakes checked at the same time may pass together: the limit can be passed by at most those in progress.
    if (this.connected.size >= this.deps.settings.maxStations && !this.connected.isConnected(stationId)) {
      return { refused: 503, message: 'Service Unavailable: too many stations connected' };
    }
    const session: StationSession = { stationId, booted: station.vendor !== null, connectorIds: new Set(station.connectors.map((c) => c.id)) };
    return { admitted: { session, offersOcpp16: offersOcpp16(request.headers['sec-websocket-protocol']) } };
  }

  private onConnection(connection: StationConnection): void {
    this.open.add(connection);
    connection.once('close', () => this.open.delete(connection));
    const admission = this.admissions.get(connection.handshake.request);
    this.admissions.delete(connection.handshake.request);
    if (admission === undefined || connection.protocol !== OCPP16_SUBPROTOCOL) {
      // OCPP-J 1.6 §3.1.2: without an agreed subprotocol the central system completes the handshake and closes at once.
      void connection.close({ code: CLOSE_PROTOCOL_ERROR, reason: 'OCPP 1.6J requires the ocpp1.6 subprotocol' });
      return;
    }
    const { session } = admission;
    const { stationId } = session;
    const send = connection.sendRaw.bind(connection);
    connection.sendRaw = (frame: string) => send(inOcpp16Spelling(frame));
    for (const action of HANDLED_ACTIONS) connection.handle(action, async ({ params }) => this.answer(session, action, params));
    connection.on('strictValidationFailure', (event: { method: string; outbound: boolean; isCall: boolean; error: Error }) => {
      const log = event.outbound ? this.deps.log.error.bind(this.deps.log) : this.deps.log.warn.bind(this.deps.log);
      log({ stationId, action: event.method, outbound: event.outbound, isCall: event.isCall, problem: event.error.message }, 'OCPP message failed schema validation');
    });
    connection.on('badMessage', (event: { error: Error }) => this.deps.log.warn({ stationId, problem: event.error.message }, 'malformed OCPP frame'));
    connection.once('close', () => this.onDisconnect(stationId, connection));
    const replaced = this.connected.attach(stationId, connection);
    this.recordPresence(stationId, true, () => this.events.emit('connected', stationId));
    if (replaced !== undefined) {
      this.deps.log.info({ stationId }, 'station reconnected; closing its previous connection');
      void replaced.close({ code: CLOSE_NORMAL, reason: 'replaced by a newer connection' });
    }
  }

  private onDisconnect(stationId: string, connection: StationConnection): void {
    if (this.connected.detach(stationId, connection)) {
      this.recordPresence(stationId, false, () => this.events.emit('disconnected', stationId, false));
    } else {
      // A connection that was replaced leaves the online state to its successor.
      this.queues.run(stationId, async () => this.events.emit('disconnected', stationId, true)).catch((error: unknown) => this.deps.log.error({ err: error, stationId }, 'a disconnected listener failed'));
    }
  }

  /** Records the station's online state after its earlier work, then tells listeners. */
  private recordPresence(stationId: string, online: boolean, recorded: () => void): void {
    this.queues
      .run(stationId, () => this.deps.stations.markOnline(stationId, online))
      .then(recorded)
      .catch((error: unknown) => this.deps.log.error({ err: error, stationId, online }, 'could not record station online state (or a listener failed)'));
  }

  /** One CALL from a station: its handler's reply, or a CallError thrown for ocpp-rpc to send. */
  private async answer(session: StationSession, action: HandledAction, params: unknown): Promise<object> {
    const work = this.queues.tryRun(session.stationId, () => handleCall(this.handlerDeps, session, action, params));
    if (work === undefined) throw ocppRpc.createRPCError('GenericError', 'too many CALLs outstanding: OCPP-J allows one at a time');
    let outcome: CallOutcome;
    try {
      outcome = await work;
    } catch (error) {
      this.deps.log.error({ err: error, stationId: session.stationId, action }, 'OCPP call failed');
      throw ocppRpc.createRPCError('InternalError', 'the central system could not process the call; retry later');
    }
    if ('callError' in outcome) throw ocppRpc.createRPCError(outcome.callError.code, outcome.callError.description);
    return outcome.reply;
  }
}

/** Closes a connection, dropping it if the station does not answer the close in time. */
async function closeWithin(connection: StationConnection, graceMs: number): Promise<void> {
  const closed = connection.close({ code: CLOSE_GOING_AWAY, reason: 'server shutting down' }).catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  try {
    if ((await Promise.race([closed.then(() => 'closed' as const), late])) === 'late') {
      connection.handshake.request.socket.destroy();
      await closed;
    }
  } finally {
    clearTimeout(timer);
  }
}
