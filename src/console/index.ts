/**
 * The console module's public surface: sign-in for the web console (staff and
 * merchants' users with a password and a TOTP authenticator), cookie sessions,
 * roles and their permissions, and the audit log. Owns `console_*` and `audit_log`.
 */
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { hashPassword, passwordMatches } from '../platform/password-hash.ts';
import { AuditLog } from './audit.ts';
import { ConsoleUsers, passwordFailure, type ConsoleUser, type ConsoleUserFailure, type TotpEnrollment, type TotpSecretSealer } from './console-users.ts';
import { ConsoleSessions } from './sessions.ts';
import { ConsoleSignIn } from './sign-in.ts';

export {
  ConsoleUsers,
  MAX_CONSOLE_USERS_PER_PAGE,
  MAX_EMAIL_CHARS,
  MAX_NAME_CHARS,
  MAX_PASSWORD_CHARS,
  MIN_PASSWORD_CHARS,
  TOTP_ISSUER,
  normalizeEmail,
  type ConsoleUser,
  type ConsoleUserFailure,
  type ConsoleUserPatch,
  type NewConsoleUser,
  type TotpEnrollment,
  type TotpSecretSealer,
} from './console-users.ts';
export { ConsoleSessions, CONSOLE_SESSION_IDLE_MS, CONSOLE_SESSION_TTL_MS, isConsoleSessionToken, type ConsoleSession } from './sessions.ts';
export { ConsoleSignIn, CONSOLE_SIGN_IN_FAILURE_WINDOW_MS, CONSOLE_SIGN_IN_LOCK_MS, CONSOLE_SIGN_IN_MAX_FAILURES, type ConsoleSignInResult, type SignInLock } from './sign-in.ts';
export { AuditLog, MAX_AUDIT_ENTRIES_PER_PAGE, SIGN_IN_AUDIT_ACTIONS, type AuditActor, type AuditEntry, type NewAuditEntry, type SignInAuditAction } from './audit.ts';
export {
  CHARGING_PERMISSIONS,
  CONSOLE_ADMIN_ROUTES,
  CONSOLE_ROLES,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  STAFF_ROLES,
  isStaffRole,
  mayCall,
  type ConsoleRole,
  type Permission,
  type StaffRole,
} from './permissions.ts';
export { TOTP_DIGITS, TOTP_STEP_MS, base32Decode, base32Encode, hotp, otpauthUrl, totpCode, totpCodeForKey, totpStep } from './totp.ts';

export interface ConsoleDependencies {
  db: Database;
  clock: Clock;
  /** Seals TOTP secrets at rest: the vault's SecretSealer for purpose `console_totp_secret`. */
  sealer: TotpSecretSealer;
  merchantExists: (merchantId: string) => Promise<boolean>;
}

/** The console's parts, built together: users, sessions, sign-in and the audit log. */
export class ConsoleIdentity {
  readonly users: ConsoleUsers;
  readonly sessions: ConsoleSessions;
  readonly signIn: ConsoleSignIn;
  readonly audit: AuditLog;

  constructor(private readonly deps: ConsoleDependencies) {
    this.users = new ConsoleUsers(deps.db, deps.clock, deps.sealer, deps.merchantExists);
    this.sessions = new ConsoleSessions(deps.db, deps.clock);
    this.signIn = new ConsoleSignIn(deps.db, deps.clock, this.users, this.sessions);
    this.audit = new AuditLog(deps.db, deps.clock);
  }

  /**
   * An admin resets a user who lost their password or authenticator: a new
   * password (the admin hands it over), a new TOTP secret (answered this once),
   * every session ended and the sign-in lock lifted, in one transaction.
   */
  async resetCredentials(userId: string, password: string): Promise<{ user: ConsoleUser; totp: TotpEnrollment } | { failure: ConsoleUserFailure }> {
    const invalid = passwordFailure(password);
    if (invalid !== undefined) return { failure: invalid };
    const passwordHash = await hashPassword(password);
    const now = this.deps.clock.nowMs();
    return this.deps.db.transaction(async (tx) => {
      const replaced = await this.users.replaceCredentialsIn(tx, userId, passwordHash, now);
      if (replaced === undefined) return { failure: 'user_not_found' as const };
      await this.sessions.revokeAllIn(tx, userId, now);
      await this.signIn.clearLockIn(tx, replaced.user.email, now);
      return replaced;
    });
  }

  /**
   * A signed-in user changes their own password with the current one; their
   * other sessions end (whoever knew the old password is signed out), the one
   * making the change stays.
   */
  async changePassword(session: { sessionId: string; user: ConsoleUser }, currentPassword: string, newPassword: string): Promise<{ user: ConsoleUser } | { failure: ConsoleUserFailure }> {
    const invalid = passwordFailure(newPassword);
    if (invalid !== undefined) return { failure: invalid };
    const credentials = await this.users.credentialsOf(session.user.email);
    if (credentials === undefined) return { failure: 'user_not_found' };
    if (!(await passwordMatches(currentPassword, credentials.passwordHash))) return { failure: 'password_incorrect' };
    const passwordHash = await hashPassword(newPassword);
    const now = this.deps.clock.nowMs();
    return this.deps.db.transaction(async (tx) => {
      const user = await this.users.setPasswordIn(tx, session.user.id, passwordHash, now);
      if (user === undefined) return { failure: 'user_not_found' as const };
      await this.sessions.revokeAllIn(tx, session.user.id, now, session.sessionId);
      return { user };
    });
  }
}
