import type { Queryable } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Metadata } from '../ledger/index.ts';
import type { FeePlan, Merchant, MerchantBalanceAccounts, MerchantCategory, RefundFeePolicy } from './types.ts';

/** SQL for the merchants module's own tables. */
interface MerchantRow {
  id: string;
  name: string;
  category: MerchantCategory;
  fee_percent_bps: number;
  fee_fixed_minor: bigint;
  refund_fee_policy: RefundFeePolicy;
  default_currency: string;
  metadata: Metadata;
  created_at: Date;
}

const COLUMNS = 'id, name, category, fee_percent_bps, fee_fixed_minor, refund_fee_policy, default_currency, metadata, created_at';

function toMerchant(row: MerchantRow): Merchant {
  const feePlan: FeePlan = { percentBps: row.fee_percent_bps, fixedMinor: row.fee_fixed_minor, refundFeePolicy: row.refund_fee_policy };
  return { id: row.id, name: row.name, category: row.category, feePlan, defaultCurrency: row.default_currency, metadata: row.metadata, createdAtMs: row.created_at.getTime() };
}

export async function insertMerchant(db: Queryable, m: Merchant): Promise<void> {
  await db.query(
    `INSERT INTO merchants (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [m.id, m.name, m.category, m.feePlan.percentBps, m.feePlan.fixedMinor, m.feePlan.refundFeePolicy, m.defaultCurrency, JSON.stringify(m.metadata), new Date(m.createdAtMs)],
  );
}

/** The names of the merchants among `ids` that exist. */
export async function findNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM merchants WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findMerchant(db: Queryable, id: string): Promise<Merchant | undefined> {
  const { rows } = await db.query<MerchantRow>(`SELECT ${COLUMNS} FROM merchants WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toMerchant(rows[0]);
}

/** Newest first; `startingAfter` pages to older merchants. */
export async function listMerchants(db: Queryable, limit: number, cursor: PageCursor): Promise<{ merchants: Merchant[]; hasMore: boolean }> {
  const page = await keysetPage<MerchantRow>(db, { table: 'merchants', columns: COLUMNS }, limit, cursor);
  return { merchants: page.rows.map(toMerchant), hasMore: page.hasMore };
}

export async function insertBalanceAccounts(db: Queryable, a: MerchantBalanceAccounts): Promise<void> {
  await db.query(
    `INSERT INTO merchant_balance_accounts (merchant_id, currency, pending_account_id, available_account_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT (merchant_id, currency) DO NOTHING`,
    [a.merchantId, a.currency, a.pendingAccountId, a.availableAccountId],
  );
}

export async function findBalanceAccountsIn(db: Queryable, merchantId: string, currency: string): Promise<MerchantBalanceAccounts | undefined> {
  const { rows } = await db.query<{ merchant_id: string; currency: string; pending_account_id: string; available_account_id: string }>(
    'SELECT merchant_id, currency, pending_account_id, available_account_id FROM merchant_balance_accounts WHERE merchant_id = $1 AND currency = $2',
    [merchantId, currency],
  );
  const r = rows[0];
  return r === undefined ? undefined : { merchantId: r.merchant_id, currency: r.currency, pendingAccountId: r.pending_account_id, availableAccountId: r.available_account_id };
}

export async function findBalanceAccounts(db: Queryable, merchantId: string): Promise<MerchantBalanceAccounts[]> {
  const { rows } = await db.query<{ merchant_id: string; currency: string; pending_account_id: string; available_account_id: string }>(
    'SELECT merchant_id, currency, pending_account_id, available_account_id FROM merchant_balance_accounts WHERE merchant_id = $1 ORDER BY currency',
    [merchantId],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, currency: r.currency, pendingAccountId: r.pending_account_id, availableAccountId: r.available_account_id }));
}

/** Writes the merchant's name and fee plan. */
export async function updateMerchant(db: Queryable, m: Merchant): Promise<void> {
  await db.query('UPDATE merchants SET name = $2, fee_percent_bps = $3, fee_fixed_minor = $4, refund_fee_policy = $5 WHERE id = $1', [m.id, m.name, m.feePlan.percentBps, m.feePlan.fixedMinor, m.feePlan.refundFeePolicy]);
}

export async function lockMerchant(db: Queryable, id: string): Promise<Merchant | undefined> {
  const { rows } = await db.query<MerchantRow>(`SELECT ${COLUMNS} FROM merchants WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] === undefined ? undefined : toMerchant(rows[0]);
}
