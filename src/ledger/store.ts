import type { Queryable, Transaction } from '../db/database.ts';
import { keysetPage, type KeysetCondition, type PageCursor } from '../db/keyset.ts';
import type { LedgerSlice } from './state-machine.ts';
import type { Account, AccountFlags, FailedTransfer, Metadata, PendingState, PendingStatus, Transfer, TransferFlags, TransferRequest, TransientFailure } from './types.ts';

/** SQL for the ledger's own tables. Nothing outside src/ledger reads or writes them. */

const ACCOUNT_DEBITS_MUST_NOT_EXCEED_CREDITS = 1;
const ACCOUNT_CREDITS_MUST_NOT_EXCEED_DEBITS = 2;
const TRANSFER_LINKED = 1;
const TRANSFER_PENDING = 2;
const TRANSFER_POST_PENDING = 4;
const TRANSFER_VOID_PENDING = 8;

export function accountFlagBits(flags: AccountFlags): number {
  return (flags.debitsMustNotExceedCredits ? ACCOUNT_DEBITS_MUST_NOT_EXCEED_CREDITS : 0) | (flags.creditsMustNotExceedDebits ? ACCOUNT_CREDITS_MUST_NOT_EXCEED_DEBITS : 0);
}

function accountFlagsFromBits(bits: number): AccountFlags {
  return {
    debitsMustNotExceedCredits: (bits & ACCOUNT_DEBITS_MUST_NOT_EXCEED_CREDITS) !== 0,
    creditsMustNotExceedDebits: (bits & ACCOUNT_CREDITS_MUST_NOT_EXCEED_DEBITS) !== 0,
  };
}

function transferFlagBits(flags: TransferFlags): number {
  return (
    (flags.linked ? TRANSFER_LINKED : 0) |
    (flags.pending ? TRANSFER_PENDING : 0) |
    (flags.postPending ? TRANSFER_POST_PENDING : 0) |
    (flags.voidPending ? TRANSFER_VOID_PENDING : 0)
  );
}

function transferFlagsFromBits(bits: number): TransferFlags {
  return {
    linked: (bits & TRANSFER_LINKED) !== 0,
    pending: (bits & TRANSFER_PENDING) !== 0,
    postPending: (bits & TRANSFER_POST_PENDING) !== 0,
    voidPending: (bits & TRANSFER_VOID_PENDING) !== 0,
  };
}

interface AccountRow {
  id: string;
  ledger: string;
  code: number;
  flags: number;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  metadata: Metadata;
  created_at: Date;
}

interface TransferRow {
  seq: bigint;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: bigint;
  pending_id: string | null;
  ledger: string;
  code: number;
  flags: number;
  timeout_seconds: number;
  metadata: Metadata;
  created_at: Date;
}

interface PendingRow {
  id: string;
  state: PendingState;
  expires_at: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

interface FailedRow {
  id: string;
  debit_account_id: string | null;
  credit_account_id: string | null;
  amount: bigint | null;
  pending_id: string | null;
  ledger: string | null;
  code: number | null;
  flags: number;
  timeout_seconds: number;
  metadata: Metadata;
  result: TransientFailure;
  created_at: Date;
}

const ACCOUNT_COLUMNS = 'id, ledger, code, flags, debits_pending, debits_posted, credits_pending, credits_posted, metadata, created_at';
const TRANSFER_COLUMNS = 'seq, id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, timeout_seconds, metadata, created_at';

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    ledger: row.ledger,
    code: row.code,
    flags: accountFlagsFromBits(row.flags),
    debitsPendingMinor: row.debits_pending,
    debitsPostedMinor: row.debits_posted,
    creditsPendingMinor: row.credits_pending,
    creditsPostedMinor: row.credits_posted,
    metadata: row.metadata,
    createdAtMs: row.created_at.getTime(),
  };
}

