import type { Queryable } from '../db/database.ts';
import { newId } from '../platform/ids.ts';

export type LabelSource = 'review' | 'dispute' | 'propagated' | 'import';

export interface Label {
  subjectId: string;
  fraud: boolean;
  source: LabelSource;
  originId: string;
  knownAtMs: number;
}

/** Records a label; the same label from the same origin twice is one label. Returns whether it was new. */
export async function recordLabel(q: Queryable, label: Label): Promise<boolean> {
  const { rowCount } = await q.query('INSERT INTO risk_labels (id, subject_id, fraud, source, origin_id, known_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subject_id, source, origin_id) DO NOTHING', [
    newId('rlb', label.knownAtMs),
    label.subjectId,
    label.fraud,
    label.source,
    label.originId,
    new Date(label.knownAtMs),
  ]);
  return rowCount > 0;
}

/** Labels that became known after `afterMs`, oldest first: what a process that started earlier has not applied yet. */
export async function labelsKnownAfter(q: Queryable, afterMs: number, limit: number): Promise<Label[]> {
  const { rows } = await q.query<{ subject_id: string; fraud: boolean; source: LabelSource; origin_id: string; known_at: Date }>(
    'SELECT subject_id, fraud, source, origin_id, known_at FROM risk_labels WHERE known_at > $1 ORDER BY known_at, id LIMIT $2',
    [new Date(afterMs), limit],
  );
  return rows.map((r) => ({ subjectId: r.subject_id, fraud: r.fraud, source: r.source, originId: r.origin_id, knownAtMs: r.known_at.getTime() }));
}

/** The payments to label with a chargeback, by Vesta's rule (IEEE-CIS): the payment itself, and later ones by the same consumer or card up to the report. */
export async function linkedLaterSubjects(q: Queryable, subjectId: string, reportedAtMs: number, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ subject_id: string }>(
    `WITH origin AS (SELECT created_at, customer_id, entities->>'card' AS card FROM risk_decisions WHERE subject_id = $1 ORDER BY created_at LIMIT 1)
     SELECT DISTINCT d.subject_id FROM risk_decisions d, origin o
     WHERE d.created_at > o.created_at AND d.created_at <= $2 AND d.subject_id <> $1 AND d.decision <> 'block'
       AND ((o.customer_id IS NOT NULL AND d.customer_id = o.customer_id) OR (o.card IS NOT NULL AND d.entities->>'card' = o.card))
     LIMIT $3`,
    [subjectId, new Date(reportedAtMs), limit],
  );
  return rows.map((r) => r.subject_id);
}

/** The labels of the given subjects that were known at or before `knownByMs`, oldest first: what a training set as of that moment may use. */
export async function labelsKnownBy(q: Queryable, subjectIds: readonly string[], knownByMs: number): Promise<Label[]> {
  if (subjectIds.length === 0) return [];
  const { rows } = await q.query<{ subject_id: string; fraud: boolean; source: LabelSource; origin_id: string; known_at: Date }>(
    'SELECT subject_id, fraud, source, origin_id, known_at FROM risk_labels WHERE subject_id = ANY($1) AND known_at <= $2 ORDER BY known_at, id',
    [subjectIds, new Date(knownByMs)],
  );
  return rows.map((r) => ({ subjectId: r.subject_id, fraud: r.fraud, source: r.source, originId: r.origin_id, knownAtMs: r.known_at.getTime() }));
}
