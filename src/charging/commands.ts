import { strict as assert } from 'node:assert';
import type { Database, Queryable } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import { MAX_ATTEMPTS_LIMIT, cleanErrorText, minimumRetryWindowMs, type JobContext, type JobOutcome, type JobQueue, type JobWorker, type Json, type RetryPolicy } from '../jobs/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { Stations } from './stations.ts';

/**
 * Remote commands to charging stations: the CALLs an operator (or a charging
 * session) sends a station through the central system, OCPP 1.6 §5
 * ("Operations initiated by Central System"). A command is recorded and its
 * job enqueued in one transaction (the outbox), then a job sends the CALL
 * through an injected sender (the OCPP edge), outside any transaction, and
 * records the station's answer. A station that is offline is tried again with
 * backoff until the command expires.
 *
 * Delivery is at least once, except RemoteStartTransaction, which is sent at
 * most once: a start that went out and got no answer may still happen, and a
 * second one could start a second session for the same driver.
 */

export const COMMAND_ACTIONS = ['RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'ChangeAvailability', 'UnlockConnector', 'GetConfiguration', 'ChangeConfiguration', 'TriggerMessage'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

export const COMMAND_STATUSES = ['queued', 'sent', 'accepted', 'rejected', 'failed', 'expired'] as const;
/** queued: waiting to be sent (again); sent: the CALL is out; accepted, rejected, failed, expired: final. */
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export type FinalCommandStatus = Exclude<CommandStatus, 'queued' | 'sent'>;

/** OCPP 1.6 §6.53 MessageTrigger. */
export const TRIGGERABLE_MESSAGES = ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'] as const;

/** Each action's payload (OCPP 1.6 §6, the `.req` of each). RemoteStartTransaction's chargingProfile is not offered. */
export interface CommandParamsByAction {
  RemoteStartTransaction: { connectorId?: number; idTag: string };
  RemoteStopTransaction: { transactionId: number };
  Reset: { type: 'Hard' | 'Soft' };
  ChangeAvailability: { connectorId: number; type: 'Inoperative' | 'Operative' };
  UnlockConnector: { connectorId: number };
  GetConfiguration: { key?: string[] };
  ChangeConfiguration: { key: string; value: string };
  TriggerMessage: { requestedMessage: (typeof TRIGGERABLE_MESSAGES)[number]; connectorId?: number };
}
export type CommandParams = CommandParamsByAction[CommandAction];

/**
 * Why a command was not delivered or not answered: `station_not_connected`,
 * `call_timeout`, `connection_lost`, `call_error:<the station's CallError code>`,
 * `outcome_unknown` (a RemoteStartTransaction whose sending was interrupted
 * before its answer was recorded), `answer_invalid` (an answer outside the
 * action's statuses) or `attempts_exhausted`.
 */
export type CommandFailure = string;

export interface StationCommand {
  id: string;
  merchantId: string;
  stationId: string;
  action: CommandAction;
  params: CommandParams;
  /** What asked for the command, e.g. a charging session id; null for an operator's own. */
  reference: string | null;
  status: CommandStatus;
  /** The station's confirmation payload, whole: set when accepted or rejected, and kept when it failed as answer_invalid. */
  result: Readonly<Record<string, unknown>> | null;
  /** Final failure, or while queued the last attempt's. */
  failure: CommandFailure | null;
  /** Times a job tried to send the CALL, the station offline included. */
  attempts: number;
  expiresAtMs: number;
  createdAtMs: number;
  completedAtMs: number | null;
}

export interface NewCommand {
  action: CommandAction;
  /** Checked against the action's payload (CommandParamsByAction); a bad one is a ParamProblem. */
  params: unknown;
  reference?: string;
  /** Not sent after this long; DEFAULT_EXPIRY_MS for the action when absent. */
  expiresInMs?: number;
}

/** A payload the action cannot take; `param` names the field as `connectorId` or `key[2]`. */
export interface ParamProblem {
  failure: 'param_missing' | 'param_unknown' | 'param_invalid' | 'connector_not_found';
  param: string;
  /** What the field takes, for the error message. */
  expected: string;
}

export type SendFailure = { failure: 'station_not_found' } | ParamProblem;

/** What the OCPP edge answers to a CALL (src/ocpp ConnectedStations.call has this shape). */
export type SendResult =
  | { ok: true; result: unknown }
  | { ok: false; failure: 'station_not_connected' | 'call_timeout' | 'connection_lost' }
  | { ok: false; failure: 'call_error'; errorCode: string };

/** Sends one CALL to a station and waits at most `timeoutMs` for its answer. */
export type CommandSender = (stationId: string, action: CommandAction, params: object, timeoutMs: number) => Promise<SendResult>;

export type CommandListener = (command: StationCommand) => Promise<void> | void;

export const COMMAND_JOB = 'charging.command';
/**
 * A RemoteStartTransaction is worth sending for 2 minutes: a driver who waits
 * longer has walked away or tried again, and a car that starts later surprises
 * them. Other commands keep for 10 minutes (a station rebooting or on a flaky
 * mobile link comes back within that).
 */
export const DEFAULT_EXPIRY_MS: Readonly<Record<CommandAction, number>> = {
  RemoteStartTransaction: 2 * 60_000,
  RemoteStopTransaction: 10 * 60_000,
  Reset: 10 * 60_000,
  ChangeAvailability: 10 * 60_000,
  UnlockConnector: 10 * 60_000,
  GetConfiguration: 10 * 60_000,
  ChangeConfiguration: 10 * 60_000,
  TriggerMessage: 10 * 60_000,
};
export const MIN_COMMAND_EXPIRY_MS = 1_000;
export const MAX_COMMAND_EXPIRY_MS = 60 * 60_000;
/** An offline station is tried again after 5 s, doubling to once a minute. */
export const COMMAND_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 60_000 };
/** A job's CALL must end well before the job worker aborts its handler (JOB_HANDLER_TIMEOUT_MS, 60 s). */
export const MAX_COMMAND_CALL_TIMEOUT_MS = 45_000;
export const MAX_REFERENCE_CHARS = 100;
export const MAX_CONFIGURATION_KEYS = 100;
const MAX_FAILURE_CHARS = 200;

