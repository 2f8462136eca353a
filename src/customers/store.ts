import type { Queryable } from '../db/database.ts';
import { keysetPage, type KeysetCondition, type PageCursor } from '../db/keyset.ts';
import type { Customer, CustomerSearch, CustomerStatus, Wallet } from './types.ts';

/** SQL for the customers module's own tables. */
interface CustomerRow {
  id: string;
  phone: string;
  name: string;
  payment_password_hash: string | null;
  payment_password_failures: number;
  payment_password_locked_until: Date | null;
  status: CustomerStatus;
  created_at: Date;
}

export interface CustomerSecrets {
  passwordHash: string | null;
  failures: number;
  lockedUntilMs: number | null;
}

const COLUMNS = 'id, phone, name, payment_password_hash, payment_password_failures, payment_password_locked_until, status, created_at';

function toCustomer(row: CustomerRow): Customer {
  return { id: row.id, phone: row.phone, name: row.name, hasPaymentPassword: row.payment_password_hash !== null, status: row.status, createdAtMs: row.created_at.getTime() };
}

/** Inserts unless the phone is taken; returns the customer with that phone either way. */
export async function upsertByPhone(db: Queryable, candidate: Customer): Promise<{ customer: Customer; created: boolean }> {
  const inserted = await db.query<CustomerRow>(
    `INSERT INTO customers (id, phone, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING RETURNING ${COLUMNS}`,
    [candidate.id, candidate.phone, candidate.name, new Date(candidate.createdAtMs)],
  );
  if (inserted.rows[0] !== undefined) return { customer: toCustomer(inserted.rows[0]), created: true };
  const existing = await db.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE phone = $1`, [candidate.phone]);
  if (existing.rows[0] === undefined) throw new Error('a customer that conflicted on its phone exists');
  return { customer: toCustomer(existing.rows[0]), created: false };
}

export async function findCustomer(db: Queryable, by: { id: string } | { phone: string }): Promise<Customer | undefined> {
  const { rows } = 'id' in by ? await db.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [by.id]) : await db.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE phone = $1`, [by.phone]);
  return rows[0] === undefined ? undefined : toCustomer(rows[0]);
}

/** The password state, locked FOR UPDATE so that concurrent attempts count one by one. */
/** The stored password hash without a lock: for comparing a password ahead of the transaction that acts on it. */
export async function findPasswordHash(db: Queryable, customerId: string): Promise<string | null | undefined> {
  const { rows } = await db.query<{ payment_password_hash: string | null }>('SELECT payment_password_hash FROM customers WHERE id = $1', [customerId]);
  return rows[0] === undefined ? undefined : rows[0].payment_password_hash;
}

