/**
 * The console module's public surface: sign-in for the web console (staff and
 * merchants' users with a password and a TOTP authenticator), cookie sessions,
 * roles and their permissions, and the audit log. Owns `console_*` and `audit_log`.
 */
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { AuditLog } from './audit.ts';
import { ConsoleUsers, type TotpSecretSealer } from './console-users.ts';
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

  constructor(deps: ConsoleDependencies) {
    this.users = new ConsoleUsers(deps.db, deps.clock, deps.sealer, deps.merchantExists);
    this.sessions = new ConsoleSessions(deps.db, deps.clock);
    this.signIn = new ConsoleSignIn(deps.db, deps.clock, this.users, this.sessions);
    this.audit = new AuditLog(deps.db, deps.clock);
  }
}
