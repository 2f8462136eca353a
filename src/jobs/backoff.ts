import { strict as assert } from 'node:assert';
import type { RetryPolicy } from './types.ts';

/**
 * Each delay is shortened by up to this share at random, so that jobs which
 * failed together (a receiver was down) do not all come back in the same
 * instant. Jitter only shortens, so a policy's longest delay stays its cap and
 * its shortest total stays computable (minimumRetryWindowMs).
 */
export const BACKOFF_JITTER_RATIO = 0.2;
/** 2^30 times any base delay is past every cap; stop doubling there to stay finite. */
const MAX_BACKOFF_EXPONENT = 30;

export function validateRetryPolicy(policy: RetryPolicy): void {
  assert(Number.isSafeInteger(policy.baseDelayMs) && policy.baseDelayMs > 0, 'retry baseDelayMs is a positive whole number of ms');
  assert(Number.isSafeInteger(policy.maxDelayMs) && policy.maxDelayMs >= policy.baseDelayMs, 'retry maxDelayMs is at least baseDelayMs');
}

/** The delay before the attempt after failed attempt number `failedAttempt` (1-based), before jitter. */
export function backoffCeilingMs(policy: RetryPolicy, failedAttempt: number): number {
  assert(Number.isSafeInteger(failedAttempt) && failedAttempt >= 1, 'attempts count from 1');
  const exponent = Math.min(failedAttempt - 1, MAX_BACKOFF_EXPONENT);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/** The delay with jitter; `random` returns a number in [0, 1) as Math.random does. */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const ceilingMs = backoffCeilingMs(policy, failedAttempt);
  const share = Math.min(1, Math.max(0, random()));
  return Math.round(ceilingMs * (1 - BACKOFF_JITTER_RATIO * share));
}

/**
 * The shortest time from the first attempt to the last one, whatever the
 * jitter: how long a job with `maxAttempts` attempts keeps trying at least.
 */
export function minimumRetryWindowMs(policy: RetryPolicy, maxAttempts: number): number {
  let totalMs = 0;
  for (let failed = 1; failed < maxAttempts; failed += 1) {
    totalMs += Math.floor(backoffCeilingMs(policy, failed) * (1 - BACKOFF_JITTER_RATIO));
  }
  return totalMs;
}
