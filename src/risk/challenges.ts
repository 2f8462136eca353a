import type { Database } from '../db/database.ts';
import { newOneTimeCode, oneTimeCodeHash, oneTimeCodeMatches } from '../platform/one-time-code.ts';
import { newId } from '../platform/ids.ts';

/** The step-up one-time code of a payment the engine challenged. */
export const CHALLENGE_CODE_DIGITS = 6;
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;

export type ChallengeCheck = { result: 'passed' } | { result: 'invalid_code'; attemptsLeft: number } | { result: 'code_expired' | 'too_many_attempts' | 'no_challenge' };


/** Issues a code for `subjectId` (replacing earlier ones); returns the code to send. */
export async function issueChallenge(db: Database, subjectId: string, customerId: string, nowMs: number): Promise<string> {
  const code = newOneTimeCode(CHALLENGE_CODE_DIGITS);
  const id = newId('rch', nowMs);
  await db.query('INSERT INTO risk_challenges (id, subject_id, customer_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    subjectId,
    customerId,
    oneTimeCodeHash(id, code),
    new Date(nowMs + CHALLENGE_TTL_MS),
    new Date(nowMs),
  ]);
  return code;
}

/** Checks the newest code of `subjectId` for `customerId`; a right code is used up, a wrong one counted. */
export async function checkChallenge(db: Database, subjectId: string, customerId: string, code: string, nowMs: number): Promise<ChallengeCheck> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; code_hash: string; attempts: number; expires_at: Date; passed_at: Date | null }>(
      'SELECT id, code_hash, attempts, expires_at, passed_at FROM risk_challenges WHERE subject_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE',
      [subjectId, customerId],
    );
    const challenge = rows[0];
    if (challenge === undefined || challenge.passed_at !== null) return { result: 'no_challenge' };
    if (challenge.expires_at.getTime() <= nowMs) return { result: 'code_expired' };
    if (challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) return { result: 'too_many_attempts' };
    const matches = /^\d{6}$/.test(code) && oneTimeCodeMatches(challenge.id, code, challenge.code_hash);
    if (!matches) {
      await tx.query('UPDATE risk_challenges SET attempts = attempts + 1 WHERE id = $1', [challenge.id]);
      return { result: 'invalid_code', attemptsLeft: CHALLENGE_MAX_ATTEMPTS - challenge.attempts - 1 };
    }
    await tx.query('UPDATE risk_challenges SET passed_at = $2 WHERE id = $1', [challenge.id, new Date(nowMs)]);
    return { result: 'passed' };
  });
}
