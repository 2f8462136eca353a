import pg from 'pg';
import { parseInt8, type Database, type PoolStats, type QueryResult, type SqlValue, type Transaction } from './database.ts';

export interface PostgresOptions {
  connectionString: string;
  /** A pool of 8 beat 16 on a 2-core machine (see shared notes); configurable for bigger hosts. */
  poolSize: number;
  /** Optional schema to put first on the search_path (tests use one schema per run). */
  schema?: string;
  statementTimeoutMs: number;
}

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;

function parseInt8Array(text: string): (bigint | null)[] {
  // node-postgres's own parser splits the array literal into strings.
  const items = (pg.types.getTypeParser as (oid: number) => (value: string) => unknown)(INT8_ARRAY_OID)(text) as (string | null)[];
  return items.map((item) => (item === null ? null : parseInt8(item)));
}

function typeParsers(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8_OID) return parseInt8;
      if (oid === INT8_ARRAY_OID) return parseInt8Array;
      return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * Paygrid's session settings go after any `options` the connection string has,
 * so that a URL's own options (a search_path, say) cannot silently drop the
 * statement timeout: node-postgres would otherwise let one replace the other.
 */
function connectionSettings(options: PostgresOptions): { connectionString: string; options: string } {
  const ours = [`-c statement_timeout=${options.statementTimeoutMs}`];
  if (options.schema !== undefined) ours.push(`-c search_path=${options.schema},public`);
  try {
    const url = new URL(options.connectionString);
    const theirs = url.searchParams.get('options');
    url.searchParams.delete('options');
    return { connectionString: url.toString(), options: [theirs ?? '', ...ours].join(' ').trim() };
  } catch {
    return { connectionString: options.connectionString, options: ours.join(' ') };
  }
}

/** Removes the password from a connection string for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable connection string)';
  }
}

function toParams(params: readonly SqlValue[]): unknown[] {
  // node-postgres sends bigint as text already; arrays of bigint need the same.
  return params.map((p) => (Array.isArray(p) ? p.map((v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) : p));
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const settings = connectionSettings(options);
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    max: options.poolSize,
    types: typeParsers(),
    options: settings.options,
    application_name: 'paygrid',
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  let closed = false;

  async function run<Row>(client: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[]): Promise<QueryResult<Row>> {
    const result = await client.query(sql, toParams(params));
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
  }

  return {
    kind: 'postgres',
    description: `PostgreSQL at ${redactConnectionString(options.connectionString)}`,
    query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      return run<Row>(pool, sql, params);
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (sql, params = []) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    poolStats(): PoolStats {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
