import { strict as assert } from 'node:assert';
import type { Database, Transaction } from '../db/database.ts';
import { SIGN_IN_FAILURE_WINDOW_MS, SIGN_IN_LOCK_MS, SIGN_IN_MAX_FAILURES } from '../identity/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { hashPassword, passwordMatches } from '../platform/password-hash.ts';
import { MAX_PASSWORD_CHARS, normalizeEmail, type ConsoleUser, type ConsoleUsers } from './console-users.ts';
import type { ConsoleSessions } from './sessions.ts';

/**
 * Console sign-in: email, password and a TOTP code, all three right or the same
 * answer whichever was wrong. Failures are counted per email, as consumer sign-in
 * counts them per phone (src/identity/account-protection.ts, whose limits these
 * are): the fifth within 15 minutes locks the email for 30 minutes. An email that
 * names no user is counted and locked the same way and costs the same scrypt work,
 * so that neither the answer nor its timing tells which emails have users.
 */
export const CONSOLE_SIGN_IN_MAX_FAILURES = SIGN_IN_MAX_FAILURES;
export const CONSOLE_SIGN_IN_FAILURE_WINDOW_MS = SIGN_IN_FAILURE_WINDOW_MS;
export const CONSOLE_SIGN_IN_LOCK_MS = SIGN_IN_LOCK_MS;
/** Failures older than the window are deleted, a few per attempt: they no longer count. */
const MAX_FAILURES_PURGED_PER_ATTEMPT = 100;
/** Stale guards deleted per attempt. */
const MAX_GUARDS_PURGED_PER_ATTEMPT = 100;
/** Checked against for an email that names no user, so that it costs the same work as one that does. */
const NO_USER_ID = 'cu_none';

export interface SignInLock {
  lockedUntilMs: number;
  retryAfterSeconds: number;
}

export type ConsoleSignInResult =
  | { result: 'ok'; user: ConsoleUser; session: { sessionId: string; token: string; expiresAtMs: number } }
  /** `user` is the email's user, if it has one: for the audit log, never for the answer. */
  | { result: 'invalid_credentials'; user: ConsoleUser | undefined; failuresLeft: number }
  /** `justLocked`: this failure was the one that locked the email. */
  | ({ result: 'account_locked'; user: ConsoleUser | undefined; justLocked: boolean } & SignInLock);

function lockOf(lockedUntilMs: number, nowMs: number): SignInLock {
  return { lockedUntilMs, retryAfterSeconds: Math.max(1, Math.ceil((lockedUntilMs - nowMs) / 1000)) };
}

