import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { assertSchemaCurrent, loadMigrations, migrate, MigrationChecksumError, SchemaTooNewError, type Migration } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/database.ts';
import { createStore, killAll, runPaygrid, spawnPaygrid, START_DEADLINE_MS, type PaygridProcess, type PaygridStore } from '../support/process.ts';

/**
 * Migrations run on both drivers: in-memory PGlite by default, a fresh
 * PostgreSQL schema per test when TEST_DATABASE_URL is set.
 */
const CODE_VERSION = loadMigrations().length;
const ALL_VERSIONS = loadMigrations().map((m) => m.version);
const TEST_TIMEOUT_MS = 180_000;

const databases: TestDatabase[] = [];
async function freshDatabase(): Promise<TestDatabase> {
  const database = await openTestDatabase({ migrated: false });
  databases.push(database);
  return database;
}

async function appliedVersions(db: Database): Promise<{ version: number; name: string; checksum: string }[]> {
  const { rows } = await db.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM paygrid_schema_migrations ORDER BY version');
  return rows;
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [name]);
  return rows[0]?.present === true;
}

function withSql(migration: Migration, sql: string): Migration {
  return { ...migration, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

after(async () => {
  await Promise.all(databases.map((d) => d.close()));
});

describe('migrate', () => {
  test('applies every migration on a fresh database, and the second run applies nothing', async () => {
    const { db } = await freshDatabase();
    await assert.rejects(assertSchemaCurrent(db), new RegExp(`schema is at version 0; this Paygrid needs ${CODE_VERSION}\\. Run \`paygrid migrate\` first`));
    const first = await migrate(db);
    assert.deepEqual(first.applied.map((m) => m.version), ALL_VERSIONS);
    assert.equal(first.currentVersion, CODE_VERSION);
    const recorded = await appliedVersions(db);
    assert.deepEqual(recorded.map((r) => [r.version, r.name]), loadMigrations().map((m) => [m.version, m.name]));
    assert.deepEqual(recorded.map((r) => r.checksum), loadMigrations().map((m) => m.checksum));

    const second = await migrate(db);
    assert.deepEqual(second, { applied: [], currentVersion: CODE_VERSION });
    assert.deepEqual(await appliedVersions(db), recorded);
    await assertSchemaCurrent(db);
  });

  test('refuses a database migrated by a newer Paygrid and changes nothing', async () => {
    const { db } = await freshDatabase();
    await migrate(db);
    await db.query("INSERT INTO paygrid_schema_migrations (version, name, checksum) VALUES ($1, 'from_the_future', 'f00d')", [CODE_VERSION + 1]);
    const before = await appliedVersions(db);

    await assert.rejects(migrate(db), (error: unknown) => {
      assert.ok(error instanceof SchemaTooNewError);
      assert.deepEqual({ code: error.code, databaseVersion: error.databaseVersion, codeVersion: error.codeVersion }, { code: 'schema_too_new', databaseVersion: CODE_VERSION + 1, codeVersion: CODE_VERSION });
      return true;
    });
    await assert.rejects(assertSchemaCurrent(db), SchemaTooNewError);
    assert.deepEqual(await appliedVersions(db), before);
  });

  test('refuses an applied migration whose file changed, before applying anything new', async () => {
    const { db } = await freshDatabase();
    await migrate(db);
    const [ledger, ...rest] = loadMigrations();
    assert.ok(ledger !== undefined);
    const edited = [withSql(ledger, `${ledger.sql}\n-- edited after it was applied\n`), ...rest];
    const next = withSql({ version: CODE_VERSION + 1, name: 'next', sql: '', checksum: '' }, 'CREATE TABLE migrate_test_next (id integer)');

    await assert.rejects(migrate(db, [...edited, next]), (error: unknown) => {
      assert.ok(error instanceof MigrationChecksumError);
      assert.deepEqual({ code: error.code, version: error.version }, { code: 'migration_checksum_mismatch', version: 1 });
      return true;
    });
    await assert.rejects(assertSchemaCurrent(db, edited), MigrationChecksumError);
    assert.equal(await tableExists(db, 'migrate_test_next'), false);
    assert.equal((await appliedVersions(db)).length, CODE_VERSION);
  });

  test('a failing migration leaves nothing behind: not its tables, not its row', async () => {
    const { db } = await freshDatabase();
    await migrate(db);
    const broken = withSql({ version: CODE_VERSION + 1, name: 'broken', sql: '', checksum: '' }, 'CREATE TABLE migrate_test_broken (id integer); SELECT 1 / 0;');

    await assert.rejects(migrate(db, [...loadMigrations(), broken]), /division by zero/);
    assert.equal(await tableExists(db, 'migrate_test_broken'), false);
    assert.equal((await appliedVersions(db)).length, CODE_VERSION);
    // The database is still usable and migrates once the migration is fixed.
    const fixed = withSql(broken, 'CREATE TABLE migrate_test_broken (id integer)');
    assert.deepEqual((await migrate(db, [...loadMigrations(), fixed])).applied.map((m) => m.version), [CODE_VERSION + 1]);
  });

  test('concurrent migrations on separate connections apply each migration exactly once', async () => {
    const CONNECTIONS = 4;
    const database = await freshDatabase();
    const schema = database.schema;
    const url = TEST_DATABASE_URL;
    // PGlite has one connection, so there the runs are serial by construction; PostgreSQL races for real.
    const connections: Database[] =
      schema === undefined || url === undefined
        ? Array.from({ length: CONNECTIONS }, () => database.db)
        : await Promise.all(Array.from({ length: CONNECTIONS }, () => openPostgres({ connectionString: url, poolSize: 1, schema, statementTimeoutMs: 30_000 })));
    try {
      const reports = await Promise.all(connections.map((db) => migrate(db)));
      const appliedVersionsAcrossRuns = reports.flatMap((r) => r.applied.map((m) => m.version)).sort((a, b) => a - b);
      assert.deepEqual(appliedVersionsAcrossRuns, ALL_VERSIONS);
      assert.ok(reports.every((r) => r.currentVersion === CODE_VERSION));
      assert.deepEqual((await appliedVersions(database.db)).map((r) => r.version), ALL_VERSIONS);
    } finally {
      await Promise.all(connections.filter((c) => c !== database.db).map((c) => c.close()));
    }
  });
});

describe('int8 values', () => {
  let shared: Promise<TestDatabase> | undefined;
  const migratedDatabase = async (): Promise<Database> => {
    shared ??= freshDatabase().then(async (database) => {
      await migrate(database.db);
      return database;
    });
    return (await shared).db;
  };

  test('come back as bigint on this driver, beyond 2^53, as columns, aggregates and parameters', async () => {
    const db = await migratedDatabase();
    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT 9007199254740993::bigint AS x, (-9223372036854775807 - 1)::bigint AS min, 9223372036854775807::bigint AS max, count(*) AS n, $1::bigint AS param FROM (VALUES (1), (2)) AS v (a)',
      [9_007_199_254_740_995n],
    );
    assert.deepEqual(rows, [{ x: 9_007_199_254_740_993n, min: -9_223_372_036_854_775_808n, max: 9_223_372_036_854_775_807n, n: 2n, param: 9_007_199_254_740_995n }]);
  });

  test('come back as bigint from a table inside a transaction', async () => {
    const db = await migratedDatabase();
    const balance = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO ledger_accounts (id, ledger, code, credits_posted, created_at) VALUES ('acct_big', 'CNY', 2000, $1, now())", [9_007_199_254_740_993n]);
      const { rows } = await tx.query<{ credits_posted: unknown; debits_posted: unknown }>("SELECT credits_posted, debits_posted FROM ledger_accounts WHERE id = 'acct_big'");
      return rows[0];
    });
    assert.deepEqual(balance, { credits_posted: 9_007_199_254_740_993n, debits_posted: 0n });
  });

  test('arrays of int8 come back as arrays of bigint', async () => {
    const db = await migratedDatabase();
    const { rows } = await db.query<{ amounts: unknown }>('SELECT ARRAY[1, 9007199254740993]::bigint[] AS amounts');
    assert.deepEqual(rows, [{ amounts: [1n, 9_007_199_254_740_993n] }]);
  });
});

