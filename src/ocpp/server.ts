import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ocppRpc from 'ocpp-rpc';
import { MAX_STATION_PASSWORD_CHARS, type ChargingSessions, type EnrollFailure, type Enrollment, type Stations } from '../charging/index.ts';
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
  /** Unknown stations an operator lets in as pending stations, with its enrollment key. */
  enrollment: Enrollment;
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
  /**
   * Connections of pending stations (unknown ids admitted with an operator's
   * enrollment key), by station id, kept apart from `connected` so that no
   * command ever reaches a station its operator has not approved.
   */
  private readonly pendingConnections = new Map<string, { merchantId: string; connection: StationConnection }>();
  private readonly handlerDeps: HandlerDependencies;
  private httpServer: Server | undefined;
  private closing = false;

  constructor(private readonly deps: OcppDependencies) {
    this.connected = new ConnectedStations(deps.settings.callTimeoutMs);
    this.handlerDeps = { stations: deps.stations, enrollment: deps.enrollment, sessions: deps.sessions, clock: deps.clock, heartbeatIntervalS: deps.settings.heartbeatIntervalS };
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
    deps.enrollment.events.on('decided', this.onPendingDecided);
    deps.enrollment.events.on('key_changed', this.onEnrollmentKeyChanged);
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
    this.deps.enrollment.events.off('decided', this.onPendingDecided);
    this.deps.enrollment.events.off('key_changed', this.onEnrollmentKeyChanged);
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
    const password = basicAuthPassword(request.headers.authorization, stationId);
    if (station === undefined) return this.admitUnknown(stationId, password, request);
    if (password === undefined || password.length > MAX_STATION_PASSWORD_CHARS) return { refused: 401, message: 'Unauthorized: basic auth as <stationId>:<password> required' };
    if (!(await this.deps.stations.authenticate(stationId, password))) return { refused: 401, message: 'Unauthorized: wrong password' };
    return this.admitWithin({ stationId, booted: station.vendor !== null, connectorIds: new Set(station.connectors.map((c) => c.id)), pending: undefined }, request);
  }

  /**
   * An id no operator registered gets in only as a pending station, with an
   * operator's enrollment key as its password (src/charging/enrollment.ts). It
   * has no connectors and is not booted: until its operator approves it, it may
   * send nothing but BootNotification, answered Pending.
   */
  private async admitUnknown(stationId: string, password: string | undefined, request: IncomingMessage): Promise<AdmissionResult> {
    const enrolled = await this.deps.enrollment.enroll(stationId, password);
    if ('failure' in enrolled) return enrollRefusal(enrolled.failure);
    return this.admitWithin({ stationId, booted: false, connectorIds: new Set(), pending: { merchantId: enrolled.merchantId, decided: false } }, request);
  }

  /** Admits an authenticated station unless the server is closing or full. */
  private admitWithin(session: StationSession, request: IncomingMessage): AdmissionResult {
    if (this.closing) return { refused: 503, message: 'Service Unavailable: shutting down' };
    const { stationId } = session;
    const present = this.connected.isConnected(stationId) || this.pendingConnections.has(stationId);
    // Handshakes checked at the same time may pass together: the limit can be passed by at most those in progress.
    if (this.connected.size + this.pendingConnections.size >= this.deps.settings.maxStations && !present) {
      return { refused: 503, message: 'Service Unavailable: too many stations connected' };
    }
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
    for (const action of HANDLED_ACTIONS) {
      connection.handle(action, async ({ params }) => {
        const reply = await this.answer(session, action, params);
        // A pending station found no longer pending: its connection closes once this answer is sent.
        if (session.pending?.decided === true) closeSoon(connection, 'no longer pending: connect with the station password');
        return reply;
      });
    }
    connection.on('strictValidationFailure', (event: { method: string; outbound: boolean; isCall: boolean; error: Error }) => {
      const log = event.outbound ? this.deps.log.error.bind(this.deps.log) : this.deps.log.warn.bind(this.deps.log);
      log({ stationId, action: event.method, outbound: event.outbound, isCall: event.isCall, problem: event.error.message }, 'OCPP message failed schema validation');
    });
    connection.on('badMessage', (event: { error: Error }) => this.deps.log.warn({ stationId, problem: event.error.message }, 'malformed OCPP frame'));
    connection.once('close', () => this.onDisconnect(session, connection));
    const replaced = this.attachStation(session, connection);
    this.recordPresence(session, true, () => this.events.emit('connected', stationId));
    if (replaced !== undefined) {
      this.deps.log.info({ stationId }, 'station reconnected; closing its previous connection');
      void replaced.close({ code: CLOSE_NORMAL, reason: 'replaced by a newer connection' });
    }
  }

  /** Makes `connection` the station's connection, among the registered or the pending ones; returns the one it replaces, if any. */
  private attachStation(session: StationSession, connection: StationConnection): StationConnection | undefined {
    if (session.pending === undefined) return this.connected.attach(session.stationId, connection);
    const previous = this.pendingConnections.get(session.stationId)?.connection;
    this.pendingConnections.set(session.stationId, { merchantId: session.pending.merchantId, connection });
    return previous === connection ? undefined : previous;
  }

  /** Forgets `connection` if it is still the station's connection; false when a newer one replaced it. */
  private detachStation(session: StationSession, connection: StationConnection): boolean {
    if (session.pending === undefined) return this.connected.detach(session.stationId, connection);
    if (this.pendingConnections.get(session.stationId)?.connection !== connection) return false;
    this.pendingConnections.delete(session.stationId);
    return true;
  }

  private onDisconnect(session: StationSession, connection: StationConnection): void {
    const { stationId } = session;
    if (this.detachStation(session, connection)) {
      this.recordPresence(session, false, () => this.events.emit('disconnected', stationId, false));
    } else {
      // A connection that was replaced leaves the online state to its successor.
      this.queues.run(stationId, async () => this.events.emit('disconnected', stationId, true)).catch((error: unknown) => this.deps.log.error({ err: error, stationId }, 'a disconnected listener failed'));
    }
  }

  /** Records the station's online state after its earlier work, then tells listeners. A pending station has no online state: it is only announced. */
  private recordPresence(session: StationSession, online: boolean, recorded: () => void): void {
    const { stationId } = session;
    const record = session.pending === undefined ? () => this.deps.stations.markOnline(stationId, online) : async () => undefined;
    this.queues
      .run(stationId, record)
      .then(recorded)
      .catch((error: unknown) => this.deps.log.error({ err: error, stationId, online }, 'could not record station online state (or a listener failed)'));
  }

  /**
   * The operator approved or rejected a pending station: its connection here,
   * opened with the enrollment key, closes (1000). An approved station connects
   * again with the password set at approval; a rejected one is refused (404).
   * Not the connection itself but its password is what proves an approved
   * station: anyone holding the key could have opened this one.
   */
  private readonly onPendingDecided = (stationId: string, merchantId: string, decision: 'approved' | 'rejected'): void => {
    const pending = this.pendingConnections.get(stationId);
    if (pending?.merchantId !== merchantId) return;
    this.deps.log.info({ stationId, decision }, 'pending station decided; closing its connection');
    closeSoon(pending.connection, decision === 'approved' ? 'approved: connect with the station password' : 'rejected by the operator');
  };

  /** The operator rolled its enrollment key or stopped enrollment: pending connections opened with the old key close. */
  private readonly onEnrollmentKeyChanged = (merchantId: string): void => {
    for (const pending of this.pendingConnections.values()) {
      if (pending.merchantId === merchantId) closeSoon(pending.connection, 'enrollment key changed');
    }
  };

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

/** Why an unknown station is refused: 404 when no key of the operator could admit it (OCPP-J 1.6 §3.1.1), 401 when the right enrollment key would have. */
function enrollRefusal(failure: EnrollFailure): { refused: RefusalStatus; message: string } {
  switch (failure) {
    case 'enrollment_closed':
    case 'station_rejected':
      return { refused: 404, message: 'Not Found: unknown station' };
    case 'enrollment_key_invalid':
      return { refused: 401, message: 'Unauthorized: unknown station; basic auth as <stationId>:<enrollment key> required' };
    case 'too_many_pending_stations':
      return { refused: 503, message: 'Service Unavailable: too many stations waiting for approval; retry later' };
    default: {
      const unknown: never = failure;
      throw new Error(`unhandled enrollment failure ${String(unknown)}`);
    }
  }
}

/** Closes a connection normally (1000) once the answers in flight are sent; a close that fails leaves nothing to do. */
function closeSoon(connection: StationConnection, reason: string): void {
  connection.close({ code: CLOSE_NORMAL, reason, awaitPending: true }).catch(() => undefined);
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