export async function lockSecrets(db: Queryable, customerId: string): Promise<CustomerSecrets | undefined> {
  const { rows } = await db.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE id = $1 FOR UPDATE`, [customerId]);
  const row = rows[0];
  if (row === undefined) return undefined;
  return { passwordHash: row.payment_password_hash, failures: row.payment_password_failures, lockedUntilMs: row.payment_password_locked_until?.getTime() ?? null };
}

export async function saveSecrets(db: Queryable, customerId: string, secrets: CustomerSecrets): Promise<void> {
  await db.query('UPDATE customers SET payment_password_hash = $2, payment_password_failures = $3, payment_password_locked_until = $4 WHERE id = $1', [
    customerId,
    secrets.passwordHash,
    secrets.failures,
    secrets.lockedUntilMs === null ? null : new Date(secrets.lockedUntilMs),
  ]);
}

export async function linkMerchant(db: Queryable, merchantId: string, customerId: string, nowMs: number): Promise<void> {
  await db.query('INSERT INTO customer_merchants (merchant_id, customer_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [merchantId, customerId, new Date(nowMs)]);
}

export async function isLinked(db: Queryable, merchantId: string, customerId: string): Promise<boolean> {
  const { rows } = await db.query<{ linked: boolean }>('SELECT EXISTS (SELECT 1 FROM customer_merchants WHERE merchant_id = $1 AND customer_id = $2) AS linked', [merchantId, customerId]);
  return rows[0]?.linked === true;
}

interface WalletRow {
  customer_id: string;
  currency: string;
  account_id: string;
  per_payment_limit_minor: bigint;
  daily_limit_minor: bigint;
  password_free_limit_minor: bigint;
}

const toWallet = (r: WalletRow): Wallet => ({
  customerId: r.customer_id,
  currency: r.currency,
  accountId: r.account_id,
  perPaymentLimitMinor: r.per_payment_limit_minor,
  dailyLimitMinor: r.daily_limit_minor,
  passwordFreeLimitMinor: r.password_free_limit_minor,
});
const WALLET_COLUMNS = 'customer_id, currency, account_id, per_payment_limit_minor, daily_limit_minor, password_free_limit_minor';

export async function insertWallet(db: Queryable, w: Wallet, nowMs: number): Promise<void> {
  await db.query(
    `INSERT INTO customer_wallets (customer_id, currency, account_id, per_payment_limit_minor, daily_limit_minor, password_free_limit_minor, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (customer_id, currency) DO NOTHING`,
    [w.customerId, w.currency, w.accountId, w.perPaymentLimitMinor, w.dailyLimitMinor, w.passwordFreeLimitMinor, new Date(nowMs)],
  );
}

export async function findWallets(db: Queryable, customerId: string): Promise<Wallet[]> {
  const { rows } = await db.query<WalletRow>(`SELECT ${WALLET_COLUMNS} FROM customer_wallets WHERE customer_id = $1 ORDER BY currency`, [customerId]);
  return rows.map(toWallet);
}

/** One wallet, optionally locked: spending from a wallet is serialized on this row so daily limits hold under concurrency. */
export async function findWallet(db: Queryable, customerId: string, currency: string, forUpdate: boolean): Promise<Wallet | undefined> {
  const { rows } = await db.query<WalletRow>(
    `SELECT ${WALLET_COLUMNS} FROM customer_wallets WHERE customer_id = $1 AND currency = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [customerId, currency],
  );
  return rows[0] === undefined ? undefined : toWallet(rows[0]);
}

export async function updateLimits(db: Queryable, customerId: string, currency: string, perPaymentMinor: bigint, dailyMinor: bigint): Promise<void> {
  await db.query('UPDATE customer_wallets SET per_payment_limit_minor = $3, daily_limit_minor = $4 WHERE customer_id = $1 AND currency = $2', [customerId, currency, perPaymentMinor, dailyMinor]);
}

/** Whether the operator blocked the customer (an unknown customer is not blocked: callers check existence themselves). */
export async function isBlocked(db: Queryable, customerId: string): Promise<boolean> {
  const { rows } = await db.query<{ status: CustomerStatus }>('SELECT status FROM customers WHERE id = $1', [customerId]);
  return rows[0]?.status === 'blocked';
}

export async function updateStatus(db: Queryable, customerId: string, status: CustomerStatus, nowMs: number): Promise<Customer | undefined> {
  const { rows } = await db.query<CustomerRow>(
    `UPDATE customers SET status = $2, status_changed_at = CASE WHEN status = $2 THEN status_changed_at ELSE $3 END WHERE id = $1 RETURNING ${COLUMNS}`,
    [customerId, status, new Date(nowMs)],
  );
  return rows[0] === undefined ? undefined : toCustomer(rows[0]);
}

/**
 * Customers newest first. A phone suffix is matched on the reversed number, so
 * that the index on reverse(phone) serves it (migration 0024); it is digits only,
 * so it holds no LIKE wildcard.
 */
export async function listCustomers(db: Queryable, search: CustomerSearch, limit: number, cursor: PageCursor): Promise<{ customers: Customer[]; hasMore: boolean }> {
  const { idPrefix, phoneSuffix } = search;
  const where: KeysetCondition[] = [
    ...(idPrefix === undefined ? [] : [(p: Parameters<KeysetCondition>[0]) => `starts_with(id, ${p(idPrefix)})`]),
    ...(phoneSuffix === undefined ? [] : [(p: Parameters<KeysetCondition>[0]) => `reverse(phone) LIKE ${p(`${[...phoneSuffix].reverse().join('')}%`)}`]),
  ];
  const page = await keysetPage<CustomerRow>(db, { table: 'customers', columns: COLUMNS, where }, limit, cursor);
  return { customers: page.rows.map(toCustomer), hasMore: page.hasMore };
}