describe('paygrid migrate and start', { timeout: TEST_TIMEOUT_MS }, () => {
  const processes: PaygridProcess[] = [];
  const stores: PaygridStore[] = [];
  after(async () => {
    await killAll(processes);
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('`migrate` applies once and is then a no-op; on a schema from a newer Paygrid both refuse, exit non-zero and change nothing', async () => {
    const store = await createStore();
    stores.push(store);
    const first = await runPaygrid(['migrate', ...store.args], store.env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `Applied ${loadMigrations().map((m) => `${m.version} ${m.name}`).join(', ')}; schema is at version ${CODE_VERSION}.\n`);
    const second = await runPaygrid(['migrate', ...store.args], store.env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, `Schema is up to date (version ${CODE_VERSION}).\n`);

    const db = await store.open();
    try {
      await db.query("INSERT INTO paygrid_schema_migrations (version, name, checksum) VALUES ($1, 'from_the_future', 'f00d')", [CODE_VERSION + 1]);
    } finally {
      await db.close();
    }
    const tooNew = new RegExp(`^paygrid: The database schema is at version ${CODE_VERSION + 1}, but this Paygrid knows migrations only up to ${CODE_VERSION}\\. .*upgrade Paygrid`, 'm');

    const migrated = await runPaygrid(['migrate', ...store.args], store.env);
    assert.notEqual(migrated.code, 0);
    assert.equal(migrated.signal, null);
    assert.match(migrated.stderr, tooNew);

    const server = spawnPaygrid(['start', '--port', '0', ...store.args], { ...store.env, PAYGRID_LOG_LEVEL: 'warn' });
    processes.push(server);
    const started = await server.waitForExit(START_DEADLINE_MS);
    assert.notEqual(started.code, 0);
    assert.equal(started.signal, null);
    assert.match(server.stderr(), tooNew);
    assert.doesNotMatch(server.stdout(), /is running at|sk_op_/);

    const check = await store.open();
    try {
      assert.deepEqual((await appliedVersions(check)).map((r) => r.version), [...loadMigrations().map((m) => m.version), CODE_VERSION + 1]);
      const { rows } = await check.query<{ keys: bigint }>('SELECT count(*) AS keys FROM identity_api_keys');
      assert.deepEqual(rows, [{ keys: 0n }], 'the refused start created no operator key');
    } finally {
      await check.close();
    }
  });
});
