import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';
import type { SmsProvider } from '../notifications/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { OneTimeCodes, OtpRequestResult, OtpVerifyResult } from './otp.ts';

/**
 * Account protection for consumer sign-in (issue 5, "Account protection").
 *
 * Every sign-in already needs a one-time code sent by SMS, so a new device or
 * network never gets in without one; this module adds what the code alone does
 * not give:
 * - failed codes are counted per phone, across codes: SIGN_IN_MAX_FAILURES within
 *   SIGN_IN_FAILURE_WINDOW_MS lock the phone's sign-in for SIGN_IN_LOCK_MS, and the
 *   consumer is told by SMS;
 * - each customer's devices (SHA-256 of the device id, never the id) and IP
 *   networks (/24, /48: no GeoIP database is available) are remembered, and a
 *   sign-in from one the customer has not used before is flagged and announced
 *   by SMS;
 * - every attempt that was answered is kept as the customer's sign-in history.
 *
 * A phone's attempts are serialized on its row in identity_sign_in_guards, so
 * that racing wrong codes all count and exactly one of them locks.
 */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_FAILURE_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_LOCK_MS = 30 * 60_000;
/** History is kept this long; it must outlive the failure window, which counts from it. */
export const SIGN_IN_HISTORY_RETENTION_MS = 90 * 24 * 3600_000;
/** Old history rows deleted per attempt: the purge rides on the phone's own attempts and stays small. */
export const MAX_SIGN_INS_PURGED_PER_ATTEMPT = 100;
/** Devices and networks remembered per customer; the least recently used are forgotten first. */
export const MAX_KNOWN_DEVICES_PER_CUSTOMER = 50;
export const MAX_KNOWN_NETWORKS_PER_CUSTOMER = 50;
/** The longest X-Device-Id accepted. */
export const MAX_DEVICE_ID_CHARS = 200;
export const MAX_SIGN_INS_PER_PAGE = 100;
/** The network of an address that is neither IPv4 nor IPv6 (never expected from a socket). */
export const UNKNOWN_NETWORK = 'unknown';

export const SIGN_IN_OUTCOMES = ['succeeded', 'failed', 'locked'] as const;
/** `locked`: a failed attempt that was the last one allowed and locked the phone's sign-in. */
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** Where an attempt came from, as stored: never the raw device id. */
export interface SignInDevice {
  deviceKeyHash: string;
  network: string;
}

export interface SignIn {
  id: string;
  customerId: string | null;
  outcome: SignInOutcome;
  newDevice: boolean;
  newNetwork: boolean;
  network: string;
  createdAtMs: number;
}

export interface SignInLocked {
  result: 'account_locked';
  lockedUntilMs: number;
  retryAfterSeconds: number;
}
export type GuardedOtpRequestResult = OtpRequestResult | SignInLocked;
export type GuardedVerifyResult = { result: 'ok' } | { result: Exclude<OtpVerifyResult['result'], 'ok'>; failuresLeft: number } | SignInLocked;

const DEVICE_KEY_DOMAIN = 'paygrid.sign_in_device.v1';
const SIGN_IN_COLUMNS = 'id, customer_id, outcome, new_device, new_network, network, created_at';
const LOCKED_SMS = `【Paygrid】验证码连续错误 ${SIGN_IN_MAX_FAILURES} 次，您的账户登录已锁定 ${SIGN_IN_LOCK_MS / 60_000} 分钟。如非本人操作，请勿向任何人透露验证码。 Your Paygrid sign-in is locked for ${SIGN_IN_LOCK_MS / 60_000} minutes after ${SIGN_IN_MAX_FAILURES} wrong codes. If this was not you, never share your codes.`;

interface SignInRow {
  id: string;
  customer_id: string | null;
  outcome: SignInOutcome;
  new_device: boolean;
  new_network: boolean;
  network: string;
  created_at: Date;
}

interface Guard {
  lockedUntilMs: number | null;
  epoch: bigint;
}

/**
 * The stored key of a device: SHA-256 of the client's X-Device-Id, or of its
 * User-Agent when it sends none (weaker: every browser of one version looks
 * alike, but a switch of browser or phone still shows).
 */
export function deviceKeyHash(source: { deviceId: string | undefined; userAgent: string | undefined }): string {
  const key = source.deviceId !== undefined ? `device_id:${source.deviceId}` : `user_agent:${source.userAgent ?? ''}`;
  return createHash('sha256').update(`${DEVICE_KEY_DOMAIN}:${key}`, 'utf8').digest('hex');
}

