/**
 * `npm run bench:ledger`: ledger throughput and latency on the embedded
 * database and, when DATABASE_URL is set, on PostgreSQL, next to the same
 * writes done with hand-written SQL in the same run. Compare ratios within one
 * run: the machine is shared and noisy.
 *
 * Options (environment): BENCH_SINGLE_TRANSFERS (default 2000), BENCH_BATCHES (100),
 * BENCH_BATCH_SIZE (100), BENCH_CONCURRENCY (32 on PostgreSQL; PGlite has one connection).
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { Ledger, type TransferRequest } from '../src/ledger/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { drive, onEachDatabase, percentile, reportFailure } from './support.ts';

const SINGLE = Number(process.env.BENCH_SINGLE_TRANSFERS ?? 2000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 100);
const SOURCE_ACCOUNTS = 1000;
const DESTINATION_ACCOUNTS = 10;

interface Result {
  target: string;
  workload: string;
  transfers: number;
  seconds: number;
  latenciesMs: number[];
}

function report(r: Result): string {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const tps = Math.round(r.transfers / r.seconds);
  return `${r.target.padEnd(12)} ${r.workload.padEnd(34)} ${String(tps).padStart(8)} transfers/s   p50 ${percentile(sorted, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(sorted, 99).toFixed(2).padStart(7)} ms   (${r.transfers} transfers, ${sorted.length} calls)`;
}

const source = (run: string, i: number): string => `${run}src${i % SOURCE_ACCOUNTS}`;
const destination = (run: string, i: number): string => `${run}dst${i % DESTINATION_ACCOUNTS}`;

function transfer(run: string, id: string, i: number): TransferRequest {
  return {
    id,
    debitAccountId: source(run, i),
    creditAccountId: destination(run, i),
    amountMinor: 100n,
    ledger: 'CNY',
    code: 1,
    flags: { linked: false, pending: false, postPending: false, voidPending: false },
    timeoutSeconds: 0,
    metadata: {},
  };
}

async function setupAccounts(ledger: Ledger, run: string): Promise<void> {
  for (let i = 0; i < SOURCE_ACCOUNTS; i += 1) await ledger.createAccount({ id: source(run, i), ledger: 'CNY', code: 2000 });
  for (let i = 0; i < DESTINATION_ACCOUNTS; i += 1) await ledger.createAccount({ id: destination(run, i), ledger: 'CNY', code: 2200 });
}

/** The same rows a ledger transfer writes, by hand: lock both accounts, insert the transfer, update both balances. */
async function rawSingle(db: Database, run: string, id: string, i: number): Promise<void> {
  await db.transaction(async (tx) => {
    const ids = [source(run, i), destination(run, i)].sort();
    await tx.query('SELECT id FROM ledger_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
    await tx.query(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags, created_at) VALUES ($1, $2, $3, 100, 'CNY', 1, 0, now())`,
      [id, source(run, i), destination(run, i)],
    );
    await tx.query('UPDATE ledger_accounts SET debits_posted = debits_posted + 100 WHERE id = $1', [source(run, i)]);
    await tx.query('UPDATE ledger_accounts SET credits_posted = credits_posted + 100 WHERE id = $1', [destination(run, i)]);
  });
}

async function rawBatch(db: Database, run: string, prefix: string, first: number): Promise<void> {
  const indexes = Array.from({ length: BATCH_SIZE }, (_, k) => first + k);
  await db.transaction(async (tx) => {
    const ids = [...new Set(indexes.flatMap((i) => [source(run, i), destination(run, i)]))].sort();
    await tx.query('SELECT id FROM ledger_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
    await tx.query(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, ledger, code, flags, created_at)
       SELECT id, d, c, 100, 'CNY', 1, 0, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, d, c)`,
      [indexes.map((i) => `${prefix}${i}`), indexes.map((i) => source(run, i)), indexes.map((i) => destination(run, i))],
    );
    const debits = new Map<string, number>();
    const credits = new Map<string, number>();
    for (const i of indexes) {
      debits.set(source(run, i), (debits.get(source(run, i)) ?? 0) + 100);
      credits.set(destination(run, i), (credits.get(destination(run, i)) ?? 0) + 100);
    }
    await tx.query('UPDATE ledger_accounts a SET debits_posted = debits_posted + v.n::bigint FROM unnest($1::text[], $2::text[]) AS v(id, n) WHERE a.id = v.id', [[...debits.keys()], [...debits.values()].map(String)]);
    await tx.query('UPDATE ledger_accounts a SET credits_posted = credits_posted + v.n::bigint FROM unnest($1::text[], $2::text[]) AS v(id, n) WHERE a.id = v.id', [[...credits.keys()], [...credits.values()].map(String)]);
  });
}

async function benchTarget(target: string, db: Database, concurrency: number): Promise<Result[]> {
  process.stderr.write(`${target}: migrating and creating ${SOURCE_ACCOUNTS + DESTINATION_ACCOUNTS} accounts…\n`);
  await migrate(db);
  const ledger = new Ledger(db, systemClock);
  const run = `b${randomBytes(3).toString('hex')}_`;
  await setupAccounts(ledger, run);
  const results: Result[] = [];
  const measure = async (workload: string, transfers: number, calls: number, call: (i: number) => Promise<void>): Promise<void> => {
    process.stderr.write(`${target}: ${workload}…\n`);
    const { seconds, latenciesMs } = await drive(calls, concurrency, call, workload);
    const result = { target, workload, transfers, seconds, latenciesMs };
    results.push(result);
    process.stdout.write(`${report(result)}\n`);
  };
  await measure('ledger: single transfers', SINGLE, SINGLE, async (i) => {
    const [outcome] = await ledger.createTransfers([transfer(run, `${run}s${i}`, i)]);
    if (outcome?.result !== 'ok') throw new Error(`transfer failed: ${outcome?.result}`);
  });
  await measure('raw SQL: single transfers', SINGLE, SINGLE, (i) => rawSingle(db, run, `${run}r${i}`, i));
  await measure(`ledger: batches of ${BATCH_SIZE}`, BATCHES * BATCH_SIZE, BATCHES, async (b) => {
    const outcomes = await ledger.createTransfers(Array.from({ length: BATCH_SIZE }, (_, k) => transfer(run, `${run}b${b}_${k}`, b * BATCH_SIZE + k)));
    if (outcomes.some((o) => o.result !== 'ok')) throw new Error('a batched transfer failed');
  });
  await measure(`raw SQL: batches of ${BATCH_SIZE}`, BATCHES * BATCH_SIZE, BATCHES, (b) => rawBatch(db, run, `${run}rb${b}_`, b * BATCH_SIZE));
  // The raw writes bypassed the ledger's rules but not its arithmetic: the books must still balance.
  const verified = await ledger.verify();
  process.stdout.write(`${target.padEnd(12)} ledger verify after the run: ${verified.balanced ? 'balanced' : 'NOT BALANCED'} (${verified.transfersChecked} transfers)\n`);
  return results;
}

async function main(): Promise<void> {
  process.stdout.write(`Ledger benchmark: ${SINGLE} single transfers, ${BATCHES} batches of ${BATCH_SIZE}; ${SOURCE_ACCOUNTS} source and ${DESTINATION_ACCOUNTS} destination accounts.\n`);
  // PGlite has one connection: more callers only queue, but a few keep it busy between calls.
  await onEachDatabase((target) => benchTarget(target.name, target.db, target.name === 'PGlite' ? 4 : Number(process.env.BENCH_CONCURRENCY ?? 32)).then(() => undefined));
}

main().catch(reportFailure('bench:ledger'));
