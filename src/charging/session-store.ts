import type { Queryable, SqlValue } from '../db/database.ts';
import type { MeterReading } from './pricing.ts';

/** The charging_sessions table and its meter readings, as the sessions code uses them. */
export const SESSION_STATUSES = ['starting', 'charging', 'finishing', 'completed', 'failed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type Payer = 'app' | 'prepaid_card' | 'customer_tag' | 'none';

/** A receipt line as stored and shown: amounts in minor units, energy in Wh (fractions from the split at slot boundaries). */
export type SessionLine =
  | { type: 'energy' | 'service'; tier: string; energy_wh: number; unit_price: string; amount: string }
  | { type: 'idle'; minutes: number; unit_price: string; amount: string }
  | { type: 'session_fee'; amount: string }
  /** What the session cost beyond its hold, which the consumer is not charged (the cap stopped it too late). */
  | { type: 'cap'; amount: string };

export interface ChargingSession {
  id: string;
  merchantId: string;
  stationId: string;
  connectorId: number;
  transactionId: number | null;
  idTag: string;
  payer: Payer;
  customerId: string | null;
  paymentIntentId: string | null;
  tariffId: string;
  tariffVersion: number;
  timeZone: string;
  currency: string;
  status: SessionStatus;
  holdAmountMinor: bigint;
  autoIncrement: boolean;
  meterStartWh: bigint | null;
  energyWh: bigint;
  powerW: number | null;
  /** What the consumer pays: running while charging, final once completed (never more than the hold). */
  amountMinor: bigint;
  /** What the tariff says the session cost. */
  pricedAmountMinor: bigint;
  lineItems: SessionLine[];
  idle: { fromMs: number; toMs: number }[];
  idleSinceMs: number | null;
  lastMeterAtMs: number | null;
  startedAtMs: number | null;
  stoppedAtMs: number | null;
  stopReason: string | null;
  stopRequestedAtMs: number | null;
  flags: string[];
  failureReason: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

interface Row {
  id: string;
  merchant_id: string;
  station_id: string;
  connector_id: number;
  transaction_id: number | null;
  id_tag: string;
  payer: Payer;
  customer_id: string | null;
  payment_intent_id: string | null;
  tariff_id: string;
  tariff_version: number;
  timezone: string;
  currency: string;
  status: SessionStatus;
  hold_amount: string | bigint;
  auto_increment: boolean;
  meter_start_wh: string | bigint | null;
  energy_wh: string | bigint;
  power_w: number | null;
  amount: string | bigint;
  priced_amount: string | bigint;
  line_items: SessionLine[];
  idle: { from_ms: number; to_ms: number }[];
  idle_since: Date | null;
  last_meter_at: Date | null;
  started_at: Date | null;
  stopped_at: Date | null;
  stop_reason: string | null;
  stop_requested_at: Date | null;
  flags: string[];
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, merchant_id, station_id, connector_id, transaction_id, id_tag, payer, customer_id, payment_intent_id, tariff_id, tariff_version, timezone, currency, status,
  hold_amount, auto_increment, meter_start_wh, energy_wh, power_w, amount, priced_amount, line_items, idle, idle_since, last_meter_at, started_at, stopped_at, stop_reason,
  stop_requested_at, flags, failure_reason, created_at, updated_at`;

const ms = (d: Date | null): number | null => d?.getTime() ?? null;

function toSession(r: Row): ChargingSession {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    stationId: r.station_id,
    connectorId: r.connector_id,
    transactionId: r.transaction_id,
    idTag: r.id_tag,
    payer: r.payer,
    customerId: r.customer_id,
    paymentIntentId: r.payment_intent_id,
    tariffId: r.tariff_id,
    tariffVersion: r.tariff_version,
    timeZone: r.timezone,
    currency: r.currency,
    status: r.status,
    holdAmountMinor: BigInt(r.hold_amount),
    autoIncrement: r.auto_increment,
    meterStartWh: r.meter_start_wh === null ? null : BigInt(r.meter_start_wh),
    energyWh: BigInt(r.energy_wh),
    powerW: r.power_w,
    amountMinor: BigInt(r.amount),
    pricedAmountMinor: BigInt(r.priced_amount),
    lineItems: r.line_items,
    idle: r.idle.map((i) => ({ fromMs: i.from_ms, toMs: i.to_ms })),
    idleSinceMs: ms(r.idle_since),
    lastMeterAtMs: ms(r.last_meter_at),
    startedAtMs: ms(r.started_at),
    stoppedAtMs: ms(r.stopped_at),
    stopReason: r.stop_reason,
    stopRequestedAtMs: ms(r.stop_requested_at),
    flags: r.flags,
    failureReason: r.failure_reason,
    createdAtMs: r.created_at.getTime(),
    updatedAtMs: r.updated_at.getTime(),
  };
}

const date = (v: number | null): Date | null => (v === null ? null : new Date(v));

export async function insertSession(q: Queryable, s: ChargingSession): Promise<void> {
  await q.query(
    `INSERT INTO charging_sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)`,
    [
      s.id, s.merchantId, s.stationId, s.connectorId, s.transactionId, s.idTag, s.payer, s.customerId, s.paymentIntentId, s.tariffId, s.tariffVersion, s.timeZone, s.currency, s.status,
      s.holdAmountMinor, s.autoIncrement, s.meterStartWh, s.energyWh, s.powerW, s.amountMinor, s.pricedAmountMinor, JSON.stringify(s.lineItems), JSON.stringify(idleToJson(s.idle)),
      date(s.idleSinceMs), date(s.lastMeterAtMs), date(s.startedAtMs), date(s.stoppedAtMs), s.stopReason, date(s.stopRequestedAtMs), s.flags, s.failureReason, new Date(s.createdAtMs), new Date(s.updatedAtMs),
    ],
  );
}

const idleToJson = (idle: ChargingSession['idle']): { from_ms: number; to_ms: number }[] => idle.map((i) => ({ from_ms: i.fromMs, to_ms: i.toMs }));

/** Writes every mutable field of the session back; callers hold its row lock (or just inserted it). */
export async function saveSession(q: Queryable, s: ChargingSession): Promise<void> {
  await q.query(
    `UPDATE charging_sessions SET transaction_id = $2, payer = $3, customer_id = $4, payment_intent_id = $5, status = $6, hold_amount = $7, meter_start_wh = $8, energy_wh = $9, power_w = $10,
       amount = $11, priced_amount = $12, line_items = $13, idle = $14, idle_since = $15, last_meter_at = $16, started_at = $17, stopped_at = $18, stop_reason = $19,
       stop_requested_at = $20, flags = $21, failure_reason = $22, updated_at = $23
     WHERE id = $1`,
    [
      s.id, s.transactionId, s.payer, s.customerId, s.paymentIntentId, s.status, s.holdAmountMinor, s.meterStartWh, s.energyWh, s.powerW, s.amountMinor, s.pricedAmountMinor,
      JSON.stringify(s.lineItems), JSON.stringify(idleToJson(s.idle)), date(s.idleSinceMs), date(s.lastMeterAtMs), date(s.startedAtMs), date(s.stoppedAtMs), s.stopReason,
      date(s.stopRequestedAtMs), s.flags, s.failureReason, new Date(s.updatedAtMs),
    ],
  );
}

export async function findSession(q: Queryable, where: { id: string } | { stationId: string; transactionId: number }, forUpdate = false): Promise<ChargingSession | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  const { rows } =
    'id' in where
      ? await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE id = $1${lock}`, [where.id])
      : await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE station_id = $1 AND transaction_id = $2${lock}`, [where.stationId, where.transactionId]);
  return rows[0] === undefined ? undefined : toSession(rows[0]);
}

/** A StartTransaction the station sent before: the same connector and the same start timestamp. */
export async function findStartReplay(q: Queryable, stationId: string, connectorId: number, startedAtMs: number): Promise<ChargingSession | undefined> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE station_id = $1 AND connector_id = $2 AND started_at = $3`, [stationId, connectorId, new Date(startedAtMs)]);
  return rows[0] === undefined ? undefined : toSession(rows[0]);
}

