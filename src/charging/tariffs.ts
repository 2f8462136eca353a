import { strict as assert } from 'node:assert';
import type { Database, Queryable } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { TIERS, formatPricePerKwh, tariffProblem, type Tariff, type TariffProblem, type Tier } from './tariff.ts';

/**
 * Charging operators' tariffs (`ctf_…`), versioned: a change makes a new
 * version, and a session keeps the version in force when it started, so a price
 * change never reprices a session already running.
 */
export interface StoredTariff {
  id: string;
  merchantId: string;
  name: string;
  version: number;
  tariff: Tariff;
  createdAtMs: number;
  updatedAtMs: number;
}

/** The stored definition: prices as their 5-decimal strings, amounts as digits, so the JSON keeps them exactly. */
interface Definition {
  currency: string;
  tiers: Record<Tier, { energy_price: string; service_price: string }>;
  slots: Tier[];
  idle_fee_per_minute: string;
  idle_grace_minutes: number;
  session_fee: string;
  min_hold_amount: string;
}

function toDefinition(t: Tariff): Definition {
  const tiers = Object.fromEntries(TIERS.map((tier) => [tier, { energy_price: formatPricePerKwh(t.tiers[tier].energyPricePerKwh), service_price: formatPricePerKwh(t.tiers[tier].servicePricePerKwh) }])) as Definition['tiers'];
  return { currency: t.currency, tiers, slots: [...t.slots], idle_fee_per_minute: t.idleFeePerMinuteMinor.toString(), idle_grace_minutes: t.idleGraceMinutes, session_fee: t.sessionFeeMinor.toString(), min_hold_amount: t.minHoldMinor.toString() };
}

/** Reads back what toDefinition wrote: the scale of a price is its 5 decimals. */
function fromDefinition(d: Definition): Tariff {
  const scaled = (text: string): bigint => BigInt(text.replace('.', ''));
  const tiers = Object.fromEntries(TIERS.map((tier) => [tier, { energyPricePerKwh: scaled(d.tiers[tier].energy_price), servicePricePerKwh: scaled(d.tiers[tier].service_price) }])) as Tariff['tiers'];
  return { currency: d.currency, tiers, slots: d.slots, idleFeePerMinuteMinor: BigInt(d.idle_fee_per_minute), idleGraceMinutes: d.idle_grace_minutes, sessionFeeMinor: BigInt(d.session_fee), minHoldMinor: BigInt(d.min_hold_amount) };
}