/** An address's network, the stand-in for "location": a.b.c.0/24 for IPv4, x:y:z::/48 for IPv6 (IPv4-mapped IPv6 counts as IPv4). */
export function networkOf(ip: string): string {
  const address = ip.split('%')[0] ?? '';
  if (isIPv4(address)) return ipv4Network(address.split('.').map(Number));
  if (!isIPv6(address)) return UNKNOWN_NETWORK;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return ipv4Network([(groups[6] ?? 0) >> 8, (groups[6] ?? 0) & 0xff, (groups[7] ?? 0) >> 8]);
  return `${canonicalIpv6([...groups.slice(0, 3), 0, 0, 0, 0, 0])}/48`;
}

export function signInDeviceOf(source: { deviceId: string | undefined; userAgent: string | undefined; ip: string }): SignInDevice {
  return { deviceKeyHash: deviceKeyHash(source), network: networkOf(source.ip) };
}

function ipv4Network(octets: readonly number[]): string {
  return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
}

/** The eight 16-bit groups of a valid IPv6 address; the URL parser does the parsing (and writes dotted tails as groups). */
function ipv6Groups(address: string): number[] {
  const canonical = canonicalIpv6Text(address);
  const [head = '', tail] = canonical.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
  assert(groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff), `an IPv6 address has eight groups: ${address}`);
  return groups;
}

function canonicalIpv6(groups: readonly number[]): string {
  return canonicalIpv6Text(groups.map((g) => g.toString(16)).join(':'));
}

