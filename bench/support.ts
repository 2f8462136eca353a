/** What both benchmarks share: the databases they run on, a bounded-concurrency driver that shows progress, and percentiles. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';

/** The value at percentile `p` of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `count` calls with at most `concurrency` in flight; returns the elapsed time and each call's latency. */
export async function drive(count: number, concurrency: number, call: (i: number) => Promise<void>, label: string): Promise<{ seconds: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  let lastProgress = started;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await call(i);
      const t1 = performance.now();
      latenciesMs.push(t1 - t0);
      if (t1 - lastProgress > 2000) {
        lastProgress = t1;
        process.stderr.write(`  … ${label}: ${latenciesMs.length}/${count}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { seconds: (performance.now() - started) / 1000, latenciesMs };
}

export interface BenchTarget {
  name: 'PGlite' | 'PostgreSQL';
  db: Database;
  /** A scratch directory for files the server keeps (vault keys). */
  dataDir: string;
  /** The PostgreSQL URL and schema, for tools outside Node (pgbench). */
  postgres?: { url: string; schema: string };
}

/**
 * Runs `bench` on a fresh embedded database and, when DATABASE_URL is set, on a
 * throw-away schema of that PostgreSQL server; cleans both up whatever happens.
 */
export async function onEachDatabase(bench: (target: BenchTarget) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paygrid-bench-'));
  const embedded = await openPglite(join(dir, 'pgdata'));
  try {
    await bench({ name: 'PGlite', db: embedded, dataDir: dir });
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    process.stdout.write('PostgreSQL: skipped (set DATABASE_URL=postgres://… to include it).\n');
    return;
  }
  const schema = `paygrid_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const postgres = await openPostgres({ connectionString: url, poolSize: 8, schema, statementTimeoutMs: 60_000 });
  const pgDir = mkdtempSync(join(tmpdir(), 'paygrid-bench-'));
  try {
    await bench({ name: 'PostgreSQL', db: postgres, dataDir: pgDir, postgres: { url, schema } });
  } finally {
    await postgres.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(pgDir, { recursive: true, force: true });
  }
}

export function reportFailure(name: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  };
}
