import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/db/migrate.ts';
import { Ledger, NO_TRANSFER_FLAGS, type TransferRequest } from '../../src/ledger/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import {
  callApi,
  createStore,
  killAll,
  runPaygrid,
  spawnPaygrid,
  startPaygrid,
  START_DEADLINE_MS,
  type PaygridProcess,
  type PaygridStore,
} from '../support/process.ts';

/** The `paygrid` command's contract: exit codes 0 ok, 1 ledger not balanced, 2 usage or configuration error. */
const OPERATOR_KEY = 'sk_op_verify_test_0123456789abcdefghijk';
const TEST_TIMEOUT_MS = 180_000;
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const transfer = (id: string, debitAccountId: string, creditAccountId: string, amountMinor: bigint): TransferRequest => ({
  id,
  debitAccountId,
  creditAccountId,
  amountMinor,
  ledger: 'CNY',
  code: 1,
  flags: NO_TRANSFER_FLAGS,
  timeoutSeconds: 0,
  metadata: {},
});

describe('paygrid ledger verify', { timeout: TEST_TIMEOUT_MS }, () => {
  const stores: PaygridStore[] = [];
  after(async () => {
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('exits 1 with NOT BALANCED and names the account once a balance is changed behind the ledger', async () => {
    const store = await createStore();
    stores.push(store);
    const db = await store.open();
    try {
      await migrate(db);
      const ledger = new Ledger(db, new ManualClock());
      for (const id of ['acct_bank', 'acct_wallet']) assert.equal((await ledger.createAccount({ id, ledger: 'CNY', code: 2000 })).result, 'ok');
      const outcomes = await ledger.createTransfers([transfer('t1', 'acct_bank', 'acct_wallet', 10_000n), transfer('t2', 'acct_wallet', 'acct_bank', 2_500n)]);
      assert.deepEqual(outcomes.map((o) => o.result), ['ok', 'ok']);
    } finally {
      await db.close();
    }

    // The same data verifies before the tampering, so the failure below comes from it alone.
    const clean = await runPaygrid(['ledger', 'verify', ...store.args], store.env);
    assert.equal(clean.code, 0, `${clean.stdout}\n${clean.stderr}`);
    assert.match(clean.stdout, /^Ledger balanced: 2 accounts, 2 transfers checked\.$/m);

    const tamper = await store.open();
    try {
      const updated = await tamper.query("UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = 'acct_wallet'");
      assert.equal(updated.rowCount, 1);
    } finally {
      await tamper.close();
    }

    const tampered = await runPaygrid(['ledger', 'verify', ...store.args], store.env);
    assert.equal(tampered.code, 1, `${tampered.stdout}\n${tampered.stderr}`);
    assert.match(tampered.stdout, /^Ledger NOT BALANCED: 2 accounts, 2 transfers checked\.$/m);
    assert.match(tampered.stdout, /^ {2}account acct_wallet: credits_posted is 10001 but the transfers add up to 10000$/m);
    assert.match(tampered.stdout, /^ {2}CNY: .*<- does not sum to zero$/m);
  });
});

describe('paygrid command line', { timeout: TEST_TIMEOUT_MS, concurrency: true }, () => {
  test('`paygrid version` prints the package version', async () => {
    const result = await runPaygrid(['version'], {});
    assert.deepEqual({ code: result.code, stdout: result.stdout, stderr: result.stderr }, { code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
  });

  const usageErrors: { name: string; args: string[]; stderr: RegExp }[] = [
    { name: 'an unknown command', args: ['frobnicate'], stderr: /Unknown command "frobnicate"[\s\S]*Usage: paygrid <command>/ },
    { name: 'a port that is not a number', args: ['start', '--port', 'abc'], stderr: /^paygrid: --port: expected a whole number, got "abc"$/m },
    { name: 'a port out of range', args: ['start', '--port', '65536'], stderr: /^paygrid: --port: must be between 0 and 65535, got 65536$/m },
    { name: 'an unknown option', args: ['start', '--prot', '4000'], stderr: /--prot/ },
  ];
  for (const { name, args, stderr } of usageErrors) {
    test(`${name} exits 2 with a message and starts nothing`, async () => {
      const store = await createStore({ embedded: true });
      try {
        const result = await runPaygrid([...args, ...store.args], {});
        assert.equal(result.code, 2, `${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, stderr);
        assert.doesNotMatch(result.stdout, /is running at/);
        assert.equal(existsSync(join(store.dataDir, 'pgdata')), false, 'no database was created');
      } finally {
        await store.cleanup();
      }
    });
  }
});

describe('paygrid start on a port that is taken', { timeout: TEST_TIMEOUT_MS }, () => {
  const EXIT_DEADLINE_MS = 40_000;

  test('exits non-zero with a message naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const store = await createStore();
    try {
      const result = await runPaygrid(['start', '--port', String(port), ...store.args], { ...store.env, PAYGRID_LOG_LEVEL: 'warn' }, EXIT_DEADLINE_MS);
      assert.notEqual(result.code, 0);
      assert.equal(result.signal, null);
      assert.match(result.stderr, new RegExp(`EADDRINUSE.*127\\.0\\.0\\.1:${port}`));
      assert.doesNotMatch(result.stdout, /is running at/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await store.cleanup();
    }
  });
});

describe('the embedded data directory belongs to one process', { timeout: TEST_TIMEOUT_MS }, () => {
  const processes: PaygridProcess[] = [];
  const stores: PaygridStore[] = [];
  after(async () => {
    await killAll(processes);
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('a second server or `ledger verify` on a data dir in use is refused and the first server carries on', async () => {
    // The lock exists for the embedded database only, so this runs embedded on both test databases.
    const store = await createStore({ embedded: true });
    stores.push(store);
    const env = { PAYGRID_ADMIN_API_KEY: OPERATOR_KEY, PAYGRID_LOG_LEVEL: 'warn' };
    const first = await startPaygrid(store.args, env, processes);
    const lockFile = join(store.dataDir, 'paygrid.lock');
    assert.equal(readFileSync(lockFile, 'utf8'), String(first.process.child.pid));
    const created = await callApi(first.url, OPERATOR_KEY, 'POST', '/v1/ledger/accounts', { id: 'acct_before', ledger: 'CNY', code: 2000 });
    assert.equal(created.status, 200, JSON.stringify(created.body));

    const second = spawnPaygrid(['start', '--port', '0', ...store.args], env);
    processes.push(second);
    const secondExit = await second.waitForExit(START_DEADLINE_MS);
    assert.notEqual(secondExit.code, 0, 'the second server must not start');
    assert.equal(secondExit.signal, null);
    assert.match(second.stderr(), new RegExp(`data directory .* is in use by another Paygrid process \\(pid ${first.process.child.pid}\\)`));
    assert.doesNotMatch(second.stdout(), /is running at/);

    const verify = await runPaygrid(['ledger', 'verify', ...store.args], {});
    assert.notEqual(verify.code, 0);
    assert.match(verify.stderr, /is in use by another Paygrid process/);

    // The first server still owns the directory and still reads and writes.
    assert.equal(readFileSync(lockFile, 'utf8'), String(first.process.child.pid));
    const health = await callApi<{ status: string }>(first.url, null, 'GET', '/healthz');
    assert.deepEqual({ status: health.status, body: health.body.status }, { status: 200, body: 'ok' });
    const before = await callApi<{ id: string }>(first.url, OPERATOR_KEY, 'GET', '/v1/ledger/accounts/acct_before');
    assert.equal(before.status, 200);
    const later = await callApi(first.url, OPERATOR_KEY, 'POST', '/v1/ledger/accounts', { id: 'acct_after', ledger: 'CNY', code: 2000 });
    assert.equal(later.status, 200, JSON.stringify(later.body));

    const stopped = await first.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /^Paygrid stopped\.$/m);
    assert.equal(existsSync(lockFile), false, 'a graceful stop releases the lock');

    // Now free, the directory verifies, with both accounts.
    const afterStop = await runPaygrid(['ledger', 'verify', ...store.args], {});
    assert.equal(afterStop.code, 0, `${afterStop.stdout}\n${afterStop.stderr}`);
    assert.match(afterStop.stdout, /^Ledger balanced: 2 accounts, 0 transfers checked\.$/m);
  });
});
