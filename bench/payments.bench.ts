/**
 * `npm run bench:payments`: end-to-end card payments over real HTTP (create,
 * confirm, capture: three requests each) against an in-process Paygrid on the
 * embedded database and, with DATABASE_URL, on PostgreSQL; next to the same
 * database writes done with hand-written SQL in the same run, and pgbench's
 * figure for that SQL when pgbench is installed. Compare ratios within one run.
 *
 * Options (environment): BENCH_PAYMENTS (default 300), BENCH_CONCURRENCY (16).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.ts';
import type { Database } from '../src/db/database.ts';
import { createPaygrid } from '../src/server/paygrid.ts';
import { drive as driveWith, onEachDatabase, percentile, reportFailure } from './support.ts';

const drive = (count: number, call: (i: number) => Promise<void>, label: string) => driveWith(count, CONCURRENCY, call, label);

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const OPERATOR_KEY = 'sk_op_bench_0123456789abcdefghijklmnop';

function report(target: string, workload: string, count: number, seconds: number, latenciesMs: number[]): void {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  process.stdout.write(
    `${target.padEnd(12)} ${workload.padEnd(40)} ${String(Math.round(count / seconds)).padStart(7)} payments/s   p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms   (${count} payments)\n`,
  );
}

async function post(url: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Create, confirm and capture over HTTP. */
async function benchHttp(target: string, db: Database, dataDir: string): Promise<void> {
  const config = loadConfig({ PAYGRID_ADMIN_API_KEY: OPERATOR_KEY, PAYGRID_LOG_LEVEL: 'warn', PAYGRID_RATE_LIMIT_PER_MINUTE: '10000000' }, { port: '0', dataDir });
  const paygrid = await createPaygrid(config, { db, runBackgroundWork: false });
  const base = await paygrid.listen();
  try {
    const merchant = await post(`${base}/v1/merchants`, OPERATOR_KEY, { name: 'Bench shop' });
    const key = String(merchant.secret_key);
    const pm = await post(`${base}/v1/payment_methods`, key, { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2034 } });
    process.stderr.write(`${target}: ${PAYMENTS} payments over HTTP, ${CONCURRENCY} at a time…\n`);
    const { seconds, latenciesMs } = await drive(
      PAYMENTS,
      async () => {
        const pi = await post(`${base}/v1/payment_intents`, key, { amount: 1_000, currency: 'cny', capture_method: 'manual' });
        await post(`${base}/v1/payment_intents/${String(pi.id)}/confirm`, key, { payment_method: pm.id });
        const captured = await post(`${base}/v1/payment_intents/${String(pi.id)}/capture`, key, {});
        if (captured.status !== 'succeeded') throw new Error(`payment ended ${String(captured.status)}`);
      },
      'HTTP payments',
    );
    report(target, 'HTTP: create + confirm + capture (card)', PAYMENTS, seconds, latenciesMs);
    const verify = await paygrid.ledger.verify();
    process.stdout.write(`${target.padEnd(12)} ledger verify after the run: ${verify.balanced ? 'balanced' : 'NOT BALANCED'}\n`);
  } finally {
    await paygrid.close();
  }
}

/** The rows one card payment writes, by hand: intent; hold and status; capture, fee and balances. */
const RAW_PAYMENT_SQL = [
  `INSERT INTO payment_intents (id, merchant_id, amount, currency, status, capture_method, client_secret, created_at, updated_at) VALUES ($1, 'bench', 1000, 'CNY', 'requires_payment_method', 'manual', $1, now(), now())`,
  `UPDATE payment_intents SET status = 'processing', attempt = 1 WHERE id = $1`,
  `SELECT id FROM ledger_accounts WHERE id IN ('raw_clearing', 'raw_merchant') ORDER BY id FOR UPDATE`,
  `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags, timeout_seconds, created_at) VALUES ($1 || '-hold', 'raw_clearing', 'raw_merchant', 1000, 'CNY', 2, 2, 600, now())`,
  `INSERT INTO ledger_pending_transfers (id, state, expires_at) VALUES ($1 || '-hold', 'pending', now() + interval '10 minutes')`,
  `UPDATE ledger_accounts SET debits_pending = debits_pending + 1000 WHERE id = 'raw_clearing'`,
  `UPDATE ledger_accounts SET credits_pending = credits_pending + 1000 WHERE id = 'raw_merchant'`,
  `UPDATE payment_intents SET status = 'requires_capture', amount_capturable = 1000, hold_transfer_id = $1 || '-hold' WHERE id = $1`,
  `SELECT id FROM ledger_accounts WHERE id IN ('raw_clearing', 'raw_fees', 'raw_merchant') ORDER BY id FOR UPDATE`,
  `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, created_at) VALUES ($1 || '-capture', 'raw_clearing', 'raw_merchant', 1000, $1 || '-hold', 'CNY', 2, 5, now()), ($1 || '-fee', 'raw_merchant', 'raw_fees', 6, NULL, 'CNY', 5, 0, now())`,
  `UPDATE ledger_pending_transfers SET state = 'posted', resolved_by = $1 || '-capture', resolved_at = now() WHERE id = $1 || '-hold'`,
  `UPDATE ledger_accounts SET debits_pending = debits_pending - 1000, debits_posted = debits_posted + 1000 WHERE id = 'raw_clearing'`,
  `UPDATE ledger_accounts SET credits_pending = credits_pending - 1000, credits_posted = credits_posted + 1000, debits_posted = debits_posted + 6 WHERE id = 'raw_merchant'`,
  `UPDATE ledger_accounts SET credits_posted = credits_posted + 6 WHERE id = 'raw_fees'`,
  `UPDATE payment_intents SET status = 'succeeded', amount_received = 1000, amount_capturable = 0, fee_amount = 6 WHERE id = $1`,
];
/** Statement indexes where each of the three transactions (create, confirm, capture) starts. */
const TRANSACTION_STARTS = [0, 1, 8];

