import { strict as assert } from 'node:assert';
import { createHash, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { isTimeZone } from './local-time.ts';

/**
 * Charging stations: OCPP charge boxes registered by their operator (a
 * charging merchant), with their connectors and live state. A station proves
 * who it is with HTTP basic auth on its WebSocket (OCPP 1.6 security profile
 * 1); its password is a long random key, stored as a SHA-256 like API keys, so
 * that a reconnect storm of thousands of stations costs no slow hashing.
 */
export const STATION_ID_PATTERN = /^[A-Za-z0-9._-]{1,48}$/;
/** OCPP 1.6 security whitepaper: the basic-auth key (AuthorizationKey) is 16 to 40 characters. */
export const MIN_STATION_PASSWORD_CHARS = 16;
export const MAX_STATION_PASSWORD_CHARS = 40;
export const MAX_CONNECTORS_PER_STATION = 32;

/** OCPP 1.6 ChargePointStatus values. */
export const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

export interface Connector {
  id: number;
  type: string;
  maxPowerW: number;
  status: ConnectorStatus;
  errorCode: string;
  statusAtMs: number | null;
}

export interface Station {
  id: string;
  merchantId: string;
  name: string;
  timeZone: string;
  tariffId: string;
  online: boolean;
  lastSeenAtMs: number | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  siteHost: { merchantId: string; shareBps: number } | null;
  connectors: Connector[];
  createdAtMs: number;
}

export interface NewStation {
  id: string;
  /** The merchant hosting the station (a car park, a mall) and its share of the non-electricity revenue, in basis points. */
  siteHost?: { merchantId: string; shareBps: number };
  name: string;
  timeZone: string;
  tariffId: string;
  password: string;
  connectors: { id: number; type: string; maxPowerW: number }[];
}

export type RegisterFailure = 'site_host_invalid' | 'station_id_invalid' | 'station_id_taken' | 'tariff_not_found' | 'unknown_time_zone' | 'password_length' | 'connectors_invalid';

interface StationRow {
  id: string;
  merchant_id: string;
  name: string;
  timezone: string;
  tariff_id: string;
  online: boolean;
  last_seen_at: Date | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  site_host_merchant_id: string | null;
  site_host_share_bps: number;
  created_at: Date;
}

interface ConnectorRow {
  station_id: string;
  connector_id: number;
  type: string;
  max_power_w: number;
  status: ConnectorStatus;
  error_code: string;
  status_at: Date | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const STATION_COLUMNS = 'id, merchant_id, name, timezone, tariff_id, online, last_seen_at, vendor, model, firmware, site_host_merchant_id, site_host_share_bps, created_at';
const CONNECTOR_COLUMNS = 'station_id, connector_id, type, max_power_w, status, error_code, status_at';
/** Stations on one page of a list. */
export const MAX_STATIONS_PER_PAGE = 100;

function toStation(row: StationRow, connectors: readonly ConnectorRow[]): Station {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    name: row.name,
    timeZone: row.timezone,
    tariffId: row.tariff_id,
    online: row.online,
    lastSeenAtMs: row.last_seen_at?.getTime() ?? null,
    vendor: row.vendor,
    model: row.model,
    firmware: row.firmware,
    siteHost: row.site_host_merchant_id === null ? null : { merchantId: row.site_host_merchant_id, shareBps: row.site_host_share_bps },
    connectors: connectors.map((c) => ({ id: c.connector_id, type: c.type, maxPowerW: c.max_power_w, status: c.status, errorCode: c.error_code, statusAtMs: c.status_at?.getTime() ?? null })),
    createdAtMs: row.created_at.getTime(),
  };
}

/** Emitted after a station's online state or a connector's status is recorded, for live views. */
export type StationEvents = { station: [stationId: string] };

export class Stations {
  readonly events = new EventEmitter<StationEvents>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async register(merchantId: string, input: NewStation): Promise<{ station: Station } | { failure: RegisterFailure }> {
    if (!STATION_ID_PATTERN.test(input.id)) return { failure: 'station_id_invalid' };
    const host = input.siteHost;
    if (host !== undefined && (host.merchantId === merchantId || !Number.isInteger(host.shareBps) || host.shareBps < 0 || host.shareBps > 10_000)) return { failure: 'site_host_invalid' };
    if (!isTimeZone(input.timeZone)) return { failure: 'unknown_time_zone' };
    if (input.password.length < MIN_STATION_PASSWORD_CHARS || input.password.length > MAX_STATION_PASSWORD_CHARS) return { failure: 'password_length' };
    const ids = input.connectors.map((c) => c.id);
    if (ids.length === 0 || ids.length > MAX_CONNECTORS_PER_STATION || new Set(ids).size !== ids.length || ids.some((id) => !Number.isInteger(id) || id < 1)) return { failure: 'connectors_invalid' };
    const now = new Date(this.clock.nowMs());
    const failure = await this.db.transaction(async (tx) => {
      const tariff = await tx.query('SELECT 1 FROM charging_tariffs WHERE id = $1 AND merchant_id = $2', [input.tariffId, merchantId]);
      if (tariff.rows.length === 0) return 'tariff_not_found' as const;
      const inserted = await tx.query(
        `INSERT INTO charging_stations (id, merchant_id, name, timezone, tariff_id, password_hash, site_host_merchant_id, site_host_share_bps, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [input.id, merchantId, input.name, input.timeZone, input.tariffId, sha256(input.password), host?.merchantId ?? null, host?.shareBps ?? 0, now],
      );
      if (inserted.rows.length === 0) return 'station_id_taken' as const;
      for (const c of input.connectors) {
        await tx.query('INSERT INTO charging_connectors (station_id, connector_id, type, max_power_w) VALUES ($1, $2, $3, $4)', [input.id, c.id, c.type, c.maxPowerW]);
      }
      // Registration wins over enrollment (enrollment.ts): the id is no longer pending, or rejected, for any operator.
      await tx.query('WITH pending AS (DELETE FROM charging_pending_stations WHERE id = $1) DELETE FROM charging_rejected_stations WHERE id = $1', [input.id]);
      return undefined;
    });
    if (failure !== undefined) return { failure };
    const station = await this.find(input.id);
    if (station === undefined) throw new Error(`station ${input.id} vanished`);
    return { station };
  }

  /** The merchant's own station; another merchant's is not found. */
  async get(merchantId: string, id: string): Promise<Station | undefined> {
    const station = await this.find(id);
    return station?.merchantId === merchantId ? station : undefined;
  }

  async find(id: string): Promise<Station | undefined> {
    const { rows } = await this.db.query<StationRow>(`SELECT ${STATION_COLUMNS} FROM charging_stations WHERE id = $1`, [id]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const connectors = await this.db.query<ConnectorRow>(`SELECT ${CONNECTOR_COLUMNS} FROM charging_connectors WHERE station_id = $1 ORDER BY connector_id`, [id]);
    return toStation(row, connectors.rows);
  }

  /** A page of the merchant's stations, newest first (keyset by creation time and id), with their connectors. */
  async list(merchantId: string, limit: number, cursor: PageCursor = {}): Promise<{ stations: Station[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_STATIONS_PER_PAGE, `a page has 1 to ${MAX_STATIONS_PER_PAGE} stations`);
    const page = await keysetPage<StationRow>(this.db, { table: 'charging_stations', columns: STATION_COLUMNS, scope: { column: 'merchant_id', value: merchantId } }, limit, cursor);
    if (page.rows.length === 0) return { stations: [], hasMore: page.hasMore };
    const ids = page.rows.map((r) => r.id);
    const { rows } = await this.db.query<ConnectorRow>(`SELECT ${CONNECTOR_COLUMNS} FROM charging_connectors WHERE station_id = ANY($1::text[]) ORDER BY station_id, connector_id`, [ids]);
    const byStation = new Map<string, ConnectorRow[]>();
    for (const c of rows) byStation.set(c.station_id, [...(byStation.get(c.station_id) ?? []), c]);
    const stations = page.rows.map((r) => toStation(r, byStation.get(r.id) ?? []));
    assert(stations.every((s) => s.merchantId === merchantId), 'a page holds only the merchant\'s stations');
    return { stations, hasMore: page.hasMore };
  }

  /** Who hosts the station and their share, if anyone. */
  async siteHost(id: string): Promise<{ merchantId: string; shareBps: number } | undefined> {
    const { rows } = await this.db.query<{ site_host_merchant_id: string | null; site_host_share_bps: number }>('SELECT site_host_merchant_id, site_host_share_bps FROM charging_stations WHERE id = $1', [id]);
    const row = rows[0];
    return row?.site_host_merchant_id == null ? undefined : { merchantId: row.site_host_merchant_id, shareBps: row.site_host_share_bps };
  }

  /** Whether `password` is the station's basic-auth key; compared in constant time, and an unknown station costs the same. */
  async authenticate(id: string, password: string): Promise<boolean> {
    const { rows } = await this.db.query<{ password_hash: string }>('SELECT password_hash FROM charging_stations WHERE id = $1', [id]);
    const expected = Buffer.from(rows[0]?.password_hash ?? sha256(''), 'hex');
    const matches = timingSafeEqual(Buffer.from(sha256(password), 'hex'), expected);
    return rows[0] !== undefined && matches;
  }

  /** The station's WebSocket opened or closed, or it sent anything: online state and last contact. */
  async markOnline(id: string, online: boolean): Promise<void> {
    await this.db.query('UPDATE charging_stations SET online = $2, last_seen_at = $3 WHERE id = $1', [id, online, new Date(this.clock.nowMs())]);
    this.events.emit('station', id);
  }

  async recordBoot(id: string, boot: { vendor: string; model: string; firmware: string | undefined }): Promise<void> {
    await this.db.query('UPDATE charging_stations SET vendor = $2, model = $3, firmware = $4, online = true, last_seen_at = $5 WHERE id = $1', [id, boot.vendor, boot.model, boot.firmware ?? null, new Date(this.clock.nowMs())]);
    this.events.emit('station', id);
  }

  /**
   * A StatusNotification: the connector's status, unless a newer one is already
   * recorded (offline stations replay old ones after reconnecting).
   */
  async recordStatus(id: string, connectorId: number, status: ConnectorStatus, errorCode: string, atMs: number): Promise<void> {
    await this.db.query(
      'UPDATE charging_connectors SET status = $3, error_code = $4, status_at = $5 WHERE station_id = $1 AND connector_id = $2 AND (status_at IS NULL OR status_at <= $5)',
      [id, connectorId, status, errorCode, new Date(atMs)],
    );
    this.events.emit('station', id);
  }
}
