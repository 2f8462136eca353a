import type { PendingStatus, Transfer } from './types.ts';

/** What a set of transfers did to one account: credits less debits, posted and still pending. */
export interface NetEffect {
  accountId: string;
  postedMinor: bigint;
  pendingMinor: bigint;
}

/**
 * The net effect of some transfers on each account they touch, as their
 * balances saw it: a single-phase transfer and the post of a hold move posted
 * money (the post carries the amount posted); a hold still pending reserves its
 * amount; a hold once posted, voided or expired reserves nothing, and a void
 * moves nothing. Every transfer debits one account what it credits another, so
 * over all the accounts both sums are zero. Accounts come in the order first seen.
 */
export function netEffects(entries: readonly { transfer: Transfer; pending: PendingStatus | undefined }[]): NetEffect[] {
  const effects = new Map<string, NetEffect>();
  const add = (accountId: string, field: 'postedMinor' | 'pendingMinor', amountMinor: bigint): void => {
    const effect = effects.get(accountId) ?? { accountId, postedMinor: 0n, pendingMinor: 0n };
    effect[field] += amountMinor;
    effects.set(accountId, effect);
  };
  for (const { transfer: t, pending } of entries) {
    add(t.debitAccountId, 'postedMinor', 0n);
    add(t.creditAccountId, 'postedMinor', 0n);
    if (t.flags.voidPending) continue;
    if (t.flags.pending) {
      if (pending?.state !== 'pending') continue;
      add(t.debitAccountId, 'pendingMinor', -t.amountMinor);
      add(t.creditAccountId, 'pendingMinor', t.amountMinor);
      continue;
    }
    add(t.debitAccountId, 'postedMinor', -t.amountMinor);
    add(t.creditAccountId, 'postedMinor', t.amountMinor);
  }
  return [...effects.values()];
}
