import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { MAX_STATION_PASSWORD_CHARS, type NewStation, type RegisterFailure, type Station, type Stations } from './stations.ts';

/**
 * Enrollment of unknown stations: what happens when a station connects with an
 * id no operator registered. By default it is refused (OCPP-J 1.6 §3.1.1: 404).
 * An operator may instead let such stations join as **pending stations**: one
 * that presents the operator's enrollment key as its basic-auth password (OCPP
 * security profile 1) is recorded for that operator, and its BootNotification
 * is answered Pending (OCPP 1.6 §4.2) until the operator approves it, which
 * registers it as a station with a password of its own, or rejects it.
 *
 * The key only ever admits a station to wait: a pending station can send
 * nothing but BootNotification, never receives commands, and once approved
 * must connect again with the password set at approval. So a leaked key lets
 * nobody charge, bill or impersonate a registered station.
 */

export const ENROLLMENT_MODES = ['reject', 'pending'] as const;
/** reject: unknown stations are refused; pending: they join as pending stations with the enrollment key. */
export type EnrollmentMode = (typeof ENROLLMENT_MODES)[number];

/** 20 random bytes as 40 hexadecimal digits: printable in any station's configuration, and the longest basic-auth key a station takes (OCPP 1.6 security whitepaper: 16 to 40 characters). */
export const ENROLLMENT_KEY_BYTES = 20;
/** Stations waiting for one operator's decision; further unknown stations with the key are refused (503) until the operator decides. */
export const MAX_PENDING_STATIONS_PER_OPERATOR = 1_000;

export interface EnrollmentSetting {
  merchantId: string;
  mode: EnrollmentMode;
  /** When the current enrollment key was made; null when the mode is reject. */
  keyCreatedAtMs: number | null;
  /** Null when the operator never changed the default (reject). */
  updatedAtMs: number | null;
}

export interface PendingStation {
  id: string;
  merchantId: string;
  /** From the station's latest BootNotification; null until it sends one. */
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  /** First seen: when it first connected with the enrollment key. */
  createdAtMs: number;
  lastSeenAtMs: number;
}

/**
 * Why an unknown station is not let in: no operator lets unknown stations in
 * (`enrollment_closed`), its password is no operator's enrollment key
 * (`enrollment_key_invalid`), the key's operator rejected this id before
 * (`station_rejected`), or the operator already has the most pending stations.
 */
export type EnrollFailure = 'enrollment_closed' | 'enrollment_key_invalid' | 'station_rejected' | 'too_many_pending_stations';

export type ApproveFailure = 'pending_station_not_found' | RegisterFailure;

/** The operator decided about a pending station, or changed the key: the pending connections concerned must close. */
export type EnrollmentEvents = {
  decided: [stationId: string, merchantId: string, decision: 'approved' | 'rejected'];
  key_changed: [merchantId: string];
};

interface SettingRow {
  merchant_id: string;
  mode: EnrollmentMode;
  key_created_at: Date | null;
  updated_at: Date;
}

interface PendingRow {
  id: string;
  merchant_id: string;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  created_at: Date;
  last_seen_at: Date;
}

const PENDING_COLUMNS = 'id, merchant_id, vendor, model, firmware, created_at, last_seen_at';
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function toPending(row: PendingRow): PendingStation {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    vendor: row.vendor,
    model: row.model,
    firmware: row.firmware,
    createdAtMs: row.created_at.getTime(),
    lastSeenAtMs: row.last_seen_at.getTime(),
  };
}

