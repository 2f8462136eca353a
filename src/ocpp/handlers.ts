import type { ChargingSessions, Enrollment, Stations } from '../charging/index.ts';
import type { Clock } from '../platform/clock.ts';
import { readMeterValues } from './meter-values.ts';
import type {
  AuthorizeConfirmation,
  AuthorizeRequest,
  BootNotificationConfirmation,
  DataTransferConfirmation,
  DataTransferRequest,
  MeterValuesConfirmation,
  MeterValuesRequest,
  StartTransactionConfirmation,
  StartTransactionRequest,
  StopTransactionConfirmation,
  StopTransactionRequest,
  BootNotificationRequest,
  CallErrorCode,
  HeartbeatConfirmation,
  StatusNotificationConfirmation,
  StatusNotificationRequest,
} from './messages.ts';

/**
 * The OCPP 1.6J central system's answers to CALLs from charging stations: one
 * table maps each action to its handler, and each handler maps the message to
 * calls on the charging module. Handlers see only payloads that strict mode
 * has already validated against the action's official schema; anything they
 * refuse is a named CallError, never an exception.
 */

export interface HandlerDependencies {
  stations: Stations;
  /** Pending stations: unknown ids admitted with an operator's enrollment key. */
  enrollment: Enrollment;
  sessions: ChargingSessions;
  clock: Clock;
  /** Sent to stations in BootNotification.conf. */
  heartbeatIntervalS: number;
}

/** What the central system knows about one connected station while its connection lasts. */
export interface StationSession {
  readonly stationId: string;
  /**
   * Whether the station's boot was accepted. OCPP 1.6 §4.2: between power-on and an
   * accepted BootNotification the station must send nothing else. A station that
   * only lost its network does not boot again when it reconnects, so a station
   * whose boot was recorded before starts a new connection as booted.
   */
  booted: boolean;
  /** The station's registered connectors (1, 2, …); 0 addresses the station as a whole. */
  readonly connectorIds: ReadonlySet<number>;
  /** Set when the station is a pending one: an unknown id admitted with an operator's enrollment key. */
  readonly pending: PendingSession | undefined;
}

/**
 * A pending station's connection: it waits for the operator named here to
 * approve it, and is never booted (OCPP 1.6 §4.2: while Pending it may send
 * nothing but BootNotification). `decided` is set when its BootNotification
 * finds it no longer pending (approved, rejected, or registered by anyone):
 * the connection then closes after the answer, and the station must connect
 * again, with its own password once it is registered.
 */
export interface PendingSession {
  readonly merchantId: string;
  decided: boolean;
}

/** OCPP 1.6 §4.2: a pending station sends BootNotification again after this interval; it is also how soon it learns of a decision made by another process. */
export const PENDING_BOOT_INTERVAL_S = 60;

export type CallOutcome = { reply: object } | { callError: { code: CallErrorCode; description: string } };

type Handler = (deps: HandlerDependencies, session: StationSession, params: unknown) => Promise<CallOutcome>;

const callError = (code: CallErrorCode, description: string): CallOutcome => ({ callError: { code, description } });
const isoAt = (ms: number): string => new Date(ms).toISOString();

/**
 * BootNotification (OCPP 1.6 §4.2): every registered station that reached this
 * point has proved its identity, so its boot is Accepted, with the heartbeat
 * interval and the central system's clock for the station to set its own. A
 * pending station's boot is answered by pendingBootNotification.
 */
async function bootNotification(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as BootNotificationRequest; // Validated against urn:BootNotification.req.
  if (session.pending !== undefined) return pendingBootNotification(deps, session.stationId, session.pending, request);
  await deps.stations.recordBoot(session.stationId, { vendor: request.chargePointVendor, model: request.chargePointModel, firmware: request.firmwareVersion });
  session.booted = true;
  const reply: BootNotificationConfirmation = { status: 'Accepted', currentTime: isoAt(deps.clock.nowMs()), interval: deps.heartbeatIntervalS };
  return { reply };
}

