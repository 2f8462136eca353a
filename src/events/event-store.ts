import type { Queryable, SqlValue, Transaction } from '../db/database.ts';
import { parseJson } from './json.ts';
import type { Event, EventData, EventPage, PageRequest } from './types.ts';

/** SQL for the `events` table and the fan-out of an event to deliveries. Nothing outside src/events uses it. */

interface EventRow {
  id: string;
  merchant_id: string;
  type: string;
  data_json: string;
  created_at: Date;
}

/** `data::text` returns a json column's text exactly as it was written. */
const EVENT_COLUMNS = 'id, merchant_id, type, data::text AS data_json, created_at';

function toEvent(row: EventRow): Event {
  return { id: row.id, merchantId: row.merchant_id, type: row.type, data: parseJson(row.data_json) as EventData, createdAtMs: row.created_at.getTime() };
}

export async function insertEvent(tx: Transaction, event: { id: string; merchantId: string; type: string; dataJson: string; createdAtMs: number }): Promise<void> {
  await tx.query('INSERT INTO events (id, merchant_id, type, data, created_at) VALUES ($1, $2, $3, $4::json, $5)', [
    event.id,
    event.merchantId,
    event.type,
    event.dataJson,
    new Date(event.createdAtMs),
  ]);
}

/** Enabled endpoints of the merchant that subscribed to `type` or to everything. */
export async function subscribedEndpointIds(tx: Transaction, merchantId: string, type: string, limit: number): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM webhook_endpoints
     WHERE merchant_id = $1 AND deleted_at IS NULL AND status = 'enabled' AND enabled_events && ARRAY[$2::text, '*']
     ORDER BY created_at, id LIMIT $3`,
    [merchantId, type, limit],
  );
  return rows.map((r) => r.id);
}

export async function insertDelivery(tx: Transaction, delivery: { id: string; eventId: string; endpointId: string; merchantId: string; createdAtMs: number }): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, merchant_id, status, created_at)
     VALUES ($1, $2, $3, $4, 'pending', $5)`,
    [delivery.id, delivery.eventId, delivery.endpointId, delivery.merchantId, new Date(delivery.createdAtMs)],
  );
}

/** One merchant's event; `undefined` as the merchant is for the operator, who sees every merchant's. */
export async function findEvent(db: Queryable, merchantId: string | undefined, id: string): Promise<Event | undefined> {
  const { rows } =
    merchantId === undefined
      ? await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id])
      : await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1 AND merchant_id = $2`, [id, merchantId]);
  return rows[0] === undefined ? undefined : toEvent(rows[0]);
}

/**
 * A page of events, newest first (Stripe's cursor rules: `startingAfter` pages
 * towards older events, `endingBefore` towards newer ones): one merchant's, or
 * every merchant's when `merchantId` is undefined (the operator), optionally
 * only those about one object (`data.id`, indexed). A cursor that is not one of
 * the scope's events is refused.
 */
export async function listEvents(db: Queryable, merchantId: string | undefined, page: PageRequest): Promise<EventPage | 'cursor_not_found'> {
  const params: SqlValue[] = [page.limit + 1];
  const param = (value: SqlValue): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const scope = merchantId === undefined ? [] : [`merchant_id = ${param(merchantId)}`];
  const cursorId = page.startingAfter ?? page.endingBefore;
  let cursorSeq: bigint | null = null;
  if (cursorId !== undefined) {
    const cursor =
      merchantId === undefined
        ? await db.query<{ seq: bigint }>('SELECT seq FROM events WHERE id = $1', [cursorId])
        : await db.query<{ seq: bigint }>('SELECT seq FROM events WHERE id = $1 AND merchant_id = $2', [cursorId, merchantId]);
    if (cursor.rows[0] === undefined) return 'cursor_not_found';
    cursorSeq = cursor.rows[0].seq;
  }
  const newerFirst = page.endingBefore === undefined;
  const conditions = [
    ...scope,
    ...(page.objectId === undefined ? [] : [`(data ->> 'id') = ${param(page.objectId)}`]),
    ...(cursorSeq === null ? [] : [`seq ${newerFirst ? '<' : '>'} ${param(cursorSeq)}`]),
  ];
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events ${where} ORDER BY seq ${newerFirst ? 'DESC' : 'ASC'} LIMIT $1`, params);
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (!newerFirst) pageRows.reverse();
  return { events: pageRows.map(toEvent), hasMore };
}

/**
 * Deletes up to `limit` events created before `beforeMs`, oldest first, with
 * their deliveries and the deliveries' attempt logs, in one statement. An
 * event with a delivery still pending (retrying) since `pendingSinceMs` is
 * kept: its delivery job needs it. A delivery pending for longer was
 * abandoned (its job died with its worker on the last attempt, long past every
 * retry), and does not keep the event. Deliveries only ever leave `pending`,
 * and no delivery is added to an event after it was recorded, so an event
 * found without such deliveries stays without. Events locked by another purge are skipped, so
 * several processes may purge at once. The foreign keys are checked at the
 * end of the statement, when children and parents are gone together.
 */
export async function deleteEventsBefore(db: Queryable, beforeMs: number, pendingSinceMs: number, limit: number): Promise<number> {
  const { rows } = await db.query<{ deleted: bigint }>(
    `WITH doomed AS (
       SELECT e.id FROM events e
       WHERE e.created_at < $1
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending' AND d.created_at >= $3)
       ORDER BY e.created_at LIMIT $2
       FOR UPDATE OF e SKIP LOCKED
     ), doomed_deliveries AS (
       SELECT d.id FROM webhook_deliveries d WHERE d.event_id IN (SELECT id FROM doomed)
     ), attempts_deleted AS (
       DELETE FROM webhook_delivery_attempts a WHERE a.delivery_id IN (SELECT id FROM doomed_deliveries)
     ), deliveries_deleted AS (
       DELETE FROM webhook_deliveries d WHERE d.id IN (SELECT id FROM doomed_deliveries)
     ), events_deleted AS (
       DELETE FROM events e WHERE e.id IN (SELECT id FROM doomed) RETURNING e.id
     )
     SELECT count(*)::int8 AS deleted FROM events_deleted`,
    [new Date(beforeMs), limit, new Date(pendingSinceMs)],
  );
  return Number(rows[0]?.deleted ?? 0n);
}
