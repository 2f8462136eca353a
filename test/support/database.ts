import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

/**
 * The database a test file runs on: in-memory PGlite by default, or a fresh
 * schema on the PostgreSQL server named by TEST_DATABASE_URL, so that the same
 * suite runs on both. Each call gets its own schema, so test files may run in
 * parallel against one server.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL === '' ? undefined : process.env.TEST_DATABASE_URL;

export interface TestDatabase {
  db: Database;
  /** The schema on PostgreSQL (undefined on PGlite). */
  schema: string | undefined;
  close(): Promise<void>;
}

export async function openTestDatabase(options: { migrated?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (TEST_DATABASE_URL === undefined) {
    const db = await openPglite(undefined);
    if (migrated) await migrate(db);
    return { db, schema: undefined, close: () => db.close() };
  }
  const schema = `paygrid_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres({ connectionString: TEST_DATABASE_URL, poolSize: options.poolSize ?? 8, schema, statementTimeoutMs: 30_000 });
  if (migrated) await migrate(db);
  return {
    db,
    schema,
    async close() {
      await db.close();
      await adminQuery(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `DATABASE_URL` for a child `paygrid` process that should use the given schema. */
export function postgresUrlForSchema(schema: string): string {
  if (TEST_DATABASE_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
