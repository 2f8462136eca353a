import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  assertApiError,
  assertBalanced,
  assertNoTransfer,
  balancesOf,
  createAccount,
  createTransfers,
  uniquePrefix,
  type AccountBalances,
  type ExpectedError,
  type WireVerification,
} from './helpers.ts';

/**
 * Bad requests to the operator ledger API: each one is refused with a 4xx error
 * object naming the offending parameter, never a 500, and none of them writes
 * anything. The table runs against one app; after it, the ledger still verifies
 * and holds exactly what it held before.
 */

const p = uniquePrefix('bad');
const debit = `${p}_debit`;
const credit = `${p}_credit`;
const missing = `${p}_no_such_account`;

interface BadRequest extends ExpectedError {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Transfer ids in the request that must not exist afterwards. */
  absent?: string[];
}

const ACCOUNTS = '/v1/ledger/accounts';
const TRANSFERS = '/v1/ledger/transfers';
const LIST = `/v1/ledger/accounts/${debit}/transfers`;

/** A transfer the ledger would accept, to be spoiled one field at a time. */
function valid(id: string): Record<string, unknown> {
  return { id: `${p}_${id}`, debit_account_id: debit, credit_account_id: credit, amount: 100, ledger: 'CNY', code: 1 };
}

function transfer(id: string, change: Record<string, unknown>): Record<string, unknown> {
  return { ...valid(id), ...change };
}

