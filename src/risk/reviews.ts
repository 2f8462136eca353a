import type { Database, Queryable } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import { newId } from '../platform/ids.ts';
import type { RiskAssessment, RiskSubjectType } from './types.ts';

export type ReviewStatus = 'open' | 'approved' | 'declined';

export interface ReviewNote {
  id: string;
  note: string;
  createdAtMs: number;
}

export interface Review {
  id: string;
  decisionId: string;
  subjectType: RiskSubjectType;
  subjectId: string;
  merchantId: string | null;
  customerId: string | null;
  status: ReviewStatus;
  openedAtMs: number;
  closedAtMs: number | null;
  closedReason: string | null;
  notes: ReviewNote[];
}

interface ReviewRow {
  id: string;
  decision_id: string;
  subject_type: RiskSubjectType;
  subject_id: string;
  merchant_id: string | null;
  customer_id: string | null;
  status: ReviewStatus;
  opened_at: Date;
  closed_at: Date | null;
  closed_reason: string | null;
}

const COLUMNS = 'id, decision_id, subject_type, subject_id, merchant_id, customer_id, status, opened_at, closed_at, closed_reason';
export const MAX_NOTE_LENGTH = 2000;

function fromRow(r: ReviewRow, notes: ReviewNote[]): Review {
  return {
    id: r.id,
    decisionId: r.decision_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    merchantId: r.merchant_id,
    customerId: r.customer_id,
    status: r.status,
    openedAtMs: r.opened_at.getTime(),
    closedAtMs: r.closed_at?.getTime() ?? null,
    closedReason: r.closed_reason,
    notes,
  };
}

/** Opens the review of a payment the engine held, in the transaction that holds it. One review per payment. */
export async function openReview(q: Queryable, a: RiskAssessment): Promise<string> {
  const id = newId('rv', a.input.atMs);
  await q.query(
    `INSERT INTO risk_reviews (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, NULL, NULL)
     ON CONFLICT (subject_id) DO UPDATE SET decision_id = EXCLUDED.decision_id, status = 'open', opened_at = EXCLUDED.opened_at, closed_at = NULL, closed_reason = NULL`,
    [id, a.decisionId, a.input.subjectType, a.input.subjectId, a.input.entities.merchant ?? null, a.input.entities.customer ?? null, new Date(a.input.atMs)],
  );
  return id;
}

export async function addNote(q: Queryable, reviewId: string, note: string, atMs: number): Promise<void> {
  await q.query('INSERT INTO risk_review_notes (id, review_id, note, created_at) VALUES ($1, $2, $3, $4)', [newId('rvn', atMs), reviewId, note, new Date(atMs)]);
}

async function notesOf(q: Queryable, reviewId: string): Promise<ReviewNote[]> {
  const { rows } = await q.query<{ id: string; note: string; created_at: Date }>('SELECT id, note, created_at FROM risk_review_notes WHERE review_id = $1 ORDER BY created_at, id', [reviewId]);
  return rows.map((r) => ({ id: r.id, note: r.note, createdAtMs: r.created_at.getTime() }));
}

export async function findReview(q: Queryable, id: string, options: { lock?: boolean } = {}): Promise<Review | undefined> {
  const { rows } = await q.query<ReviewRow>(`SELECT ${COLUMNS} FROM risk_reviews WHERE id = $1${options.lock === true ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] === undefined ? undefined : fromRow(rows[0], await notesOf(q, id));
}

export async function closeReview(q: Queryable, id: string, status: 'approved' | 'declined', reason: string, atMs: number): Promise<void> {
  await q.query('UPDATE risk_reviews SET status = $2, closed_at = $3, closed_reason = $4 WHERE id = $1', [id, status, new Date(atMs), reason]);
}

/** Reviews by status, oldest first for open ones (the queue), newest first otherwise. */
export async function listReviews(db: Database, status: ReviewStatus, limit: number, cursor: PageCursor): Promise<{ reviews: Review[]; hasMore: boolean }> {
  const ascending = status === 'open';
  const after = cursor.startingAfter;
  const params: (string | number)[] = [status, limit + 1];
  let where = 'status = $1';
  if (after !== undefined) {
    params.push(after);
    where += ` AND id ${ascending ? '>' : '<'} $3`;
  }
  const { rows } = await db.query<ReviewRow>(`SELECT ${COLUMNS} FROM risk_reviews WHERE ${where} ORDER BY id ${ascending ? 'ASC' : 'DESC'} LIMIT $2`, params);
  const page = rows.slice(0, limit);
  const reviews: Review[] = [];
  for (const r of page) reviews.push(fromRow(r, await notesOf(db, r.id)));
  return { reviews, hasMore: rows.length > limit };
}

/** Reviews open now, of one merchant's payments or all (risk_reviews_open_idx serves it). */
export async function countOpenReviews(q: Queryable, merchantId: string | undefined): Promise<number> {
  const { rows } =
    merchantId === undefined
      ? await q.query<{ n: bigint }>("SELECT count(*) AS n FROM risk_reviews WHERE status = 'open'")
      : await q.query<{ n: bigint }>("SELECT count(*) AS n FROM risk_reviews WHERE status = 'open' AND merchant_id = $1", [merchantId]);
  return Number(rows[0]?.n ?? 0n);
}
