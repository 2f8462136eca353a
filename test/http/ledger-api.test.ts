import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_OPERATOR_KEY, startTestApp, type TestApp } from '../support/app.ts';
import {
  assertApiError,
  assertBalanced,
  assertNoTransfer,
  balancesOf,
  createAccount,
  createTransfer,
  createTransfers,
  getAccount,
  uniquePrefix,
  verifyLedger,
  type AccountBalances,
} from './helpers.ts';

/**
 * The operator ledger API's happy paths and the shapes of its answers:
 * accounts, single-phase and two-phase transfers, linked batches, balance
 * limits, expiry on the manual clock, pagination, exact large amounts and
 * verification. Each test picks its own ids; CNY is shared, USD and EUR each
 * belong to one test so that their ledger totals can be checked exactly.
 */

const p = uniquePrefix('led');
const ZERO: AccountBalances = { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 };

interface WireTransfer {
  object: string;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  pending_id: string | null;
  ledger: string;
  code: number;
  flags: { linked: boolean; pending: boolean; post_pending: boolean; void_pending: boolean };
  timeout_seconds: number;
  metadata: Record<string, string>;
  created: number;
  pending_status?: { state: string; expires_at: number | null; resolved_by: string | null; resolved_at: number | null };
}

interface WireList {
  object: string;
  url: string;
  has_more: boolean;
  data: WireTransfer[];
}