function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amountMinor: row.amount,
    pendingId: row.pending_id,
    ledger: row.ledger,
    code: row.code,
    flags: transferFlagsFromBits(row.flags),
    timeoutSeconds: row.timeout_seconds,
    metadata: row.metadata,
    createdAtMs: row.created_at.getTime(),
  };
}

function toPending(row: PendingRow): PendingStatus {
  return {
    id: row.id,
    state: row.state,
    expiresAtMs: row.expires_at === null ? null : row.expires_at.getTime(),
    resolvedBy: row.resolved_by,
    resolvedAtMs: row.resolved_at === null ? null : row.resolved_at.getTime(),
  };
}

function toFailed(row: FailedRow): FailedTransfer {
  const request: TransferRequest = {
    id: row.id,
    flags: transferFlagsFromBits(row.flags),
    timeoutSeconds: row.timeout_seconds,
    metadata: row.metadata,
    ...(row.debit_account_id === null ? {} : { debitAccountId: row.debit_account_id }),
    ...(row.credit_account_id === null ? {} : { creditAccountId: row.credit_account_id }),
    ...(row.amount === null ? {} : { amountMinor: row.amount }),
    ...(row.pending_id === null ? {} : { pendingId: row.pending_id }),
    ...(row.ledger === null ? {} : { ledger: row.ledger }),
    ...(row.code === null ? {} : { code: row.code }),
  };
  return { request, result: row.result, createdAtMs: row.created_at.getTime() };
}

export async function insertAccount(db: Queryable, account: Account): Promise<Account | undefined> {
  const { rows } = await db.query<AccountRow>(
    `INSERT INTO ledger_accounts (id, ledger, code, flags, metadata, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${ACCOUNT_COLUMNS}`,
    [account.id, account.ledger, account.code, accountFlagBits(account.flags), JSON.stringify(account.metadata), new Date(account.createdAtMs)],
  );
  return rows[0] === undefined ? undefined : toAccount(rows[0]);
}

export async function findAccount(db: Queryable, id: string): Promise<Account | undefined> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toAccount(rows[0]);
}

export async function findAccounts(db: Queryable, ids: readonly string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ANY($1::text[])`, [ids]);
  return rows.map(toAccount);
}

/**
 * What a transfer `t` took from its debit account, for spending limits: a
 * single-phase transfer its amount; a hold its full amount while it can still be
 * posted, what was posted once posted (a partial capture counts what it
 * captured), and nothing once voided or expired, nor once due (a post would be
 * refused as expired even before the sweeper marks it). Post and void transfers
 * are not debits of their own. Reads `p` (the hold's state) and `r` (what
 * resolved it) from DEBITED_FROM; `nowParam` is the placeholder for now.
 */
function debitedAmountSql(nowParam: string): string {
  return `CASE WHEN (t.flags & ${TRANSFER_PENDING}) = 0 THEN t.amount
               WHEN p.state = 'pending' AND (p.expires_at IS NULL OR p.expires_at > ${nowParam}) THEN t.amount
               WHEN p.state = 'posted' THEN r.amount
               ELSE 0 END`;
}

const DEBITED_FROM = `ledger_transfers t
       LEFT JOIN ledger_pending_transfers p ON p.id = t.id
       LEFT JOIN ledger_transfers r ON r.id = p.resolved_by`;
const NOT_A_RESOLUTION = `(t.flags & ${TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING}) = 0`;

export async function sumDebitsSince(db: Queryable, accountId: string, sinceMs: number, nowMs: number): Promise<bigint> {
  const { rows } = await db.query<{ total: string }>(
    `SELECT coalesce(sum(${debitedAmountSql('$3')}), 0)::text AS total
     FROM ${DEBITED_FROM}
     WHERE t.debit_account_id = $1 AND t.created_at >= $2 AND ${NOT_A_RESOLUTION}`,
    [accountId, new Date(sinceMs), new Date(nowMs)],
  );
  return BigInt(rows[0]?.total ?? '0');
}

/** Per id, what the transfer took from its debit account (the rule above); a transfer the ledger refused took nothing; unknown ids are absent. */
export async function debitedAmounts(db: Queryable, ids: readonly string[], nowMs: number): Promise<Map<string, bigint>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; amount: bigint }>(
    `SELECT t.id, ${debitedAmountSql('$2')} AS amount FROM ${DEBITED_FROM} WHERE t.id = ANY($1::text[]) AND ${NOT_A_RESOLUTION}
     UNION ALL
     SELECT f.id, 0::bigint AS amount FROM ledger_failed_transfers f WHERE f.id = ANY($1::text[])`,
    [ids, new Date(nowMs)],
  );
  return new Map(rows.map((r) => [r.id, r.amount]));
}

export async function existingAccountIds(db: Queryable, ids: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM ledger_accounts WHERE id = ANY($1::text[])', [ids]);
  return rows.map((r) => r.id);
}

export async function findTransfer(db: Queryable, id: string): Promise<{ transfer: Transfer; pending: PendingStatus | undefined } | undefined> {
  const { rows } = await db.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = $1`, [id]);
  const row = rows[0];
  if (row === undefined) return undefined;
  const pending = await db.query<PendingRow>('SELECT id, state, expires_at, resolved_by, resolved_at FROM ledger_pending_transfers WHERE id = $1', [id]);
  return { transfer: toTransfer(row), pending: pending.rows[0] === undefined ? undefined : toPending(pending.rows[0]) };
}

