import { createHash } from 'node:crypto';
import type { Database, Transaction } from '../db/database.ts';
import type { SmsProvider } from '../notifications/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newOneTimeCode, oneTimeCodeHash, oneTimeCodeMatches } from '../platform/one-time-code.ts';
import { newId, randomToken } from '../platform/ids.ts';

/**
 * Sign-in with a phone number and a one-time code, and the sessions it opens.
 * Codes and session tokens are stored as hashes only.
 */
export const OTP_DIGITS = 6;
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
/** One code a minute, ten a day, per phone: SMS costs money and is a spam vector. */
export const OTP_RESEND_INTERVAL_MS = 60_000;
export const OTP_MAX_PER_DAY = 10;
export const SESSION_TTL_MS = 30 * 24 * 3600_000;
const SESSION_TOKEN_PREFIX = 'cs_';
const SESSION_TOKEN_BYTES = 32;
const DAY_MS = 24 * 3600_000;

export type OtpRequestResult = { result: 'sent'; expiresInSeconds: number } | { result: 'too_many_requests'; retryAfterSeconds: number } | { result: 'sms_failed' };
export type OtpVerifyResult = { result: 'ok' } | { result: 'invalid_code' | 'code_expired' | 'too_many_attempts' };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class OneTimeCodes {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sms: SmsProvider,
  ) {}

  async request(phone: string): Promise<OtpRequestResult> {
    const now = this.clock.nowMs();
    const { rows } = await this.db.query<{ sent_today: bigint; last_at: Date | null }>(
      'SELECT count(*) AS sent_today, max(created_at) AS last_at FROM identity_otp_challenges WHERE phone = $1 AND created_at > $2',
      [phone, new Date(now - DAY_MS)],
    );
    const lastAtMs = rows[0]?.last_at?.getTime();
    if (lastAtMs !== undefined && now - lastAtMs < OTP_RESEND_INTERVAL_MS) return { result: 'too_many_requests', retryAfterSeconds: Math.ceil((lastAtMs + OTP_RESEND_INTERVAL_MS - now) / 1000) };
    if ((rows[0]?.sent_today ?? 0n) >= BigInt(OTP_MAX_PER_DAY)) return { result: 'too_many_requests', retryAfterSeconds: Math.ceil(DAY_MS / 1000) };
    const code = newOneTimeCode(OTP_DIGITS);
    const id = newId('otp', now);
    await this.db.query('INSERT INTO identity_otp_challenges (id, phone, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [
      id,
      phone,
      oneTimeCodeHash(id, code),
      new Date(now + OTP_TTL_MS),
      new Date(now),
    ]);
    // Sent after the code is stored: a code that was sent always exists.
    const sent = await this.sms.send(phone, `【Paygrid】验证码 ${code}，${OTP_TTL_MS / 60_000} 分钟内有效，请勿告诉他人。 Your Paygrid code is ${code}.`);
    return sent.result === 'sent' ? { result: 'sent', expiresInSeconds: OTP_TTL_MS / 1000 } : { result: 'sms_failed' };
  }

  /** Checks the newest code sent to `phone`; a right code is used up, a wrong one counts against it. */
  async verify(phone: string, code: string): Promise<OtpVerifyResult> {
    return this.db.transaction((tx) => this.verifyIn(tx, phone, code));
  }

  /**
   * The same check inside the caller's transaction, so that account protection
   * can count the failure under the lock it holds on the phone.
   */
  async verifyIn(tx: Transaction, phone: string, code: string): Promise<OtpVerifyResult> {
    const now = this.clock.nowMs();
    const { rows } = await tx.query<{ id: string; code_hash: string; attempts: number; expires_at: Date }>(
      `SELECT id, code_hash, attempts, expires_at FROM identity_otp_challenges
       WHERE phone = $1 AND consumed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`,
      [phone],
    );
    const challenge = rows[0];
    if (challenge === undefined) return { result: 'invalid_code' };
    if (challenge.expires_at.getTime() <= now) return { result: 'code_expired' };
    if (challenge.attempts >= OTP_MAX_ATTEMPTS) return { result: 'too_many_attempts' };
    if (!oneTimeCodeMatches(challenge.id, code, challenge.code_hash)) {
      await tx.query('UPDATE identity_otp_challenges SET attempts = attempts + 1 WHERE id = $1', [challenge.id]);
      return { result: 'invalid_code' };
    }
    await tx.query('UPDATE identity_otp_challenges SET consumed_at = $2 WHERE id = $1', [challenge.id, new Date(now)]);
    return { result: 'ok' };
  }
}

export class Sessions {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens a session; `device` is where the sign-in came from (account-protection.ts),
   * kept so that other modules can weigh a request by the device and network it
   * signed in from. Only the device key's hash and the IP network are stored.
   */
  async open(customerId: string, device?: { deviceKeyHash: string; network: string }): Promise<{ token: string; expiresAtMs: number }> {
    const now = this.clock.nowMs();
    const token = `${SESSION_TOKEN_PREFIX}${randomToken(SESSION_TOKEN_BYTES)}`;
    const expiresAtMs = now + SESSION_TTL_MS;
    await this.db.query(
      'INSERT INTO identity_sessions (id, token_hash, customer_id, expires_at, created_at, device_key_hash, network) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [newId('sess', now), sha256(token), customerId, new Date(expiresAtMs), new Date(now), device?.deviceKeyHash ?? null, device?.network ?? null],
    );
    return { token, expiresAtMs };
  }

  isSessionToken(token: string): boolean {
    return token.startsWith(SESSION_TOKEN_PREFIX);
  }

  /** The live session of a token; `deviceKeyHash` and `network` are null for sessions opened before they were recorded. */
  async authenticate(token: string): Promise<{ sessionId: string; customerId: string; deviceKeyHash: string | null; network: string | null } | undefined> {
    const { rows } = await this.db.query<{ id: string; customer_id: string; device_key_hash: string | null; network: string | null }>(
      'SELECT id, customer_id, device_key_hash, network FROM identity_sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2',
      [sha256(token), new Date(this.clock.nowMs())],
    );
    const row = rows[0];
    return row === undefined ? undefined : { sessionId: row.id, customerId: row.customer_id, deviceKeyHash: row.device_key_hash, network: row.network };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.query('UPDATE identity_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, new Date(this.clock.nowMs())]);
  }

  /** Ends every live session of a customer (the operator blocked them); returns how many. */
  async revokeAllFor(customerId: string): Promise<number> {
    const { rowCount } = await this.db.query('UPDATE identity_sessions SET revoked_at = $2 WHERE customer_id = $1 AND revoked_at IS NULL', [customerId, new Date(this.clock.nowMs())]);
    return rowCount;
  }
}