interface Row {
  id: string;
  merchant_id: string;
  name: string;
  current_version: number;
  definition: Definition;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT t.id, t.merchant_id, t.name, t.current_version, v.definition, t.created_at, t.updated_at
  FROM charging_tariffs t JOIN charging_tariff_versions v ON v.tariff_id = t.id`;

const toStored = (r: Row): StoredTariff => ({ id: r.id, merchantId: r.merchant_id, name: r.name, version: r.current_version, tariff: fromDefinition(r.definition), createdAtMs: r.created_at.getTime(), updatedAtMs: r.updated_at.getTime() });

/** Tariffs on one page of a list. */
export const MAX_TARIFFS_PER_PAGE = 100;

export type TariffResult = { tariff: StoredTariff } | { failure: 'tariff_not_found' } | { failure: 'tariff_invalid'; problem: TariffProblem };

/** Tariff versions kept in memory per process: the ones running sessions price with. */
const MAX_CACHED_VERSIONS = 1_000;

export class Tariffs {
  private readonly versions = new Map<string, Tariff>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async create(merchantId: string, name: string, tariff: Tariff): Promise<TariffResult> {
    const problem = tariffProblem(tariff);
    if (problem !== undefined) return { failure: 'tariff_invalid', problem };
    const now = this.clock.nowMs();
    const stored: StoredTariff = { id: newId('ctf', now), merchantId, name, version: 1, tariff, createdAtMs: now, updatedAtMs: now };
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO charging_tariffs (id, merchant_id, name, current_version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4)', [stored.id, merchantId, name, new Date(now)]);
      await tx.query('INSERT INTO charging_tariff_versions (tariff_id, version, definition, created_at) VALUES ($1, 1, $2, $3)', [stored.id, JSON.stringify(toDefinition(tariff)), new Date(now)]);
    });
    return { tariff: stored };
  }

  /** A new version; sessions already running keep theirs. */
  async update(merchantId: string, id: string, changes: { name?: string; tariff: Tariff }): Promise<TariffResult> {
    const problem = tariffProblem(changes.tariff);
    if (problem !== undefined) return { failure: 'tariff_invalid', problem };
    const now = new Date(this.clock.nowMs());
    const updated = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ current_version: number }>('SELECT current_version FROM charging_tariffs WHERE id = $1 AND merchant_id = $2 FOR UPDATE', [id, merchantId]);
      const current = rows[0];
      if (current === undefined) return false;
      const version = current.current_version + 1;
      await tx.query('INSERT INTO charging_tariff_versions (tariff_id, version, definition, created_at) VALUES ($1, $2, $3, $4)', [id, version, JSON.stringify(toDefinition(changes.tariff)), now]);
      await tx.query('UPDATE charging_tariffs SET current_version = $2, name = COALESCE($3, name), updated_at = $4 WHERE id = $1', [id, version, changes.name ?? null, now]);
      return true;
    });
    if (!updated) return { failure: 'tariff_not_found' };
    const stored = await this.get(merchantId, id);
    return stored === undefined ? { failure: 'tariff_not_found' } : { tariff: stored };
  }

  /** The current version of the merchant's tariff; another merchant's is not found. */
  async get(merchantId: string, id: string): Promise<StoredTariff | undefined> {
    const { rows } = await this.db.query<Row>(`${SELECT} AND v.version = t.current_version WHERE t.id = $1 AND t.merchant_id = $2`, [id, merchantId]);
    return rows[0] === undefined ? undefined : toStored(rows[0]);
  }

  /** A page of the merchant's tariffs (each at its current version), newest first (keyset by creation time and id). */
  async list(merchantId: string, limit: number, cursor: PageCursor = {}): Promise<{ tariffs: StoredTariff[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_TARIFFS_PER_PAGE, `a page has 1 to ${MAX_TARIFFS_PER_PAGE} tariffs`);
    const page = await keysetPage<{ id: string }>(this.db, { table: 'charging_tariffs', columns: 'id', scope: { column: 'merchant_id', value: merchantId } }, limit, cursor);
    if (page.rows.length === 0) return { tariffs: [], hasMore: page.hasMore };
    const { rows } = await this.db.query<Row>(`${SELECT} AND v.version = t.current_version WHERE t.id = ANY($1::text[]) AND t.merchant_id = $2`, [page.rows.map((r) => r.id), merchantId]);
    const byId = new Map(rows.map((r) => [r.id, toStored(r)]));
    const tariffs = page.rows.map((r) => byId.get(r.id)).filter((t): t is StoredTariff => t !== undefined);
    assert(tariffs.length === page.rows.length, 'every listed tariff has its current version');
    return { tariffs, hasMore: page.hasMore };
  }

  /**
   * The merchant's tariff as each version stood, newest first (at most `limit`):
   * what sessions that froze an older version priced with. `updatedAtMs` is
   * when that version was made. Undefined for another merchant's tariff.
   */
  async history(merchantId: string, id: string, limit: number): Promise<{ versions: StoredTariff[]; hasMore: boolean } | undefined> {
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_TARIFFS_PER_PAGE, `a page has 1 to ${MAX_TARIFFS_PER_PAGE} versions`);
    const { rows } = await this.db.query<Row>(
      `SELECT t.id, t.merchant_id, t.name, v.version AS current_version, v.definition, t.created_at, v.created_at AS updated_at
       FROM charging_tariffs t JOIN charging_tariff_versions v ON v.tariff_id = t.id
       WHERE t.id = $1 AND t.merchant_id = $2 ORDER BY v.version DESC LIMIT $3`,
      [id, merchantId, limit + 1],
    );
    if (rows.length === 0) return undefined;
    return { versions: rows.slice(0, limit).map(toStored), hasMore: rows.length > limit };
  }

  /** A given version, for a session that froze it (inside the caller's transaction). */
  async versionIn(q: Queryable, id: string, version: number): Promise<Tariff | undefined> {
    // A version never changes once written, so every meter value of a session can price with the one read.
    const key = `${id}:${version}`;
    const cached = this.versions.get(key);
    if (cached !== undefined) return cached;
    const { rows } = await q.query<{ definition: Definition }>('SELECT definition FROM charging_tariff_versions WHERE tariff_id = $1 AND version = $2', [id, version]);
    if (rows[0] === undefined) return undefined;
    const tariff = fromDefinition(rows[0].definition);
    if (this.versions.size >= MAX_CACHED_VERSIONS) this.versions.delete(this.versions.keys().next().value ?? key);
    this.versions.set(key, tariff);
    return tariff;
  }

}