async function setupRawAccounts(db: Database): Promise<void> {
  for (const id of ['raw_clearing', 'raw_merchant', 'raw_fees']) {
    await db.query(`INSERT INTO ledger_accounts (id, ledger, code, created_at) VALUES ($1, 'CNY', 9000, now()) ON CONFLICT DO NOTHING`, [id]);
  }
}

async function benchRaw(target: string, db: Database): Promise<void> {
  await setupRawAccounts(db);
  const run = `raw_${randomBytes(3).toString('hex')}`;
  const { seconds, latenciesMs } = await drive(
    PAYMENTS,
    async (i) => {
      const id = `${run}_${i}`;
      for (const [t, start] of TRANSACTION_STARTS.entries()) {
        const end = TRANSACTION_STARTS[t + 1] ?? RAW_PAYMENT_SQL.length;
        await db.transaction(async (tx) => {
          for (const sql of RAW_PAYMENT_SQL.slice(start, end)) await tx.query(sql, sql.includes('$1') ? [id] : []);
        });
      }
    },
    'raw SQL payments',
  );
  report(target, 'raw SQL: the same writes, 3 transactions', PAYMENTS, seconds, latenciesMs);
}

/** pgbench runs the same SQL as one client process per connection, without Node in the way. */
function benchPgbench(url: string, schema: string): void {
  if (spawnSync('pgbench', ['--version']).status !== 0) {
    process.stdout.write('PostgreSQL   pgbench: not installed (apt-get install postgresql-client for the comparison).\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'paygrid-pgbench-'));
  const script = join(dir, 'payment.sql');
  const statements = RAW_PAYMENT_SQL.map((sql) => sql.replaceAll('$1', `('pgb_' || :client_id || '_' || :id)`));
  const lines = ['\\set id random(1, 1000000000)', ...TRANSACTION_STARTS.flatMap((start, t) => ['BEGIN;', ...statements.slice(start, TRANSACTION_STARTS[t + 1] ?? statements.length).map((s) => `${s};`), 'COMMIT;'])];
  writeFileSync(script, `${lines.join('\n')}\n`);
  try {
    const output = execFileSync('pgbench', ['-n', '-f', script, '-c', '8', '-j', '2', '-T', '10', '-M', 'prepared', url], { env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` }, encoding: 'utf8' });
    const tps = /tps = ([\d.]+)/.exec(output)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
    process.stdout.write(`PostgreSQL   ${'pgbench: the same writes, 8 clients, 10 s'.padEnd(40)} ${String(Math.round(Number(tps ?? 0))).padStart(7)} payments/s   mean ${latency ?? '?'} ms\n`);
  } catch (error) {
    process.stdout.write(`PostgreSQL   pgbench failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`Payments benchmark: ${PAYMENTS} card payments (create + confirm + capture), ${CONCURRENCY} concurrent.\n`);
  await onEachDatabase(async (target) => {
    await benchHttp(target.name, target.db, target.dataDir);
    await benchRaw(target.name, target.db);
    if (target.postgres !== undefined) benchPgbench(target.postgres.url, target.postgres.schema);
  });
}

main().catch(reportFailure('bench:payments'));