export interface TransferPage {
  transfers: Transfer[];
  hasMore: boolean;
}

/**
 * An account's transfers, newest first, in pages keyed by a transfer id
 * (Stripe's cursor rules: `startingAfter` pages towards older transfers,
 * `endingBefore` towards newer ones).
 */
export async function listAccountTransfers(
  db: Queryable,
  accountId: string,
  page: { limit: number; startingAfter?: string; endingBefore?: string },
): Promise<TransferPage | 'cursor_not_found'> {
  const cursorId = page.startingAfter ?? page.endingBefore;
  let cursorSeq: bigint | null = null;
  if (cursorId !== undefined) {
    const cursor = await db.query<{ seq: bigint }>('SELECT seq FROM ledger_transfers WHERE id = $1 AND (debit_account_id = $2 OR credit_account_id = $2)', [cursorId, accountId]);
    if (cursor.rows[0] === undefined) return 'cursor_not_found';
    cursorSeq = cursor.rows[0].seq;
  }
  const newerFirst = page.endingBefore === undefined;
  const condition = cursorSeq === null ? '' : newerFirst ? 'AND seq < $3' : 'AND seq > $3';
  const params = cursorSeq === null ? [accountId, page.limit + 1] : [accountId, page.limit + 1, cursorSeq];
  const order = newerFirst ? 'DESC' : 'ASC';
  const { rows } = await db.query<TransferRow>(
    `SELECT ${TRANSFER_COLUMNS} FROM (
       (SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE debit_account_id = $1 ${condition} ORDER BY seq ${order} LIMIT $2)
       UNION ALL
       (SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE credit_account_id = $1 ${condition} ORDER BY seq ${order} LIMIT $2)
     ) both_sides ORDER BY seq ${order} LIMIT $2`,
    params,
  );
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (!newerFirst) pageRows.reverse();
  return { transfers: pageRows.map(toTransfer), hasMore };
}

/**
 * Every transfer, newest first, in pages keyed by a transfer id (the ledger's
 * own order, `seq`: ids are chosen by clients and do not sort by time).
 */
