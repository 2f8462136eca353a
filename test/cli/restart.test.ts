import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  callApi,
  createStore,
  killAll,
  runPaygrid,
  startPaygrid,
  type PaygridProcess,
  type PaygridStore,
  type RunningServer,
} from '../support/process.ts';

/**
 * The real server, over real sockets: what a client was told was committed is
 * still there, unchanged, after a graceful stop and a start on the same data.
 */
const OPERATOR_KEY = 'sk_op_restart_test_0123456789abcdefghij';
const SERVER_ENV = { PAYGRID_ADMIN_API_KEY: OPERATOR_KEY, PAYGRID_LOG_LEVEL: 'warn' };
const TEST_TIMEOUT_MS = 240_000;
/**
 * A known defect, left to the owners of src/: a keep-alive connection whose
 * request was in flight at SIGTERM is answered with `Connection: keep-alive`
 * and kept open, so `http.close()` waits for the client to hang up, the 10 s
 * shutdown limit fires and Paygrid exits 3 without closing its database. It
 * shows on PostgreSQL, where the whole burst is in flight at once.
 */

const WALLET = 'acct_wallet';
const FUNDING = 'acct_funding';

interface WireAccount {
  id: string;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}
interface TransferResults {
  results: { id: string; result: string }[];
}
interface Verification {
  balanced: boolean;
  accounts_checked: number;
  transfers_checked: number;
  mismatches: unknown[];
}
interface WireTransfer {
  id: string;
  amount: number;
}

type Kind = 'single' | 'pending' | 'post' | 'void';
interface Row {
  id: string;
  kind: Kind;
  debit?: string;
  credit?: string;
  amount?: number;
  pendingId?: string;
  timeoutSeconds?: number;
  metadata?: Record<string, string>;
  expected: 'ok' | 'exceeds_credits';
}

const pay = (n: number): Row => ({ id: `pay_${n}`, kind: 'single', debit: WALLET, credit: FUNDING, amount: 100 * n + n, expected: 'ok' });

/** 20 committed transfers, with a hold posted for less, a hold left pending, a void, and one refused transfer. */
const SCENARIO: readonly Row[] = [
  { id: 'fund_1', kind: 'single', debit: FUNDING, credit: WALLET, amount: 100_000, expected: 'ok' },
  pay(1),
  { id: 'pay_order_2', kind: 'single', debit: WALLET, credit: FUNDING, amount: 3_399, metadata: { order: 'o-2' }, expected: 'ok' },
  { id: 'hold_1', kind: 'pending', debit: WALLET, credit: FUNDING, amount: 5_000, expected: 'ok' },
  { id: 'capture_1', kind: 'post', pendingId: 'hold_1', amount: 3_000, expected: 'ok' },
  { id: 'hold_2', kind: 'pending', debit: WALLET, credit: FUNDING, amount: 2_000, timeoutSeconds: 3_600, expected: 'ok' },
  { id: 'hold_3', kind: 'pending', debit: WALLET, credit: FUNDING, amount: 700, expected: 'ok' },
  { id: 'release_3', kind: 'void', pendingId: 'hold_3', expected: 'ok' },
  // More than the wallet holds; refused, and its id stays taken (TigerBeetle's rule).
  { id: 'too_much', kind: 'single', debit: WALLET, credit: FUNDING, amount: 150_000, expected: 'exceeds_credits' },
  { id: 'fund_2', kind: 'single', debit: FUNDING, credit: WALLET, amount: 100_000, expected: 'ok' },
  ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(pay),
];
const COMMITTED = SCENARIO.filter((r) => r.expected === 'ok');

function wireTransfer(row: Row): Record<string, unknown> {
  return {
    id: row.id,
    ...(row.debit === undefined ? {} : { debit_account_id: row.debit, credit_account_id: row.credit, ledger: 'CNY', code: 1 }),
    ...(row.amount === undefined ? {} : { amount: row.amount }),
    ...(row.pendingId === undefined ? {} : { pending_id: row.pendingId }),
    ...(row.timeoutSeconds === undefined ? {} : { timeout_seconds: row.timeoutSeconds }),
    ...(row.metadata === undefined ? {} : { metadata: row.metadata }),
    flags: { pending: row.kind === 'pending', post_pending: row.kind === 'post', void_pending: row.kind === 'void' },
  };
}

type Balances = Omit<WireAccount, 'id'>;

