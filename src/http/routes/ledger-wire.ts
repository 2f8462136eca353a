import { Type, type Static } from 'typebox';
import { STORABLE_TEXT, unixSeconds } from './wire.ts';
import { MAX_TIMEOUT_SECONDS, MAX_TRANSFERS_PER_BATCH, TRANSFER_CODES, type Account, type PendingStatus, type Transfer, type TransferRequest } from '../../ledger/index.ts';
import type { VerifyReport } from '../../ledger/index.ts';

/**
 * The ledger's wire format: JSON shapes of the HTTP API and their mapping to the
 * domain. Field names are snake_case as in Stripe's API. Amounts in requests are
 * JSON integers of minor units, at most 2^53 − 1, so that every JavaScript client
 * writes and reads them exactly; balances and sums in responses are written as
 * exact integers and may be larger (see docs/api.md).
 */
export const MAX_API_AMOUNT = Number.MAX_SAFE_INTEGER;
const ID_PATTERN = '^[A-Za-z0-9_.:-]{1,64}$';

export const IdSchema = Type.String({ pattern: ID_PATTERN, description: 'Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`.' });
export const AmountSchema = Type.Integer({ minimum: 1, maximum: MAX_API_AMOUNT, description: 'Minor units (fen for CNY).' });
const LedgerSchema = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code of the ledger, e.g. CNY.' });
const CodeSchema = Type.Integer({ minimum: 1, maximum: 65_535, description: 'Chart-of-accounts or transfer-kind code.' });
export const MetadataSchema = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500, pattern: STORABLE_TEXT }), {
  maxProperties: 50,
  propertyNames: { maxLength: 40, pattern: STORABLE_TEXT },
  description: 'Up to 50 keys (40 characters each) with string values (500 characters each).',
});