export async function listTransfers(db: Queryable, page: { limit: number; startingAfter?: string; endingBefore?: string }): Promise<TransferPage | 'cursor_not_found'> {
  const cursorId = page.startingAfter ?? page.endingBefore;
  let cursorSeq: bigint | null = null;
  if (cursorId !== undefined) {
    const cursor = await db.query<{ seq: bigint }>('SELECT seq FROM ledger_transfers WHERE id = $1', [cursorId]);
    if (cursor.rows[0] === undefined) return 'cursor_not_found';
    cursorSeq = cursor.rows[0].seq;
  }
  const newerFirst = page.endingBefore === undefined;
  const condition = cursorSeq === null ? '' : newerFirst ? 'WHERE seq < $2' : 'WHERE seq > $2';
  const params = cursorSeq === null ? [page.limit + 1] : [page.limit + 1, cursorSeq];
  const { rows } = await db.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers ${condition} ORDER BY seq ${newerFirst ? 'DESC' : 'ASC'} LIMIT $1`, params);
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (!newerFirst) pageRows.reverse();
  return { transfers: pageRows.map(toTransfer), hasMore };
}

/** Metadata keys a lookup may use: a fixed word, written into the SQL so that an expression index on it serves the query. */
export const METADATA_KEY_PATTERN = /^[a-z][a-z_]{0,39}$/;

/**
 * The transfers whose metadata has `key` equal to `value`, in the order they
 * were made (oldest first), at most `limit`, with the state of those that are
 * holds. `metadata ->> 'payment_intent'` has an index (migration 0024).
 */
export async function findTransfersByMetadata(db: Queryable, key: string, value: string, limit: number): Promise<Array<{ transfer: Transfer; pending: PendingStatus | undefined }>> {
  const { rows } = await db.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE metadata ->> '${key}' = $1 ORDER BY seq LIMIT $2`, [value, limit]);
  const holds = rows.filter((r) => transferFlagsFromBits(r.flags).pending).map((r) => r.id);
  const pending = holds.length === 0 ? [] : (await db.query<PendingRow>('SELECT id, state, expires_at, resolved_by, resolved_at FROM ledger_pending_transfers WHERE id = ANY($1::text[])', [holds])).rows;
  const byId = new Map(pending.map((p) => [p.id, toPending(p)]));
  return rows.map((r) => ({ transfer: toTransfer(r), pending: byId.get(r.id) }));
}

/** Accounts, newest first by creation (Stripe's cursors: account ids), optionally of one chart-of-accounts code. */
export async function listAccounts(db: Queryable, filter: { code?: number }, limit: number, cursor: PageCursor): Promise<{ accounts: Account[]; hasMore: boolean }> {
  const code = filter.code;
  const where: KeysetCondition[] = code === undefined ? [] : [(param) => `code = ${param(code)}`];
  const page = await keysetPage<AccountRow>(db, { table: 'ledger_accounts', columns: ACCOUNT_COLUMNS, where }, limit, cursor);
  return { accounts: page.rows.map(toAccount), hasMore: page.hasMore };
}

/**
 * Loads and locks everything a batch needs. Accounts are locked in id order so
 * that concurrent batches never deadlock; after the lock, every read sees the
 * latest committed state of those accounts and their pending transfers, because
 * all changes to them happen under the same locks.
 */
