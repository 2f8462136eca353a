import type { Queryable, SqlValue } from './database.ts';

/** Where a list page starts: after an object (older ones), or before one (newer ones), Stripe's cursors. */
export interface PageCursor {
  startingAfter?: string;
  endingBefore?: string;
}

/**
 * A condition on a list's rows, as SQL: `param(value)` adds a parameter and
 * returns its placeholder, so that values are never written into the text.
 */
export type KeysetCondition = (param: (value: SqlValue) => string) => string;

/**
 * One page of a table's rows, newest first, by (created_at, id): keyset
 * pagination, so a page costs the same however deep it is. `scope` limits the
 * rows (and the cursor) to one owner, e.g. `merchant_id`; a cursor outside the
 * scope matches nothing, so it reveals nothing. `where` filters the rows but not
 * the cursor (an object that no longer matches still marks its place).
 * `ending_before` reads the newer side upwards and turns it back to newest first.
 */
export async function keysetPage<Row>(
  db: Queryable,
  from: { table: string; columns: string; scope?: { column: string; value: string }; where?: readonly KeysetCondition[] },
  limit: number,
  cursor: PageCursor,
): Promise<{ rows: Row[]; hasMore: boolean }> {
  const params: SqlValue[] = [limit + 1, cursor.endingBefore ?? cursor.startingAfter ?? null];
  const param = (value: SqlValue): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const scoped = from.scope === undefined ? 'TRUE' : `${from.scope.column} = ${param(from.scope.value)}`;
  const filtered = [scoped, ...(from.where ?? []).map((condition) => `(${condition(param)})`)].join(' AND ');
  const position = `(SELECT created_at, id FROM ${from.table} WHERE id = $2 AND ${scoped})`;
  if (cursor.endingBefore !== undefined) {
    const { rows } = await db.query<Row>(`SELECT ${from.columns} FROM ${from.table} WHERE ${filtered} AND (created_at, id) > ${position} ORDER BY created_at, id LIMIT $1`, params);
    return { rows: rows.slice(0, limit).reverse(), hasMore: rows.length > limit };
  }
  const after = cursor.startingAfter === undefined ? '$2::text IS NULL' : `(created_at, id) < ${position}`;
  const { rows } = await db.query<Row>(`SELECT ${from.columns} FROM ${from.table} WHERE ${filtered} AND ${after} ORDER BY created_at DESC, id DESC LIMIT $1`, params);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}
