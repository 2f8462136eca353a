import { strict as assert } from 'node:assert';
import type { Database, Transaction } from '../db/database.ts';
import { sqlState, UNIQUE_VIOLATION } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { hashPassword } from '../platform/password-hash.ts';
import { isStaffRole, type ConsoleRole } from './permissions.ts';
import { base32Decode, matchingTotpStep, newTotpSecret, otpauthUrl } from './totp.ts';

/**
 * The console's users: operator staff and merchants' own users. A password
 * (scrypt, per-user salt) and a TOTP authenticator together sign a user in; the
 * TOTP secret is sealed at rest with the vault's key and shown once, when the user
 * is created.
 */
export const MIN_PASSWORD_CHARS = 12;
/** scrypt reads all of it: a bound keeps one request's work small. */
export const MAX_PASSWORD_CHARS = 200;
export const MAX_EMAIL_CHARS = 254;
export const MAX_NAME_CHARS = 100;
export const MAX_CONSOLE_USERS_PER_PAGE = 100;
/** The issuer authenticator apps show beside the account. */
export const TOTP_ISSUER = 'Paygrid';
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Seals and opens the TOTP secrets (the vault's SecretSealer, wired in src/server/paygrid.ts). */
export interface TotpSecretSealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: ConsoleRole;
  merchantId: string | null;
  disabled: boolean;
  /** Signed in with a temporary password an admin set: nothing but choosing their own until they do. */
  mustChangePassword: boolean;
  createdAtMs: number;
}

export interface NewConsoleUser {
  email: string;
  name: string;
  role: ConsoleRole;
  merchantId?: string | undefined;
  password: string;
}

export interface ConsoleUserPatch {
  name?: string | undefined;
  role?: ConsoleRole | undefined;
  merchantId?: string | undefined;
  disabled?: boolean | undefined;
}

/** What a new user needs to set up their authenticator: shown this once. */
export interface TotpEnrollment {
  secret: string;
  otpauthUrl: string;
}

export type ConsoleUserFailure =
  | 'email_invalid'
  | 'email_taken'
  | 'name_invalid'
  | 'password_too_short'
  | 'password_too_long'
  | 'merchant_required'
  | 'merchant_not_allowed'
  | 'merchant_not_found'
  | 'user_not_found'
  | 'last_admin'
  /** The current password given to change it was not right. */
  | 'password_incorrect';

/** A user's credentials, for the sign-in check only: never leaves the module. */
export interface StoredCredentials {
  user: ConsoleUser;
  passwordHash: string;
}

