import type { Database } from '../db/database.ts';
import { decisionsBetween, type DecisionRecord } from './decision-log.ts';
import { RiskEngine, scoreOf, type RiskEngineSettings } from './engine.ts';
import { FeatureStore } from './features/feature-store.ts';
import type { LiveModel } from './model/models.ts';
import { averagePrecision } from './model/metrics.ts';
import type { ActiveRule } from './rules/rules.ts';
import type { RiskDecision, RiskInput, RiskListEntry } from './types.ts';

/** Decisions one backtest replays at most: a wider window is refused, not truncated. */
export const MAX_BACKTEST_DECISIONS = 200_000;
const PAGE = 5_000;
const SAMPLE_SIZE = 50;

export interface BacktestCandidate {
  rules: readonly ActiveRule[];
  lists: readonly RiskListEntry[];
  /** The model to rescore with; undefined keeps each decision's recorded score. */
  model: LiveModel | undefined;
  settings: RiskEngineSettings;
}

export interface DecisionQuality {
  /** Payments the decisions stopped or held: block, review or challenge. */
  flagged: number;
  blocked: number;
  reviewed: number;
  challenged: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Of the score, over all payments in the window. */
  averagePrecision: number;
}

export interface BacktestReport {
  decisions: number;
  frauds: number;
  current: DecisionQuality;
  candidate: DecisionQuality;
  changed: { count: number; byTransition: Record<string, number>; sample: { subjectId: string; from: RiskDecision; to: RiskDecision; fraud: boolean }[] };
}

export type BacktestFailure = { failure: 'too_many_decisions'; max: number } | { failure: 'no_decisions' };

interface Replayed {
  fraud: boolean;
  current: { decision: RiskDecision; score: number };
  candidate: { decision: RiskDecision; score: number };
  subjectId: string;
}

/**
 * Runs a candidate rule set and model over the decisions of a past window,
 * from the feature values each decision recorded, and compares what it would
 * have decided with what was decided, against the labels known now (the latest
 * label of a payment wins; a payment without one counts as legitimate, so a
 * recent window understates recall until its chargebacks arrive).
 */
export async function runBacktest(db: Database, fromMs: number, toMs: number, candidate: BacktestCandidate): Promise<BacktestReport | BacktestFailure> {
  const { rows } = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM risk_decisions WHERE created_at >= $1 AND created_at < $2', [new Date(fromMs), new Date(toMs)]);
  const total = Number(rows[0]?.n ?? 0n);
  if (total > MAX_BACKTEST_DECISIONS) return { failure: 'too_many_decisions', max: MAX_BACKTEST_DECISIONS };
  if (total === 0) return { failure: 'no_decisions' };
  const engine = new RiskEngine(new FeatureStore({ labelDelayMs: 0, timeZone: 'UTC' }), candidate.settings);
  engine.setRules(candidate.rules);
  engine.setLists(candidate.lists);
  const replayed: Replayed[] = [];
  let after: { createdAtMs: number; id: string } | undefined;
  for (;;) {
    const page = await decisionsBetween(db, fromMs, toMs, PAGE, after);
    const labels = await latestLabels(db, page.map((d) => d.subjectId));
    for (const d of page) replayed.push(replay(engine, candidate.model, d, labels.get(d.subjectId) ?? false));
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { createdAtMs: last.createdAtMs, id: last.id };
  }
  return report(replayed);
}

async function latestLabels(db: Database, subjectIds: readonly string[]): Promise<Map<string, boolean>> {
  if (subjectIds.length === 0) return new Map();
  const { rows } = await db.query<{ subject_id: string; fraud: boolean }>(
    'SELECT DISTINCT ON (subject_id) subject_id, fraud FROM risk_labels WHERE subject_id = ANY($1::text[]) ORDER BY subject_id, known_at DESC, id DESC',
    [subjectIds],
  );
  return new Map(rows.map((r) => [r.subject_id, r.fraud]));
}

function replay(engine: RiskEngine, model: LiveModel | undefined, d: DecisionRecord, fraud: boolean): Replayed {
  const input: RiskInput = {
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    atMs: d.createdAtMs,
    amountMinor: d.amountMinor,
    currency: d.currency,
    paymentMethod: typeof d.features.payment_method === 'string' ? d.features.payment_method : 'card',
    entities: d.entities,
    // What the payment could wait for is not recorded; a payment intent with a consumer could (a till or a charger could not, but is rare in a window).
    challengeable: d.subjectType === 'payment_intent' && d.customerId !== null,
    reviewable: d.subjectType === 'payment_intent',
  };
  const score = model === undefined ? d.score : scoreOf(model.predict(d.features));
  const decided = engine.decideOn(input, d.features, model === undefined && d.modelVersion === null ? undefined : score);
  return { fraud, subjectId: d.subjectId, current: { decision: d.decision, score: d.score }, candidate: { decision: decided.decision, score } };
}

function quality(rows: readonly Replayed[], side: 'current' | 'candidate', frauds: number): DecisionQuality {
  let blocked = 0;
  let reviewed = 0;
  let challenged = 0;
  let truePositives = 0;
  for (const r of rows) {
    const decision = r[side].decision;
    if (decision === 'allow') continue;
    if (decision === 'block') blocked += 1;
    else if (decision === 'review') reviewed += 1;
    else challenged += 1;
    if (r.fraud) truePositives += 1;
  }
  const flagged = blocked + reviewed + challenged;
  const scores = rows.map((r) => r[side].score);
  const labels = rows.map((r) => (r.fraud ? 1 : 0) as 0 | 1);
  return {
    flagged,
    blocked,
    reviewed,
    challenged,
    truePositives,
    precision: flagged === 0 ? 0 : truePositives / flagged,
    recall: frauds === 0 ? 0 : truePositives / frauds,
    averagePrecision: frauds === 0 ? 0 : averagePrecision(scores, labels),
  };
}

function report(rows: readonly Replayed[]): BacktestReport {
  const frauds = rows.filter((r) => r.fraud).length;
  const byTransition: Record<string, number> = {};
  const sample: BacktestReport['changed']['sample'] = [];
  let count = 0;
  for (const r of rows) {
    if (r.current.decision === r.candidate.decision) continue;
    count += 1;
    const key = `${r.current.decision}->${r.candidate.decision}`;
    byTransition[key] = (byTransition[key] ?? 0) + 1;
    if (sample.length < SAMPLE_SIZE) sample.push({ subjectId: r.subjectId, from: r.current.decision, to: r.candidate.decision, fraud: r.fraud });
  }
  return { decisions: rows.length, frauds, current: quality(rows, 'current', frauds), candidate: quality(rows, 'candidate', frauds), changed: { count, byTransition, sample } };
}
