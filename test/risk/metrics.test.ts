import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, cardPrecisionAtK, precisionRecallAt, rocAuc } from '../../src/risk/model/metrics.ts';

const close = (actual: number, expected: number, message?: string): void => {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message ?? ''} expected ${expected}, got ${actual}`);
};

// Hand-computed cases. The first two are scikit-learn's documented examples
// (roc_auc_score and average_precision_score docstrings).
const RANKING_CASES: ReadonlyArray<{ name: string; labels: number[]; scores: number[]; auc: number; ap: number }> = [
  { name: 'scikit-learn example', labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8], auc: 0.75, ap: 5 / 6 },
  { name: 'perfect ranking', labels: [0, 0, 1, 1], scores: [0.1, 0.2, 0.3, 0.4], auc: 1, ap: 1 },
  { name: 'reversed ranking', labels: [1, 1, 0, 0], scores: [0.1, 0.2, 0.3, 0.4], auc: 0, ap: 0.5 * (1 / 3) + 0.5 * (2 / 4) },
  // All tied: every positive/negative pair counts one half; one threshold with P = 2/4, R = 1.
  { name: 'all scores tied', labels: [0, 1, 0, 1], scores: [0.5, 0.5, 0.5, 0.5], auc: 0.5, ap: 0.5 },
  // Scores 0.9 (pos), 0.7 (pos, neg tied), 0.2 (neg): pairs (pos, neg) = 4:
  // 0.9>0.7, 0.9>0.2, 0.7=0.7 (½), 0.7>0.2 → 3.5 / 4. AP: thresholds 0.9 (R ½, P 1), 0.7 (R 1, P 2/3).
  { name: 'tie across classes', labels: [1, 1, 0, 0], scores: [0.9, 0.7, 0.7, 0.2], auc: 3.5 / 4, ap: 0.5 * 1 + 0.5 * (2 / 3) },
];

for (const c of RANKING_CASES) {
  test(`rocAuc: ${c.name} gives ${c.auc}`, () => close(rocAuc(c.scores, c.labels), c.auc));
  test(`averagePrecision: ${c.name} gives ${c.ap.toFixed(4)}`, () => close(averagePrecision(c.scores, c.labels), c.ap));
}

test('rocAuc and averagePrecision accept typed arrays and ignore row order', () => {
  const scores = Float64Array.from([0.8, 0.1, 0.35, 0.4]);
  const labels = Uint8Array.from([1, 0, 1, 0]);
  close(rocAuc(scores, labels), 0.75);
  close(averagePrecision(scores, labels), 5 / 6);
});

test('metrics are undefined (NaN) when a class is absent', () => {
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [0, 0])));
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
  assert.ok(Number.isNaN(averagePrecision([0.1, 0.2], [0, 0])));
});

test('metrics reject NaN scores, labels other than 0/1 and mismatched lengths', () => {
  assert.throws(() => rocAuc([0.1, Number.NaN], [0, 1]), /score 1 is NaN/);
  assert.throws(() => averagePrecision([0.1, 0.2], [0, 2]), /label 1 is 2/);
  assert.throws(() => rocAuc([0.1, 0.2, 0.3], [0, 1]), /labels has 2 entries but scores has 3/);
});

test('precisionRecallAt counts rows at or above the threshold as flagged', () => {
  const r = precisionRecallAt([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.35);
  assert.deepEqual(r, { precision: 2 / 3, recall: 1, flagged: 3, truePositives: 2 });
  assert.ok(Number.isNaN(precisionRecallAt([0.1], [1], 0.5).precision), 'nothing flagged has no precision');
});

// Two days, k = 2. Card scores are the max over the card's rows that day.
// Day 1: A max 0.9 (fraud on one row), B 0.8 (legit), C 0.3 (fraud) → top 2 = A, B → 1/2.
// Day 2: A 0.95 (fraud again), D 0.6 (fraud), B 0.5 → top 2 = A, D → 2/2.
//   With the handbook's protocol A, detected on day 1, leaves day 2: top 2 = D, B → 1/2.
const CARD_DAYS = {
  days: ['d1', 'd1', 'd1', 'd1', 'd2', 'd2', 'd2'],
  cards: ['A', 'A', 'B', 'C', 'A', 'D', 'B'],
  scores: [0.9, 0.2, 0.8, 0.3, 0.95, 0.6, 0.5],
  labels: [0, 1, 0, 1, 1, 1, 0],
};

test('cardPrecisionAtK ranks cards by their highest score of the day and averages over days', () => {
  close(cardPrecisionAtK(CARD_DAYS, 2), (1 / 2 + 2 / 2) / 2);
});

test('cardPrecisionAtK with removeDetectedCards drops cards caught on earlier days', () => {
  close(cardPrecisionAtK(CARD_DAYS, 2, { removeDetectedCards: true }), (1 / 2 + 1 / 2) / 2);
});

test('cardPrecisionAtK divides by k even when a day has fewer cards', () => {
  close(cardPrecisionAtK(CARD_DAYS, 10), (2 / 10 + 2 / 10) / 2);
});

test('cardPrecisionAtK takes days in ascending order whatever the row order', () => {
  const reversed = {
    days: [...CARD_DAYS.days].reverse(),
    cards: [...CARD_DAYS.cards].reverse(),
    scores: [...CARD_DAYS.scores].reverse(),
    labels: [...CARD_DAYS.labels].reverse(),
  };
  close(cardPrecisionAtK(reversed, 2, { removeDetectedCards: true }), 0.5);
});

test('cardPrecisionAtK rejects a k that is not a positive integer', () => {
  assert.throws(() => cardPrecisionAtK(CARD_DAYS, 0), /k must be a positive integer/);
});