// Every command's job outlives its longest expiry, so it is the expiry, not the attempt count, that ends the retries.
assert(minimumRetryWindowMs(COMMAND_RETRY_POLICY, MAX_ATTEMPTS_LIMIT) > MAX_COMMAND_EXPIRY_MS, 'command jobs retry at least until the longest expiry');

const FINAL_STATUSES: ReadonlySet<CommandStatus> = new Set<FinalCommandStatus>(['accepted', 'rejected', 'failed', 'expired']);
export const isFinalStatus = (status: CommandStatus): status is FinalCommandStatus => FINAL_STATUSES.has(status);

/**
 * How each action's confirmation status reads (OCPP 1.6 §6, the `.conf` of
 * each). Scheduled (ChangeAvailability while a transaction runs) and
 * RebootRequired (ChangeConfiguration) are accepted: the station will do it.
 * GetConfiguration's answer has no status: any answer is accepted.
 */
const ANSWER_STATUSES: { readonly [A in CommandAction]: Readonly<Record<string, 'accepted' | 'rejected'>> | 'any_answer' } = {
  RemoteStartTransaction: { Accepted: 'accepted', Rejected: 'rejected' },
  RemoteStopTransaction: { Accepted: 'accepted', Rejected: 'rejected' },
  Reset: { Accepted: 'accepted', Rejected: 'rejected' },
  ChangeAvailability: { Accepted: 'accepted', Rejected: 'rejected', Scheduled: 'accepted' },
  UnlockConnector: { Unlocked: 'accepted', UnlockFailed: 'rejected', NotSupported: 'rejected' },
  GetConfiguration: 'any_answer',
  ChangeConfiguration: { Accepted: 'accepted', Rejected: 'rejected', RebootRequired: 'accepted', NotSupported: 'rejected' },
  TriggerMessage: { Accepted: 'accepted', Rejected: 'rejected', NotImplemented: 'rejected' },
};

// ---- Payload checks -------------------------------------------------------------------------

/**
 * One field of a payload. `connector` is a connector of the station: 1, 2, …
 * as registered, and 0 (the station as a whole) where `station` allows it.
 */
