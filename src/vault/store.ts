import type { Queryable, Transaction } from '../db/database.ts';
import type { CardBrand } from './card-number.ts';

/** SQL for the vault's own table. Nothing outside src/vault reads or writes it. */

export interface CardRecord {
  id: string;
  fingerprint: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  numberSealed: string;
  keyVersion: number;
  createdAtMs: number;
}

interface CardRow {
  id: string;
  fingerprint: string;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  number_sealed: string;
  key_version: number;
  created_at: Date;
}

const CARD_COLUMNS = 'id, fingerprint, brand, last4, exp_month, exp_year, number_sealed, key_version, created_at';

function toRecord(row: CardRow): CardRecord {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    numberSealed: row.number_sealed,
    keyVersion: row.key_version,
    createdAtMs: row.created_at.getTime(),
  };
}

export async function insertCard(db: Queryable, card: CardRecord): Promise<CardRecord> {
  const { rows } = await db.query<CardRow>(
    `INSERT INTO vault_cards (${CARD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${CARD_COLUMNS}`,
    [card.id, card.fingerprint, card.brand, card.last4, card.expMonth, card.expYear, card.numberSealed, card.keyVersion, new Date(card.createdAtMs)],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return toRecord(row);
}

export async function findCard(db: Queryable, id: string): Promise<CardRecord | undefined> {
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM vault_cards WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

export async function findCardsByFingerprint(db: Queryable, fingerprint: string, limit: number): Promise<CardRecord[]> {
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM vault_cards WHERE fingerprint = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [fingerprint, limit]);
  return rows.map(toRecord);
}

/** SKIP LOCKED lets several processes re-seal at once without waiting on each other. */
export async function lockCardsSealedWithOtherVersions(tx: Transaction, currentVersion: number, limit: number): Promise<CardRecord[]> {
  const { rows } = await tx.query<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM vault_cards WHERE key_version <> $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [currentVersion, limit],
  );
  return rows.map(toRecord);
}

export async function updateSealedNumber(tx: Transaction, id: string, numberSealed: string, keyVersion: number): Promise<void> {
  await tx.query('UPDATE vault_cards SET number_sealed = $2, key_version = $3 WHERE id = $1', [id, numberSealed, keyVersion]);
}