export async function loadSlice(tx: Transaction, requests: readonly TransferRequest[]): Promise<LedgerSlice> {
  const ids = requests.map((r) => r.id);
  const pendingIds = unique(requests.flatMap((r) => (r.pendingId === undefined ? [] : [r.pendingId])));
  // Transfers are immutable, so they may be read before the lock: a transfer committed
  // meanwhile under one of our ids makes our insert fail on the primary key, and the
  // batch runs again (see Ledger.createTransfers).
  const known = (await tx.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = ANY($1::text[])`, [unique([...ids, ...pendingIds])])).rows;
  const pendingSet = new Set(pendingIds);
  const accountIds = unique([
    ...requests.flatMap((r) => [r.debitAccountId, r.creditAccountId].filter((id): id is string => id !== undefined)),
    ...known.filter((t) => pendingSet.has(t.id)).flatMap((t) => [t.debit_account_id, t.credit_account_id]),
  ]).sort();
  const accounts = await tx.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [accountIds]);
  // Failures and pending states change under the account locks, so they are read after them.
  const failed = await tx.query<FailedRow>('SELECT * FROM ledger_failed_transfers WHERE id = ANY($1::text[])', [ids]);
  const pending = pendingIds.length === 0 ? [] : (await tx.query<PendingRow>('SELECT id, state, expires_at, resolved_by, resolved_at FROM ledger_pending_transfers WHERE id = ANY($1::text[])', [pendingIds])).rows;
  return {
    accounts: new Map(accounts.rows.map((r) => [r.id, toAccount(r)])),
    transfers: new Map(known.map((r) => [r.id, toTransfer(r)])),
    pending: new Map(pending.map((r) => [r.id, toPending(r)])),
    failed: new Map(failed.rows.map((r) => [r.id, toFailed(r)])),
  };
}

/** Locks a set of expired pending transfers and their accounts, for the expiry sweeper. */
export async function loadExpiringSlice(tx: Transaction, pendingIds: readonly string[]): Promise<LedgerSlice> {
  const referenced = (await tx.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = ANY($1::text[])`, [pendingIds])).rows;
  const accountIds = unique(referenced.flatMap((t) => [t.debit_account_id, t.credit_account_id])).sort();
  const accounts = await tx.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [accountIds]);
  const pending = await tx.query<PendingRow>('SELECT id, state, expires_at, resolved_by, resolved_at FROM ledger_pending_transfers WHERE id = ANY($1::text[])', [pendingIds]);
  return {
    accounts: new Map(accounts.rows.map((r) => [r.id, toAccount(r)])),
    transfers: new Map(referenced.map((r) => [r.id, toTransfer(r)])),
    pending: new Map(pending.rows.map((r) => [r.id, toPending(r)])),
    failed: new Map(),
  };
}

export async function findExpiredPendingIds(db: Queryable, nowMs: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ledger_pending_transfers WHERE state = 'pending' AND expires_at IS NOT NULL AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
    [new Date(nowMs), limit],
  );
  return rows.map((r) => r.id);
}

export interface SliceChanges {
  createdTransfers: readonly Transfer[];
  changedPending: readonly PendingStatus[];
  failures: readonly FailedTransfer[];
  changedAccounts: readonly Account[];
}

/**
 * Writes a batch's effects in one statement of data-modifying CTEs, whatever
 * the batch size: one round trip instead of four. The CTEs touch different
 * tables; foreign keys are checked at the end of the statement, so a pending
 * status may refer to a transfer inserted alongside it.
 */
export async function saveChanges(tx: Transaction, changes: SliceChanges): Promise<void> {
  const parts: Array<{ name: string; sql: (p: (value: (string | null)[]) => string) => string; values: (string | null)[][] }> = [];
  if (changes.createdTransfers.length > 0) parts.push({ name: 'new_transfers', ...insertTransfers(changes.createdTransfers) });
  if (changes.changedPending.length > 0) parts.push({ name: 'pending_changes', ...upsertPending(changes.changedPending) });
  if (changes.failures.length > 0) parts.push({ name: 'new_failures', ...insertFailures(changes.failures) });
  if (changes.changedAccounts.length > 0) parts.push({ name: 'balance_changes', ...updateBalances(changes.changedAccounts) });
  if (parts.length === 0) return;
  const params: (string | null)[][] = [];
  const placeholder = (value: (string | null)[]): string => {
    params.push(value);
    return `$${params.length}::text[]`;
  };
  const ctes = parts.map((part) => `${part.name} AS (${part.sql(placeholder)})`);
  await tx.query(`WITH ${ctes.join(',\n')} SELECT 1`, params);
}

const text = (values: readonly (string | number | bigint | null | undefined)[]): (string | null)[] => values.map((v) => (v === null || v === undefined ? null : String(v)));
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

type Placeholder = (value: (string | null)[]) => string;

