/**
 * The one database interface every module uses. Two drivers implement it:
 * PGlite (embedded, one in-process connection) and node-postgres (a pool on a
 * real PostgreSQL server). SQL written against it must run on both PGlite 0.5
 * (PostgreSQL 18) and PostgreSQL 15.
 *
 * 64-bit integers (int8) always come back as `bigint`, on both drivers, so no
 * money value ever passes through a JavaScript number.
 */

export type SqlValue = string | number | bigint | boolean | null | Date | readonly (string | null)[] | readonly bigint[];

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<Row>>;
}

export interface Transaction extends Queryable {
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface PoolStats {
  /** Connections open (PGlite: always 1). */
  total: number;
  /** Connections idle. */
  idle: number;
  /** Callers waiting for a connection or for the single embedded connection. */
  waiting: number;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** A human description without secrets, for start-up messages. */
  readonly description: string;
  /**
   * Runs `work` in one READ COMMITTED transaction and commits it, or rolls it
   * back when `work` throws. Nested calls are not supported: pass the
   * transaction down instead.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for unique_violation: how we detect a lost insert race. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE for a deadlock or serialization failure: safe to retry the whole transaction. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Parses int8 text to bigint; shared by both drivers' type parsers. */
export function parseInt8(text: string): bigint {
  return BigInt(text);
}
