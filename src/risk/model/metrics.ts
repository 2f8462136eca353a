/**
 * Ranking metrics for fraud scores: ROC AUC, average precision, card precision@k, and
 * precision/recall at a threshold.
 *
 * ROC AUC and average precision follow scikit-learn (`roc_auc_score`,
 * `average_precision_score`) so that figures compare with the Fraud Detection Handbook's
 * published baselines, which were computed with it. Card precision@k follows the handbook's
 * `card_precision_top_k` (chapter 4, "Precision top-k metrics").
 */

/** Rows a metric accepts: enough for a year of card traffic in memory, bounded so a mistake fails loudly. */
export const MAX_METRIC_ROWS = 50_000_000;

type Label = number;

/**
 * ROC AUC: the probability that a random fraud scores above a random legitimate row, with
 * ties counted as one half. Computed from average ranks (Mann–Whitney U), so tied scores
 * are handled exactly. Returns NaN when the labels hold only one class, as the AUC is
 * undefined there.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  assertScoresAndLabels(scores, labels);
  const order = descendingOrder(scores);
  const n = order.length;
  let positives = 0;
  let positiveRankSum = 0;
  // Walk from the highest score down; rank 1 is the lowest score, so a row at position i
  // (0-based, descending) in a group [start, end) has the group's average rank.
  let start = 0;
  while (start < n) {
    const end = endOfTiedGroup(order, scores, start);
    const averageRank = n - (start + end - 1) / 2;
    for (let i = start; i < end; i += 1) {
      if (labels[order[i]!] === 1) {
        positives += 1;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Average precision as scikit-learn defines it: AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct
 * score thresholds from the highest down, where rows with equal scores enter together
 * (no interpolation). Returns NaN when there is no fraud, as recall is undefined there.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  assertScoresAndLabels(scores, labels);
  const order = descendingOrder(scores);
  const positives = countPositives(labels);
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  let start = 0;
  while (start < order.length) {
    const end = endOfTiedGroup(order, scores, start);
    for (let i = start; i < end; i += 1) if (labels[order[i]!] === 1) truePositives += 1;
    seen += end - start;
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    start = end;
  }
  return sum;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  /** Rows with a score at or above the threshold. */
  flagged: number;
  truePositives: number;
}

/**
 * Precision and recall when every row scoring at or above `threshold` is flagged. Precision
 * is NaN when nothing is flagged and recall is NaN when there is no fraud, rather than a
 * made-up 0 or 1.
 */
export function precisionRecallAt(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number): PrecisionRecall {
  assertScoresAndLabels(scores, labels);
  let flagged = 0;
  let truePositives = 0;
  for (let i = 0; i < scores.length; i += 1) {
    if (scores[i]! < threshold) continue;
    flagged += 1;
    if (labels[i] === 1) truePositives += 1;
  }
  const positives = countPositives(labels);
  return {
    precision: flagged === 0 ? Number.NaN : truePositives / flagged,
    recall: positives === 0 ? Number.NaN : truePositives / positives,
    flagged,
    truePositives,
  };
}

export interface CardDayRows {
  /** The calendar day of each row, e.g. `2018-08-08`; days are taken in ascending order. */
  days: ArrayLike<string | number>;
  /** The card (customer) of each row. */
  cards: ArrayLike<string | number>;
  scores: ArrayLike<number>;
  labels: ArrayLike<Label>;
}

export interface CardPrecisionOptions {
  /**
   * The handbook's protocol (its default, and the one behind its published figures): a card
   * found fraudulent in one day's top k is taken out of the following days, because an
   * investigator would already have blocked it. Off by default, which gives the plain
   * per-day definition in the risk notes.
   */
  removeDetectedCards?: boolean;
}

/**
 * Card precision@k: for each day, rank the cards by their highest transaction score that
 * day, take the top k, count the cards that had any fraud that day, divide by k; then
 * average over the days. Dividing by k even when a day has fewer than k cards matches the
 * handbook: an investigator has k checks a day whether or not they are needed.
 */