/**
 * BootNotification from a pending station (OCPP 1.6 §4.2): Pending, while its
 * operator has not decided, with the interval after which it asks again; what
 * it says it is (vendor, model) is recorded for the operator to recognise it.
 * Once it is no longer pending, Rejected, and the connection closes: one opened
 * with the enrollment key is never accepted, even for an approved station,
 * which proves who it is with its own password on its next connection.
 */
async function pendingBootNotification(deps: HandlerDependencies, stationId: string, pending: PendingSession, request: BootNotificationRequest): Promise<CallOutcome> {
  const stillPending = await deps.enrollment.recordBoot(pending.merchantId, stationId, { vendor: request.chargePointVendor, model: request.chargePointModel, firmware: request.firmwareVersion });
  if (!stillPending) pending.decided = true;
  const reply: BootNotificationConfirmation = { status: stillPending ? 'Pending' : 'Rejected', currentTime: isoAt(deps.clock.nowMs()), interval: PENDING_BOOT_INTERVAL_S };
  return { reply };
}

/** Heartbeat (OCPP 1.6 §4.6): the station is alive; answer with the time. */
async function heartbeat(deps: HandlerDependencies, session: StationSession): Promise<CallOutcome> {
  await deps.stations.markOnline(session.stationId, true);
  const reply: HeartbeatConfirmation = { currentTime: isoAt(deps.clock.nowMs()) };
  return { reply };
}

/**
 * StatusNotification (OCPP 1.6 §4.9): records the connector's status as of the
 * message's timestamp. A station replays statuses it queued while offline, so
 * an older status never overwrites a newer one (Stations.recordStatus guards
 * that). A timestamp ahead of the central system's clock counts as now: a
 * station whose clock runs fast must not freeze its connector's status until
 * real time catches up.
 */
async function statusNotification(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as StatusNotificationRequest; // Validated against urn:StatusNotification.req.
  if (request.connectorId !== 0 && !session.connectorIds.has(request.connectorId)) {
    return callError('PropertyConstraintViolation', `connectorId ${request.connectorId} is not a connector of station ${session.stationId}`);
  }
  const nowMs = deps.clock.nowMs();
  const reportedMs = request.timestamp === undefined ? nowMs : Date.parse(request.timestamp);
  if (Number.isNaN(reportedMs)) return callError('FormationViolation', 'timestamp is not a date-time');
  // Connector 0 reports on the station as a whole, which has no stored status yet; it is acknowledged.
  if (request.connectorId !== 0) {
    const atMs = Math.min(reportedMs, nowMs);
    await deps.stations.recordStatus(session.stationId, request.connectorId, request.status, request.errorCode, atMs);
    await deps.sessions.connectorStatus(session.stationId, request.connectorId, request.status, atMs);
  }
  const reply: StatusNotificationConfirmation = {};
  return { reply };
}

/** A station's timestamp, no later than now (a station whose clock runs fast must not bill the future); undefined when unreadable. */
function stationTimeMs(deps: HandlerDependencies, timestamp: string): number | undefined {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : Math.min(ms, deps.clock.nowMs());
}

/** Authorize (OCPP 1.6 §4.1): may this idTag charge here now? A prepaid card or a consumer's tag must cover the tariff's minimum hold. */
async function authorize(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as AuthorizeRequest;
  const reply: AuthorizeConfirmation = { idTagInfo: { status: await deps.sessions.authorize(session.stationId, request.idTag) } };
  return { reply };
}

/**
 * StartTransaction (OCPP 1.6 §4.8): opens the session and places its hold. The
 * answer always carries a transaction id, even for a tag refused now, since a
 * station may have started offline; a replayed start gets its first answer's id.
 */
async function startTransaction(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as StartTransactionRequest;
  if (!session.connectorIds.has(request.connectorId)) return callError('PropertyConstraintViolation', `connectorId ${request.connectorId} is not a connector of station ${session.stationId}`);
  if (request.meterStart < 0) return callError('PropertyConstraintViolation', 'meterStart is a register reading in Wh and cannot be negative');
  const timestampMs = stationTimeMs(deps, request.timestamp);
  if (timestampMs === undefined) return callError('FormationViolation', 'timestamp is not a date-time');
  const started = await deps.sessions.startTransaction(session.stationId, { connectorId: request.connectorId, idTag: request.idTag, meterStartWh: BigInt(request.meterStart), timestampMs });
  const reply: StartTransactionConfirmation = { transactionId: started.transactionId, idTagInfo: { status: started.status } };
  return { reply };
}

