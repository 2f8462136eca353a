import type { ConnectorStatus } from '../charging/index.ts';

/**
 * OCPP 1.6J payloads of the actions this edge handles, written from the
 * official OCPP 1.6 JSON schemas (the copy ocpp-rpc validates against,
 * `node_modules/ocpp-rpc/lib/schemas/ocpp1_6.json`, ids `urn:<Action>.req` and
 * `urn:<Action>.conf`). Strict mode checks every incoming CALL against its
 * schema before a handler runs, and every answer before it is sent, so these
 * types describe what a handler can rely on. They stay at this edge: handlers
 * map them to the charging module's own types.
 */

export const OCPP16_SUBPROTOCOL = 'ocpp1.6';

/**
 * The ten CallError codes of OCPP-J 1.6 §4.2.3 (table "Valid Error Codes"),
 * spelled as on the wire: the 1.6 errata (section 5, "known issues that will
 * not be fixed") keeps the misspellings `FormationViolation` and
 * `OccurenceConstraintViolation`; later OCPP versions correct them.
 */
export const OCPP16_CALL_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;
export type CallErrorCode = (typeof OCPP16_CALL_ERROR_CODES)[number];

/** urn:BootNotification.req. */
export interface BootNotificationRequest {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

/** urn:BootNotification.conf. */
export interface BootNotificationConfirmation {
  status: 'Accepted' | 'Pending' | 'Rejected';
  /** RFC 3339 date-time. */
  currentTime: string;
  /** Seconds between heartbeats (or, when Pending/Rejected, before the next BootNotification). */
  interval: number;
}

/** urn:Heartbeat.req: no fields. */
export type HeartbeatRequest = Record<string, never>;

/** urn:Heartbeat.conf. */
export interface HeartbeatConfirmation {
  currentTime: string;
}

/** ChargePointErrorCode. */
export type ChargePointErrorCode =
  | 'ConnectorLockFailure'
  | 'EVCommunicationError'
  | 'GroundFailure'
  | 'HighTemperature'
  | 'InternalError'
  | 'LocalListConflict'
  | 'NoError'
  | 'OtherError'
  | 'OverCurrentFailure'
  | 'PowerMeterFailure'
  | 'PowerSwitchFailure'
  | 'ReaderFailure'
  | 'ResetFailure'
  | 'UnderVoltage'
  | 'OverVoltage'
  | 'WeakSignal';

/** ChargePointStatus. */
export type ChargePointStatus = 'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV' | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';

/** urn:StatusNotification.req. Connector 0 is the charge point as a whole. */
export interface StatusNotificationRequest {
  connectorId: number;
  errorCode: ChargePointErrorCode;
  info?: string;
  status: ChargePointStatus;
  /** RFC 3339 date-time at which the status was reported; absent means "now". */
  timestamp?: string;
  vendorId?: string;
  vendorErrorCode?: string;
}

/** urn:StatusNotification.conf: no fields. */
export type StatusNotificationConfirmation = Record<string, never>;

/** IdTagInfo.status. */
export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface IdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: string;
  parentIdTag?: string;
}

/** urn:Authorize.req / .conf. */
export interface AuthorizeRequest {
  idTag: string;
}
export interface AuthorizeConfirmation {
  idTagInfo: IdTagInfo;
}

/** urn:StartTransaction.req / .conf. meterStart is the energy register in Wh. */
export interface StartTransactionRequest {
  connectorId: number;
  idTag: string;
  meterStart: number;
  reservationId?: number;
  timestamp: string;
}
export interface StartTransactionConfirmation {
  idTagInfo: IdTagInfo;
  transactionId: number;
}

/** SampledValue: value is a decimal string; measurand defaults to Energy.Active.Import.Register and unit to Wh. */
export interface SampledValue {
  value: string;
  context?: string;
  format?: 'Raw' | 'SignedData';
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}
export interface MeterValue {
  timestamp: string;
  sampledValue: SampledValue[];
}

/** urn:MeterValues.req / .conf. */
export interface MeterValuesRequest {
  connectorId: number;
  transactionId?: number;
  meterValue: MeterValue[];
}
export type MeterValuesConfirmation = Record<string, never>;

/** urn:StopTransaction.req / .conf. */
export interface StopTransactionRequest {
  idTag?: string;
  meterStop: number;
  timestamp: string;
  transactionId: number;
  reason?: string;
  transactionData?: MeterValue[];
}
export interface StopTransactionConfirmation {
  idTagInfo?: IdTagInfo;
}

/** urn:DataTransfer.req / .conf. */
export interface DataTransferRequest {
  vendorId: string;
  messageId?: string;
  data?: string;
}
export interface DataTransferConfirmation {
  status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';
  data?: string;
}

/**
 * The wire's ChargePointStatus and the charging module's ConnectorStatus are
 * the same list; this fails to compile if either one changes alone, so the
 * mapping in the handler can pass the value through.
 */
type SameStrings<A extends string, B extends string> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statusesMatch: SameStrings<ChargePointStatus, ConnectorStatus> = true;
void statusesMatch;
