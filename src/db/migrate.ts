import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, Transaction } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Every migration file is `NNNN_name.sql`; the number is its version. */
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed 64-bit number works; it only has to be the same in every Paygrid process. */
const MIGRATION_LOCK_KEY = 7_215_309_112_001n;

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`Migration versions must be 1..n without gaps; found ${m.version} at position ${index + 1}`);
  });
  return migrations;
}

export interface MigrationReport {
  applied: Migration[];
  currentVersion: number;
}

/** The database was migrated by a newer Paygrid than this one. */
export class SchemaTooNewError extends Error {
  readonly code = 'schema_too_new';
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `The database schema is at version ${databaseVersion}, but this Paygrid knows migrations only up to ${codeVersion}. ` +
        'It was migrated by a newer Paygrid: upgrade Paygrid, or point it at another database.',
    );
  }
}

/** An applied migration's file was edited afterwards; the schema may not be what the code expects. */
export class MigrationChecksumError extends Error {
  readonly code = 'migration_checksum_mismatch';
  constructor(readonly version: number) {
    super(`Migration ${version} was changed after it was applied to this database. Restore the original file; add a new migration for new changes.`);
  }
}

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS paygrid_schema_migrations (
    version    integer     PRIMARY KEY,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

async function appliedMigrations(tx: Transaction): Promise<Map<number, string>> {
  const { rows } = await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM paygrid_schema_migrations ORDER BY version');
  return new Map(rows.map((r) => [r.version, r.checksum]));
}

function checkApplied(applied: Map<number, string>, migrations: readonly Migration[]): void {
  const codeVersion = migrations.length;
  const databaseVersion = Math.max(0, ...applied.keys());
  if (databaseVersion > codeVersion) throw new SchemaTooNewError(databaseVersion, codeVersion);
  for (const m of migrations) {
    const checksum = applied.get(m.version);
    if (checksum !== undefined && checksum !== m.checksum) throw new MigrationChecksumError(m.version);
  }
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so that
 * several server processes starting together on one database migrate it once.
 * PostgreSQL DDL is transactional: a failing migration leaves nothing behind.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = loadMigrations()): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedMigrations(tx);
    checkApplied(applied, migrations);
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const m of pending) {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO paygrid_schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
    }
    return { applied: pending, currentVersion: migrations.length };
  });
}

/** Refuses to work on a database that is behind or ahead of the code, without changing it. */
export async function assertSchemaCurrent(db: Database, migrations: readonly Migration[] = loadMigrations()): Promise<void> {
  await db.transaction(async (tx) => {
    const exists = await tx.query<{ present: boolean }>("SELECT to_regclass('paygrid_schema_migrations') IS NOT NULL AS present");
    const applied = exists.rows[0]?.present === true ? await appliedMigrations(tx) : new Map<number, string>();
    checkApplied(applied, migrations);
    if (applied.size < migrations.length) {
      throw new Error(`The database schema is at version ${applied.size}; this Paygrid needs ${migrations.length}. Run \`paygrid migrate\` first.`);
    }
  });
}
