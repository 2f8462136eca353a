import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { BACKOFF_JITTER_RATIO, DEFAULT_RETRY_POLICY, backoffCeilingMs, minimumRetryWindowMs, retryDelayMs } from '../../src/jobs/index.ts';

const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };

test('the delay doubles after each failed attempt up to the cap', () => {
  const rows: [failedAttempt: number, ceilingMs: number][] = [
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 10_000],
    [6, 10_000],
    [1_000, 10_000],
  ];
  for (const [failedAttempt, ceilingMs] of rows) assert.equal(backoffCeilingMs(policy, failedAttempt), ceilingMs, `after attempt ${failedAttempt}`);
});

test('jitter takes at most a fifth off, never adds', () => {
  assert.equal(BACKOFF_JITTER_RATIO, 0.2);
  const rows: [random: number, delayMs: number][] = [
    [0, 4_000],
    [0.5, 3_600],
    [0.999_999, 3_200],
  ];
  for (const [random, delayMs] of rows) assert.equal(retryDelayMs(policy, 3, () => random), delayMs, `random ${random}`);
});

test('the minimum retry window sums the shortest possible delays', () => {
  // 800 + 1600 + 3200 + 6400 (four delays between five attempts).
  assert.equal(minimumRetryWindowMs(policy, 5), 12_000);
  assert.equal(minimumRetryWindowMs(policy, 1), 0);
  // The default: ten attempts from 1 s doubling span at least 0.8 × 511 s.
  assert.equal(minimumRetryWindowMs(DEFAULT_RETRY_POLICY, 10), 408_800);
});

test('attempt numbers start at 1', () => {
  assert.throws(() => backoffCeilingMs(policy, 0), assert.AssertionError);
});