describe('the operator ledger API', () => {
  let app: TestApp;

  const nowSeconds = (): number => Math.floor(app.clock.nowMs() / 1000);

  async function getTransfer(id: string): Promise<WireTransfer> {
    const response = await app.request('GET', `/v1/ledger/transfers/${id}`);
    assert.equal(response.status, 200, `get transfer ${id}: ${JSON.stringify(response.body)}`);
    return response.body as WireTransfer;
  }

  /** Two fresh CNY accounts for one test. */
  async function accountPair(label: string): Promise<[string, string]> {
    const a = await createAccount(app, { id: `${p}_${label}_a`, ledger: 'CNY', code: 1 });
    const b = await createAccount(app, { id: `${p}_${label}_b`, ledger: 'CNY', code: 1 });
    return [a.id, b.id];
  }

  before(async () => {
    app = await startTestApp();
  });

  after(async () => {
    await app.close();
  });

  describe('accounts', () => {
    it('creates an account with a chosen id and shows it with zero balances', async () => {
      const id = `${p}_chosen`;
      const created = await createAccount(app, { id, ledger: 'CNY', code: 1001, metadata: { owner: 'merchant 42' } });
      const expected = {
        object: 'ledger_account',
        id,
        ledger: 'CNY',
        code: 1001,
        flags: { debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: false },
        ...ZERO,
        metadata: { owner: 'merchant 42' },
        created: nowSeconds(),
      };
      assert.deepEqual(created, expected);
      assert.deepEqual(await getAccount(app, id), expected);
    });

    it('creates an account without an id and gives it a generated lacct_ id', async () => {
      const first = await createAccount(app, { ledger: 'CNY', code: 1 });
      const second = await createAccount(app, { ledger: 'CNY', code: 1 });
      assert.match(first.id, /^lacct_[0-9a-z]{26}$/);
      assert.notEqual(first.id, second.id);
      assert.deepEqual(await getAccount(app, first.id), first);
    });

    it('answers a repeated identical create with the same account and creates no second one', async () => {
      const body = { id: `${p}_repeat`, ledger: 'CNY', code: 7, flags: { debits_must_not_exceed_credits: true }, metadata: { b: '2', a: '1' } };
      const reportBefore = await verifyLedger(app);
      const first = await createAccount(app, body);
      app.clock.advanceMs(5_000);
      const second = await createAccount(app, { ...body, metadata: { a: '1', b: '2' } });
      assert.deepEqual(second, first, 'the original account, created time included');
      assert.equal((await verifyLedger(app)).accounts_checked, reportBefore.accounts_checked + 1);
    });

    it('refuses the same id with a different code or ledger with 409, leaving the account as it was', async () => {
      const id = `${p}_conflict`;
      const original = await createAccount(app, { id, ledger: 'CNY', code: 1 });
      assertApiError(await app.request('POST', '/v1/ledger/accounts', { body: { id, ledger: 'CNY', code: 2 } }), {
        status: 409,
        code: 'exists_with_different_code',
        param: 'id',
      });
      assertApiError(await app.request('POST', '/v1/ledger/accounts', { body: { id, ledger: 'JPY', code: 1 } }), {
        status: 409,
        code: 'exists_with_different_ledger',
        param: 'id',
      });
      assert.deepEqual(await getAccount(app, id), original);
    });

    it('answers 404 resource_missing for an account that does not exist', async () => {
      assertApiError(await app.request('GET', `/v1/ledger/accounts/${p}_nobody`), { status: 404, code: 'resource_missing', param: 'id' });
    });
  });

  describe('single-phase transfers', () => {
    it('answers a single body and a batch body alike with {results:[{id,result}]}', async () => {
      const [a, b] = await accountPair('shape');
      const single = await app.request('POST', '/v1/ledger/transfers', {
        body: { id: `${p}_single`, debit_account_id: a, credit_account_id: b, amount: 100, ledger: 'CNY', code: 1 },
      });
      assert.equal(single.status, 200);
      assert.deepEqual(single.body, { results: [{ id: `${p}_single`, result: 'ok' }] });

      const batch = await app.request('POST', '/v1/ledger/transfers', {
        body: {
          transfers: [
            { id: `${p}_batch_1`, debit_account_id: a, credit_account_id: b, amount: 20, ledger: 'CNY', code: 1 },
            { id: `${p}_batch_2`, debit_account_id: b, credit_account_id: a, amount: 5, ledger: 'CNY', code: 1 },
          ],
        },
      });
      assert.equal(batch.status, 200);
      assert.deepEqual(batch.body, { results: [{ id: `${p}_batch_1`, result: 'ok' }, { id: `${p}_batch_2`, result: 'ok' }] });
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_posted: 120, credits_posted: 5 });
      assert.deepEqual(await balancesOf(app, b), { ...ZERO, debits_posted: 5, credits_posted: 120 });
    });

    it('shows a transfer with every field', async () => {
      const [a, b] = await accountPair('get');
      const id = `${p}_get`;
      assert.equal(await createTransfer(app, { id, debit_account_id: a, credit_account_id: b, amount: 4321, ledger: 'CNY', code: 12, metadata: { order: 'o_1' } }), 'ok');
      assert.deepEqual(await getTransfer(id), {
        object: 'ledger_transfer',
        id,
        debit_account_id: a,
        credit_account_id: b,
        amount: 4321,
        pending_id: null,
        ledger: 'CNY',
        code: 12,
        flags: { linked: false, pending: false, post_pending: false, void_pending: false },
        timeout_seconds: 0,
        metadata: { order: 'o_1' },
        created: nowSeconds(),
      });
    });

    it('answers a repeated transfer ok without moving the money twice, and names a changed amount', async () => {
      const [a, b] = await accountPair('idem');
      const request = { id: `${p}_idem`, debit_account_id: a, credit_account_id: b, amount: 250, ledger: 'CNY', code: 1 };
      assert.equal(await createTransfer(app, request), 'ok');
      assert.equal(await createTransfer(app, request), 'ok');
      assert.deepEqual(await createTransfers(app, [request]), [{ id: request.id, result: 'ok' }]);
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_posted: 250 });

      assert.equal(await createTransfer(app, { ...request, amount: 251 }), 'exists_with_different_amount');
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_posted: 250 });
      assert.deepEqual(await balancesOf(app, b), { ...ZERO, credits_posted: 250 });
      assert.equal((await getTransfer(request.id)).amount, 250);
    });

    it('refuses to overdraw an account limited by debits_must_not_exceed_credits, and keeps the failed id taken', async () => {
      const wallet = (await createAccount(app, { id: `${p}_wallet`, ledger: 'CNY', code: 2, flags: { debits_must_not_exceed_credits: true } })).id;
      const funding = (await createAccount(app, { id: `${p}_funding`, ledger: 'CNY', code: 1 })).id;
      const shop = (await createAccount(app, { id: `${p}_shop`, ledger: 'CNY', code: 1 })).id;
      assert.equal(await createTransfer(app, { id: `${p}_topup`, debit_account_id: funding, credit_account_id: wallet, amount: 100, ledger: 'CNY', code: 1 }), 'ok');

      const overdraw = { id: `${p}_overdraw`, debit_account_id: wallet, credit_account_id: shop, amount: 101, ledger: 'CNY', code: 1 };
      assert.equal(await createTransfer(app, overdraw), 'exceeds_credits');
      assert.deepEqual(await balancesOf(app, wallet), { ...ZERO, credits_posted: 100 });
      await assertNoTransfer(app, overdraw.id);

      // Funded later, the same id still answers its original result (TigerBeetle's rule), so a retry never succeeds by surprise.
      assert.equal(await createTransfer(app, { id: `${p}_topup2`, debit_account_id: funding, credit_account_id: wallet, amount: 100, ledger: 'CNY', code: 1 }), 'ok');
      assert.equal(await createTransfer(app, overdraw), 'exceeds_credits');

      assert.equal(await createTransfer(app, { id: `${p}_spend_all`, debit_account_id: wallet, credit_account_id: shop, amount: 200, ledger: 'CNY', code: 1 }), 'ok');
      assert.deepEqual(await balancesOf(app, wallet), { ...ZERO, debits_posted: 200, credits_posted: 200 });
      assert.equal(await createTransfer(app, { id: `${p}_one_more`, debit_account_id: wallet, credit_account_id: shop, amount: 1, ledger: 'CNY', code: 1 }), 'exceeds_credits');
      await assertBalanced(app);
    });

    it('applies a linked batch whole or not at all: when the second fails, the first leaves no trace', async () => {
      const [a, b] = await accountPair('linked');
      const wallet = (await createAccount(app, { id: `${p}_linked_wallet`, ledger: 'CNY', code: 2, flags: { debits_must_not_exceed_credits: true } })).id;
      assert.equal(await createTransfer(app, { id: `${p}_linked_fund`, debit_account_id: a, credit_account_id: wallet, amount: 100, ledger: 'CNY', code: 1 }), 'ok');
      const balancesBefore = [await balancesOf(app, a), await balancesOf(app, b), await balancesOf(app, wallet)];
      const countBefore = (await verifyLedger(app)).transfers_checked;

      const results = await createTransfers(app, [
        { id: `${p}_linked_1`, debit_account_id: a, credit_account_id: b, amount: 50, ledger: 'CNY', code: 1, flags: { linked: true } },
        { id: `${p}_linked_2`, debit_account_id: wallet, credit_account_id: b, amount: 500, ledger: 'CNY', code: 1 },
      ]);
      assert.deepEqual(results, [
        { id: `${p}_linked_1`, result: 'linked_event_failed' },
        { id: `${p}_linked_2`, result: 'exceeds_credits' },
      ]);
      assert.deepEqual([await balancesOf(app, a), await balancesOf(app, b), await balancesOf(app, wallet)], balancesBefore);
      await assertNoTransfer(app, `${p}_linked_1`);
      await assertNoTransfer(app, `${p}_linked_2`);
      assert.equal((await assertBalanced(app)).transfers_checked, countBefore);

      // The first transfer's id was not used up: it can still go through on its own.
      assert.equal(await createTransfer(app, { id: `${p}_linked_1`, debit_account_id: a, credit_account_id: b, amount: 50, ledger: 'CNY', code: 1 }), 'ok');
    });
  });

  describe('two-phase transfers', () => {
    it('posts part of a pending transfer and releases the remainder', async () => {
      const [a, b] = await accountPair('post');
      const hold = `${p}_hold`;
      const capture = `${p}_capture`;
      assert.equal(await createTransfer(app, { id: hold, debit_account_id: a, credit_account_id: b, amount: 1000, ledger: 'CNY', code: 3, flags: { pending: true } }), 'ok');
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_pending: 1000 });
      assert.deepEqual(await balancesOf(app, b), { ...ZERO, credits_pending: 1000 });
      assert.deepEqual((await getTransfer(hold)).pending_status, { state: 'pending', expires_at: null, resolved_by: null, resolved_at: null });

      assert.equal(await createTransfer(app, { id: `${p}_capture_too_much`, pending_id: hold, amount: 1001, flags: { post_pending: true } }), 'exceeds_pending_transfer_amount');
      app.clock.advanceMs(2_000);
      assert.equal(await createTransfer(app, { id: capture, pending_id: hold, amount: 600, flags: { post_pending: true } }), 'ok');

      const held = await getTransfer(hold);
      assert.equal(held.pending_status?.state, 'posted');
      assert.deepEqual(held.pending_status, { state: 'posted', expires_at: null, resolved_by: capture, resolved_at: nowSeconds() });
      const posted = await getTransfer(capture);
      assert.deepEqual(
        { debit: posted.debit_account_id, credit: posted.credit_account_id, amount: posted.amount, pending_id: posted.pending_id, ledger: posted.ledger, code: posted.code },
        { debit: a, credit: b, amount: 600, pending_id: hold, ledger: 'CNY', code: 3 },
      );
      assert.equal(posted.flags.post_pending, true);
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_posted: 600 });
      assert.deepEqual(await balancesOf(app, b), { ...ZERO, credits_posted: 600 });

      // Exactly once: neither a second post nor a void moves anything.
      assert.equal(await createTransfer(app, { id: `${p}_capture_again`, pending_id: hold, amount: 400, flags: { post_pending: true } }), 'pending_transfer_already_posted');
      assert.equal(await createTransfer(app, { id: `${p}_void_after`, pending_id: hold, flags: { void_pending: true } }), 'pending_transfer_already_posted');
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_posted: 600 });
      await assertBalanced(app);
    });

    it('voids a pending transfer, releasing the whole hold', async () => {
      const [a, b] = await accountPair('void');
      const hold = `${p}_vhold`;
      const cancel = `${p}_vcancel`;
      assert.equal(await createTransfer(app, { id: hold, debit_account_id: a, credit_account_id: b, amount: 400, ledger: 'CNY', code: 3, flags: { pending: true } }), 'ok');
      assert.equal(await createTransfer(app, { id: cancel, pending_id: hold, flags: { void_pending: true } }), 'ok');

      assert.deepEqual((await getTransfer(hold)).pending_status, { state: 'voided', expires_at: null, resolved_by: cancel, resolved_at: nowSeconds() });
      const voided = await getTransfer(cancel);
      assert.equal(voided.amount, 400, 'a void records the amount it released');
      assert.equal(voided.flags.void_pending, true);
      assert.deepEqual(await balancesOf(app, a), ZERO);
      assert.deepEqual(await balancesOf(app, b), ZERO);
      assert.equal(await createTransfer(app, { id: `${p}_vpost`, pending_id: hold, flags: { post_pending: true } }), 'pending_transfer_already_voided');
      assert.deepEqual(await balancesOf(app, b), ZERO);
      await assertBalanced(app);
    });

    it('expires a pending transfer after its timeout, releasing the hold and refusing a later post', async () => {
      const [a, b] = await accountPair('expiry');
      const hold = `${p}_ehold`;
      assert.equal(
        await createTransfer(app, { id: hold, debit_account_id: a, credit_account_id: b, amount: 300, ledger: 'CNY', code: 3, flags: { pending: true }, timeout_seconds: 60 }),
        'ok',
      );
      const createdAt = nowSeconds();
      const pending = await getTransfer(hold);
      assert.equal(pending.timeout_seconds, 60);
      assert.deepEqual(pending.pending_status, { state: 'pending', expires_at: createdAt + 60, resolved_by: null, resolved_at: null });
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_pending: 300 });

      app.clock.advanceMs(59_000);
      assert.equal(await app.paygrid.ledger.expireDue(), 0, 'nothing is due before the timeout');
      assert.deepEqual(await balancesOf(app, a), { ...ZERO, debits_pending: 300 });

      app.clock.advanceMs(2_000);
      assert.equal(await app.paygrid.ledger.expireDue(), 1);
      assert.deepEqual(await balancesOf(app, a), ZERO);
      assert.deepEqual(await balancesOf(app, b), ZERO);
      assert.deepEqual((await getTransfer(hold)).pending_status, { state: 'expired', expires_at: createdAt + 60, resolved_by: null, resolved_at: nowSeconds() });

      assert.equal(await createTransfer(app, { id: `${p}_elate`, pending_id: hold, flags: { post_pending: true } }), 'pending_transfer_expired');
      assert.deepEqual(await balancesOf(app, b), ZERO);
      assert.equal(await app.paygrid.ledger.expireDue(), 0, 'a hold expires once');
      await assertBalanced(app);
    });
  });

  describe('listing an account\'s transfers', () => {
    it('pages through 25 transfers newest first with starting_after, and back with ending_before', async () => {
      const account = (await createAccount(app, { id: `${p}_pg`, ledger: 'CNY', code: 1 })).id;
      const [left, right] = await accountPair('pg_other');
      const ids: string[] = [];
      for (let i = 0; i < 25; i += 1) {
        const id = `${p}_pg_${String(i).padStart(2, '0')}`;
        ids.push(id);
        // The account is on the debit side of some transfers and the credit side of others.
        const [debit, credit] = i % 2 === 0 ? [account, left] : [right, account];
        assert.equal(await createTransfer(app, { id, debit_account_id: debit, credit_account_id: credit, amount: i + 1, ledger: 'CNY', code: 1 }), 'ok');
        // Transfers of other accounts in between must not show up.
        if (i % 5 === 0) assert.equal(await createTransfer(app, { id: `${p}_pg_noise_${i}`, debit_account_id: left, credit_account_id: right, amount: 1, ledger: 'CNY', code: 1 }), 'ok');
      }
      const newestFirst = [...ids].reverse();
      const base = `/v1/ledger/accounts/${account}/transfers`;
      const list = async (query: string): Promise<WireList> => {
        const response = await app.request('GET', `${base}?${query}`);
        assert.equal(response.status, 200, `${query}: ${JSON.stringify(response.body)}`);
        const page = response.body as WireList;
        assert.equal(page.object, 'list');
        assert.equal(page.url, base);
        return page;
      };
      const idsOf = (page: WireList): string[] => page.data.map((t) => t.id);

      const page1 = await list('limit=10');
      const page2 = await list(`limit=10&starting_after=${idsOf(page1).at(-1) ?? ''}`);
      const page3 = await list(`limit=10&starting_after=${idsOf(page2).at(-1) ?? ''}`);
      assert.deepEqual([page1.has_more, page2.has_more, page3.has_more], [true, true, false]);
      assert.deepEqual(idsOf(page1), newestFirst.slice(0, 10));
      assert.deepEqual(idsOf(page2), newestFirst.slice(10, 20));
      assert.deepEqual(idsOf(page3), newestFirst.slice(20, 25));
      const all = [...idsOf(page1), ...idsOf(page2), ...idsOf(page3)];
      assert.equal(new Set(all).size, 25, 'no duplicates');
      assert.deepEqual(all, newestFirst, 'no gaps, newest first');
      assert.deepEqual(page1.data[0]?.amount, 25);

      const back2 = await list(`limit=10&ending_before=${idsOf(page3)[0] ?? ''}`);
      assert.deepEqual(idsOf(back2), idsOf(page2));
      assert.equal(back2.has_more, true, 'newer transfers remain');
      const back1 = await list(`limit=10&ending_before=${idsOf(back2)[0] ?? ''}`);
      assert.deepEqual(idsOf(back1), idsOf(page1));
      assert.equal(back1.has_more, false, 'nothing newer remains');

      assert.deepEqual(idsOf(await list('')), idsOf(page1), 'the default page is 10 transfers');
    });
  });

  describe('large amounts', () => {
    /** The exact response text: JSON.parse would round a balance above 2^53. */
    async function rawGet(url: string): Promise<string> {
      const response = await app.paygrid.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` } });
      assert.equal(response.statusCode, 200, response.body);
      return response.body;
    }

    it('accepts amounts up to 2^53 − 1 and returns them, and their sums, exactly', async () => {
      const max = Number.MAX_SAFE_INTEGER;
      const a = (await createAccount(app, { id: `${p}_big_a`, ledger: 'USD', code: 1 })).id;
      const b = (await createAccount(app, { id: `${p}_big_b`, ledger: 'USD', code: 1 })).id;
      assert.equal(await createTransfer(app, { id: `${p}_big_1`, debit_account_id: a, credit_account_id: b, amount: max, ledger: 'USD', code: 1 }), 'ok');
      assert.equal((await getTransfer(`${p}_big_1`)).amount, 9_007_199_254_740_991);
      assert.match(await rawGet(`/v1/ledger/transfers/${p}_big_1`), /"amount":9007199254740991,/);

      assert.equal(await createTransfer(app, { id: `${p}_big_2`, debit_account_id: a, credit_account_id: b, amount: max, ledger: 'USD', code: 1 }), 'ok');
      // 2 × (2^53 − 1) is past what a double holds exactly; the API writes the digits.
      assert.match(await rawGet(`/v1/ledger/accounts/${b}`), /"credits_posted":18014398509481982,/);
      assert.match(await rawGet(`/v1/ledger/accounts/${a}`), /"debits_posted":18014398509481982,/);
      assert.match(await rawGet('/v1/ledger/verify'), /\{"ledger":"USD","accounts":2,"debits_pending":0,"debits_posted":18014398509481982,"credits_pending":0,"credits_posted":18014398509481982,"balanced":true\}/);
      await assertBalanced(app);
    });
  });

  describe('verification', () => {
    it('reports the ledger balanced with per-ledger totals matching what was created', async () => {
      const reportBefore = await assertBalanced(app);
      assert.equal(reportBefore.ledgers.find((l) => l.ledger === 'EUR'), undefined, 'EUR is this test\'s own ledger');
      const ids = [`${p}_eur_a`, `${p}_eur_b`, `${p}_eur_c`];
      for (const id of ids) await createAccount(app, { id, ledger: 'EUR', code: 1 });
      const [a, b, c] = ids as [string, string, string];
      const results = await createTransfers(app, [
        { id: `${p}_eur_1`, debit_account_id: a, credit_account_id: b, amount: 700, ledger: 'EUR', code: 1 },
        { id: `${p}_eur_2`, debit_account_id: b, credit_account_id: c, amount: 300, ledger: 'EUR', code: 1, flags: { pending: true } },
        { id: `${p}_eur_3`, debit_account_id: c, credit_account_id: a, amount: 45, ledger: 'EUR', code: 1 },
      ]);
      assert.deepEqual(results.map((r) => r.result), ['ok', 'ok', 'ok']);

      const report = await assertBalanced(app);
      assert.equal(report.object, 'ledger_verification');
      assert.equal(report.accounts_checked, reportBefore.accounts_checked + 3);
      assert.equal(report.transfers_checked, reportBefore.transfers_checked + 3);
      assert.deepEqual(report.ledgers.find((l) => l.ledger === 'EUR'), {
        ledger: 'EUR',
        accounts: 3,
        debits_pending: 300,
        debits_posted: 745,
        credits_pending: 300,
        credits_posted: 745,
        balanced: true,
      });
      for (const totals of report.ledgers) {
        assert.equal(totals.balanced, true, `${totals.ledger} balances`);
        assert.equal(totals.debits_posted, totals.credits_posted);
        assert.equal(totals.debits_pending, totals.credits_pending);
      }
    });
  });
});