/** The session an app start is waiting for: its one-off idTag at this station. */
export async function findStarting(q: Queryable, stationId: string, idTag: string, forUpdate = false): Promise<ChargingSession | undefined> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE station_id = $1 AND id_tag = $2 AND status = 'starting'${forUpdate ? ' FOR UPDATE' : ''}`, [stationId, idTag]);
  return rows[0] === undefined ? undefined : toSession(rows[0]);
}

/** The session starting or running on a connector, if any. */
export async function findOpenOnConnector(q: Queryable, stationId: string, connectorId: number): Promise<ChargingSession | undefined> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE station_id = $1 AND connector_id = $2 AND status IN ('starting', 'charging') ORDER BY created_at DESC LIMIT 1`, [stationId, connectorId]);
  return rows[0] === undefined ? undefined : toSession(rows[0]);
}

export async function countChargingWithTag(q: Queryable, idTag: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM charging_sessions WHERE id_tag = $1 AND status = 'charging'`, [idTag]);
  return rows[0]?.n ?? 0;
}

export async function nextTransactionId(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: string | number }>("SELECT nextval('charging_transaction_ids') AS id");
  return Number(rows[0]?.id);
}

/**
 * Stores readings; one the station sent before (same timestamp) is kept as
 * first received, except that the stop's own reading (`final`) replaces a
 * sample taken at the same instant: meterStop is the register's last word.
 */
export async function insertReadings(q: Queryable, sessionId: string, readings: readonly MeterReading[], options: { final?: boolean } = {}): Promise<void> {
  if (readings.length === 0) return;
  const onConflict = options.final === true ? 'ON CONFLICT (session_id, at) DO UPDATE SET wh = EXCLUDED.wh' : 'ON CONFLICT DO NOTHING';
  await q.query(
    `INSERT INTO charging_meter_readings (session_id, at, wh) SELECT $1, to_timestamp(a / 1000.0), w FROM unnest($2::bigint[], $3::bigint[]) AS r(a, w) ${onConflict}`,
    [sessionId, readings.map((r) => BigInt(r.atMs)), readings.map((r) => r.wh)],
  );
}

export async function readingsOf(q: Queryable, sessionId: string): Promise<MeterReading[]> {
  const { rows } = await q.query<{ at: Date; wh: string | bigint }>('SELECT at, wh FROM charging_meter_readings WHERE session_id = $1 ORDER BY at', [sessionId]);
  return rows.map((r) => ({ atMs: r.at.getTime(), wh: BigInt(r.wh) }));
}

/** Sessions starting or finishing that have not changed since `changedBeforeMs`, least recently changed first. */
export async function findStale(q: Queryable, status: 'starting' | 'finishing', changedBeforeMs: number, limit: number): Promise<ChargingSession[]> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE status = $1 AND updated_at < $2 ORDER BY updated_at LIMIT $3`, [status, new Date(changedBeforeMs), limit]);
  return rows.map(toSession);
}

