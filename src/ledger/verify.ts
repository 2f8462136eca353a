import type { Database, Queryable } from '../db/database.ts';

export interface LedgerTotals {
  ledger: string;
  accounts: number;
  debitsPendingMinor: bigint;
  debitsPostedMinor: bigint;
  creditsPendingMinor: bigint;
  creditsPostedMinor: bigint;
  balanced: boolean;
}

export interface BalanceMismatch {
  accountId: string;
  field: 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted';
  storedMinor: bigint;
  expectedMinor: bigint;
}

export interface VerifyReport {
  balanced: boolean;
  checkedAtMs: number;
  accountsChecked: number;
  transfersChecked: number;
  ledgers: LedgerTotals[];
  /** At most MAX_REPORTED_PROBLEMS of each kind. */
  mismatches: BalanceMismatch[];
  limitViolations: string[];
  pendingProblems: string[];
}

const MAX_REPORTED_PROBLEMS = 100;

/**
 * Every balance recomputed from the transfers themselves:
 * posted columns from single-phase and post transfers, pending columns from
 * pending transfers that are still pending. Voids and expiries move nothing.
 */
const RECOMPUTE_SQL = `
  WITH movements AS (
    SELECT debit_account_id AS account_id, amount AS dpo, 0::bigint AS cpo, 0::bigint AS dp, 0::bigint AS cp
      FROM ledger_transfers WHERE (flags & 10) = 0
    UNION ALL
    SELECT credit_account_id, 0, amount, 0, 0 FROM ledger_transfers WHERE (flags & 10) = 0
    UNION ALL
    SELECT t.debit_account_id, 0, 0, t.amount, 0
      FROM ledger_transfers t JOIN ledger_pending_transfers p ON p.id = t.id WHERE p.state = 'pending'
    UNION ALL
    SELECT t.credit_account_id, 0, 0, 0, t.amount
      FROM ledger_transfers t JOIN ledger_pending_transfers p ON p.id = t.id WHERE p.state = 'pending'
  ), expected AS (
    SELECT account_id, sum(dpo) AS dpo, sum(cpo) AS cpo, sum(dp) AS dp, sum(cp) AS cp
    FROM movements GROUP BY account_id
  )
  SELECT a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
         coalesce(e.dp, 0)::text AS e_dp, coalesce(e.dpo, 0)::text AS e_dpo,
         coalesce(e.cp, 0)::text AS e_cp, coalesce(e.cpo, 0)::text AS e_cpo
  FROM ledger_accounts a LEFT JOIN expected e ON e.account_id = a.id
  WHERE a.debits_pending <> coalesce(e.dp, 0) OR a.debits_posted <> coalesce(e.dpo, 0)
     OR a.credits_pending <> coalesce(e.cp, 0) OR a.credits_posted <> coalesce(e.cpo, 0)
  LIMIT ${MAX_REPORTED_PROBLEMS}`;

interface MismatchRow {
  id: string;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  e_dp: string;
  e_dpo: string;
  e_cp: string;
  e_cpo: string;
}

/** Transfers with an account on another ledger, or referring to an account that no longer exists, would also break the sums. */
const PENDING_PROBLEMS_SQL = `
  SELECT 'pending transfer ' || t.id || ' has no status' AS problem
    FROM ledger_transfers t LEFT JOIN ledger_pending_transfers p ON p.id = t.id
    WHERE (t.flags & 2) <> 0 AND p.id IS NULL
  UNION ALL
  SELECT 'pending transfer ' || p.id || ' is ' || p.state || ' but resolved by ' || coalesce(r.id, 'nothing')
    FROM ledger_pending_transfers p LEFT JOIN ledger_transfers r ON r.id = p.resolved_by
    WHERE (p.state IN ('posted', 'voided')) <> (r.id IS NOT NULL)
       OR (p.state = 'posted' AND (r.flags & 4) = 0) OR (p.state = 'voided' AND (r.flags & 8) = 0)
  UNION ALL
  SELECT 'post ' || r.id || ' exceeds its pending transfer ' || t.id
    FROM ledger_transfers r JOIN ledger_transfers t ON t.id = r.pending_id
    WHERE r.amount > t.amount OR r.debit_account_id <> t.debit_account_id OR r.credit_account_id <> t.credit_account_id
  UNION ALL
  SELECT 'transfer ' || t.id || ' crosses ledgers'
    FROM ledger_transfers t JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
    WHERE d.ledger <> t.ledger OR c.ledger <> t.ledger
  LIMIT ${MAX_REPORTED_PROBLEMS}`;