/** The fields a transfer and a failed request share, as text columns in table order. */
function transferFieldColumns(rows: ReadonlyArray<TransferRequest | Transfer>): (string | null)[][] {
  return [
    text(rows.map((t) => t.id)),
    text(rows.map((t) => t.debitAccountId)),
    text(rows.map((t) => t.creditAccountId)),
    text(rows.map((t) => t.amountMinor)),
    text(rows.map((t) => t.pendingId)),
    text(rows.map((t) => t.ledger)),
    text(rows.map((t) => t.code)),
    text(rows.map((t) => transferFlagBits(t.flags))),
    text(rows.map((t) => t.timeoutSeconds)),
    rows.map((t) => JSON.stringify(t.metadata)),
  ];
}

// Arrays travel as text[] and are cast in SQL, which both drivers handle the same way.
function insertTransfers(transfers: readonly Transfer[]): { sql: (p: Placeholder) => string; values: (string | null)[][] } {
  const columns = [...transferFieldColumns(transfers), transfers.map((t) => new Date(t.createdAtMs).toISOString())];
  return {
    values: columns,
    sql: (p) => `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, timeout_seconds, metadata, created_at)
      SELECT id, debit, credit, amount::bigint, pending_id, ledger, code::integer, flags::integer, timeout::integer, metadata::jsonb, created_at::timestamptz
      FROM unnest(${columns.map(p).join(', ')})
        WITH ORDINALITY AS t(id, debit, credit, amount, pending_id, ledger, code, flags, timeout, metadata, created_at, position)
      ORDER BY position`,
  };
}

function upsertPending(statuses: readonly PendingStatus[]): { sql: (p: Placeholder) => string; values: (string | null)[][] } {
  const columns = [
    text(statuses.map((s) => s.id)),
    text(statuses.map((s) => s.state)),
    statuses.map((s) => iso(s.expiresAtMs)),
    text(statuses.map((s) => s.resolvedBy)),
    statuses.map((s) => iso(s.resolvedAtMs)),
  ];
  return {
    values: columns,
    sql: (p) => `INSERT INTO ledger_pending_transfers (id, state, expires_at, resolved_by, resolved_at)
      SELECT id, state, expires_at::timestamptz, resolved_by, resolved_at::timestamptz
      FROM unnest(${columns.map(p).join(', ')}) AS t(id, state, expires_at, resolved_by, resolved_at)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state, resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at`,
  };
}

function insertFailures(failures: readonly FailedTransfer[]): { sql: (p: Placeholder) => string; values: (string | null)[][] } {
  const columns = [
    ...transferFieldColumns(failures.map((f) => f.request)),
    failures.map((f) => f.result),
    failures.map((f) => new Date(f.createdAtMs).toISOString()),
  ];
  return {
    values: columns,
    sql: (p) => `INSERT INTO ledger_failed_transfers (id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, timeout_seconds, metadata, result, created_at)
      SELECT id, debit, credit, amount::bigint, pending_id, ledger, code::integer, flags::integer, timeout::integer, metadata::jsonb, result, created_at::timestamptz
      FROM unnest(${columns.map(p).join(', ')}) AS t(id, debit, credit, amount, pending_id, ledger, code, flags, timeout, metadata, result, created_at)
      ON CONFLICT (id) DO NOTHING`,
  };
}

function updateBalances(accounts: readonly Account[]): { sql: (p: Placeholder) => string; values: (string | null)[][] } {
  const columns = [
    text(accounts.map((a) => a.id)),
    text(accounts.map((a) => a.debitsPendingMinor)),
    text(accounts.map((a) => a.debitsPostedMinor)),
    text(accounts.map((a) => a.creditsPendingMinor)),
    text(accounts.map((a) => a.creditsPostedMinor)),
  ];
  return {
    values: columns,
    sql: (p) => `UPDATE ledger_accounts a
      SET debits_pending = v.dp::bigint, debits_posted = v.dpo::bigint, credits_pending = v.cp::bigint, credits_posted = v.cpo::bigint
      FROM unnest(${columns.map(p).join(', ')}) AS v(id, dp, dpo, cp, cpo)
      WHERE a.id = v.id`,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