export function cardPrecisionAtK(rows: CardDayRows, k = 100, options: CardPrecisionOptions = {}): number {
  assertScoresAndLabels(rows.scores, rows.labels);
  assertSameLength(rows.days.length, rows.scores.length, 'days');
  assertSameLength(rows.cards.length, rows.scores.length, 'cards');
  if (!Number.isInteger(k) || k < 1) throw new Error(`cardPrecisionAtK: k must be a positive integer, got ${k}`);
  const rowsByDay = groupRowsByDay(rows.days);
  const detected = new Set<string | number>();
  let precisionSum = 0;
  for (const day of sortedDays(rowsByDay)) {
    const cardsOfDay = cardScoresOfDay(rows, rowsByDay.get(day)!, detected);
    const top = topCards(cardsOfDay, k);
    let fraudulentCards = 0;
    for (const [card, summary] of top) {
      if (!summary.fraud) continue;
      fraudulentCards += 1;
      if (options.removeDetectedCards === true) detected.add(card);
    }
    precisionSum += fraudulentCards / k;
  }
  return rowsByDay.size === 0 ? Number.NaN : precisionSum / rowsByDay.size;
}

interface CardDaySummary {
  maxScore: number;
  fraud: boolean;
}

function groupRowsByDay(days: ArrayLike<string | number>): Map<string | number, number[]> {
  const byDay = new Map<string | number, number[]>();
  for (let i = 0; i < days.length; i += 1) {
    const day = days[i]!;
    const list = byDay.get(day);
    if (list === undefined) byDay.set(day, [i]);
    else list.push(i);
  }
  return byDay;
}

function sortedDays(byDay: Map<string | number, number[]>): Array<string | number> {
  return [...byDay.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Each card's highest score and whether it had fraud on one day, leaving out cards already detected. */
function cardScoresOfDay(rows: CardDayRows, rowIndexes: readonly number[], detected: ReadonlySet<string | number>): Map<string | number, CardDaySummary> {
  const byCard = new Map<string | number, CardDaySummary>();
  for (const i of rowIndexes) {
    const card = rows.cards[i]!;
    if (detected.has(card)) continue;
    const score = rows.scores[i]!;
    const fraud = rows.labels[i] === 1;
    const summary = byCard.get(card);
    if (summary === undefined) {
      byCard.set(card, { maxScore: score, fraud });
    } else {
      if (score > summary.maxScore) summary.maxScore = score;
      if (fraud) summary.fraud = true;
    }
  }
  return byCard;
}

/** The k cards with the highest score; equal scores keep the order in which cards first appeared (a stable sort). */
function topCards(byCard: Map<string | number, CardDaySummary>, k: number): Array<[string | number, CardDaySummary]> {
  return [...byCard.entries()].sort((a, b) => b[1].maxScore - a[1].maxScore).slice(0, k);
}

/** Row indexes ordered by descending score. */
function descendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]!);
}

/** The end (exclusive) of the run of rows, starting at `start`, that share one score. */
function endOfTiedGroup(order: Uint32Array, scores: ArrayLike<number>, start: number): number {
  const score = scores[order[start]!]!;
  let end = start + 1;
  while (end < order.length && scores[order[end]!] === score) end += 1;
  return end;
}

function countPositives(labels: ArrayLike<Label>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i += 1) if (labels[i] === 1) positives += 1;
  return positives;
}

function assertScoresAndLabels(scores: ArrayLike<number>, labels: ArrayLike<Label>): void {
  assertSameLength(labels.length, scores.length, 'labels');
  if (scores.length > MAX_METRIC_ROWS) throw new Error(`metrics: ${scores.length} rows exceed the limit of ${MAX_METRIC_ROWS}`);
  for (let i = 0; i < scores.length; i += 1) {
    // A NaN score would make the sort order undefined and every metric meaningless.
    if (Number.isNaN(scores[i])) throw new Error(`metrics: score ${i} is NaN`);
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new Error(`metrics: label ${i} is ${String(label)}, expected 0 or 1`);
  }
}

function assertSameLength(actual: number, expected: number, name: string): void {
  if (actual !== expected) throw new Error(`metrics: ${name} has ${actual} entries but scores has ${expected}`);
}
