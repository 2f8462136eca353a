import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';

/**
 * Sending text messages. A licensed deployment plugs in its SMS gateway behind
 * this interface; the sandbox records each message instead of sending it, so
 * that tests and the console can read one-time codes.
 */
export interface SmsProvider {
  send(phone: string, body: string): Promise<{ result: 'sent'; messageId: string } | { result: 'failed'; reason: string }>;
}

export interface SandboxSmsMessage {
  id: string;
  phone: string;
  body: string;
  createdAtMs: number;
}

/** Messages one listing returns at most. */
export const MAX_SANDBOX_MESSAGES = 100;

export class SandboxSms implements SmsProvider {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async send(phone: string, body: string): Promise<{ result: 'sent'; messageId: string }> {
    const id = newId('sms', this.clock.nowMs());
    await this.db.query('INSERT INTO notifications_sandbox_sms (id, phone, body, created_at) VALUES ($1, $2, $3, $4)', [id, phone, body, new Date(this.clock.nowMs())]);
    return { result: 'sent', messageId: id };
  }

  /** Newest first. */
  async messages(phone: string, limit: number = MAX_SANDBOX_MESSAGES): Promise<SandboxSmsMessage[]> {
    const { rows } = await this.db.query<{ id: string; phone: string; body: string; created_at: Date }>(
      'SELECT id, phone, body, created_at FROM notifications_sandbox_sms WHERE phone = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
      [phone, Math.min(limit, MAX_SANDBOX_MESSAGES)],
    );
    return rows.map((r) => ({ id: r.id, phone: r.phone, body: r.body, createdAtMs: r.created_at.getTime() }));
  }
}
