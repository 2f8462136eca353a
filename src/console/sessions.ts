import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId, randomToken } from '../platform/ids.ts';
import { toConsoleUser, userColumnsOf, type ConsoleUser, type UserRow } from './console-users.ts';

/**
 * Console sessions, carried by a cookie. A session lasts 12 hours at most and
 * ends after 30 minutes without use; each use slides the idle deadline. Only the
 * SHA-256 hash of a token is stored. The token reads `pgcs_…`, unlike API keys
 * (`sk_…`, `pk_…`) and consumer sessions (`cs_…`), so a leaked one is known for
 * what it is.
 */
export const CONSOLE_SESSION_TTL_MS = 12 * 3600_000;
export const CONSOLE_SESSION_IDLE_MS = 30 * 60_000;
/** A session's last use is written at most this often: a request need not write every time. */
export const CONSOLE_SESSION_TOUCH_INTERVAL_MS = 60_000;
/** Expired sessions deleted per sign-in: the purge rides on sign-ins and stays small. */
export const MAX_CONSOLE_SESSIONS_PURGED_PER_SIGN_IN = 100;
const TOKEN_PREFIX = 'pgcs_';
const TOKEN_BYTES = 32;
const MAX_TOKEN_CHARS = 200;

export interface ConsoleSession {
  sessionId: string;
  user: ConsoleUser;
  expiresAtMs: number;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function isConsoleSessionToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX) && token.length <= MAX_TOKEN_CHARS;
}

interface SessionRow extends UserRow {
  session_id: string;
  expires_at: Date;
  last_used_at: Date;
}

export class ConsoleSessions {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    assert(CONSOLE_SESSION_IDLE_MS > CONSOLE_SESSION_TOUCH_INTERVAL_MS, 'a session is touched well before it idles out');
  }

  /** Opens a session for a user who has just signed in, in the sign-in's transaction. */
  async openIn(tx: Queryable, userId: string, nowMs: number): Promise<{ sessionId: string; token: string; expiresAtMs: number }> {
    const token = `${TOKEN_PREFIX}${randomToken(TOKEN_BYTES)}`;
    const sessionId = newId('css', nowMs);
    const expiresAtMs = nowMs + CONSOLE_SESSION_TTL_MS;
    await tx.query('INSERT INTO console_sessions (id, token_hash, user_id, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)', [
      sessionId,
      sha256(token),
      userId,
      new Date(nowMs),
      new Date(expiresAtMs),
    ]);
    await tx.query('DELETE FROM console_sessions WHERE id IN (SELECT id FROM console_sessions WHERE expires_at < $1 LIMIT $2)', [new Date(nowMs), MAX_CONSOLE_SESSIONS_PURGED_PER_SIGN_IN]);
    return { sessionId, token, expiresAtMs };
  }

  /**
   * The live session of a token and its user, as the user is now (a role changed
   * since sign-in counts at once; a disabled user has no session), and slides the
   * idle deadline.
   */
  async authenticate(token: string): Promise<ConsoleSession | undefined> {
    if (!isConsoleSessionToken(token)) return undefined;
    const now = this.clock.nowMs();
    const { rows } = await this.db.query<SessionRow>(
      `SELECT s.id AS session_id, s.expires_at, s.last_used_at, ${userColumnsOf('u')}
       FROM console_sessions s JOIN console_users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_used_at > $3 AND NOT u.disabled`,
      [sha256(token), new Date(now), new Date(now - CONSOLE_SESSION_IDLE_MS)],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    if (now - row.last_used_at.getTime() >= CONSOLE_SESSION_TOUCH_INTERVAL_MS) {
      await this.db.query('UPDATE console_sessions SET last_used_at = $2 WHERE id = $1 AND last_used_at < $2', [row.session_id, new Date(now)]);
    }
    return { sessionId: row.session_id, user: toConsoleUser(row), expiresAtMs: row.expires_at.getTime() };
  }

  /** Ends every live session of a user, in `tx`, but `keepSessionId` (the one changing its own password). */
  async revokeAllIn(tx: Queryable, userId: string, nowMs: number, keepSessionId?: string): Promise<void> {
    await tx.query('UPDATE console_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND id <> $3', [userId, new Date(nowMs), keepSessionId ?? '']);
  }

  /** Ends a session (signing out); a second call changes nothing. */
  async revoke(sessionId: string): Promise<void> {
    await this.db.query('UPDATE console_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, new Date(this.clock.nowMs())]);
  }
}