/** A user's row as USER_COLUMNS reads it (sessions.ts reads it joined to the session). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: ConsoleRole;
  merchant_id: string | null;
  disabled: boolean;
  must_change_password: boolean;
  created_at: Date;
}

const USER_COLUMNS = 'id, email, name, role, merchant_id, disabled, must_change_password, created_at';

/** The columns of a user's row, qualified by a query's alias for console_users (`u.id, u.email, …`). */
export function userColumnsOf(alias: string): string {
  return USER_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/** Emails compare without case or surrounding space: `Ann@Example.com ` is ann@example.com. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toConsoleUser(row: UserRow): ConsoleUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, merchantId: row.merchant_id, disabled: row.disabled, mustChangePassword: row.must_change_password, createdAtMs: row.created_at.getTime() };
}

export function passwordFailure(password: string): ConsoleUserFailure | undefined {
  if ([...password].length < MIN_PASSWORD_CHARS) return 'password_too_short';
  if (password.length > MAX_PASSWORD_CHARS) return 'password_too_long';
  return undefined;
}

function nameFailure(name: string): ConsoleUserFailure | undefined {
  const trimmed = name.trim();
  return trimmed.length === 0 || trimmed.length > MAX_NAME_CHARS ? 'name_invalid' : undefined;
}

export class ConsoleUsers {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sealer: TotpSecretSealer,
    /** Whether a merchant exists (the merchants module's answer, wired in paygrid.ts). */
    private readonly merchantExists: (merchantId: string) => Promise<boolean>,
  ) {}

  /** Creates a user with a new TOTP secret; the secret is answered this once and kept only sealed. */
  async create(input: NewConsoleUser): Promise<{ user: ConsoleUser; totp: TotpEnrollment } | { failure: ConsoleUserFailure }> {
    const email = normalizeEmail(input.email);
    if (email.length > MAX_EMAIL_CHARS || !EMAIL.test(email)) return { failure: 'email_invalid' };
    const invalid = nameFailure(input.name) ?? passwordFailure(input.password) ?? (await this.merchantFailure(input.role, input.merchantId));
    if (invalid !== undefined) return { failure: invalid };
    const now = this.clock.nowMs();
    const id = newId('cu', now);
    const secret = newTotpSecret();
    const passwordHash = await hashPassword(input.password);
    try {
      const { rows } = await this.db.query<UserRow>(
        `INSERT INTO console_users (id, email, name, role, merchant_id, password_hash, totp_secret_sealed, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${USER_COLUMNS}`,
        [id, email, input.name.trim(), input.role, input.role === 'merchant' ? (input.merchantId ?? null) : null, passwordHash, this.sealer.seal(secret, id), new Date(now)],
      );
      const row = rows[0];
      assert(row !== undefined, 'INSERT … RETURNING answers the row');
      return { user: toConsoleUser(row), totp: { secret, otpauthUrl: otpauthUrl(TOTP_ISSUER, email, secret) } };
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) return { failure: 'email_taken' };
      throw error;
    }
  }

  async get(id: string): Promise<ConsoleUser | undefined> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM console_users WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toConsoleUser(rows[0]);
  }

  /** Users, newest first. */
  async list(page: { limit: number } & PageCursor): Promise<{ users: ConsoleUser[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= MAX_CONSOLE_USERS_PER_PAGE, `a page has 1 to ${MAX_CONSOLE_USERS_PER_PAGE} users`);
    const found = await keysetPage<UserRow>(this.db, { table: 'console_users', columns: USER_COLUMNS }, page.limit, page);
    return { users: found.rows.map(toConsoleUser), hasMore: found.hasMore };
  }

  /**
   * Changes a user's name, role or merchant, or disables (or enables) them. A
   * disabled user's sessions end at once. The last enabled admin can be neither
   * disabled nor given another role: nobody could manage users after that.
   */
  async update(id: string, patch: ConsoleUserPatch): Promise<{ user: ConsoleUser } | { failure: ConsoleUserFailure }> {
    const invalidName = patch.name === undefined ? undefined : nameFailure(patch.name);
    if (invalidName !== undefined) return { failure: invalidName };
    const now = this.clock.nowMs();
    const current = await this.get(id);
    if (current === undefined) return { failure: 'user_not_found' };
    const role = patch.role ?? current.role;
    const merchantId = role === 'merchant' ? (patch.merchantId ?? current.merchantId ?? undefined) : patch.merchantId;
    const invalidMerchant = await this.merchantFailure(role, merchantId);
    if (invalidMerchant !== undefined) return { failure: invalidMerchant };
    return this.db.transaction(async (tx) => {
      // Every enabled admin's row is locked, so two admins demoting each other at once cannot both succeed.
      const admins = await tx.query<{ id: string }>("SELECT id FROM console_users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE");
      const { rows } = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM console_users WHERE id = $1 FOR UPDATE`, [id]);
      const row = rows[0];
      if (row === undefined) return { failure: 'user_not_found' as const };
      const disabled = patch.disabled ?? row.disabled;
      const stillAdmin = role === 'admin' && !disabled;
      if (row.role === 'admin' && !row.disabled && !stillAdmin && admins.rows.every((a) => a.id === id)) return { failure: 'last_admin' as const };
      const updated = await tx.query<UserRow>(
        `UPDATE console_users SET name = $2, role = $3, merchant_id = $4, disabled = $5, updated_at = $6 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, patch.name?.trim() ?? row.name, role, role === 'merchant' ? (merchantId ?? null) : null, disabled, new Date(now)],
      );
      if (disabled && !row.disabled) await tx.query('UPDATE console_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [id, new Date(now)]);
      const user = updated.rows[0];
      assert(user !== undefined, 'UPDATE … RETURNING answers the locked row');
      return { user: toConsoleUser(user) };
    });
  }

  /**
   * Gives a user a new password (hashed by the caller, outside any lock) and a
   * new TOTP secret, in `tx`: the old authenticator stops working at once. The
   * secret is answered this once. Undefined when no user has the id.
   */
  async replaceCredentialsIn(tx: Transaction, id: string, passwordHash: string, nowMs: number): Promise<{ user: ConsoleUser; totp: TotpEnrollment } | undefined> {
    const secret = newTotpSecret();
    const { rows } = await tx.query<UserRow>(
      `UPDATE console_users SET password_hash = $2, totp_secret_sealed = $3, last_totp_step = NULL, must_change_password = true, updated_at = $4 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, passwordHash, this.sealer.seal(secret, id), new Date(nowMs)],
    );
    const row = rows[0];
    return row === undefined ? undefined : { user: toConsoleUser(row), totp: { secret, otpauthUrl: otpauthUrl(TOTP_ISSUER, row.email, secret) } };
  }

  /** Sets the password the user chose (hashed by the caller), in `tx`; a temporary one no longer needs changing. */
  async setPasswordIn(tx: Transaction, id: string, passwordHash: string, nowMs: number): Promise<ConsoleUser | undefined> {
    const { rows } = await tx.query<UserRow>(`UPDATE console_users SET password_hash = $2, must_change_password = false, updated_at = $3 WHERE id = $1 RETURNING ${USER_COLUMNS}`, [id, passwordHash, new Date(nowMs)]);
    return rows[0] === undefined ? undefined : toConsoleUser(rows[0]);
  }

  /** The credentials of the user an email names, for checking a sign-in; undefined if none. */
  async credentialsOf(email: string): Promise<StoredCredentials | undefined> {
    const { rows } = await this.db.query<UserRow & { password_hash: string }>(`SELECT ${USER_COLUMNS}, password_hash FROM console_users WHERE email = $1`, [normalizeEmail(email)]);
    const row = rows[0];
    return row === undefined ? undefined : { user: toConsoleUser(row), passwordHash: row.password_hash };
  }

  /**
   * Checks a TOTP code under the user's row lock and, when `accept` is set and it
   * matches a step after the last one used, records that step: each code signs in
   * once. Without `accept` (the password was wrong) nothing is recorded, but the same
   * work is done, so that timing does not tell a right password from a wrong one.
   * `userId` may name no user; the answer is then false after the same query.
   */
  async checkTotpIn(tx: Transaction, userId: string, code: string, nowMs: number, accept: boolean): Promise<boolean> {
    const { rows } = await tx.query<{ totp_secret_sealed: string; last_totp_step: bigint | null }>('SELECT totp_secret_sealed, last_totp_step FROM console_users WHERE id = $1 FOR UPDATE', [userId]);
    const row = rows[0];
    if (row === undefined) return false;
    const key = base32Decode(this.sealer.open(row.totp_secret_sealed, userId));
    assert(key !== undefined, `the TOTP secret of ${userId} is base32`);
    const step = matchingTotpStep(key, code, nowMs, row.last_totp_step === null ? null : Number(row.last_totp_step));
    if (step === undefined || !accept) return false;
    await tx.query('UPDATE console_users SET last_totp_step = $2 WHERE id = $1', [userId, step]);
    return true;
  }

  private async merchantFailure(role: ConsoleRole, merchantId: string | undefined | null): Promise<ConsoleUserFailure | undefined> {
    if (isStaffRole(role)) return merchantId === undefined || merchantId === null ? undefined : 'merchant_not_allowed';
    if (merchantId === undefined || merchantId === null) return 'merchant_required';
    return (await this.merchantExists(merchantId)) ? undefined : 'merchant_not_found';
  }
}