/** The email's guard row, created if missing and locked for the rest of the transaction. */
async function lockGuard(tx: Transaction, email: string, nowMs: number): Promise<{ lockedUntilMs: number | null; epoch: bigint }> {
  await tx.query('INSERT INTO console_sign_in_guards (email, updated_at) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [email, new Date(nowMs)]);
  const { rows } = await tx.query<{ locked_until: Date | null; epoch: bigint }>('SELECT locked_until, epoch FROM console_sign_in_guards WHERE email = $1 FOR UPDATE', [email]);
  const row = rows[0];
  assert(row !== undefined, `the sign-in guard of ${email} exists`);
  return { lockedUntilMs: row.locked_until?.getTime() ?? null, epoch: BigInt(row.epoch) };
}

/** Starts a new count of failures and sets (or clears) the lock. */
async function resetGuard(tx: Transaction, email: string, lockedUntilMs: number | null, nowMs: number): Promise<void> {
  await tx.query('UPDATE console_sign_in_guards SET locked_until = $2, epoch = epoch + 1, updated_at = $3 WHERE email = $1', [email, lockedUntilMs === null ? null : new Date(lockedUntilMs), new Date(nowMs)]);
}

/**
 * Deletes a few guards that neither lock nor count anything any more (no lock, no
 * failure within the window), so that guessing at many emails cannot grow the table
 * without end. Rows other attempts hold are skipped, never waited for.
 */
async function purgeStaleGuards(tx: Transaction, email: string, nowMs: number): Promise<void> {
  await tx.query(
    `DELETE FROM console_sign_in_guards WHERE email IN
       (SELECT email FROM console_sign_in_guards WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2) AND email <> $3 LIMIT $4 FOR UPDATE SKIP LOCKED)`,
    [new Date(nowMs - CONSOLE_SIGN_IN_FAILURE_WINDOW_MS), new Date(nowMs), email, MAX_GUARDS_PURGED_PER_ATTEMPT],
  );
}

/** Records a failure and answers how many this epoch holds within the window, this one included. */
async function recordFailure(tx: Transaction, email: string, epoch: bigint, nowMs: number): Promise<number> {
  await tx.query('INSERT INTO console_sign_in_failures (id, email, guard_epoch, created_at) VALUES ($1, $2, $3, $4)', [newId('csf', nowMs), email, epoch, new Date(nowMs)]);
  // A guard is kept while it has failures that count (purgeStaleGuards goes by updated_at).
  await tx.query('UPDATE console_sign_in_guards SET updated_at = $2 WHERE email = $1', [email, new Date(nowMs)]);
  await tx.query('DELETE FROM console_sign_in_failures WHERE id IN (SELECT id FROM console_sign_in_failures WHERE created_at < $1 LIMIT $2)', [
    new Date(nowMs - CONSOLE_SIGN_IN_FAILURE_WINDOW_MS),
    MAX_FAILURES_PURGED_PER_ATTEMPT,
  ]);
  const { rows } = await tx.query<{ failures: bigint }>('SELECT count(*) AS failures FROM console_sign_in_failures WHERE email = $1 AND guard_epoch = $2 AND created_at > $3', [
    email,
    epoch,
    new Date(nowMs - CONSOLE_SIGN_IN_FAILURE_WINDOW_MS),
  ]);
  return Number(rows[0]?.failures ?? 0n);
}

export class ConsoleSignIn {
  /** The hash checked for an email without a user; made once, on first use. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly users: ConsoleUsers,
    private readonly sessions: ConsoleSessions,
  ) {}

  /** The lock on an email's sign-in, if it is locked now. */
  async lockOf(email: string): Promise<SignInLock | undefined> {
    const now = this.clock.nowMs();
    const { rows } = await this.db.query<{ locked_until: Date | null }>('SELECT locked_until FROM console_sign_in_guards WHERE email = $1', [normalizeEmail(email)]);
    const lockedUntilMs = rows[0]?.locked_until?.getTime();
    return lockedUntilMs !== undefined && lockedUntilMs > now ? lockOf(lockedUntilMs, now) : undefined;
  }

  /**
   * Signs a user in and opens their session. The password is checked (scrypt)
   * before the email's guard row is locked, so that a slow hash never holds a lock;
   * the guard, the TOTP step and the session are then settled in one transaction.
   */
  async signIn(emailInput: string, password: string, code: string): Promise<ConsoleSignInResult> {
    const email = normalizeEmail(emailInput);
    const now = this.clock.nowMs();
    const credentials = await this.users.credentialsOf(email);
    const user = credentials?.user;
    const early = await this.lockOf(email);
    if (early !== undefined) return { result: 'account_locked', user, justLocked: false, ...early };
    const passwordRight = password.length <= MAX_PASSWORD_CHARS && (await passwordMatches(password, credentials?.passwordHash ?? (await this.decoy())));
    const accept = passwordRight && user !== undefined && !user.disabled;
    return this.db.transaction(async (tx): Promise<ConsoleSignInResult> => {
      const guard = await lockGuard(tx, email, now);
      if (guard.lockedUntilMs !== null && guard.lockedUntilMs > now) return { result: 'account_locked', user, justLocked: false, ...lockOf(guard.lockedUntilMs, now) };
      const codeRight = await this.users.checkTotpIn(tx, user?.id ?? NO_USER_ID, code, now, accept);
      if (accept && codeRight) {
        await resetGuard(tx, email, null, now);
        return { result: 'ok', user, session: await this.sessions.openIn(tx, user.id, now) };
      }
      const failures = await recordFailure(tx, email, guard.epoch, now);
      await purgeStaleGuards(tx, email, now);
      assert(failures >= 1 && failures <= CONSOLE_SIGN_IN_MAX_FAILURES, `an email's count stops at the lock (${failures})`);
      if (failures < CONSOLE_SIGN_IN_MAX_FAILURES) return { result: 'invalid_credentials', user, failuresLeft: CONSOLE_SIGN_IN_MAX_FAILURES - failures };
      await resetGuard(tx, email, now + CONSOLE_SIGN_IN_LOCK_MS, now);
      return { result: 'account_locked', user, justLocked: true, ...lockOf(now + CONSOLE_SIGN_IN_LOCK_MS, now) };
    });
  }

  /** Lifts an email's sign-in lock and starts its count of failures afresh, in `tx` (an admin reset the user). */
  async clearLockIn(tx: Transaction, email: string, nowMs: number): Promise<void> {
    await resetGuard(tx, normalizeEmail(email), null, nowMs);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword('paygrid console decoy password');
    return this.decoyHash;
  }
}
