import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { parseInt8, type Database, type PoolStats, type QueryResult, type SqlValue, type Transaction } from './database.ts';

/**
 * Embedded PostgreSQL (PGlite) kept in a data directory, or in memory when no
 * directory is given. PGlite has a single connection and queues every query and
 * transaction on it, so callers never interleave inside a transaction.
 *
 * File mode never fsyncs: it survives a process crash, not a power loss. That is
 * fine for the embedded default and demos; production uses PostgreSQL.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const parsers = { [types.INT8]: parseInt8 };
  const db = await PGlite.create(dataDir === undefined ? { parsers } : { dataDir, parsers });
  let waiting = 0;
  let closed = false;

  async function counted<T>(work: () => Promise<T>): Promise<T> {
    waiting += 1;
    try {
      return await work();
    } finally {
      waiting -= 1;
    }
  }

  return {
    kind: 'pglite',
    description: dataDir === undefined ? 'embedded PGlite (in memory)' : `embedded PGlite at ${dataDir}`,
    async query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      const result = await counted(() => db.query<Row>(sql, params as unknown[]));
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      return counted(() =>
        db.transaction(async (tx) =>
          work({
            async query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
              const result = await tx.query<Row>(sql, params as unknown[]);
              return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
            },
            async exec(sql: string): Promise<void> {
              await tx.exec(sql);
            },
          }),
        ),
      );
    },
    async exec(sql: string): Promise<void> {
      await counted(() => db.exec(sql));
    },
    poolStats(): PoolStats {
      // One connection; it is busy whenever someone is queued on it.
      return { total: 1, idle: waiting === 0 ? 1 : 0, waiting: Math.max(0, waiting - 1) };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
