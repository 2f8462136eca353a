import { MAX_BALANCE_MINOR, type TransferRequest, type TransferResult } from '../../src/ledger/index.ts';

/**
 * Ledger scenario tables, after TigerBeetle's: rows of operations with the
 * results and balances they must produce. Account and transfer names are local
 * to a scenario; the runner prefixes them so scenarios share one database.
 */
export type BalanceRow = readonly [debitsPending: bigint, debitsPosted: bigint, creditsPending: bigint, creditsPosted: bigint];

export interface Step {
  /** Moves the manual clock before the step. */
  advanceMs?: number;
  /** Runs the expiry sweeper before the transfers and expects this many expiries. */
  expire?: number;
  transfers: TransferRequest[];
  results: TransferResult[];
  balances?: Record<string, BalanceRow>;
}

export interface Scenario {
  name: string;
  accounts: Record<string, { ledger?: string; limit?: 'debits' | 'credits' }>;
  steps: Step[];
}

type Options = Partial<Omit<TransferRequest, 'flags'>> & { flags?: Partial<TransferRequest['flags']> };

/** A single-phase transfer from `debit` to `credit`. */
export function t(id: string, debit: string, credit: string, amountMinor: bigint, options: Options = {}): TransferRequest {
  return {
    id,
    debitAccountId: debit,
    creditAccountId: credit,
    amountMinor,
    ledger: 'CNY',
    code: 1,
    timeoutSeconds: 0,
    metadata: {},
    ...options,
    flags: { linked: false, pending: false, postPending: false, voidPending: false, ...options.flags },
  };
}

export function pending(id: string, debit: string, credit: string, amountMinor: bigint, timeoutSeconds = 0, options: Options = {}): TransferRequest {
  return t(id, debit, credit, amountMinor, { ...options, timeoutSeconds, flags: { ...options.flags, pending: true } });
}

export function linked(transfer: TransferRequest): TransferRequest {
  return { ...transfer, flags: { ...transfer.flags, linked: true } };
}

/** Posts a pending transfer; amount omitted posts it in full. */
export function post(id: string, pendingId: string, amountMinor?: bigint, options: Options = {}): TransferRequest {
  return {
    id,
    pendingId,
    timeoutSeconds: 0,
    metadata: {},
    ...(amountMinor === undefined ? {} : { amountMinor }),
    ...options,
    flags: { linked: false, pending: false, postPending: true, voidPending: false, ...options.flags },
  };
}

export function voidOf(id: string, pendingId: string, options: Options = {}): TransferRequest {
  return { id, pendingId, timeoutSeconds: 0, metadata: {}, ...options, flags: { linked: false, pending: false, postPending: false, voidPending: true, ...options.flags } };
}

const MAX = MAX_BALANCE_MINOR;
const zero: BalanceRow = [0n, 0n, 0n, 0n];