/** MeterValues (OCPP 1.6 §4.7): readings of a transaction update its running cost; others are acknowledged. */
async function meterValues(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as MeterValuesRequest;
  if (request.connectorId !== 0 && !session.connectorIds.has(request.connectorId)) return callError('PropertyConstraintViolation', `connectorId ${request.connectorId} is not a connector of station ${session.stationId}`);
  const read = readMeterValues(request.meterValue, deps.clock.nowMs());
  if ('problem' in read) return callError('PropertyConstraintViolation', read.problem);
  if (request.transactionId !== undefined) await deps.sessions.meterValues(session.stationId, request.transactionId, read.readings, read.powerW);
  const reply: MeterValuesConfirmation = {};
  return { reply };
}

/**
 * StopTransaction (OCPP 1.6 §4.10): the central system cannot refuse a stop.
 * The session is priced from the station's timestamps and settled; a stop
 * for a session already settled (a replay) changes nothing.
 */
async function stopTransaction(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as StopTransactionRequest;
  if (request.meterStop < 0) return callError('PropertyConstraintViolation', 'meterStop is a register reading in Wh and cannot be negative');
  const timestampMs = stationTimeMs(deps, request.timestamp);
  if (timestampMs === undefined) return callError('FormationViolation', 'timestamp is not a date-time');
  const read = readMeterValues(request.transactionData ?? [], deps.clock.nowMs());
  if ('problem' in read) return callError('PropertyConstraintViolation', read.problem);
  const stopped = await deps.sessions.stopTransaction(session.stationId, { transactionId: request.transactionId, ...(request.idTag === undefined ? {} : { idTag: request.idTag }), meterStopWh: BigInt(request.meterStop), timestampMs, reason: request.reason, readings: read.readings });
  const reply: StopTransactionConfirmation = stopped === undefined || request.idTag === undefined ? {} : { idTagInfo: { status: stopped.status } };
  return { reply };
}

/** DataTransfer (OCPP 1.6 §4.3): vendor extensions; none is known here, so every vendor is UnknownVendorId, as the spec asks. */
async function dataTransfer(_deps: HandlerDependencies, _session: StationSession, params: unknown): Promise<CallOutcome> {
  void (params as DataTransferRequest);
  const reply: DataTransferConfirmation = { status: 'UnknownVendorId' };
  return { reply };
}

/**
 * The actions this central system answers, by OCPP 1.6 action name. A CALL for
 * any other action is answered NotImplemented by the connection, before its
 * payload is looked at.
 */
export const OCPP16_HANDLERS = {
  Authorize: authorize,
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  Heartbeat: heartbeat,
  MeterValues: meterValues,
  StartTransaction: startTransaction,
  StatusNotification: statusNotification,
  StopTransaction: stopTransaction,
} as const satisfies Record<string, Handler>;

export type HandledAction = keyof typeof OCPP16_HANDLERS;
export const HANDLED_ACTIONS = Object.keys(OCPP16_HANDLERS) as HandledAction[];

/**
 * Answers one CALL. Before the station's boot is accepted only BootNotification
 * is answered; anything else gets SecurityError, as OCPP 2.0.1 prescribes for a
 * station that is not accepted (use cases B02 and B03; 1.6 forbids the message
 * but names no answer).
 */
export async function handleCall(deps: HandlerDependencies, session: StationSession, action: HandledAction, params: unknown): Promise<CallOutcome> {
  if (action !== 'BootNotification' && !session.booted) {
    return callError('SecurityError', `${action} before an accepted BootNotification: the station must boot first (OCPP 1.6 §4.2)`);
  }
  return OCPP16_HANDLERS[action](deps, session, params);
}
