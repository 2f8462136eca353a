import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/app.ts';

/**
 * Helpers shared by the HTTP tests of the operator ledger API. Tests in one file
 * share a database, so every id a test chooses starts with a random prefix.
 */

export type Response = Awaited<ReturnType<TestApp['request']>>;

/** A fresh id prefix such as `pay_3fa94c0b1e`: letters, digits and `_` only, as the id pattern allows. */
export function uniquePrefix(label: string): string {
  return `${label}_${randomBytes(5).toString('hex')}`;
}

export interface ExpectedError {
  status: number;
  code: string;
  /** Defaults to `invalid_request_error`. */
  type?: string;
  /** The parameter the error names; omitted when the error names none. */
  param?: string;
}

const ERROR_FIELDS = new Set(['type', 'code', 'message', 'param']);

/** Asserts the error object `{ error: { type, code, message, param? } }` with the given status, code and param. */
export function assertApiError(response: Response, expected: ExpectedError): void {
  const shown = JSON.stringify(response.body);
  assert.equal(response.status, expected.status, `status of ${shown}`);
  const body: unknown = response.body;
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body), `an error object, got ${shown}`);
  assert.deepEqual(Object.keys(body), ['error'], `only "error" at the top level of ${shown}`);
  const error = (body as { error: unknown }).error;
  assert.ok(typeof error === 'object' && error !== null, `error is an object in ${shown}`);
  for (const key of Object.keys(error)) assert.ok(ERROR_FIELDS.has(key), `unexpected field ${key} in ${shown}`);
  const fields = error as Record<string, unknown>;
  assert.equal(fields.code, expected.code, `code of ${shown}`);
  assert.equal(fields.type, expected.type ?? 'invalid_request_error', `type of ${shown}`);
  assert.equal(typeof fields.message, 'string', `message of ${shown}`);
  assert.ok((fields.message as string).length > 0, `non-empty message in ${shown}`);
  assert.equal(fields.param, expected.param, `param of ${shown}`);
}

export interface AccountBalances {
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

export interface WireAccount extends AccountBalances {
  object: string;
  id: string;
  ledger: string;
  code: number;
  flags: { debits_must_not_exceed_credits: boolean; credits_must_not_exceed_debits: boolean };
  metadata: Record<string, string>;
  created: number;
}

export interface NewAccountBody {
  id?: string;
  ledger: string;
  code: number;
  flags?: { debits_must_not_exceed_credits?: boolean; credits_must_not_exceed_debits?: boolean };
  metadata?: Record<string, string>;
}

/** Creates an account through the API and fails the test unless it answers 200. */
export async function createAccount(app: TestApp, body: NewAccountBody): Promise<WireAccount> {
  const response = await app.request('POST', '/v1/ledger/accounts', { body });
  assert.equal(response.status, 200, `create account ${JSON.stringify(body)}: ${JSON.stringify(response.body)}`);
  return response.body as WireAccount;
}

export interface WireTransferRequest {
  id: string;
  debit_account_id?: string;
  credit_account_id?: string;
  amount?: number;
  ledger?: string;
  code?: number;
  flags?: { linked?: boolean; pending?: boolean; post_pending?: boolean; void_pending?: boolean };
  pending_id?: string;
  timeout_seconds?: number;
  metadata?: Record<string, string>;
}

export interface TransferOutcome {
  id: string;
  result: string;
}

/** Sends one batch and returns its per-transfer results; the request itself must answer 200. */
export async function createTransfers(app: TestApp, transfers: readonly WireTransferRequest[]): Promise<TransferOutcome[]> {
  const response = await app.request('POST', '/v1/ledger/transfers', { body: { transfers } });
  assert.equal(response.status, 200, `create transfers: ${JSON.stringify(response.body)}`);
  return (response.body as { results: TransferOutcome[] }).results;
}

/** Sends one transfer as a single body and returns its result (`ok` or the named failure). */
export async function createTransfer(app: TestApp, transfer: WireTransferRequest): Promise<string> {
  const response = await app.request('POST', '/v1/ledger/transfers', { body: transfer });
  assert.equal(response.status, 200, `create transfer ${transfer.id}: ${JSON.stringify(response.body)}`);
  const results = (response.body as { results: TransferOutcome[] }).results;
  assert.equal(results.length, 1);
  assert.equal(results[0]?.id, transfer.id);
  return results[0]?.result ?? 'missing';
}

export async function getAccount(app: TestApp, id: string): Promise<WireAccount> {
  const response = await app.request('GET', `/v1/ledger/accounts/${id}`);
  assert.equal(response.status, 200, `get account ${id}: ${JSON.stringify(response.body)}`);
  return response.body as WireAccount;
}

/** The four balance columns of an account, as the API shows them. */
export async function balancesOf(app: TestApp, id: string): Promise<AccountBalances> {
  const account = await getAccount(app, id);
  return {
    debits_pending: account.debits_pending,
    debits_posted: account.debits_posted,
    credits_pending: account.credits_pending,
    credits_posted: account.credits_posted,
  };
}

export interface WireLedgerTotals extends AccountBalances {
  ledger: string;
  accounts: number;
  balanced: boolean;
}

export interface WireVerification {
  object: string;
  balanced: boolean;
  accounts_checked: number;
  transfers_checked: number;
  ledgers: WireLedgerTotals[];
  mismatches: unknown[];
  limit_violations: unknown[];
  pending_problems: unknown[];
}

export async function verifyLedger(app: TestApp): Promise<WireVerification> {
  const response = await app.request('GET', '/v1/ledger/verify');
  assert.equal(response.status, 200, `verify: ${JSON.stringify(response.body)}`);
  return response.body as WireVerification;
}

/** Fails unless the ledger verifies: balanced, no mismatches, no broken limits, no pending problems. */
export async function assertBalanced(app: TestApp): Promise<WireVerification> {
  const report = await verifyLedger(app);
  assert.equal(report.balanced, true, `ledger unbalanced: ${JSON.stringify(report)}`);
  assert.deepEqual(report.mismatches, []);
  assert.deepEqual(report.limit_violations, []);
  assert.deepEqual(report.pending_problems, []);
  return report;
}

/** Asserts that no transfer with this id exists. */
export async function assertNoTransfer(app: TestApp, id: string): Promise<void> {
  const response = await app.request('GET', `/v1/ledger/transfers/${id}`);
  assertApiError(response, { status: 404, code: 'resource_missing', param: 'id' });
}