type FieldSpec =
  | { kind: 'connector'; required: boolean; station: boolean }
  | { kind: 'choice'; required: boolean; values: readonly string[] }
  | { kind: 'text'; required: boolean; pattern: RegExp; expected: string }
  | { kind: 'integer'; required: boolean; min: number; max: number }
  | { kind: 'text_list'; required: boolean; maxItems: number; item: RegExp; expected: string };

/** Text PostgreSQL can store (no NUL, no unpaired surrogate), 1 to `max` characters; optionally empty. */
const storableText = (max: number, min = 1): RegExp => new RegExp(`^[^\\u0000\\uD800-\\uDFFF]{${min},${max}}$`, 'u');
/** OCPP 1.6 IdToken is CiString20Type; RFID UIDs and app tokens are printable ASCII. */
const ID_TAG = /^[\x21-\x7e]{1,20}$/;
/** OCPP 1.6 integers are 32-bit signed in practice (transaction ids are stored as integer). */
const MAX_INT32 = 2_147_483_647;

const PARAM_SPECS: { readonly [A in CommandAction]: { readonly [K in keyof CommandParamsByAction[A]]-?: FieldSpec } } = {
  RemoteStartTransaction: {
    // OCPP 1.6 §6.33: connectorId > 0; without one the station picks.
    connectorId: { kind: 'connector', required: false, station: false },
    idTag: { kind: 'text', required: true, pattern: ID_TAG, expected: '1 to 20 printable ASCII characters without spaces' },
  },
  RemoteStopTransaction: { transactionId: { kind: 'integer', required: true, min: 0, max: MAX_INT32 } },
  Reset: { type: { kind: 'choice', required: true, values: ['Hard', 'Soft'] } },
  // OCPP 1.6 §6.3: connector 0 changes the whole station.
  ChangeAvailability: { connectorId: { kind: 'connector', required: true, station: true }, type: { kind: 'choice', required: true, values: ['Inoperative', 'Operative'] } },
  // OCPP 1.6 §6.51: connectorId > 0.
  UnlockConnector: { connectorId: { kind: 'connector', required: true, station: false } },
  GetConfiguration: { key: { kind: 'text_list', required: false, maxItems: MAX_CONFIGURATION_KEYS, item: storableText(50), expected: `up to ${MAX_CONFIGURATION_KEYS} keys of 1 to 50 characters` } },
  ChangeConfiguration: {
    key: { kind: 'text', required: true, pattern: storableText(50), expected: '1 to 50 characters' },
    value: { kind: 'text', required: true, pattern: storableText(500, 0), expected: 'at most 500 characters' },
  },
  TriggerMessage: { requestedMessage: { kind: 'choice', required: true, values: TRIGGERABLE_MESSAGES }, connectorId: { kind: 'connector', required: false, station: false } },
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The field's value as it is sent, or what is wrong with it. */
function checkField(name: string, spec: FieldSpec, value: unknown, connectorIds: ReadonlySet<number>): { value: Json } | ParamProblem {
  switch (spec.kind) {
    case 'connector': {
      const lowest = spec.station ? 0 : 1;
      if (!Number.isSafeInteger(value) || (value as number) < lowest) return { failure: 'param_invalid', param: name, expected: `a connector id, a whole number from ${lowest}` };
      const id = value as number;
      if (id !== 0 && !connectorIds.has(id)) return { failure: 'connector_not_found', param: name, expected: `one of the station's connectors: ${[...connectorIds].join(', ')}` };
      return { value: id };
    }
    case 'choice':
      return typeof value === 'string' && spec.values.includes(value) ? { value } : { failure: 'param_invalid', param: name, expected: `one of ${spec.values.join(', ')}` };
    case 'text':
      return typeof value === 'string' && spec.pattern.test(value) ? { value } : { failure: 'param_invalid', param: name, expected: spec.expected };
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max ? { value: value as number } : { failure: 'param_invalid', param: name, expected: `a whole number from ${spec.min} to ${spec.max}` };
    case 'text_list': {
      if (!Array.isArray(value) || value.length > spec.maxItems) return { failure: 'param_invalid', param: name, expected: spec.expected };
      const bad = value.findIndex((item) => typeof item !== 'string' || !spec.item.test(item));
      return bad === -1 ? { value: value as string[] } : { failure: 'param_invalid', param: `${name}[${bad}]`, expected: spec.expected };
    }
    default: {
      const unknown: never = spec;
      throw new Error(`unknown field spec ${JSON.stringify(unknown)}`);
    }
  }
}

/** The action's payload checked field by field: only its own fields, each of the right shape. */
export function checkCommandParams(action: CommandAction, params: unknown, connectorIds: ReadonlySet<number>): { params: CommandParams } | ParamProblem {
  const specs: Readonly<Record<string, FieldSpec>> = PARAM_SPECS[action];
  if (!isPlainObject(params)) return { failure: 'param_invalid', param: '', expected: `an object with ${Object.keys(specs).join(', ') || 'no fields'}` };
  const unknown = Object.keys(params).find((name) => !Object.hasOwn(specs, name));
  if (unknown !== undefined) return { failure: 'param_unknown', param: unknown, expected: `${action} takes ${Object.keys(specs).join(', ')}` };
  const checked: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = params[name];
    if (value === undefined) {
      if (spec.required) return { failure: 'param_missing', param: name, expected: `${action} requires ${name}` };
      continue;
    }
    const field = checkField(name, spec, value, connectorIds);
    if ('failure' in field) return field;
    checked[name] = field.value;
  }
  return { params: checked as unknown as CommandParams };
}