function metadataWithKeys(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key_${i}`, 'value']));
}

const manyTransfers = Array.from({ length: 1001 }, (_, i) => valid(`many_${i}`));

const BAD_REQUESTS: BadRequest[] = [
  // Wrong types: bodies are validated without coercion.
  { name: 'amount as a string', method: 'POST', url: TRANSFERS, body: transfer('t_str', { amount: '100' }), status: 400, code: 'parameter_invalid', param: 'amount', absent: [`${p}_t_str`] },
  { name: 'amount with a fraction', method: 'POST', url: TRANSFERS, body: transfer('t_frac', { amount: 1.5 }), status: 400, code: 'parameter_invalid', param: 'amount', absent: [`${p}_t_frac`] },
  { name: 'account code as a string', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_code`, ledger: 'CNY', code: '1' }, status: 400, code: 'parameter_invalid', param: 'code' },
  { name: 'transfer code as a string', method: 'POST', url: TRANSFERS, body: transfer('t_code', { code: '1' }), status: 400, code: 'parameter_invalid', param: 'code', absent: [`${p}_t_code`] },
  { name: 'transfer flags as a string', method: 'POST', url: TRANSFERS, body: transfer('t_flags', { flags: 'pending' }), status: 400, code: 'parameter_invalid', param: 'flags', absent: [`${p}_t_flags`] },
  { name: 'account flags as a string', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_flags`, ledger: 'CNY', code: 1, flags: 'debits_must_not_exceed_credits' }, status: 400, code: 'parameter_invalid', param: 'flags' },
  { name: 'transfer id as a number', method: 'POST', url: TRANSFERS, body: transfer('t_num', { id: 123 }), status: 400, code: 'parameter_invalid', param: 'id' },
  { name: 'account ledger in lower case', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_lc`, ledger: 'cny', code: 1 }, status: 400, code: 'parameter_invalid', param: 'ledger' },
  { name: 'transfer ledger in lower case', method: 'POST', url: TRANSFERS, body: transfer('t_lc', { ledger: 'cny' }), status: 400, code: 'parameter_invalid', param: 'ledger', absent: [`${p}_t_lc`] },
  { name: 'account code 0', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_c0`, ledger: 'CNY', code: 0 }, status: 400, code: 'parameter_invalid', param: 'code' },
  { name: 'account code 65536', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_cbig`, ledger: 'CNY', code: 65_536 }, status: 400, code: 'parameter_invalid', param: 'code' },
  { name: 'transfer id longer than 64 characters', method: 'POST', url: TRANSFERS, body: transfer('t_long', { id: 'x'.repeat(65) }), status: 400, code: 'parameter_invalid', param: 'id' },
  { name: 'negative timeout', method: 'POST', url: TRANSFERS, body: transfer('t_tmo', { flags: { pending: true }, timeout_seconds: -1 }), status: 400, code: 'parameter_invalid', param: 'timeout_seconds', absent: [`${p}_t_tmo`] },
  { name: 'metadata value that is not a string', method: 'POST', url: TRANSFERS, body: transfer('t_mdv', { metadata: { order: 42 } }), status: 400, code: 'parameter_invalid', param: 'metadata[order]', absent: [`${p}_t_mdv`] },

  // Amounts beyond 2^53 − 1 could not be read exactly by every JSON client.
  { name: 'amount 2^53', method: 'POST', url: TRANSFERS, body: transfer('t_2p53', { amount: 2 ** 53 }), status: 400, code: 'parameter_invalid', param: 'amount', absent: [`${p}_t_2p53`] },
  { name: 'amount 1e30', method: 'POST', url: TRANSFERS, body: transfer('t_1e30', { amount: 1e30 }), status: 400, code: 'parameter_invalid', param: 'amount', absent: [`${p}_t_1e30`] },
  {
    name: 'amount as a 40-digit JSON literal',
    method: 'POST',
    url: TRANSFERS,
    rawBody: `{"id":"${p}_t_40","debit_account_id":"${debit}","credit_account_id":"${credit}","amount":1234567890123456789012345678901234567890,"ledger":"CNY","code":1}`,
    status: 400,
    code: 'parameter_invalid',
    param: 'amount',
    absent: [`${p}_t_40`],
  },
  { name: 'negative amount', method: 'POST', url: TRANSFERS, body: transfer('t_neg', { amount: -100 }), status: 400, code: 'parameter_invalid', param: 'amount', absent: [`${p}_t_neg`] },
  { name: 'zero amount', method: 'POST', url: TRANSFERS, body: transfer('t_zero', { amount: 0 }), status: 400, code: 'parameter_invalid', param: 'amount', absent: [`${p}_t_zero`] },

  // Unknown accounts refuse the whole request.
  { name: 'unknown debit account', method: 'POST', url: TRANSFERS, body: transfer('t_unk_d', { debit_account_id: missing }), status: 404, code: 'resource_missing', param: 'debit_account_id', absent: [`${p}_t_unk_d`] },
  { name: 'unknown credit account', method: 'POST', url: TRANSFERS, body: transfer('t_unk_c', { credit_account_id: missing }), status: 404, code: 'resource_missing', param: 'credit_account_id', absent: [`${p}_t_unk_c`] },
  {
    name: 'unknown account in the second transfer of a batch',
    method: 'POST',
    url: TRANSFERS,
    body: { transfers: [valid('b_unk_0'), transfer('b_unk_1', { debit_account_id: missing })] },
    status: 404,
    code: 'resource_missing',
    param: 'transfers[1][debit_account_id]',
    absent: [`${p}_b_unk_0`, `${p}_b_unk_1`],
  },

  // Account rules.
  { name: 'unknown ledger XXX', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_xxx`, ledger: 'XXX', code: 1 }, status: 400, code: 'ledger_must_be_a_currency', param: 'ledger' },
  {
    name: 'both account limit flags',
    method: 'POST',
    url: ACCOUNTS,
    body: { id: `${p}_acct_both`, ledger: 'CNY', code: 1, flags: { debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: true } },
    status: 400,
    code: 'flags_are_mutually_exclusive',
    param: 'flags',
  },

  // Bodies that are not a JSON object.
  { name: 'malformed JSON', method: 'POST', url: ACCOUNTS, rawBody: '{"id":', status: 400, code: 'invalid_json' },
  { name: 'malformed JSON transfer', method: 'POST', url: TRANSFERS, rawBody: '{"id":', status: 400, code: 'invalid_json' },
  { name: 'empty JSON body', method: 'POST', url: TRANSFERS, rawBody: '', status: 400, code: 'invalid_json' },
  { name: 'no body at all', method: 'POST', url: ACCOUNTS, status: 400, code: 'parameter_invalid' },
  { name: 'JSON array body', method: 'POST', url: TRANSFERS, body: [valid('arr_0')], status: 400, code: 'parameter_invalid', absent: [`${p}_arr_0`] },
  { name: 'JSON null body', method: 'POST', url: ACCOUNTS, rawBody: 'null', status: 400, code: 'parameter_invalid' },
  {
    name: 'form-encoded body',
    method: 'POST',
    url: ACCOUNTS,
    rawBody: 'ledger=CNY&code=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'plain-text body', method: 'POST', url: TRANSFERS, rawBody: '{"id":"x"}', headers: { 'content-type': 'text/plain' }, status: 415, code: 'unsupported_media_type' },
  { name: 'XML body', method: 'POST', url: TRANSFERS, rawBody: '<transfer/>', headers: { 'content-type': 'application/xml' }, status: 415, code: 'unsupported_media_type' },
  { name: 'prototype pollution attempt', method: 'POST', url: ACCOUNTS, rawBody: `{"id":"${p}_acct_proto","ledger":"CNY","code":1,"__proto__":{"admin":true}}`, status: 400, code: 'invalid_json' },

  // Unknown and missing parameters, as Stripe names them.
  { name: 'unknown account parameter', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_unk`, ledger: 'CNY', code: 1, currency: 'CNY' }, status: 400, code: 'parameter_unknown', param: 'currency' },
  { name: 'unknown transfer parameter', method: 'POST', url: TRANSFERS, body: transfer('t_unk', { amount_minor: 100 }), status: 400, code: 'parameter_unknown', param: 'amount_minor', absent: [`${p}_t_unk`] },
  { name: 'unknown transfer flag', method: 'POST', url: TRANSFERS, body: transfer('t_unkf', { flags: { pending: true, hold: true } }), status: 400, code: 'parameter_unknown', param: 'flags[hold]', absent: [`${p}_t_unkf`] },
  {
    name: 'unknown parameter inside a batch',
    method: 'POST',
    url: TRANSFERS,
    body: { transfers: [transfer('b_unk_p', { memo: 'hi' })] },
    status: 400,
    code: 'parameter_unknown',
    param: 'transfers[0][memo]',
    absent: [`${p}_b_unk_p`],
  },
  { name: 'unknown query parameter', method: 'GET', url: `${LIST}?expand=data`, status: 400, code: 'parameter_unknown', param: 'expand' },
  { name: 'account without ledger', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_nol`, code: 1 }, status: 400, code: 'parameter_missing', param: 'ledger' },
  { name: 'account without code', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_noc`, ledger: 'CNY' }, status: 400, code: 'parameter_missing', param: 'code' },
  { name: 'transfer without id', method: 'POST', url: TRANSFERS, body: { debit_account_id: debit, credit_account_id: credit, amount: 100, ledger: 'CNY', code: 1 }, status: 400, code: 'parameter_missing', param: 'id' },
  {
    name: 'batch transfer without id',
    method: 'POST',
    url: TRANSFERS,
    body: { transfers: [valid('b_noid_0'), { debit_account_id: debit, credit_account_id: credit, amount: 100, ledger: 'CNY', code: 1 }] },
    status: 400,
    code: 'parameter_missing',
    param: 'transfers[1][id]',
    absent: [`${p}_b_noid_0`],
  },

  // Batches are bounded, and refused whole.
  { name: 'batch of 0 transfers', method: 'POST', url: TRANSFERS, body: { transfers: [] }, status: 400, code: 'parameter_invalid', param: 'transfers' },
  {
    name: 'batch of 1001 transfers',
    method: 'POST',
    url: TRANSFERS,
    body: { transfers: manyTransfers },
    status: 400,
    code: 'parameter_invalid',
    param: 'transfers',
    absent: [`${p}_many_0`, `${p}_many_999`, `${p}_many_1000`],
  },
  {
    name: 'batch of a valid and an invalid transfer',
    method: 'POST',
    url: TRANSFERS,
    body: { transfers: [valid('mixed_ok'), transfer('mixed_bad', { amount: '100' })] },
    status: 400,
    code: 'parameter_invalid',
    param: 'transfers[1][amount]',
    absent: [`${p}_mixed_ok`, `${p}_mixed_bad`],
  },
  {
    name: 'batch whose third transfer has a zero amount',
    method: 'POST',
    url: TRANSFERS,
    body: { transfers: [valid('mixed0_a'), valid('mixed0_b'), transfer('mixed0_c', { amount: 0 })] },
    status: 400,
    code: 'parameter_invalid',
    param: 'transfers[2][amount]',
    absent: [`${p}_mixed0_a`, `${p}_mixed0_b`, `${p}_mixed0_c`],
  },

  // Metadata is bounded.
  { name: 'account metadata with 51 keys', method: 'POST', url: ACCOUNTS, body: { id: `${p}_acct_md`, ledger: 'CNY', code: 1, metadata: metadataWithKeys(51) }, status: 400, code: 'parameter_invalid', param: 'metadata' },
  { name: 'transfer metadata with 51 keys', method: 'POST', url: TRANSFERS, body: transfer('t_md', { metadata: metadataWithKeys(51) }), status: 400, code: 'parameter_invalid', param: 'metadata', absent: [`${p}_t_md`] },

  // List queries.
  { name: 'limit=0', method: 'GET', url: `${LIST}?limit=0`, status: 400, code: 'parameter_invalid', param: 'limit' },
  { name: 'limit=101', method: 'GET', url: `${LIST}?limit=101`, status: 400, code: 'parameter_invalid', param: 'limit' },
  { name: 'limit=abc', method: 'GET', url: `${LIST}?limit=abc`, status: 400, code: 'parameter_invalid', param: 'limit' },
  { name: 'both starting_after and ending_before', method: 'GET', url: `${LIST}?starting_after=${p}_seed&ending_before=${p}_seed`, status: 400, code: 'parameter_invalid', param: 'ending_before' },
  { name: 'unknown starting_after cursor', method: 'GET', url: `${LIST}?starting_after=${p}_no_such_transfer`, status: 400, code: 'parameter_invalid', param: 'starting_after' },
  { name: 'unknown ending_before cursor', method: 'GET', url: `${LIST}?ending_before=${p}_no_such_transfer`, status: 400, code: 'parameter_invalid', param: 'ending_before' },
  { name: 'list of an unknown account', method: 'GET', url: `/v1/ledger/accounts/${missing}/transfers`, status: 404, code: 'resource_missing', param: 'id' },
  { name: 'account id that breaks the id pattern', method: 'GET', url: '/v1/ledger/accounts/not%20an%20id', status: 400, code: 'parameter_invalid', param: 'id' },
];