export const CreateAccountBody = Type.Object(
  {
    id: Type.Optional(IdSchema),
    ledger: LedgerSchema,
    code: CodeSchema,
    flags: Type.Optional(
      Type.Object(
        {
          debits_must_not_exceed_credits: Type.Optional(Type.Boolean()),
          credits_must_not_exceed_debits: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
export type CreateAccountBody = Static<typeof CreateAccountBody>;

export const TransferBody = Type.Object(
  {
    id: IdSchema,
    debit_account_id: Type.Optional(IdSchema),
    credit_account_id: Type.Optional(IdSchema),
    amount: Type.Optional(AmountSchema),
    ledger: Type.Optional(LedgerSchema),
    code: Type.Optional(CodeSchema),
    flags: Type.Optional(
      Type.Object(
        {
          linked: Type.Optional(Type.Boolean()),
          pending: Type.Optional(Type.Boolean()),
          post_pending: Type.Optional(Type.Boolean()),
          void_pending: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    pending_id: Type.Optional(IdSchema),
    timeout_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TIMEOUT_SECONDS })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const TransferBatchBody = Type.Object(
  { transfers: Type.Array(TransferBody, { minItems: 1, maxItems: MAX_TRANSFERS_PER_BATCH }) },
  { additionalProperties: false },
);
export type TransferBatchBody = Static<typeof TransferBatchBody>;

export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    starting_after: Type.Optional(IdSchema),
    ending_before: Type.Optional(IdSchema),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const IdParams = Type.Object({ id: IdSchema });

export function requestFromWire(body: TransferBody): TransferRequest {
  const flags = body.flags ?? {};
  return {
    id: body.id,
    ...(body.debit_account_id === undefined ? {} : { debitAccountId: body.debit_account_id }),
    ...(body.credit_account_id === undefined ? {} : { creditAccountId: body.credit_account_id }),
    ...(body.amount === undefined ? {} : { amountMinor: BigInt(body.amount) }),
    ...(body.pending_id === undefined ? {} : { pendingId: body.pending_id }),
    ...(body.ledger === undefined ? {} : { ledger: body.ledger }),
    ...(body.code === undefined ? {} : { code: body.code }),
    flags: {
      linked: flags.linked ?? false,
      pending: flags.pending ?? false,
      postPending: flags.post_pending ?? false,
      voidPending: flags.void_pending ?? false,
    },
    timeoutSeconds: body.timeout_seconds ?? 0,
    metadata: body.metadata ?? {},
  };
}

export function accountToWire(account: Account): Record<string, unknown> {
  return {
    object: 'ledger_account',
    id: account.id,
    ledger: account.ledger,
    code: account.code,
    flags: {
      debits_must_not_exceed_credits: account.flags.debitsMustNotExceedCredits,
      credits_must_not_exceed_debits: account.flags.creditsMustNotExceedDebits,
    },
    debits_pending: account.debitsPendingMinor,
    debits_posted: account.debitsPostedMinor,
    credits_pending: account.creditsPendingMinor,
    credits_posted: account.creditsPostedMinor,
    metadata: account.metadata,
    created: unixSeconds(account.createdAtMs),
  };
}

export function transferToWire(transfer: Transfer, pending?: PendingStatus): Record<string, unknown> {
  return {
    object: 'ledger_transfer',
    id: transfer.id,
    debit_account_id: transfer.debitAccountId,
    credit_account_id: transfer.creditAccountId,
    amount: transfer.amountMinor,
    pending_id: transfer.pendingId,
    ledger: transfer.ledger,
    code: transfer.code,
    flags: {
      linked: transfer.flags.linked,
      pending: transfer.flags.pending,
      post_pending: transfer.flags.postPending,
      void_pending: transfer.flags.voidPending,
    },
    timeout_seconds: transfer.timeoutSeconds,
    metadata: transfer.metadata,
    created: unixSeconds(transfer.createdAtMs),
    ...(pending === undefined
      ? {}
      : {
          pending_status: {
            state: pending.state,
            expires_at: pending.expiresAtMs === null ? null : unixSeconds(pending.expiresAtMs),
            resolved_by: pending.resolvedBy,
            resolved_at: pending.resolvedAtMs === null ? null : unixSeconds(pending.resolvedAtMs),
          },
        }),
  };
}

export function verifyReportToWire(report: VerifyReport): Record<string, unknown> {
  return {
    object: 'ledger_verification',
    balanced: report.balanced,
    checked_at: unixSeconds(report.checkedAtMs),
    accounts_checked: report.accountsChecked,
    transfers_checked: report.transfersChecked,
    ledgers: report.ledgers.map((l) => ({
      ledger: l.ledger,
      accounts: l.accounts,
      debits_pending: l.debitsPendingMinor,
      debits_posted: l.debitsPostedMinor,
      credits_pending: l.creditsPendingMinor,
      credits_posted: l.creditsPostedMinor,
      balanced: l.balanced,
    })),
    mismatches: report.mismatches.map((m) => ({ account_id: m.accountId, field: m.field, stored: m.storedMinor, expected: m.expectedMinor })),
    limit_violations: report.limitViolations,
    pending_problems: report.pendingProblems,
  };
}

/** Transfer codes by their wire name: `topUp` is `top_up`. */
const STATEMENT_LINE_TYPES: ReadonlyMap<number, string> = new Map(Object.entries(TRANSFER_CODES).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));

/**
 * One line of a statement of stored value (a wallet, a prepaid card): a ledger
 * transfer as seen from that account, money in positive and money out negative.
 */
export function statementLineToWire(object: string, t: Transfer, accountId: string): Record<string, unknown> {
  return {
    object,
    id: t.id,
    amount: t.creditAccountId === accountId ? t.amountMinor : -t.amountMinor,
    currency: t.ledger.toLowerCase(),
    type: STATEMENT_LINE_TYPES.get(t.code) ?? 'other',
    hold: t.flags.pending,
    description: typeof t.metadata.description === 'string' ? t.metadata.description : '',
    created: unixSeconds(t.createdAtMs),
  };
}
