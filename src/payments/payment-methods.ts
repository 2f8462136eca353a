import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { CardInput, CardValidationFailure, CardVault } from '../vault/index.ts';
import * as store from './store.ts';
import { MAX_SAVED_CARDS, type CardPaymentMethod } from './types.ts';

/** Saved payment methods (pm_…): a card's number goes to the vault; the method keeps brand, last four and expiry. */
export class PaymentMethods {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly vault: CardVault,
  ) {}

  async createCard(merchantId: string, input: CardInput, customerId: string | undefined): Promise<{ method: CardPaymentMethod } | { failure: CardValidationFailure }> {
    const stored = await this.vault.storeCard(input);
    if (stored.result !== 'ok') return { failure: stored.result };
    const method: CardPaymentMethod = {
      id: newId('pm', this.clock.nowMs()),
      merchantId,
      customerId: customerId ?? null,
      type: 'card',
      cardId: stored.card.id,
      brand: stored.card.brand,
      last4: stored.card.last4,
      expMonth: stored.card.expMonth,
      expYear: stored.card.expYear,
      fingerprint: stored.card.fingerprint,
      createdAtMs: this.clock.nowMs(),
    };
    await store.insertCardMethod(this.db, method);
    return { method };
  }

  get(merchantId: string, id: string): Promise<CardPaymentMethod | undefined> {
    return store.findCardMethod(this.db, id, merchantId);
  }

  /** The cards saved for a customer, by every merchant, newest first (at most MAX_SAVED_CARDS): brand, last four and expiry only. */
  listForCustomer(customerId: string): Promise<CardPaymentMethod[]> {
    return store.listCardMethodsOfCustomer(this.db, customerId, MAX_SAVED_CARDS);
  }
}