describe('bad requests to the ledger API are refused with a 4xx error and write nothing', () => {
  let app: TestApp;
  let verifiedBefore: WireVerification;
  let balancesBefore: AccountBalances[];

  before(async () => {
    app = await startTestApp();
    await createAccount(app, { id: debit, ledger: 'CNY', code: 1 });
    await createAccount(app, { id: credit, ledger: 'CNY', code: 1 });
    // Posted and pending balances, so that "unchanged" is not merely "still zero".
    const seeded = await createTransfers(app, [
      { id: `${p}_seed`, debit_account_id: debit, credit_account_id: credit, amount: 500, ledger: 'CNY', code: 1 },
      { id: `${p}_seed_hold`, debit_account_id: credit, credit_account_id: debit, amount: 200, ledger: 'CNY', code: 1, flags: { pending: true } },
    ]);
    assert.deepEqual(seeded.map((r) => r.result), ['ok', 'ok']);
    verifiedBefore = await assertBalanced(app);
    balancesBefore = [await balancesOf(app, debit), await balancesOf(app, credit)];
    assert.deepEqual(balancesBefore[0], { debits_pending: 0, debits_posted: 500, credits_pending: 200, credits_posted: 0 });
  });

  after(async () => {
    await app.close();
  });

  for (const bad of BAD_REQUESTS) {
    it(`${bad.name} → ${bad.status} ${bad.code}${bad.param === undefined ? '' : ` (${bad.param})`}`, async () => {
      const response = await app.request(bad.method, bad.url, {
        ...(bad.body === undefined ? {} : { body: bad.body }),
        ...(bad.rawBody === undefined ? {} : { rawBody: bad.rawBody }),
        ...(bad.headers === undefined ? {} : { headers: bad.headers }),
      });
      assertApiError(response, bad);
      for (const id of bad.absent ?? []) await assertNoTransfer(app, id);
    });
  }

  // PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate; such
  // metadata is the client's mistake and should be refused as one, not crash the request.
  const unstorable: Array<{ name: string; method: 'POST'; url: string; rawBody: string; absent?: string[] }> = [
    { name: 'account metadata value with a NUL character', method: 'POST', url: ACCOUNTS, rawBody: `{"id":"${p}_acct_nul","ledger":"CNY","code":1,"metadata":{"note":"a\\u0000b"}}` },
    { name: 'account metadata key with a NUL character', method: 'POST', url: ACCOUNTS, rawBody: `{"id":"${p}_acct_nulk","ledger":"CNY","code":1,"metadata":{"no\\u0000te":"ab"}}` },
    { name: 'account metadata value with an unpaired surrogate', method: 'POST', url: ACCOUNTS, rawBody: `{"id":"${p}_acct_sur","ledger":"CNY","code":1,"metadata":{"note":"\\ud800"}}` },
    {
      name: 'transfer metadata value with a NUL character',
      method: 'POST',
      url: TRANSFERS,
      rawBody: JSON.stringify(transfer('t_nul', { metadata: { note: 'a\u0000b' } })),
      absent: [`${p}_t_nul`],
    },
  ];
  it('metadata that PostgreSQL cannot store (NUL, unpaired surrogate) is refused with 400 parameter_invalid, not a 500', async () => {
    const answers: string[] = [];
    for (const bad of unstorable) {
      const response = await app.request(bad.method, bad.url, { rawBody: bad.rawBody });
      const error = (response.body as { error?: { code?: string; param?: string } }).error;
      const param = error?.param?.startsWith('metadata') === true ? 'metadata…' : String(error?.param);
      answers.push(`${bad.name}: ${response.status} ${error?.code ?? 'none'} ${param}`);
      for (const id of bad.absent ?? []) await assertNoTransfer(app, id);
    }
    assert.deepEqual(
      answers,
      unstorable.map((bad) => `${bad.name}: 400 parameter_invalid metadata…`),
    );
  });

  it('after every bad request the ledger verifies and holds exactly what it held before', async () => {
    const verifiedAfter = await assertBalanced(app);
    assert.equal(verifiedAfter.accounts_checked, verifiedBefore.accounts_checked, 'no account was created');
    assert.equal(verifiedAfter.transfers_checked, verifiedBefore.transfers_checked, 'no transfer was created');
    assert.deepEqual(verifiedAfter.ledgers, verifiedBefore.ledgers);
    assert.deepEqual([await balancesOf(app, debit), await balancesOf(app, credit)], balancesBefore);
    for (const id of [`${p}_acct_code`, `${p}_acct_xxx`, `${p}_acct_both`, `${p}_acct_md`, `${p}_acct_unk`, `${p}_acct_nul`]) {
      assertApiError(await app.request('GET', `/v1/ledger/accounts/${id}`), { status: 404, code: 'resource_missing', param: 'id' });
    }
  });
});

describe('a body larger than PAYGRID_BODY_LIMIT_BYTES', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ PAYGRID_BODY_LIMIT_BYTES: '2048' });
  });

  after(async () => {
    await app.close();
  });

  it('is refused with 413 body_too_large and creates nothing', async () => {
    const id = `${p}_big`;
    const response = await app.request('POST', ACCOUNTS, { body: { id, ledger: 'CNY', code: 1, metadata: { note: 'x'.repeat(3000) } } });
    assertApiError(response, { status: 413, code: 'body_too_large' });
    assertApiError(await app.request('GET', `/v1/ledger/accounts/${id}`), { status: 404, code: 'resource_missing', param: 'id' });
    const report = await assertBalanced(app);
    assert.equal(report.accounts_checked, 0);
  });

  it('still accepts a body under the limit', async () => {
    const account = await createAccount(app, { id: `${p}_small`, ledger: 'CNY', code: 1, metadata: { note: 'x'.repeat(400) } });
    assert.equal(account.id, `${p}_small`);
  });
});