export class Enrollment {
  readonly events = new EventEmitter<EnrollmentEvents>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly stations: Stations,
  ) {}

  async setting(merchantId: string): Promise<EnrollmentSetting> {
    const { rows } = await this.db.query<SettingRow>('SELECT merchant_id, mode, key_created_at, updated_at FROM charging_enrollment WHERE merchant_id = $1', [merchantId]);
    const row = rows[0];
    if (row === undefined) return { merchantId, mode: 'reject', keyCreatedAtMs: null, updatedAtMs: null };
    return { merchantId, mode: row.mode, keyCreatedAtMs: row.key_created_at?.getTime() ?? null, updatedAtMs: row.updated_at.getTime() };
  }

  /**
   * Sets how the operator treats unknown stations. `pending` makes a new
   * enrollment key, returned this once (only its hash is kept); asking again
   * rolls it. `reject` drops the key. Either way the previous key stops
   * admitting stations, and pending connections opened with it are closed;
   * stations already pending stay, for the operator to decide.
   */
  async configure(merchantId: string, mode: EnrollmentMode): Promise<{ setting: EnrollmentSetting; key: string | undefined }> {
    const key = mode === 'pending' ? randomBytes(ENROLLMENT_KEY_BYTES).toString('hex') : undefined;
    const now = new Date(this.clock.nowMs());
    await this.db.query(
      `INSERT INTO charging_enrollment (merchant_id, mode, key_hash, key_created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id) DO UPDATE SET mode = EXCLUDED.mode, key_hash = EXCLUDED.key_hash, key_created_at = EXCLUDED.key_created_at, updated_at = EXCLUDED.updated_at`,
      [merchantId, mode, key === undefined ? null : sha256(key), key === undefined ? null : now, now],
    );
    this.events.emit('key_changed', merchantId);
    const setting = await this.setting(merchantId);
    assert(setting.mode === mode, 'the enrollment mode was recorded');
    return { setting, key };
  }

  /**
   * An unknown station's handshake: with an operator's enrollment key as its
   * password it is recorded (or seen again) as that operator's pending station.
   * A registered id never comes here; the caller checks it first.
   */
  async enroll(stationId: string, key: string | undefined): Promise<{ merchantId: string } | { failure: EnrollFailure }> {
    const merchantId = key === undefined || key.length > MAX_STATION_PASSWORD_CHARS ? undefined : await this.operatorOfKey(key);
    if (merchantId === undefined) return { failure: (await this.anyOperatorEnrolls()) ? 'enrollment_key_invalid' : 'enrollment_closed' };
    const now = new Date(this.clock.nowMs());
    return this.db.transaction(async (tx) => {
      const rejected = await tx.query('SELECT 1 FROM charging_rejected_stations WHERE merchant_id = $1 AND id = $2', [merchantId, stationId]);
      if (rejected.rows.length > 0) return { failure: 'station_rejected' as const };
      const seen = await tx.query('UPDATE charging_pending_stations SET last_seen_at = $3 WHERE merchant_id = $1 AND id = $2 RETURNING id', [merchantId, stationId, now]);
      if (seen.rows.length > 0) return { merchantId };
      const counted = await tx.query<{ n: bigint }>('SELECT count(*) AS n FROM charging_pending_stations WHERE merchant_id = $1', [merchantId]);
      if ((counted.rows[0]?.n ?? 0n) >= BigInt(MAX_PENDING_STATIONS_PER_OPERATOR)) return { failure: 'too_many_pending_stations' as const };
      // Not for an id registered since the caller looked: registration wins (and deletes pending rows itself).
      await tx.query(
        `INSERT INTO charging_pending_stations (merchant_id, id, created_at, last_seen_at) SELECT $1, $2, $3, $3
         WHERE NOT EXISTS (SELECT 1 FROM charging_stations WHERE id = $2) ON CONFLICT (merchant_id, id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
        [merchantId, stationId, now],
      );
      return { merchantId };
    });
  }

  /**
   * A pending station's BootNotification: records what it says it is. False
   * when it is no longer the operator's pending station (approved, rejected,
   * or registered by anyone), so that its connection can be closed.
   */
  async recordBoot(merchantId: string, stationId: string, boot: { vendor: string; model: string; firmware: string | undefined }): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE charging_pending_stations SET vendor = $3, model = $4, firmware = $5, last_seen_at = $6
       WHERE merchant_id = $1 AND id = $2 AND NOT EXISTS (SELECT 1 FROM charging_stations WHERE id = $2) RETURNING id`,
      [merchantId, stationId, boot.vendor, boot.model, boot.firmware ?? null, new Date(this.clock.nowMs())],
    );
    return rows.length > 0;
  }

  /** The operator's pending stations, most recently first seen first. */
  async list(merchantId: string, page: { limit: number } & PageCursor): Promise<{ stations: PendingStation[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= 100, 'a page has 1 to 100 pending stations');
    const found = await keysetPage<PendingRow>(this.db, { table: 'charging_pending_stations', columns: PENDING_COLUMNS, scope: { column: 'merchant_id', value: merchantId } }, page.limit, page);
    return { stations: found.rows.map(toPending), hasMore: found.hasMore };
  }

  /** The operator's own pending station; another operator's is not found. */
  async get(merchantId: string, stationId: string): Promise<PendingStation | undefined> {
    const { rows } = await this.db.query<PendingRow>(`SELECT ${PENDING_COLUMNS} FROM charging_pending_stations WHERE merchant_id = $1 AND id = $2`, [merchantId, stationId]);
    return rows[0] === undefined ? undefined : toPending(rows[0]);
  }

  /**
   * Registers the pending station as the operator's station (Stations.register,
   * which also deletes its pending rows). The station then connects with the
   * password given here; its pending connection, opened with the enrollment
   * key, is closed.
   */
  async approve(merchantId: string, stationId: string, input: Omit<NewStation, 'id'>): Promise<{ station: Station } | { failure: ApproveFailure }> {
    if ((await this.get(merchantId, stationId)) === undefined) return { failure: 'pending_station_not_found' };
    const registered = await this.stations.register(merchantId, { ...input, id: stationId });
    if ('failure' in registered) {
      // Registered by someone in the meantime: registration wins, and a pending row left by a race goes.
      if (registered.failure === 'station_id_taken') await this.db.query('DELETE FROM charging_pending_stations WHERE id = $1', [stationId]);
      return registered;
    }
    this.events.emit('decided', stationId, merchantId, 'approved');
    return registered;
  }

  /** Deletes the pending station and refuses its id with this operator's key from now on; its connection is closed. */
  async reject(merchantId: string, stationId: string): Promise<{ rejected: PendingStation } | { failure: 'pending_station_not_found' }> {
    const now = new Date(this.clock.nowMs());
    const deleted = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<PendingRow>(`DELETE FROM charging_pending_stations WHERE merchant_id = $1 AND id = $2 RETURNING ${PENDING_COLUMNS}`, [merchantId, stationId]);
      if (rows[0] !== undefined) await tx.query('INSERT INTO charging_rejected_stations (merchant_id, id, rejected_at) VALUES ($1, $2, $3) ON CONFLICT (merchant_id, id) DO NOTHING', [merchantId, stationId, now]);
      return rows[0];
    });
    if (deleted === undefined) return { failure: 'pending_station_not_found' };
    this.events.emit('decided', stationId, merchantId, 'rejected');
    return { rejected: toPending(deleted) };
  }

  private async operatorOfKey(key: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ merchant_id: string }>("SELECT merchant_id FROM charging_enrollment WHERE key_hash = $1 AND mode = 'pending'", [sha256(key)]);
    return rows[0]?.merchant_id;
  }

  /** Whether any operator lets unknown stations in: then the right key could have admitted a station, and a wrong one is 401 rather than 404. */
  private async anyOperatorEnrolls(): Promise<boolean> {
    const { rows } = await this.db.query<{ open: boolean }>('SELECT EXISTS (SELECT 1 FROM charging_enrollment WHERE key_hash IS NOT NULL) AS open');
    return rows[0]?.open === true;
  }
}