/** The balances the scenario must leave, worked out from the table alone (not from the ledger's code). */
function expectedBalances(rows: readonly Row[]): Map<string, Balances> {
  const balances = new Map<string, Balances>([WALLET, FUNDING].map((id) => [id, { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 }]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const of = (id: string | undefined): Balances => {
    const b = balances.get(id ?? '');
    assert.ok(b !== undefined, `scenario names an unknown account ${id}`);
    return b;
  };
  for (const row of rows.filter((r) => r.expected === 'ok')) {
    const pending = row.pendingId === undefined ? undefined : byId.get(row.pendingId);
    const debit = of(row.debit ?? pending?.debit);
    const credit = of(row.credit ?? pending?.credit);
    const amount = row.amount ?? pending?.amount ?? 0;
    if (pending !== undefined) {
      debit.debits_pending -= pending.amount ?? 0;
      credit.credits_pending -= pending.amount ?? 0;
    }
    if (row.kind === 'pending') {
      debit.debits_pending += amount;
      credit.credits_pending += amount;
    } else if (row.kind !== 'void') {
      debit.debits_posted += amount;
      credit.credits_posted += amount;
    }
  }
  return balances;
}

async function createAccounts(server: RunningServer): Promise<void> {
  const accounts = [
    { id: FUNDING, ledger: 'CNY', code: 9000 },
    { id: WALLET, ledger: 'CNY', code: 2000, flags: { debits_must_not_exceed_credits: true } },
  ];
  for (const account of accounts) {
    const created = await callApi(server.url, OPERATOR_KEY, 'POST', '/v1/ledger/accounts', account);
    assert.equal(created.status, 200, JSON.stringify(created.body));
  }
}

async function snapshot(server: RunningServer): Promise<{ accounts: Map<string, unknown>; transfers: Map<string, unknown> }> {
  const accounts = new Map<string, unknown>();
  for (const id of [WALLET, FUNDING]) {
    const response = await callApi(server.url, OPERATOR_KEY, 'GET', `/v1/ledger/accounts/${id}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    accounts.set(id, response.body);
  }
  const transfers = new Map<string, unknown>();
  for (const row of COMMITTED) {
    const response = await callApi(server.url, OPERATOR_KEY, 'GET', `/v1/ledger/transfers/${row.id}`);
    assert.equal(response.status, 200, `transfer ${row.id}: ${JSON.stringify(response.body)}`);
    transfers.set(row.id, response.body);
  }
  return { accounts, transfers };
}

async function assertVerifies(server: RunningServer, transfers: number): Promise<void> {
  const verify = await callApi<Verification>(server.url, OPERATOR_KEY, 'GET', '/v1/ledger/verify');
  assert.equal(verify.status, 200);
  assert.equal(verify.body.balanced, true, JSON.stringify(verify.body));
  assert.deepEqual(verify.body.mismatches, []);
  assert.equal(verify.body.accounts_checked, 2);
  assert.equal(verify.body.transfers_checked, transfers);
}

async function stopGracefully(server: RunningServer): Promise<void> {
  const stopped = await server.stop();
  assert.deepEqual({ code: stopped.code, signal: stopped.signal }, { code: 0, signal: null }, stopped.stderr);
  assert.match(stopped.stdout, /^SIGTERM received: finishing in-flight requests, then stopping\.$/m);
  assert.match(stopped.stdout, /^Paygrid stopped\.$/m);
}

describe('paygrid start: stop and start again on the same data', { timeout: TEST_TIMEOUT_MS }, () => {
  const processes: PaygridProcess[] = [];
  const stores: PaygridStore[] = [];
  after(async () => {
    await killAll(processes);
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('every committed transfer and balance survives a graceful restart, and `ledger verify` agrees', async () => {
    const store = await createStore();
    stores.push(store);
    const env = { ...store.env, ...SERVER_ENV };

    const first = await startPaygrid(store.args, env, processes);
    await createAccounts(first);
    for (const row of SCENARIO) {
      const response = await callApi<TransferResults>(first.url, OPERATOR_KEY, 'POST', '/v1/ledger/transfers', wireTransfer(row));
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body.results, [{ id: row.id, result: row.expected }], `transfer ${row.id}`);
    }
    assert.equal(COMMITTED.length, 20);
    const before = await snapshot(first);
    const expected = expectedBalances(SCENARIO);
    for (const [id, balances] of expected) assert.deepEqual(pick(before.accounts.get(id)), balances, `balances of ${id} before the restart`);
    await assertVerifies(first, 20);
    await stopGracefully(first);

    const second = await startPaygrid(store.args, env, processes);
    const afterRestart = await snapshot(second);
    assert.deepEqual(afterRestart.accounts, before.accounts);
    assert.deepEqual(afterRestart.transfers, before.transfers);
    const hold = afterRestart.transfers.get('hold_2') as { pending_status: { state: string; expires_at: number | null } };
    assert.equal(hold.pending_status.state, 'pending');
    assert.notEqual(hold.pending_status.expires_at, null);
    // The wallet now holds enough, so only the recorded failure keeps the retry from succeeding.
    const tooMuch = SCENARIO.find((r) => r.id === 'too_much');
    assert.ok(tooMuch !== undefined);
    const retry = await callApi<TransferResults>(second.url, OPERATOR_KEY, 'POST', '/v1/ledger/transfers', wireTransfer(tooMuch));
    assert.deepEqual(retry.body.results, [{ id: 'too_much', result: 'exceeds_credits' }]);
    await assertVerifies(second, 20);
    await stopGracefully(second);

    const verify = await runPaygrid(['ledger', 'verify', ...store.args], store.env);
    assert.equal(verify.code, 0, `${verify.stdout}\n${verify.stderr}`);
    assert.match(verify.stdout, /^Ledger balanced: 2 accounts, 20 transfers checked\.$/m);
  });

  test('a SIGTERM during a burst of transfers loses none that were answered ok', async (t) => {
    const store = await createStore();
    stores.push(store);
    const env = { ...store.env, ...SERVER_ENV };
    const first = await startPaygrid(store.args, env, processes);
    for (const id of [FUNDING, WALLET]) {
      const created = await callApi(first.url, OPERATOR_KEY, 'POST', '/v1/ledger/accounts', { id, ledger: 'CNY', code: 9000 });
      assert.equal(created.status, 200, JSON.stringify(created.body));
    }

    const BURST = 50;
    const SIGNAL_AFTER_ANSWERS = 5;
    let answered = 0;
    let unansweredAtSignal = -1;
    const requests = Array.from({ length: BURST }, async (_, i) => {
      const body = { id: `burst_${i}`, debit_account_id: FUNDING, credit_account_id: WALLET, amount: i + 1, ledger: 'CNY', code: 1 };
      try {
        return { response: await callApi<TransferResults>(first.url, OPERATOR_KEY, 'POST', '/v1/ledger/transfers', body) };
      } catch {
        // The connection was refused or cut: the client cannot know whether the transfer happened.
        return { response: undefined };
      } finally {
        answered += 1;
        if (answered === SIGNAL_AFTER_ANSWERS) {
          // Sent from an answer's own callback, so the rest of the burst is still in flight.
          unansweredAtSignal = BURST - answered;
          first.process.child.kill('SIGTERM');
        }
      }
    });
    const outcomes = await Promise.all(requests);
    const stopped = await first.stop({ alreadySignalled: true });
    assert.equal(stopped.signal, null, 'the server exited by itself');
    assert.match(stopped.stdout, /^SIGTERM received: finishing in-flight requests, then stopping\.$/m);
    assert.ok(unansweredAtSignal > 0, 'the signal was sent while requests were still in flight');

    const okIds = new Set<string>();
    const refusedIds = new Set<string>();
    outcomes.forEach(({ response }, i) => {
      if (response === undefined) return;
      if (response.status === 503) refusedIds.add(`burst_${i}`);
      else {
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(response.body.results, [{ id: `burst_${i}`, result: 'ok' }]);
        okIds.add(`burst_${i}`);
      }
    });
    t.diagnostic(`signal sent with ${unansweredAtSignal} requests unanswered; ${okIds.size} answered ok, ${refusedIds.size} refused with 503, ${BURST - okIds.size - refusedIds.size} cut off`);
    assert.ok(okIds.size > SIGNAL_AFTER_ANSWERS, 'a request being handled when the signal came was finished and answered');

    const second = await startPaygrid(store.args, env, processes);
    let storedTotal = 0;
    let stored = 0;
    for (let i = 0; i < BURST; i += 1) {
      const id = `burst_${i}`;
      const found = await callApi<WireTransfer>(second.url, OPERATOR_KEY, 'GET', `/v1/ledger/transfers/${id}`);
      if (okIds.has(id)) assert.equal(found.status, 200, `transfer ${id} was answered ok but is not stored`);
      if (refusedIds.has(id)) assert.equal(found.status, 404, `transfer ${id} was refused with 503 but is stored`);
      if (found.status === 200) {
        assert.equal(found.body.amount, i + 1);
        storedTotal += i + 1;
        stored += 1;
      }
    }
    const wallet = await callApi<WireAccount>(second.url, OPERATOR_KEY, 'GET', `/v1/ledger/accounts/${WALLET}`);
    assert.equal(wallet.body.credits_posted, storedTotal);
    await assertVerifies(second, stored);
    await stopGracefully(second);

    await t.test('and it stopped within the shutdown limit, with exit code 0 and "Paygrid stopped."', () => {
      assert.deepEqual({ code: stopped.code, stderr: stopped.stderr }, { code: 0, stderr: '' });
      assert.match(stopped.stdout, /^Paygrid stopped\.$/m);
    });
  });
});

function pick(account: unknown): Balances {
  const a = account as WireAccount;
  return { debits_pending: a.debits_pending, debits_posted: a.debits_posted, credits_pending: a.credits_pending, credits_posted: a.credits_posted };
}