const LIMITS_SQL = `
  SELECT id FROM ledger_accounts
  WHERE ((flags & 1) <> 0 AND debits_pending + debits_posted > credits_posted)
     OR ((flags & 2) <> 0 AND credits_pending + credits_posted > debits_posted)
  LIMIT ${MAX_REPORTED_PROBLEMS}`;

const TOTALS_SQL = `
  SELECT ledger, count(*)::integer AS accounts,
         sum(debits_pending)::text AS dp, sum(debits_posted)::text AS dpo,
         sum(credits_pending)::text AS cp, sum(credits_posted)::text AS cpo
  FROM ledger_accounts GROUP BY ledger ORDER BY ledger`;

function mismatchesOf(row: MismatchRow): BalanceMismatch[] {
  const pairs: Array<[BalanceMismatch['field'], bigint, bigint]> = [
    ['debits_pending', row.debits_pending, BigInt(row.e_dp)],
    ['debits_posted', row.debits_posted, BigInt(row.e_dpo)],
    ['credits_pending', row.credits_pending, BigInt(row.e_cp)],
    ['credits_posted', row.credits_posted, BigInt(row.e_cpo)],
  ];
  return pairs.filter(([, stored, expected]) => stored !== expected).map(([field, storedMinor, expectedMinor]) => ({ accountId: row.id, field, storedMinor, expectedMinor }));
}

/**
 * Recomputes every balance from the transfers and checks that each ledger sums
 * to zero (debits equal credits, pending and posted), that balance limits hold
 * and that every pending transfer was resolved at most once. Runs in one
 * REPEATABLE READ snapshot so that concurrent writes cannot tear the picture.
 */
export async function verifyLedger(db: Database, nowMs: number): Promise<VerifyReport> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return verifyInSnapshot(tx, nowMs);
  });
}

async function verifyInSnapshot(db: Queryable, nowMs: number): Promise<VerifyReport> {
  const [mismatchRows, pendingRows, limitRows, totalRows, counts] = [
    await db.query<MismatchRow>(RECOMPUTE_SQL),
    await db.query<{ problem: string }>(PENDING_PROBLEMS_SQL),
    await db.query<{ id: string }>(LIMITS_SQL),
    await db.query<{ ledger: string; accounts: number; dp: string; dpo: string; cp: string; cpo: string }>(TOTALS_SQL),
    await db.query<{ accounts: bigint; transfers: bigint }>('SELECT (SELECT count(*) FROM ledger_accounts) AS accounts, (SELECT count(*) FROM ledger_transfers) AS transfers'),
  ];
  // Sums over many accounts can pass 2^63, so they travel as numeric text.
  const ledgers = totalRows.rows.map((r) => ({
    ledger: r.ledger,
    accounts: r.accounts,
    debitsPendingMinor: BigInt(r.dp),
    debitsPostedMinor: BigInt(r.dpo),
    creditsPendingMinor: BigInt(r.cp),
    creditsPostedMinor: BigInt(r.cpo),
    balanced: r.dp === r.cp && r.dpo === r.cpo,
  }));
  const mismatches = mismatchRows.rows.flatMap(mismatchesOf);
  const limitViolations = limitRows.rows.map((r) => `account ${r.id} breaks its balance limit`);
  const pendingProblems = pendingRows.rows.map((r) => r.problem);
  const balanced = ledgers.every((l) => l.balanced) && mismatches.length === 0 && limitViolations.length === 0 && pendingProblems.length === 0;
  const count = counts.rows[0];
  return {
    balanced,
    checkedAtMs: nowMs,
    accountsChecked: Number(count?.accounts ?? 0n),
    transfersChecked: Number(count?.transfers ?? 0n),
    ledgers,
    mismatches,
    limitViolations,
    pendingProblems,
  };
}
