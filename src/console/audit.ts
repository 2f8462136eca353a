import { strict as assert } from 'node:assert';
import type { Database, Queryable } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { ConsoleRole } from './permissions.ts';

/**
 * The audit log: who did what through the console, and how it ended. Entries are
 * append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and never hold a
 * request's body, a password or a code: only the action, the route, its target,
 * the answer's status and the caller's address.
 */
export const MAX_AUDIT_ENTRIES_PER_PAGE = 100;
/** Bounds on what the caller controls (the URL, the typed email), so one request cannot bloat the log. */
export const MAX_AUDIT_ACTION_CHARS = 500;
export const MAX_AUDIT_TARGET_CHARS = 200;
const MAX_AUDIT_EMAIL_CHARS = 254;
const MAX_AUDIT_IP_CHARS = 64;

/** What signing in records; requests made with a session record `METHOD /path`. */
export const SIGN_IN_AUDIT_ACTIONS = ['sign_in.succeeded', 'sign_in.failed', 'sign_in.locked', 'sign_in.refused_locked'] as const;
export type SignInAuditAction = (typeof SIGN_IN_AUDIT_ACTIONS)[number];

export interface AuditActor {
  /** Null for a sign-in attempt on an email that names no user. */
  userId: string | null;
  email: string;
  role: ConsoleRole | null;
}

export interface NewAuditEntry {
  actor: AuditActor;
  /** `POST /v1/refunds`, or a sign-in action. */
  action: string;
  /** The route pattern, `/v1/risk/reviews/:id/approve`; null for a URL that matched no route. */
  route: string | null;
  /** The resource the route acted on (its `:id`), if any. */
  target: string | null;
  status: number;
  ip: string;
}

export interface AuditEntry extends NewAuditEntry {
  id: string;
  createdAtMs: number;
}

interface AuditRow {
  id: string;
  actor_user_id: string | null;
  actor_email: string;
  actor_role: ConsoleRole | null;
  action: string;
  route: string | null;
  target: string | null;
  status: number;
  ip: string;
  created_at: Date;
}

const COLUMNS = 'id, actor_user_id, actor_email, actor_role, action, route, target, status, ip, created_at';

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor: { userId: row.actor_user_id, email: row.actor_email, role: row.actor_role },
    action: row.action,
    route: row.route,
    target: row.target,
    status: row.status,
    ip: row.ip,
    createdAtMs: row.created_at.getTime(),
  };
}

export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Appends an entry, in the caller's transaction when one is given. */
  async record(entry: NewAuditEntry, db: Queryable = this.db): Promise<AuditEntry> {
    assert(Number.isInteger(entry.status) && entry.status >= 100 && entry.status <= 599, `an HTTP status (${entry.status})`);
    const now = this.clock.nowMs();
    const { rows } = await db.query<AuditRow>(
      `INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        newId('aud', now),
        entry.actor.userId,
        entry.actor.email.slice(0, MAX_AUDIT_EMAIL_CHARS),
        entry.actor.role,
        entry.action.slice(0, MAX_AUDIT_ACTION_CHARS),
        entry.route?.slice(0, MAX_AUDIT_ACTION_CHARS) ?? null,
        entry.target?.slice(0, MAX_AUDIT_TARGET_CHARS) ?? null,
        entry.status,
        entry.ip.slice(0, MAX_AUDIT_IP_CHARS),
        new Date(now),
      ],
    );
    const row = rows[0];
    assert(row !== undefined, 'INSERT … RETURNING answers the row');
    return toEntry(row);
  }

  /** Entries, newest first. */
  async list(page: { limit: number } & PageCursor): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= MAX_AUDIT_ENTRIES_PER_PAGE, `a page has 1 to ${MAX_AUDIT_ENTRIES_PER_PAGE} entries`);
    const found = await keysetPage<AuditRow>(this.db, { table: 'audit_log', columns: COLUMNS }, page.limit, page);
    return { entries: found.rows.map(toEntry), hasMore: found.hasMore };
  }
}