export const SCENARIOS: Scenario[] = [
  {
    name: 'a single-phase transfer moves money from debit to credit',
    accounts: { A: {}, B: {} },
    steps: [{ transfers: [t('t1', 'A', 'B', 100n)], results: ['ok'], balances: { A: [0n, 100n, 0n, 0n], B: [0n, 0n, 0n, 100n] } }],
  },
  {
    name: 'repeating a transfer with the same id returns the original result and moves money once',
    accounts: { A: {}, B: {} },
    steps: [
      { transfers: [t('t1', 'A', 'B', 100n)], results: ['ok'] },
      { transfers: [t('t1', 'A', 'B', 100n)], results: ['ok'], balances: { A: [0n, 100n, 0n, 0n] } },
      { transfers: [t('t2', 'A', 'B', 5n), t('t2', 'A', 'B', 5n)], results: ['ok', 'ok'], balances: { A: [0n, 105n, 0n, 0n] } },
    ],
  },
  {
    name: 'the same id with different fields is a named error per field',
    accounts: { A: {}, B: {}, C: {} },
    steps: [
      { transfers: [t('t1', 'A', 'B', 100n, { metadata: { order: '1' } })], results: ['ok'] },
      {
        transfers: [
          t('t1', 'A', 'B', 101n, { metadata: { order: '1' } }),
          t('t1', 'C', 'B', 100n, { metadata: { order: '1' } }),
          t('t1', 'A', 'C', 100n, { metadata: { order: '1' } }),
          t('t1', 'A', 'B', 100n, { code: 2, metadata: { order: '1' } }),
          t('t1', 'A', 'B', 100n, { ledger: 'USD', metadata: { order: '1' } }),
          t('t1', 'A', 'B', 100n, { metadata: { order: '2' } }),
          pending('t1', 'A', 'B', 100n, 0, { metadata: { order: '1' } }),
          t('t1', 'A', 'B', 100n, { pendingId: 'x', flags: { postPending: true }, metadata: { order: '1' } }),
        ],
        results: [
          'exists_with_different_amount',
          'exists_with_different_debit_account_id',
          'exists_with_different_credit_account_id',
          'exists_with_different_code',
          'exists_with_different_ledger',
          'exists_with_different_metadata',
          'exists_with_different_flags',
          'exists_with_different_flags',
        ],
        balances: { A: [0n, 100n, 0n, 0n], B: [0n, 0n, 0n, 100n], C: zero },
      },
    ],
  },
  {
    name: 'a pending transfer with a different timeout or a post with a different pending id are named',
    accounts: { A: {}, B: {} },
    steps: [
      { transfers: [pending('p1', 'A', 'B', 10n, 30), pending('p2', 'A', 'B', 10n), post('q1', 'p1', 5n)], results: ['ok', 'ok', 'ok'] },
      { transfers: [pending('p1', 'A', 'B', 10n, 31), post('q1', 'p2', 5n)], results: ['exists_with_different_timeout', 'exists_with_different_pending_id'] },
    ],
  },
  {
    name: 'a pending transfer holds funds and posting it in full moves them',
    accounts: { A: {}, B: {} },
    steps: [
      { transfers: [pending('p1', 'A', 'B', 100n)], results: ['ok'], balances: { A: [100n, 0n, 0n, 0n], B: [0n, 0n, 100n, 0n] } },
      { transfers: [post('q1', 'p1')], results: ['ok'], balances: { A: [0n, 100n, 0n, 0n], B: [0n, 0n, 0n, 100n] } },
      { transfers: [post('q1', 'p1')], results: ['ok'], balances: { A: [0n, 100n, 0n, 0n] } },
    ],
  },
  {
    name: 'posting for less releases the rest of the hold',
    accounts: { A: {}, B: {} },
    steps: [
      { transfers: [pending('p1', 'A', 'B', 100n)], results: ['ok'] },
      { transfers: [post('q1', 'p1', 60n)], results: ['ok'], balances: { A: [0n, 60n, 0n, 0n], B: [0n, 0n, 0n, 60n] } },
      { transfers: [post('q2', 'p1', 10n), voidOf('v1', 'p1')], results: ['pending_transfer_already_posted', 'pending_transfer_already_posted'] },
    ],
  },
  {
    name: 'voiding releases the whole hold, exactly once',
    accounts: { A: {}, B: {} },
    steps: [
      { transfers: [pending('p1', 'A', 'B', 100n)], results: ['ok'] },
      { transfers: [voidOf('v1', 'p1')], results: ['ok'], balances: { A: zero, B: zero } },
      { transfers: [voidOf('v1', 'p1'), voidOf('v2', 'p1'), post('q1', 'p1')], results: ['ok', 'pending_transfer_already_voided', 'pending_transfer_already_voided'] },
    ],
  },
  {
    name: 'a post or void must match the pending transfer',
    accounts: { A: {}, B: {}, C: {} },
    steps: [
      { transfers: [pending('p1', 'A', 'B', 100n), t('s1', 'A', 'B', 1n)], results: ['ok', 'ok'] },
      {
        transfers: [
          post('q1', 'p1', 101n),
          post('q2', 'p1', 10n, { debitAccountId: 'C' }),
          post('q3', 'p1', 10n, { creditAccountId: 'C' }),
          post('q4', 'p1', 10n, { ledger: 'USD' }),
          post('q5', 'p1', 10n, { code: 9 }),
          voidOf('q6', 'p1', { amountMinor: 99n }),
          post('q7', 'nope'),
          post('q8', 's1'),
        ],
        results: [
          'exceeds_pending_transfer_amount',
          'pending_transfer_has_different_debit_account_id',
          'pending_transfer_has_different_credit_account_id',
          'pending_transfer_has_different_ledger',
          'pending_transfer_has_different_code',
          'pending_transfer_has_different_amount',
          'pending_transfer_not_found',
          'pending_transfer_not_pending',
        ],
        balances: { A: [100n, 1n, 0n, 0n], C: zero },
      },
    ],
  },
  {
    name: 'a hold expires after its timeout: a late post fails and the funds are released',
    accounts: { A: { limit: 'debits' }, B: {} },
    steps: [
      { transfers: [t('fund', 'B', 'A', 100n), pending('p1', 'A', 'B', 80n, 10)], results: ['ok', 'ok'], balances: { A: [80n, 0n, 0n, 100n] } },
      { advanceMs: 9_999, transfers: [t('t1', 'A', 'B', 30n)], results: ['exceeds_credits'] },
      { advanceMs: 1, transfers: [post('q1', 'p1')], results: ['pending_transfer_expired'], balances: { A: [0n, 0n, 0n, 100n], B: [0n, 100n, 0n, 0n] } },
      { transfers: [t('t2', 'A', 'B', 30n)], results: ['ok'], balances: { A: [0n, 30n, 0n, 100n] } },
    ],
  },
  {
    name: 'the expiry sweeper releases due holds and leaves others alone',
    accounts: { A: {}, B: {} },
    steps: [
      { transfers: [pending('p1', 'A', 'B', 10n, 5), pending('p2', 'A', 'B', 20n, 50), pending('p3', 'A', 'B', 40n)], results: ['ok', 'ok', 'ok'] },
      { advanceMs: 5_000, expire: 1, transfers: [], results: [], balances: { A: [60n, 0n, 0n, 0n] } },
      { transfers: [voidOf('v1', 'p1'), voidOf('v2', 'p2')], results: ['pending_transfer_expired', 'ok'], balances: { A: [40n, 0n, 0n, 0n], B: [0n, 0n, 40n, 0n] } },
    ],
  },
  {
    name: 'debits must not exceed credits, counting holds',
    accounts: { A: { limit: 'debits' }, B: {} },
    steps: [
      { transfers: [t('fund', 'B', 'A', 100n), t('t1', 'A', 'B', 101n)], results: ['ok', 'exceeds_credits'] },
      { transfers: [pending('p1', 'A', 'B', 60n), t('t2', 'A', 'B', 50n)], results: ['ok', 'exceeds_credits'] },
      { transfers: [voidOf('v1', 'p1'), t('t3', 'A', 'B', 100n)], results: ['ok', 'ok'], balances: { A: [0n, 100n, 0n, 100n] } },
      { transfers: [t('t4', 'A', 'B', 1n)], results: ['exceeds_credits'] },
    ],
  },
  {
    name: 'credits must not exceed debits',
    accounts: { L: { limit: 'credits' }, B: {} },
    steps: [
      { transfers: [t('t1', 'B', 'L', 1n)], results: ['exceeds_debits'] },
      { transfers: [t('t2', 'L', 'B', 10n), t('t3', 'B', 'L', 10n), t('t4', 'B', 'L', 1n)], results: ['ok', 'ok', 'exceeds_debits'], balances: { L: [0n, 10n, 0n, 10n] } },
    ],
  },
  {
    name: 'a linked batch succeeds or fails together',
    accounts: { A: { limit: 'debits' }, B: {}, C: {} },
    steps: [
      { transfers: [t('fund', 'B', 'A', 100n)], results: ['ok'] },
      {
        transfers: [linked(t('l1', 'A', 'C', 50n)), linked(pending('l2', 'A', 'C', 10n)), t('l3', 'A', 'C', 41n), t('after', 'A', 'C', 1n)],
        results: ['linked_event_failed', 'linked_event_failed', 'exceeds_credits', 'ok'],
        balances: { A: [0n, 1n, 0n, 100n], C: [0n, 0n, 0n, 1n] },
      },
      { transfers: [linked(t('l4', 'A', 'C', 50n)), t('l5', 'A', 'C', 49n)], results: ['ok', 'ok'], balances: { A: [0n, 100n, 0n, 100n] } },
    ],
  },
  {
    name: 'a chain left open at the end of a batch fails whole',
    accounts: { A: {}, B: {} },
    steps: [{ transfers: [t('x', 'A', 'B', 1n), linked(t('o1', 'A', 'B', 1n)), linked(t('o2', 'A', 'B', 1n))], results: ['ok', 'linked_event_failed', 'linked_event_chain_open'], balances: { A: [0n, 1n, 0n, 0n] } }],
  },
  {
    name: 'a hold and its post in one linked batch roll back together',
    accounts: { A: {}, B: {}, L: { limit: 'debits' } },
    steps: [
      { transfers: [linked(pending('p1', 'A', 'B', 10n)), linked(post('q1', 'p1', 5n)), t('t1', 'L', 'B', 1n)], results: ['linked_event_failed', 'linked_event_failed', 'exceeds_credits'], balances: { A: zero, B: zero } },
      { transfers: [post('q1', 'p1')], results: ['pending_transfer_not_found'] },
    ],
  },
  {
    name: 'requests that are invalid on their own are refused with a name',
    accounts: { A: {}, B: {} },
    steps: [
      {
        transfers: [
          t('v1', 'A', 'A', 1n),
          t('v2', 'A', 'B', 1n, { flags: { pending: true, postPending: true } }),
          t('v3', 'A', 'B', 1n, { pendingId: 'p' }),
          post('v4', 'p', 1n, { pendingId: undefined }),
          post('v5', 'v5'),
          t('v6', 'A', 'B', 1n, { timeoutSeconds: 5 }),
          post('v7', 'p', undefined, { timeoutSeconds: 5 }),
          t('v8', 'A', 'B', 0n),
          t('v9', 'A', 'B', 1n, { debitAccountId: undefined }),
          t('v10', 'A', 'B', 1n, { creditAccountId: undefined }),
          t('v11', 'A', 'B', 1n, { amountMinor: undefined }),
          t('v12', 'A', 'B', 1n, { ledger: undefined }),
          t('v13', 'A', 'B', 1n, { code: undefined }),
        ],
        results: [
          'accounts_must_be_different',
          'flags_are_mutually_exclusive',
          'pending_id_must_be_empty',
          'pending_id_required',
          'pending_id_must_be_different',
          'timeout_reserved_for_pending_transfer',
          'timeout_reserved_for_pending_transfer',
          'amount_must_not_be_zero',
          'debit_account_id_required',
          'credit_account_id_required',
          'amount_required',
          'ledger_required',
          'code_required',
        ],
        balances: { A: zero, B: zero },
      },
    ],
  },
  {
    name: 'accounts must exist and share the transfer’s ledger',
    accounts: { A: {}, B: {}, U: { ledger: 'USD' }, V: { ledger: 'USD' } },
    steps: [
      {
        transfers: [t('n1', 'missing', 'B', 1n), t('n2', 'A', 'missing', 1n), t('n3', 'A', 'U', 1n), t('n4', 'U', 'V', 1n), t('n5', 'U', 'V', 1n, { ledger: 'USD' })],
        results: ['debit_account_not_found', 'credit_account_not_found', 'accounts_must_have_the_same_ledger', 'transfer_must_have_the_same_ledger_as_accounts', 'ok'],
        balances: { U: [0n, 1n, 0n, 0n], A: zero },
      },
    ],
  },
  {
    name: 'a failure that depended on the ledger state keeps its id: a retry answers the same',
    accounts: { A: { limit: 'debits' }, B: {} },
    steps: [
      { transfers: [t('t1', 'A', 'B', 50n)], results: ['exceeds_credits'] },
      { transfers: [t('fund', 'B', 'A', 100n), t('t1', 'A', 'B', 50n), t('t1', 'A', 'B', 51n)], results: ['ok', 'exceeds_credits', 'exists_with_different_amount'], balances: { A: [0n, 0n, 0n, 100n] } },
    ],
  },
  {
    name: 'balances never overflow a 64-bit column',
    accounts: { X: {}, Y: {}, Z: {}, P: {}, Q: {}, R: {} },
    steps: [
      { transfers: [t('big', 'X', 'Y', MAX), t('o1', 'X', 'Z', 1n), t('o2', 'Z', 'Y', 1n)], results: ['ok', 'overflows_debits_posted', 'overflows_credits_posted'] },
      { transfers: [pending('bigp', 'P', 'Q', MAX), pending('o3', 'P', 'R', 1n), pending('o4', 'R', 'Q', 1n)], results: ['ok', 'overflows_debits_pending', 'overflows_credits_pending'] },
      { transfers: [t('o5', 'P', 'R', 1n), t('o6', 'R', 'Q', 1n)], results: ['overflows_debits', 'overflows_credits'], balances: { P: [MAX, 0n, 0n, 0n], R: zero } },
    ],
  },
  {
    name: 'a pending transfer can be created and posted in the same batch',
    accounts: { A: {}, B: {} },
    steps: [{ transfers: [pending('p1', 'A', 'B', 100n, 60), post('q1', 'p1', 70n)], results: ['ok', 'ok'], balances: { A: [0n, 70n, 0n, 0n], B: [0n, 0n, 0n, 70n] } }],
  },
];