// ---- Storage --------------------------------------------------------------------------------

interface CommandRow {
  id: string;
  merchant_id: string;
  station_id: string;
  action: CommandAction;
  params: CommandParams;
  reference: string | null;
  status: CommandStatus;
  result: Record<string, unknown> | null;
  failure: string | null;
  attempts: number;
  expires_at: Date;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS = 'id, merchant_id, station_id, action, params, reference, status, result, failure, attempts, expires_at, created_at, completed_at';

function toCommand(row: CommandRow): StationCommand {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    stationId: row.station_id,
    action: row.action,
    params: row.params,
    reference: row.reference,
    status: row.status,
    result: row.result,
    failure: row.failure,
    attempts: row.attempts,
    expiresAtMs: row.expires_at.getTime(),
    createdAtMs: row.created_at.getTime(),
    completedAtMs: row.completed_at?.getTime() ?? null,
  };
}

async function findCommand(db: Queryable, id: string): Promise<StationCommand | undefined> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM charging_commands WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toCommand(rows[0]);
}

/** What a job run decided: a final status, or another attempt later. */
type Verdict = { final: FinalCommandStatus; result: Record<string, unknown> | null; failure: CommandFailure | null } | { retry: CommandFailure };

export interface StationCommandsDependencies {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
  stations: Stations;
  send: CommandSender;
  /** How long a sent CALL waits for the station's answer; at most MAX_COMMAND_CALL_TIMEOUT_MS. */
  callTimeoutMs: number;
}

export class StationCommands {
  private readonly listeners: CommandListener[] = [];

  constructor(private readonly deps: StationCommandsDependencies) {
    assert(Number.isSafeInteger(deps.callTimeoutMs) && deps.callTimeoutMs > 0 && deps.callTimeoutMs <= MAX_COMMAND_CALL_TIMEOUT_MS, `callTimeoutMs is between 1 and ${MAX_COMMAND_CALL_TIMEOUT_MS}`);
  }

