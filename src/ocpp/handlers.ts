import type { Stations } from '../charging/index.ts';
import type { Clock } from '../platform/clock.ts';
import type {
  BootNotificationConfirmation,
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
}

export type CallOutcome = { reply: object } | { callError: { code: CallErrorCode; description: string } };

type Handler = (deps: HandlerDependencies, session: StationSession, params: unknown) => Promise<CallOutcome>;

const callError = (code: CallErrorCode, description: string): CallOutcome => ({ callError: { code, description } });
const isoAt = (ms: number): string => new Date(ms).toISOString();

/**
 * BootNotification (OCPP 1.6 §4.2): every registered station that reached this
 * point has proved its identity, so its boot is Accepted, with the heartbeat
 * interval and the central system's clock for the station to set its own.
 */
async function bootNotification(deps: HandlerDependencies, session: StationSession, params: unknown): Promise<CallOutcome> {
  const request = params as BootNotificationRequest; // Validated against urn:BootNotification.req.
  await deps.stations.recordBoot(session.stationId, { vendor: request.chargePointVendor, model: request.chargePointModel, firmware: request.firmwareVersion });
  session.booted = true;
  const reply: BootNotificationConfirmation = { status: 'Accepted', currentTime: isoAt(deps.clock.nowMs()), interval: deps.heartbeatIntervalS };
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
    await deps.stations.recordStatus(session.stationId, request.connectorId, request.status, request.errorCode, Math.min(reportedMs, nowMs));
  }
  const reply: StatusNotificationConfirmation = {};
  return { reply };
}

/**
 * The actions this central system answers, by OCPP 1.6 action name. A CALL for
 * any other action is answered NotImplemented by the connection, before its
 * payload is looked at.
 */
export const OCPP16_HANDLERS = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
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
