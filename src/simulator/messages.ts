/**
 * The OCPP 1.6J payloads a charging station sends and the commands it answers,
 * written from the official OCPP 1.6 JSON schemas (the copy ocpp-rpc validates
 * against, `node_modules/ocpp-rpc/lib/schemas/ocpp1_6.json`, ids
 * `urn:<Action>.req` and `urn:<Action>.conf`). These are the station's side
 * of the wire: the simulator is a tool outside the central system and does not
 * share src/ocpp's types, so a mistake on one side cannot hide the same mistake
 * on the other. In strict mode ocpp-rpc checks every frame both ways.
 */

export const OCPP16_SUBPROTOCOL = 'ocpp1.6';

/** ChargePointStatus (OCPP 1.6 §7.7). */
export type ChargePointStatus = 'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV' | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';

/** AuthorizationStatus (OCPP 1.6 §7.2). */
export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

/** Reason (OCPP 1.6 §7.40), why a transaction stopped. */
export type StopReason = 'EmergencyStop' | 'EVDisconnected' | 'HardReset' | 'Local' | 'Other' | 'PowerLoss' | 'Reboot' | 'Remote' | 'SoftReset' | 'UnlockCommand' | 'DeAuthorized';

/** ReadingContext (OCPP 1.6 §7.35), the subset this station reports. */
export type ReadingContext = 'Sample.Periodic' | 'Transaction.Begin' | 'Transaction.End' | 'Trigger';

/** The measurands this station's meter has (OCPP 1.6 §7.31). */
export const SUPPORTED_MEASURANDS = ['Energy.Active.Import.Register', 'Power.Active.Import'] as const;
export type Measurand = (typeof SUPPORTED_MEASURANDS)[number];

export interface IdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: string;
  parentIdTag?: string;
}

export interface SampledValue {
  value: string;
  context?: ReadingContext;
  measurand?: Measurand;
  location?: 'Outlet';
  unit?: 'Wh' | 'W';
}

export interface MeterValue {
  /** RFC 3339 date-time of the reading. */
  timestamp: string;
  sampledValue: SampledValue[];
}

/** What the station sends (CALLs it makes), by action. */
export interface StationRequests {
  BootNotification: { chargePointVendor: string; chargePointModel: string; chargePointSerialNumber?: string; firmwareVersion?: string; meterType?: string };
  Heartbeat: Record<string, never>;
  StatusNotification: { connectorId: number; errorCode: 'NoError'; status: ChargePointStatus; timestamp: string };
  Authorize: { idTag: string };
  StartTransaction: { connectorId: number; idTag: string; meterStart: number; timestamp: string };
  MeterValues: { connectorId: number; transactionId?: number; meterValue: MeterValue[] };
  StopTransaction: { transactionId: number; idTag?: string; meterStop: number; timestamp: string; reason: StopReason; transactionData?: MeterValue[] };
  DiagnosticsStatusNotification: { status: 'Idle' };
  FirmwareStatusNotification: { status: 'Idle' };
}
export type StationAction = keyof StationRequests;

/**
 * The transaction-related messages: OCPP 1.6 §3.5 and §3.7 make a station keep
 * them while it is offline and deliver them later, in order.
 */
export const TRANSACTION_ACTIONS = ['StartTransaction', 'MeterValues', 'StopTransaction'] as const satisfies readonly StationAction[];
export type TransactionAction = (typeof TRANSACTION_ACTIONS)[number];

/** urn:BootNotification.conf. */
export interface BootNotificationConfirmation {
  status: 'Accepted' | 'Pending' | 'Rejected';
  currentTime: string;
  interval: number;
}

/** urn:Authorize.conf. */
export interface AuthorizeConfirmation {
  idTagInfo: IdTagInfo;
}

/** urn:StartTransaction.conf. */
export interface StartTransactionConfirmation {
  idTagInfo: IdTagInfo;
  transactionId: number;
}

/** The central system's commands this station answers (OCPP 1.6 §5), with their requests. */
export interface CentralSystemCommands {
  RemoteStartTransaction: { connectorId?: number; idTag: string };
  RemoteStopTransaction: { transactionId: number };
  Reset: { type: 'Hard' | 'Soft' };
  ChangeAvailability: { connectorId: number; type: 'Inoperative' | 'Operative' };
  UnlockConnector: { connectorId: number };
  GetConfiguration: { key?: string[] };
  ChangeConfiguration: { key: string; value: string };
  TriggerMessage: {
    requestedMessage: 'BootNotification' | 'DiagnosticsStatusNotification' | 'FirmwareStatusNotification' | 'Heartbeat' | 'MeterValues' | 'StatusNotification';
    connectorId?: number;
  };
}
export type CommandAction = keyof CentralSystemCommands;

/** What the station answers to each command. */
export interface CommandConfirmations {
  RemoteStartTransaction: { status: 'Accepted' | 'Rejected' };
  RemoteStopTransaction: { status: 'Accepted' | 'Rejected' };
  Reset: { status: 'Accepted' | 'Rejected' };
  ChangeAvailability: { status: 'Accepted' | 'Rejected' | 'Scheduled' };
  UnlockConnector: { status: 'Unlocked' | 'UnlockFailed' | 'NotSupported' };
  GetConfiguration: { configurationKey: Array<{ key: string; readonly: boolean; value?: string }>; unknownKey?: string[] };
  ChangeConfiguration: { status: 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported' };
  TriggerMessage: { status: 'Accepted' | 'Rejected' | 'NotImplemented' };
}