  /**
   * Records a command to the merchant's station and enqueues its sending, in
   * one transaction. Another merchant's station is not found.
   */
  async send(merchantId: string, stationId: string, command: NewCommand): Promise<{ command: StationCommand } | SendFailure> {
    assert(COMMAND_ACTIONS.includes(command.action), `unknown command action ${command.action}`);
    const expiresInMs = command.expiresInMs ?? DEFAULT_EXPIRY_MS[command.action];
    assert(Number.isSafeInteger(expiresInMs) && expiresInMs >= MIN_COMMAND_EXPIRY_MS && expiresInMs <= MAX_COMMAND_EXPIRY_MS, `expiresInMs is between ${MIN_COMMAND_EXPIRY_MS} and ${MAX_COMMAND_EXPIRY_MS}`);
    if (command.reference !== undefined) assert(command.reference.length >= 1 && command.reference.length <= MAX_REFERENCE_CHARS, `a reference has 1 to ${MAX_REFERENCE_CHARS} characters`);
    const station = await this.deps.stations.get(merchantId, stationId);
    if (station === undefined) return { failure: 'station_not_found' };
    const checked = checkCommandParams(command.action, command.params, new Set(station.connectors.map((c) => c.id)));
    if ('failure' in checked) return checked;
    const nowMs = this.deps.clock.nowMs();
    const id = newId('cmd', nowMs);
    await this.deps.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO charging_commands (id, merchant_id, station_id, action, params, reference, status, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'queued', $7, $8)`,
        [id, merchantId, stationId, command.action, JSON.stringify(checked.params), command.reference ?? null, new Date(nowMs + expiresInMs), new Date(nowMs)],
      );
      await this.deps.jobs.enqueue(tx, { kind: COMMAND_JOB, payload: { commandId: id }, key: `${COMMAND_JOB}:${id}`, maxAttempts: MAX_ATTEMPTS_LIMIT });
    });
    const stored = await findCommand(this.deps.db, id);
    assert(stored !== undefined && stored.status === 'queued', `command ${id} was recorded`);
    return { command: stored };
  }

  /** The merchant's own command; another merchant's is not found. */
  async get(merchantId: string, id: string): Promise<StationCommand | undefined> {
    const command = await findCommand(this.deps.db, id);
    return command?.merchantId === merchantId ? command : undefined;
  }

  /** A page of the station's commands, newest first; another merchant's station is not found. */
  async list(merchantId: string, stationId: string, page: { limit: number } & PageCursor): Promise<{ commands: StationCommand[]; hasMore: boolean } | { failure: 'station_not_found' }> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= 100, 'a page has 1 to 100 commands');
    const owned = await this.deps.db.query('SELECT 1 FROM charging_stations WHERE id = $1 AND merchant_id = $2', [stationId, merchantId]);
    if (owned.rows.length === 0) return { failure: 'station_not_found' };
    const cursor: PageCursor = { ...(page.startingAfter === undefined ? {} : { startingAfter: page.startingAfter }), ...(page.endingBefore === undefined ? {} : { endingBefore: page.endingBefore }) };
    const found = await keysetPage<CommandRow>(this.deps.db, { table: 'charging_commands', columns: COLUMNS, scope: { column: 'station_id', value: stationId } }, page.limit, cursor);
    return { commands: found.rows.map(toCommand), hasMore: found.hasMore };
  }

  /**
   * Calls `listener` once a command reaches a final status (accepted,
   * rejected, failed, expired), after that status is recorded. At least once:
   * a listener that throws is called again, with the same command, when the
   * job is retried, so listeners must be idempotent. Returns a function that
   * removes the listener.
   */
  onFinished(listener: CommandListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at !== -1) this.listeners.splice(at, 1);
    };
  }

  /** Sends commands from the job queue: offline stations are tried again with COMMAND_RETRY_POLICY. */
  registerWith(worker: JobWorker): void {
    worker.registerHandler(COMMAND_JOB, (job) => this.run(job), COMMAND_RETRY_POLICY);
  }

  /** The job handler: one attempt to send one command. */
  async run(job: JobContext): Promise<JobOutcome> {
    const commandId = commandIdOf(job.payload);
    if (commandId === undefined) return { result: 'failed_permanently', error: 'payload_malformed: expected { commandId: string }' };
    const command = await findCommand(this.deps.db, commandId);
    if (command === undefined) return { result: 'failed_permanently', error: `command_not_found: ${commandId}` };
    // Final already: an earlier run recorded it, and its listeners may not all have heard.
    if (isFinalStatus(command.status)) return this.notify(command);
    // A start that may have reached the station is never sent twice (see the class comment).
    if (command.status === 'sent' && command.action === 'RemoteStartTransaction') return this.finish(command, { final: 'failed', result: null, failure: 'outcome_unknown' });
    if (this.deps.clock.nowMs() >= command.expiresAtMs) return this.finish(command, { final: 'expired', result: null, failure: command.failure });
    if (!(await this.markSent(command.id))) return { result: 'done' };
    const answer = await this.deps.send(command.stationId, command.action, command.params, this.deps.callTimeoutMs);
    const verdict = judge(command, answer, this.deps.clock.nowMs(), job.attempt >= job.maxAttempts);
    if ('final' in verdict) return this.finish(command, verdict);
    await this.deps.db.query(`UPDATE charging_commands SET status = 'queued', failure = $2 WHERE id = $1 AND status = 'sent'`, [command.id, verdict.retry]);
    return { result: 'failed', error: verdict.retry };
  }

  /** Moves a queued (or interrupted) command to sent and counts the attempt; false when it is final already. */
  private async markSent(id: string): Promise<boolean> {
    const { rowCount } = await this.deps.db.query(`UPDATE charging_commands SET status = 'sent', attempts = attempts + 1 WHERE id = $1 AND status IN ('queued', 'sent')`, [id]);
    return rowCount === 1;
  }

  /** Records the final status, unless another run did, then tells the listeners. */
  private async finish(command: StationCommand, verdict: Extract<Verdict, { final: FinalCommandStatus }>): Promise<JobOutcome> {
    const { rows } = await this.deps.db.query<CommandRow>(
      `UPDATE charging_commands SET status = $2, result = $3::jsonb, failure = $4, completed_at = $5
       WHERE id = $1 AND status IN ('queued', 'sent') RETURNING ${COLUMNS}`,
      [command.id, verdict.final, verdict.result === null ? null : JSON.stringify(verdict.result), verdict.failure === null ? null : cleanErrorText(verdict.failure, MAX_FAILURE_CHARS), new Date(this.deps.clock.nowMs())],
    );
    if (rows[0] === undefined) return { result: 'done' };
    return this.notify(toCommand(rows[0]));
  }

  /** Tells every listener; a listener's failure makes the job run again, which tells them all again. */
  private async notify(command: StationCommand): Promise<JobOutcome> {
    assert(isFinalStatus(command.status), 'listeners hear of final commands only');
    for (const listener of [...this.listeners]) {
      try {
        await listener(command);
      } catch (error) {
        return { result: 'failed', error: `listener_failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return { result: 'done' };
  }
}

