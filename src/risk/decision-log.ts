import type { Queryable } from '../db/database.ts';
import type { EntityKind } from './features/catalogue.ts';
import type { RiskAssessment, RiskDecision, RiskReason, RiskSubjectType } from './types.ts';

/** A stored decision, as the audit trail and backtests read it. */
export interface DecisionRecord {
  id: string;
  createdAtMs: number;
  subjectType: RiskSubjectType;
  subjectId: string;
  merchantId: string | null;
  customerId: string | null;
  amountMinor: bigint;
  currency: string;
  entities: Partial<Record<EntityKind, string>>;
  decision: RiskDecision;
  score: number;
  reasons: RiskReason[];
  ruleId: string | null;
  ruleVersion: number | null;
  modelVersion: string | null;
  shadowModelVersion: string | null;
  shadowScore: number | null;
  failSafe: string | null;
  features: Record<string, number | boolean | string>;
  latencyMicros: number;
}

interface DecisionRow {
  id: string;
  created_at: Date;
  subject_type: RiskSubjectType;
  subject_id: string;
  merchant_id: string | null;
  customer_id: string | null;
  amount: bigint;
  currency: string;
  entities: Partial<Record<EntityKind, string>>;
  decision: RiskDecision;
  score: number;
  reasons: RiskReason[];
  rule_id: string | null;
  rule_version: number | null;
  model_version: string | null;
  shadow_model_version: string | null;
  shadow_score: number | null;
  fail_safe: string | null;
  features: Record<string, number | boolean | string>;
  latency_us: number;
}

export const DECISION_COLUMNS =
  'id, created_at, subject_type, subject_id, merchant_id, customer_id, amount, currency, entities, decision, score, reasons, rule_id, rule_version, model_version, shadow_model_version, shadow_score, fail_safe, features, latency_us';

export function decisionFromRow(r: DecisionRow): DecisionRecord {
  return {
    id: r.id,
    createdAtMs: r.created_at.getTime(),
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    merchantId: r.merchant_id,
    customerId: r.customer_id,
    amountMinor: r.amount,
    currency: r.currency,
    entities: r.entities,
    decision: r.decision,
    score: r.score,
    reasons: r.reasons,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    modelVersion: r.model_version,
    shadowModelVersion: r.shadow_model_version,
    shadowScore: r.shadow_score,
    failSafe: r.fail_safe,
    features: r.features,
    latencyMicros: r.latency_us,
  };
}

/** Appends a decision with every input value; the table refuses updates. */
export async function recordDecision(q: Queryable, a: RiskAssessment): Promise<void> {
  const i = a.input;
  await q.query(`INSERT INTO risk_decisions (${DECISION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`, [
    a.decisionId,
    new Date(i.atMs),
    i.subjectType,
    i.subjectId,
    i.entities.merchant ?? null,
    i.entities.customer ?? null,
    i.amountMinor,
    i.currency,
    JSON.stringify(i.entities),
    a.decision,
    a.score,
    JSON.stringify(a.reasons),
    a.rule?.id ?? null,
    a.rule?.version ?? null,
    a.modelVersion ?? null,
    a.shadow?.modelVersion ?? null,
    a.shadow?.score ?? null,
    a.failSafe ?? null,
    JSON.stringify(a.features),
    Math.min(a.latencyMicros, 2_147_483_647),
  ]);
}

export async function findDecision(q: Queryable, id: string): Promise<DecisionRecord | undefined> {
  const { rows } = await q.query<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM risk_decisions WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : decisionFromRow(rows[0]);
}

/** The decisions about one subject, newest first (a payment retried after a block has several). */
export async function decisionsFor(q: Queryable, subjectId: string): Promise<DecisionRecord[]> {
  const { rows } = await q.query<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM risk_decisions WHERE subject_id = $1 ORDER BY created_at DESC, id DESC`, [subjectId]);
  return rows.map(decisionFromRow);
}

/** Decisions in [fromMs, toMs), oldest first, a page at a time after `afterId`. */
export async function decisionsBetween(q: Queryable, fromMs: number, toMs: number, limit: number, after?: { createdAtMs: number; id: string }): Promise<DecisionRecord[]> {
  const { rows } = await q.query<DecisionRow>(
    after === undefined
      ? `SELECT ${DECISION_COLUMNS} FROM risk_decisions WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id LIMIT $3`
      : `SELECT ${DECISION_COLUMNS} FROM risk_decisions WHERE created_at >= $1 AND created_at < $2 AND (created_at, id) > ($4, $5) ORDER BY created_at, id LIMIT $3`,
    after === undefined ? [new Date(fromMs), new Date(toMs), limit] : [new Date(fromMs), new Date(toMs), limit, new Date(after.createdAtMs), after.id],
  );
  return rows.map(decisionFromRow);
}

/** Decisions taken in [fromMs, beforeMs) by kind, of one merchant's payments or all, for the dashboard. */
export async function countDecisions(q: Queryable, filter: { merchantId?: string; fromMs: number; beforeMs: number }): Promise<Record<RiskDecision, number>> {
  const byMerchant = filter.merchantId === undefined ? '' : ' AND merchant_id = $3';
  const { rows } = await q.query<{ decision: RiskDecision; n: bigint }>(
    `SELECT decision, count(*) AS n FROM risk_decisions WHERE created_at >= $1 AND created_at < $2${byMerchant} GROUP BY decision`,
    [new Date(filter.fromMs), new Date(filter.beforeMs), ...(filter.merchantId === undefined ? [] : [filter.merchantId])],
  );
  const counts: Record<RiskDecision, number> = { allow: 0, review: 0, block: 0, challenge: 0 };
  for (const row of rows) counts[row.decision] = Number(row.n);
  return counts;
}
