import type { Queryable } from '../db/database.ts';
import type { Metadata } from '../ledger/index.ts';
import type { Issuer, PrepaidCard, PrepaidCardStatus, PrepaidLoad } from './types.ts';

/** SQL for the prepaid module's own tables. Nothing outside src/prepaid reads or writes them. */

interface CardRow {
  id: string;
  issuer: Issuer;
  currency: string;
  account_id: string;
  last4: string;
  status: PrepaidCardStatus;
  nickname: string | null;
  metadata: Metadata;
  created_at: Date;
  pin_hash: string;
  pin_failures: number;
  pin_locked_until: Date | null;
  holder_customer_id: string | null;
}

/** The PIN's state, read only under the card's row lock. */
export interface PinState {
  pinHash: string;
  failures: number;
  lockedUntilMs: number | null;
}

const CARD_COLUMNS = 'id, issuer, currency, account_id, last4, status, nickname, metadata, created_at, pin_hash, pin_failures, pin_locked_until, holder_customer_id';

function toCard(r: CardRow): PrepaidCard {
  return {
    id: r.id,
    issuer: r.issuer,
    currency: r.currency,
    accountId: r.account_id,
    last4: r.last4,
    status: r.status,
    nickname: r.nickname,
    metadata: r.metadata,
    holderCustomerId: r.holder_customer_id,
    createdAtMs: r.created_at.getTime(),
  };
}

function toPin(r: CardRow): PinState {
  return { pinHash: r.pin_hash, failures: r.pin_failures, lockedUntilMs: r.pin_locked_until?.getTime() ?? null };
}

export interface NewCardRow {
  card: PrepaidCard;
  numberLookup: string;
  numberSealed: string;
  pinHash: string;
}

/** Inserts the card unless its number's lookup hash is taken (a random collision); returns whether it was inserted. */
export async function insertCard(db: Queryable, row: NewCardRow): Promise<boolean> {
  const c = row.card;
  const { rowCount } = await db.query(
    `INSERT INTO prepaid_cards (id, issuer, currency, account_id, number_lookup, number_sealed, last4, pin_hash, status, nickname, metadata, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $12) ON CONFLICT (number_lookup) DO NOTHING`,
    [c.id, c.issuer, c.currency, c.accountId, row.numberLookup, row.numberSealed, c.last4, row.pinHash, c.status, c.nickname, JSON.stringify(c.metadata), new Date(c.createdAtMs)],
  );
  return rowCount === 1;
}

export async function findCard(db: Queryable, id: string, forUpdate: boolean): Promise<PrepaidCard | undefined> {
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM prepaid_cards WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] === undefined ? undefined : toCard(rows[0]);
}

/** The card with this number's lookup hash and its PIN state, locked: PIN attempts on one card count one at a time. */
export async function lockCardByNumber(db: Queryable, numberLookup: string): Promise<{ card: PrepaidCard; pin: PinState } | undefined> {
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM prepaid_cards WHERE number_lookup = $1 FOR UPDATE`, [numberLookup]);
  return rows[0] === undefined ? undefined : { card: toCard(rows[0]), pin: toPin(rows[0]) };
}

/** The card's currency by its number's lookup hash, without a lock: for checks that change nothing. */
export async function findCurrencyByNumber(db: Queryable, numberLookup: string): Promise<string | undefined> {
  const { rows } = await db.query<{ currency: string }>('SELECT currency FROM prepaid_cards WHERE number_lookup = $1', [numberLookup]);
  return rows[0]?.currency;
}

export async function savePinState(db: Queryable, id: string, pin: { failures: number; lockedUntilMs: number | null }, nowMs: number): Promise<void> {
  await db.query('UPDATE prepaid_cards SET pin_failures = $2, pin_locked_until = $3, updated_at = $4 WHERE id = $1', [id, pin.failures, pin.lockedUntilMs === null ? null : new Date(pin.lockedUntilMs), new Date(nowMs)]);
}

export async function updateStatus(db: Queryable, id: string, status: PrepaidCardStatus, nowMs: number): Promise<void> {
  await db.query('UPDATE prepaid_cards SET status = $2, updated_at = $3 WHERE id = $1', [id, status, new Date(nowMs)]);
}

/** Newest first, Stripe's cursor: cards created before `startingAfter` (which must be visible to the same caller). */
export async function listCards(db: Queryable, issuer: Issuer | undefined, limit: number, startingAfter: string | undefined): Promise<{ cards: PrepaidCard[]; hasMore: boolean } | 'cursor_not_found'> {
  const params: Array<string | number> = [limit + 1];
  const conditions: string[] = [];
  if (issuer !== undefined) {
    params.push(issuer);
    conditions.push(`issuer = $${params.length}`);
  }
  if (startingAfter !== undefined) {
    const cursor = await db.query<{ created_at: Date; issuer: Issuer }>('SELECT created_at, issuer FROM prepaid_cards WHERE id = $1', [startingAfter]);
    const row = cursor.rows[0];
    if (row === undefined || (issuer !== undefined && row.issuer !== issuer)) return 'cursor_not_found';
    params.push(startingAfter);
    conditions.push(`(created_at, id) < (SELECT created_at, id FROM prepaid_cards WHERE id = $${params.length})`);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM prepaid_cards ${where} ORDER BY created_at DESC, id DESC LIMIT $1`, params);
  return { cards: rows.slice(0, limit).map(toCard), hasMore: rows.length > limit };
}

export async function insertLoad(db: Queryable, load: PrepaidLoad): Promise<void> {
  await db.query('INSERT INTO prepaid_card_loads (id, card_id, amount_minor, currency, transfer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    load.id,
    load.cardId,
    load.amountMinor,
    load.currency,
    load.transferId,
    new Date(load.createdAtMs),
  ]);
}

export async function findLoad(db: Queryable, id: string): Promise<PrepaidLoad | undefined> {
  const { rows } = await db.query<{ id: string; card_id: string; amount_minor: bigint; currency: string; transfer_id: string; created_at: Date }>(
    'SELECT id, card_id, amount_minor, currency, transfer_id, created_at FROM prepaid_card_loads WHERE id = $1',
    [id],
  );
  const r = rows[0];
  return r === undefined ? undefined : { id: r.id, cardId: r.card_id, amountMinor: r.amount_minor, currency: r.currency, transferId: r.transfer_id, createdAtMs: r.created_at.getTime() };
}

/** Binds the card to a consumer, or frees it (`null`). */
export async function setHolder(db: Queryable, id: string, customerId: string | null, nowMs: number): Promise<void> {
  await db.query('UPDATE prepaid_cards SET holder_customer_id = $2, bound_at = $3, updated_at = $4 WHERE id = $1', [id, customerId, customerId === null ? null : new Date(nowMs), new Date(nowMs)]);
}

/** The cards a consumer bound, most recently bound first. */
export async function listCardsHeldBy(db: Queryable, customerId: string, limit: number): Promise<PrepaidCard[]> {
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM prepaid_cards WHERE holder_customer_id = $1 ORDER BY bound_at DESC, id DESC LIMIT $2`, [customerId, limit]);
  return rows.map(toCard);
}