function commandIdOf(payload: Json): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const id = (payload as { readonly [key: string]: Json }).commandId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * What one attempt's answer means. A station that answered decides
 * (accepted or rejected by its status, failed on a CallError); one that could
 * not be reached is tried again until the command expires, except a
 * RemoteStartTransaction that may have reached it.
 */
function judge(command: StationCommand, answer: SendResult, nowMs: number, lastAttempt: boolean): Verdict {
  if (answer.ok) return readAnswer(command.action, answer.result);
  switch (answer.failure) {
    case 'call_error':
      return { final: 'failed', result: null, failure: `call_error:${answer.errorCode}` };
    case 'call_timeout':
    case 'connection_lost':
      if (command.action === 'RemoteStartTransaction') return { final: 'failed', result: null, failure: answer.failure };
      return retryOrEnd(answer.failure, nowMs, command.expiresAtMs, lastAttempt);
    case 'station_not_connected':
      return retryOrEnd(answer.failure, nowMs, command.expiresAtMs, lastAttempt);
    default: {
      const unknown: never = answer;
      throw new Error(`unknown send result ${JSON.stringify(unknown)}`);
    }
  }
}

function retryOrEnd(failure: CommandFailure, nowMs: number, expiresAtMs: number, lastAttempt: boolean): Verdict {
  if (nowMs >= expiresAtMs) return { final: 'expired', result: null, failure };
  if (lastAttempt) return { final: 'failed', result: null, failure: 'attempts_exhausted' };
  return { retry: failure };
}

/**
 * The confirmation's status, read by the action's own table; anything outside
 * it is answer_invalid (kept for a look), never a guess. The OCPP edge checks
 * answers against the schemas already, so this is a second line.
 */
function readAnswer(action: CommandAction, result: unknown): Verdict {
  if (!isPlainObject(result)) return { final: 'failed', result: null, failure: 'answer_invalid' };
  const statuses = ANSWER_STATUSES[action];
  if (statuses === 'any_answer') return { final: 'accepted', result, failure: null };
  const status = typeof result.status === 'string' && Object.hasOwn(statuses, result.status) ? statuses[result.status] : undefined;
  if (status === undefined) return { final: 'failed', result, failure: 'answer_invalid' };
  return { final: status, result, failure: null };
}