/** RFC 5952 text (lower case, longest zero run as ::), as the WHATWG URL parser writes it. */
function canonicalIpv6Text(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

function lockedResult(lockedUntilMs: number, nowMs: number): SignInLocked {
  return { result: 'account_locked', lockedUntilMs, retryAfterSeconds: Math.max(1, Math.ceil((lockedUntilMs - nowMs) / 1000)) };
}

function newDeviceSms(network: string): string {
  return `【Paygrid】新设备登录提醒：您的账户刚刚在新的设备或网络（${network}）登录。如非本人操作，请立即联系客服并修改支付密码。 New sign-in to your Paygrid account from a new device or network (${network}). If this was not you, contact support and change your payment password now.`;
}

function toSignIn(row: SignInRow): SignIn {
  return { id: row.id, customerId: row.customer_id, outcome: row.outcome, newDevice: row.new_device, newNetwork: row.new_network, network: row.network, createdAtMs: row.created_at.getTime() };
}

/** The phone's guard row, created if missing and locked for the rest of the transaction. */
async function lockGuard(tx: Transaction, phone: string, nowMs: number): Promise<Guard> {
  await tx.query('INSERT INTO identity_sign_in_guards (phone, updated_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [phone, new Date(nowMs)]);
  const { rows } = await tx.query<{ locked_until: Date | null; epoch: bigint }>('SELECT locked_until, epoch FROM identity_sign_in_guards WHERE phone = $1 FOR UPDATE', [phone]);
  const row = rows[0];
  assert(row !== undefined, `the sign-in guard of ${phone} exists`);
  return { lockedUntilMs: row.locked_until?.getTime() ?? null, epoch: BigInt(row.epoch) };
}

/** Starts a new count of failures and sets (or clears) the lock. */
async function resetGuard(tx: Transaction, phone: string, lockedUntilMs: number | null, nowMs: number): Promise<void> {
  await tx.query('UPDATE identity_sign_in_guards SET locked_until = $2, epoch = epoch + 1, updated_at = $3 WHERE phone = $1', [
    phone,
    lockedUntilMs === null ? null : new Date(lockedUntilMs),
    new Date(nowMs),
  ]);
}

/** Whether the device and network are new to the customer, and whether the customer has any history to compare with. */
async function novelty(db: Queryable, customerId: string | undefined, device: SignInDevice): Promise<{ newDevice: boolean; newNetwork: boolean; hasBaseline: boolean }> {
  if (customerId === undefined) return { newDevice: true, newNetwork: true, hasBaseline: false };
  const { rows } = await db.query<{ known_device: boolean; known_network: boolean; any_device: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM identity_known_devices WHERE customer_id = $1 AND device_key_hash = $2) AS known_device,
            EXISTS (SELECT 1 FROM identity_known_networks WHERE customer_id = $1 AND network = $3) AS known_network,
            EXISTS (SELECT 1 FROM identity_known_devices WHERE customer_id = $1) AS any_device`,
    [customerId, device.deviceKeyHash, device.network],
  );
  const row = rows[0];
  assert(row !== undefined, 'EXISTS answers one row');
  return { newDevice: !row.known_device, newNetwork: !row.known_network, hasBaseline: row.any_device };
}

/** Remembers the device and network as the customer's, forgetting the least recently used beyond the limits. */
async function remember(tx: Transaction, customerId: string, device: SignInDevice, nowMs: number): Promise<void> {
  const now = new Date(nowMs);
  await tx.query(
    `INSERT INTO identity_known_devices (customer_id, device_key_hash, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (customer_id, device_key_hash) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
    [customerId, device.deviceKeyHash, now],
  );
  await tx.query(
    `INSERT INTO identity_known_networks (customer_id, network, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (customer_id, network) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
    [customerId, device.network, now],
  );
  await tx.query(
    `DELETE FROM identity_known_devices WHERE customer_id = $1 AND device_key_hash NOT IN
       (SELECT device_key_hash FROM identity_known_devices WHERE customer_id = $1 ORDER BY last_seen_at DESC, device_key_hash LIMIT $2)`,
    [customerId, MAX_KNOWN_DEVICES_PER_CUSTOMER],
  );
  await tx.query(
    `DELETE FROM identity_known_networks WHERE customer_id = $1 AND network NOT IN
       (SELECT network FROM identity_known_networks WHERE customer_id = $1 ORDER BY last_seen_at DESC, network LIMIT $2)`,
    [customerId, MAX_KNOWN_NETWORKS_PER_CUSTOMER],
  );
}

/** Failures counted toward the lock: this epoch's, within the window. The guard row is locked, so the count is exact. */
async function failuresCounted(tx: Transaction, phone: string, epoch: bigint, nowMs: number): Promise<number> {
  const { rows } = await tx.query<{ failures: bigint }>(
    "SELECT count(*) AS failures FROM identity_sign_ins WHERE phone = $1 AND guard_epoch = $2 AND outcome = 'failed' AND created_at > $3",
    [phone, epoch, new Date(nowMs - SIGN_IN_FAILURE_WINDOW_MS)],
  );
  return Number(rows[0]?.failures ?? 0n);
}

interface NewSignIn {
  phone: string;
  customerId: string | undefined;
  outcome: SignInOutcome;
  epoch: bigint;
  device: SignInDevice;
  newDevice: boolean;
  newNetwork: boolean;
}

/** Records one attempt, and deletes a few of the phone's rows past their retention. */
async function insertSignIn(tx: Transaction, input: NewSignIn, nowMs: number): Promise<SignIn> {
  const { rows } = await tx.query<SignInRow>(
    `INSERT INTO identity_sign_ins (id, phone, customer_id, outcome, guard_epoch, device_key_hash, network, new_device, new_network, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${SIGN_IN_COLUMNS}`,
    [newId('sgn', nowMs), input.phone, input.customerId ?? null, input.outcome, input.epoch, input.device.deviceKeyHash, input.device.network, input.newDevice, input.newNetwork, new Date(nowMs)],
  );
  await tx.query('DELETE FROM identity_sign_ins WHERE id IN (SELECT id FROM identity_sign_ins WHERE phone = $1 AND created_at < $2 LIMIT $3)', [
    input.phone,
    new Date(nowMs - SIGN_IN_HISTORY_RETENTION_MS),
    MAX_SIGN_INS_PURGED_PER_ATTEMPT,
  ]);
  const row = rows[0];
  assert(row !== undefined, 'INSERT … RETURNING answers the row');
  return toSignIn(row);
}

export class AccountProtection {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly codes: OneTimeCodes,
    private readonly sms: SmsProvider,
  ) {
    assert(SIGN_IN_HISTORY_RETENTION_MS > SIGN_IN_FAILURE_WINDOW_MS, 'history outlives the failure window it counts');
  }

  /** The lock on a phone's sign-in, if it is locked now. */
  async lockOf(phone: string): Promise<SignInLocked | undefined> {
    const now = this.clock.nowMs();
    const { rows } = await this.db.query<{ locked_until: Date | null }>('SELECT locked_until FROM identity_sign_in_guards WHERE phone = $1', [phone]);
    const lockedUntilMs = rows[0]?.locked_until?.getTime();
    return lockedUntilMs !== undefined && lockedUntilMs > now ? lockedResult(lockedUntilMs, now) : undefined;
  }

  /**
   * Sends a sign-in code unless the phone is locked. A lock that starts just
   * after this check is harmless: verifyCode checks again under the phone's lock.
   */
  async requestCode(phone: string): Promise<GuardedOtpRequestResult> {
    const locked = await this.lockOf(phone);
    return locked ?? this.codes.request(phone);
  }

  /**
   * Checks a code under the phone's guard row: while the phone is locked nothing
   * is checked or recorded; a failure is recorded and counted, and the last one
   * allowed locks the phone and tells the consumer. A success starts a new count;
   * the caller then records it with recordSuccess once it knows the customer.
   * `customerId` is the phone's customer if it has one, so that its history shows failures.
   */
  async verifyCode(phone: string, code: string, attempt: { customerId: string | undefined; device: SignInDevice }): Promise<GuardedVerifyResult> {
    const now = this.clock.nowMs();
    const verified = await this.db.transaction(async (tx): Promise<{ answer: GuardedVerifyResult; justLocked: boolean }> => {
      const guard = await lockGuard(tx, phone, now);
      if (guard.lockedUntilMs !== null && guard.lockedUntilMs > now) return { answer: lockedResult(guard.lockedUntilMs, now), justLocked: false };
      const checked = await this.codes.verifyIn(tx, phone, code);
      if (checked.result === 'ok') {
        await resetGuard(tx, phone, null, now);
        return { answer: { result: 'ok' }, justLocked: false };
      }
      const failures = (await failuresCounted(tx, phone, guard.epoch, now)) + 1;
      assert(failures >= 1 && failures <= SIGN_IN_MAX_FAILURES, `a phone's count stops at the lock (${failures})`);
      const locks = failures === SIGN_IN_MAX_FAILURES;
      const { newDevice, newNetwork } = await novelty(tx, attempt.customerId, attempt.device);
      await insertSignIn(tx, { phone, customerId: attempt.customerId, outcome: locks ? 'locked' : 'failed', epoch: guard.epoch, device: attempt.device, newDevice, newNetwork }, now);
      if (!locks) return { answer: { result: checked.result, failuresLeft: SIGN_IN_MAX_FAILURES - failures }, justLocked: false };
      await resetGuard(tx, phone, now + SIGN_IN_LOCK_MS, now);
      return { answer: lockedResult(now + SIGN_IN_LOCK_MS, now), justLocked: true };
    });
    // Told after the commit (nothing remote inside a transaction), by the one attempt that locked.
    if (verified.justLocked) await this.notify(phone, LOCKED_SMS);
    return verified.answer;
  }

  /**
   * Records a successful sign-in of `customerId` (after verifyCode answered ok),
   * remembers its device and network, and sends a security SMS when either is
   * new to a customer who has signed in before. A customer's first sign-in
   * only sets the baseline: it is flagged new but not announced.
   */
  async recordSuccess(phone: string, customerId: string, device: SignInDevice): Promise<{ signIn: SignIn; notified: boolean }> {
    const now = this.clock.nowMs();
    const recorded = await this.db.transaction(async (tx) => {
      // The guard row serializes the phone's sign-ins, so that two racing sign-ins from one new device announce it once.
      const guard = await lockGuard(tx, phone, now);
      const seen = await novelty(tx, customerId, device);
      await remember(tx, customerId, device, now);
      const signIn = await insertSignIn(tx, { phone, customerId, outcome: 'succeeded', epoch: guard.epoch, device, newDevice: seen.newDevice, newNetwork: seen.newNetwork }, now);
      return { signIn, announce: seen.hasBaseline && (seen.newDevice || seen.newNetwork) };
    });
    const notified = recorded.announce ? await this.notify(phone, newDeviceSms(device.network)) : false;
    return { signIn: recorded.signIn, notified };
  }

  /** Clears a phone's lock early (an operator's decision) and starts a new count of failures. */
  async unlock(phone: string): Promise<{ wasLocked: boolean }> {
    const now = this.clock.nowMs();
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM identity_sign_in_guards WHERE phone = $1 FOR UPDATE', [phone]);
      const row = rows[0];
      if (row === undefined) return { wasLocked: false };
      await resetGuard(tx, phone, null, now);
      return { wasLocked: row.locked_until !== null && row.locked_until.getTime() > now };
    });
  }

  /** The customer's sign-ins and failed attempts, newest first. */
  async history(customerId: string, page: { limit: number } & PageCursor): Promise<{ signIns: SignIn[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= MAX_SIGN_INS_PER_PAGE, `a page has 1 to ${MAX_SIGN_INS_PER_PAGE} sign-ins`);
    const found = await keysetPage<SignInRow>(this.db, { table: 'identity_sign_ins', columns: SIGN_IN_COLUMNS, scope: { column: 'customer_id', value: customerId } }, page.limit, page);
    return { signIns: found.rows.map(toSignIn), hasMore: found.hasMore };
  }

  /**
   * Security notices are best effort: the sign-in or lock they announce has
   * been committed and stands whether or not the gateway takes the message.
   */
  private async notify(phone: string, body: string): Promise<boolean> {
    try {
      return (await this.sms.send(phone, body)).result === 'sent';
    } catch {
      return false;
    }
  }
}