/**
 * Charging sessions on stations that are offline, with nothing from the
 * station since `silentSinceMs`. Only offline stations count, so sessions on
 * online stations that send no meter values never crowd the batch.
 */
export async function findVanished(q: Queryable, silentSinceMs: number, limit: number): Promise<ChargingSession[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS.split(',').map((c) => `s.${c.trim()}`).join(', ')} FROM charging_sessions s JOIN charging_stations st ON st.id = s.station_id
     WHERE s.status = 'charging' AND NOT st.online AND coalesce(s.last_meter_at, s.started_at, s.created_at) < $1
     ORDER BY coalesce(s.last_meter_at, s.started_at, s.created_at) LIMIT $2`,
    [new Date(silentSinceMs), limit],
  );
  return rows.map(toSession);
}

export async function listSessions(
  q: Queryable,
  filter: { merchantId?: string; customerId?: string; stationId?: string; status?: SessionStatus },
  limit: number,
  startingAfter: string | undefined,
): Promise<{ sessions: ChargingSession[]; hasMore: boolean }> {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, value: SqlValue): void => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.merchantId !== undefined) add('merchant_id = ?', filter.merchantId);
  if (filter.customerId !== undefined) add('customer_id = ?', filter.customerId);
  if (filter.stationId !== undefined) add('station_id = ?', filter.stationId);
  if (filter.status !== undefined) add('status = ?', filter.status);
  // Newest first; ids are time-ordered, so the id alone is the cursor.
  if (startingAfter !== undefined) add('id < ?', startingAfter);
  params.push(limit + 1);
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM charging_sessions WHERE ${conditions.length === 0 ? 'true' : conditions.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`, params);
  return { sessions: rows.slice(0, limit).map(toSession), hasMore: rows.length > limit };
}
