import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes sent by SMS (sign-in, payment challenges): drawn uniformly,
 * stored only as a hash bound to their challenge's id, compared in constant time.
 */
export function newOneTimeCode(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export function oneTimeCodeHash(challengeId: string, code: string): string {
  return createHash('sha256').update(`${challengeId}:${code}`, 'utf8').digest('hex');
}

export function oneTimeCodeMatches(challengeId: string, code: string, storedHashHex: string): boolean {
  return timingSafeEqual(Buffer.from(storedHashHex, 'hex'), Buffer.from(oneTimeCodeHash(challengeId, code), 'hex'));
}
